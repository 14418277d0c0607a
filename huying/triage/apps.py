from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "huying.triage"
    label = "triage"
