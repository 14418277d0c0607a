from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "huying.core"
    label = "core"
