from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "huying.appeals"
    label = "appeals"

    def ready(self):
        from huying.appeals import checks  # noqa: F401  ready(): registers the system checks
