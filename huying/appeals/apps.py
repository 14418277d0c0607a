from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "huying.appeals"
    label = "appeals"
