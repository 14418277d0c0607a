from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "huying.notifications"
    label = "notifications"

    def ready(self):
        # ready() runs once every app's models are loaded: receivers import the actions.
        from huying.appeals.signals import personal_data_erasing
        from huying.notifications import receivers

        personal_data_erasing.connect(receivers.erase_personal_data, dispatch_uid="huying.notifications.erase")
