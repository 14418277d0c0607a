from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "huying.workdays"
    label = "workdays"
    verbose_name = _("Working days")

    def ready(self):
        from huying.workdays import receivers  # ready() runs once the models are loaded

        for signal in (post_save, post_delete):
            signal.connect(receivers.calendar_changed, sender="workdays.CalendarDay", dispatch_uid=f"workdays.{signal}")
