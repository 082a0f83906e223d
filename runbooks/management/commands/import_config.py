from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from runbooks import config_backup


class Command(BaseCommand):
    help = (
        "Restore the configuration from a document written by export_config (a FILE, or "
        "--latest: the newest in CONFIG_BACKUP_DIR). The whole document is checked first "
        "(checksum, format version, every rule); then it is applied in one transaction, all or "
        "nothing, and audited. Safety rules and approved phrases are replaced; devices are added "
        "or updated by name. --dry-run checks and reports without changing anything."
    )

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("file", nargs="?", type=Path)
        source.add_argument("--latest", action="store_true", help="the newest backup")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, file: Path | None = None, latest: bool = False, dry_run: bool = False, **o):
        if latest:
            file = config_backup.latest_backup()
            if file is None:
                raise CommandError(f"no backup in {config_backup.backup_dir()}")
        try:
            document = config_backup.read(file)
            report = config_backup.restore(
                document, actor_name="import_config", source=str(file), dry_run=dry_run
            )
        except config_backup.InvalidBackup as exc:
            raise CommandError(
                f"{file} was not imported (nothing changed):\n  " + "\n  ".join(exc.problems)
            ) from None
        for line in report.lines():
            self.stdout.write(line)
