from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "safety"
    verbose_name = "Child safety and COPPA"

    def ready(self) -> None:
        from . import signals  # noqa: F401
