"""``python manage.py generate_alert_rules [--check] [--console-url URL]``: write the
Prometheus rules generated from the SLOs and runbooks (``runbooks/alerts.py``)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from runbooks import alerts

DEFAULT_PATH = Path(settings.BASE_DIR) / "deploy" / "prometheus" / "rules" / "teddy-audio.rules.yml"


class Command(BaseCommand):
    help = "Generate deploy/prometheus/rules/teddy-audio.rules.yml from runbooks/slo.py."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=DEFAULT_PATH)
        parser.add_argument(
            "--console-url",
            default=settings.CONSOLE_URL,
            help="where runbook links in alerts point (default: CONSOLE_URL)",
        )
        parser.add_argument(
            "--check", action="store_true", help="exit 1 if the file differs from what it would be"
        )

    def handle(self, *args, output: Path, console_url: str, check: bool, **options):
        text = alerts.render(console_url)
        if check:
            current = output.read_text() if output.exists() else ""
            if current != text:
                raise CommandError(
                    f"{output} is stale: run `python manage.py generate_alert_rules`", returncode=1
                )
            self.stdout.write(f"{output} is up to date")
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text)
        self.stdout.write(f"wrote {output}")
