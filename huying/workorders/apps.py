from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkordersConfig(AppConfig):
    name = "huying.workorders"
    label = "workorders"
    verbose_name = _("Work orders")

    def ready(self):
        # ready() runs once every app's models are loaded: receivers import the actions.
        from huying.appeals.signals import personal_data_erasing
        from huying.workorders import receivers

        personal_data_erasing.connect(receivers.erase_personal_data, dispatch_uid="huying.workorders.erase")
