from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "huying.audit"
    label = "audit"
