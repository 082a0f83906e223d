from django.apps import AppConfig


class TeddyConfig(AppConfig):
    name = "teddy"
    verbose_name = "Teddy Audio"
