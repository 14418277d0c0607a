from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "huying.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # ready() runs once every app's models are loaded: receivers import the actions.
        from huying.appeals.signals import appeal_receiving, personal_data_erasing
        from huying.notifications import receivers

        appeal_receiving.connect(receivers.send_receipt, dispatch_uid="huying.notifications.receipt")
        personal_data_erasing.connect(receivers.erase_personal_data, dispatch_uid="huying.notifications.erase")
