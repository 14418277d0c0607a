from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotConfig(AppConfig):
    name = "huying.hot"
    label = "hot"
    verbose_name = _("Hot issues")

    def ready(self):
        # ready() runs once every app's models are loaded: receivers import tasks and models.
        from huying.appeals.signals import personal_data_erasing
        from huying.duplicates.signals import appeal_indexed
        from huying.hot import receivers

        appeal_indexed.connect(receivers.place_indexed_appeal, dispatch_uid="huying.hot.place")
        personal_data_erasing.connect(receivers.erase_supporters, dispatch_uid="huying.hot.erase")
