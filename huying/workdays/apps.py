from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class WorkdaysConfig(AppConfig):
    name = "huying.workdays"
    label = "workdays"

    def ready(self):
        from huying.workdays.calendar import clear_cache
        from huying.workdays.models import CalendarDay

        def forget(**kwargs):
            clear_cache()

        post_save.connect(forget, sender=CalendarDay, weak=False, dispatch_uid="workdays-forget-save")
        post_delete.connect(forget, sender=CalendarDay, weak=False, dispatch_uid="workdays-forget-delete")
