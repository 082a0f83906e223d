from django.core.management.base import BaseCommand, CommandError

from audio.postprocess import FORMATS
from audio.warmup import WarmupReport, load_phrases, warm_up


class Command(BaseCommand):
    help = (
        "Pre-synthesize common phrases into the TTS cache (the shipped list, or --phrases FILE "
        "with one phrase a line). The safety redirections are always included."
    )

    def add_arguments(self, parser):
        parser.add_argument("--phrases", help="a text file, one phrase a line, # for comments")
        parser.add_argument(
            "--voice", action="append", dest="voices", help="repeatable; default nova"
        )
        parser.add_argument(
            "--format",
            action="append",
            dest="formats",
            choices=FORMATS,
            help="repeatable; default wav",
        )

    def handle(self, phrases=None, voices=None, formats=None, **options):
        try:
            texts = load_phrases(phrases)
        except OSError as exc:
            raise CommandError(f"cannot read {phrases}: {exc}") from exc
        step = max(1, len(texts) // 10)

        def progress(report: WarmupReport) -> None:
            if report.done % step == 0 or report.done == report.total:
                self.stdout.write(f"  {report.done}/{report.total}")

        report = warm_up(
            texts, voices=voices or ("nova",), formats=formats or ("wav",), progress=progress
        )
        self.stdout.write(
            f"Warm-up done: {report.synthesized} synthesized, "
            f"{report.already_cached} already cached, "
            f"{report.skipped_unsafe} skipped as unsafe, {report.failed} failed."
        )
        if report.failed:
            raise CommandError(f"{report.failed} phrases failed: {report.errors[0]}")
