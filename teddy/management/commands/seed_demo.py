from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

ROLES = ("sre", "compliance", "admin")
DEMO_USERS = (
    # username, role, is_staff/superuser
    ("sre", "sre", False),
    ("compliance", "compliance", False),
    ("admin", "admin", True),
)
DEMO_PASSWORD = "teddy-demo-2026"  # noqa: S105 - demo data for a local run only
DEMO_DEVICE = "demo-bear"
DEMO_PARENT_EMAIL = "demo-parent@example.com"


class Command(BaseCommand):
    help = (
        "Create the demo data for a local run: the role groups, one login per role and a demo "
        "toy. Safe to run again: it reuses what exists and gives the demo toy a fresh token."
    )

    def handle(self, **options):
        with transaction.atomic():
            # The groups come from a migration; get_or_create keeps this command self-sufficient.
            groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
            for username, role, is_admin in DEMO_USERS:
                user, created = User.objects.get_or_create(username=username)
                if created:
                    user.set_password(DEMO_PASSWORD)
                user.is_staff = is_admin
                user.is_superuser = is_admin
                user.save()
                user.groups.add(groups[role])
            child = self._demo_family(compliance=User.objects.get(username="compliance"))
        call_command(
            "register_device",
            DEMO_DEVICE,
            "--rotate",
            "--child",
            child.public_id,
            stdout=self.stdout,
        )

    def _demo_family(self, compliance: User):
        """A parent, a seven-year-old and verified consent for listening and interaction
        records, so that every toy call works in the demo. The parent's token is new each run."""
        from safety import coppa
        from safety.models import Child, ConsentScope, Parent

        parent, _ = Parent.objects.get_or_create(
            email=DEMO_PARENT_EMAIL, defaults={"name": "Demo Parent"}
        )
        parent_token = parent.issue_token()
        parent.save()
        today = timezone.now().date()
        child, _ = Child.objects.get_or_create(
            parent=parent,
            nickname="Demo Child",
            defaults={"birth_year": today.year - 7, "birth_month": today.month},
        )
        for scope in (ConsentScope.SPEECH_TO_TEXT, ConsentScope.INTERACTION_LOGS):
            if coppa.active_consent(child, scope) is None:
                coppa.grant_consent(
                    child=child,
                    scope=scope,
                    method="signed_form",
                    actor=compliance,
                    reason="demo data",
                )
        self.stdout.write(f"Demo parent token (parent API): {parent_token}")
        return child
