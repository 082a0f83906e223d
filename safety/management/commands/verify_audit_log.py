"""``python manage.py verify_audit_log``: walk the audit trail's hash chain.

Exit status 0 when every entry fits its predecessor and the trail ends where the head says;
1 otherwise, naming the first entry that does not fit. Auditors can note the printed head hash
somewhere outside the database: a later run that ends on a different hash for the same count
means the trail was rewritten.
"""

from django.core.management.base import BaseCommand, CommandError

from safety import audit
from safety.models import AuditEntry, AuditHead


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; exit 1 naming the first broken entry."

    def handle(self, *args, **options):
        result = audit.verify()
        if not result.ok:
            entry = AuditEntry.objects.filter(pk=result.broken_id).first()
            what = f" ({entry})" if entry else ""
            raise CommandError(
                f"audit trail BROKEN at entry {result.broken_id}{what}: {result.problem}. "
                f"{result.checked} entries before it verified.",
                returncode=1,
            )
        head = AuditHead.objects.filter(pk=1).first()
        self.stdout.write(
            f"audit trail OK: {result.checked} entries verified; head "
            f"{head.entry_hash if head else audit.GENESIS}"
        )
