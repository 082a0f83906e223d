from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

ROLES = ("sre", "compliance", "admin")
DEMO_USERS = (
    # username, role, is_staff/superuser
    ("sre", "sre", False),
    ("compliance", "compliance", False),
    ("admin", "admin", True),
)
DEMO_PASSWORD = "teddy-demo-2026"  # noqa: S105 - demo data for a local run only
DEMO_DEVICE = "demo-bear"


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
        call_command("register_device", DEMO_DEVICE, "--rotate", stdout=self.stdout)
