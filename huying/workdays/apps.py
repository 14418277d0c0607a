from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "huying.workdays"
    label = "workdays"
