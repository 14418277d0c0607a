from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuplicatesConfig(AppConfig):
    name = "huying.duplicates"
    label = "duplicates"
    verbose_name = _("Duplicates")

    def ready(self):
        # ready() runs once every app's models are loaded: receivers import tasks and models.
        from huying.appeals.signals import appeal_submitted, personal_data_erasing
        from huying.duplicates import receivers

        appeal_submitted.connect(receivers.enqueue_indexing, dispatch_uid="huying.duplicates.index_on_submit")
        personal_data_erasing.connect(receivers.forget_appeal, dispatch_uid="huying.duplicates.erase")
