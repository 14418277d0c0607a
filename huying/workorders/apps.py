from django.apps import AppConfig


class WorkordersConfig(AppConfig):
    name = "huying.workorders"
    label = "workorders"
