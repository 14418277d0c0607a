from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "huying.notifications"
    label = "notifications"
