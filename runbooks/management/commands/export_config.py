from pathlib import Path

from django.core.management.base import BaseCommand

from runbooks import config_backup


class Command(BaseCommand):
    help = (
        "Write the configuration (safety rules, approved phrases, runbook settings, SLO targets, "
        "device registry without tokens) as one JSON document with a checksum: to standard "
        "output, to --output FILE, or with --backup into CONFIG_BACKUP_DIR (keeping the newest "
        "CONFIG_BACKUP_KEEP), as the daily Celery beat task does."
    )

    def add_arguments(self, parser):
        where = parser.add_mutually_exclusive_group()
        where.add_argument("--output", "-o", type=Path, help="write the document to this file")
        where.add_argument("--backup", action="store_true", help="write it into the backup folder")

    def handle(self, output: Path | None = None, backup: bool = False, **options):
        if backup:
            path = config_backup.write_backup()
            self.stdout.write(f"Backup written: {path}")
            return
        text = config_backup.dumps(config_backup.export())
        if output is None:
            self.stdout.write(text, ending="")
            return
        output.write_text(text, encoding="utf-8")
        output.chmod(0o600)
        self.stderr.write(f"Configuration written to {output}")
