from django.apps import AppConfig


class DuplicatesConfig(AppConfig):
    name = "huying.duplicates"
    label = "duplicates"
