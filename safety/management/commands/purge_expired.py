"""``python manage.py purge_expired``: delete interaction records past their consent's
retention or kept under a revoked consent (Celery beat runs the same every hour)."""

from django.core.management.base import BaseCommand

from safety import coppa


class Command(BaseCommand):
    help = "Delete interaction records past their retention or under revoked consent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would go, delete nothing"
        )

    def handle(self, *args, dry_run: bool = False, **options):
        if dry_run:
            count = coppa.expired_interactions().count()
            self.stdout.write(f"{count} interaction records are past retention (nothing deleted)")
            return
        deleted = coppa.purge_expired(actor_name="purge_expired command")
        self.stdout.write(f"deleted {deleted} interaction records past retention")
