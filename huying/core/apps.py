from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "huying.core"
    label = "core"

    def ready(self):
        from huying.core import checks  # noqa: F401  ready(): registers the system checks
