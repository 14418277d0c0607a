from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    name = "huying.triage"
    label = "triage"
    verbose_name = _("Smart triage")

    def ready(self):
        # ready() runs once every app's models are loaded: receivers import tasks and models.
        from huying.accounts.signals import department_names_changed
        from huying.appeals.signals import appeal_submitted, personal_data_erasing
        from huying.taxonomy.signals import category_names_changed
        from huying.triage import receivers
        from huying.workorders.signals import appeal_dispatched

        appeal_submitted.connect(receivers.enqueue_analysis, dispatch_uid="huying.triage.analyse_on_submit")
        appeal_dispatched.connect(receivers.enqueue_learning, dispatch_uid="huying.triage.learn_on_dispatch")
        department_names_changed.connect(receivers.forget_names, dispatch_uid="huying.triage.department_names")
        category_names_changed.connect(receivers.forget_names, dispatch_uid="huying.triage.category_names")
        personal_data_erasing.connect(receivers.forget_example_text, dispatch_uid="huying.triage.erase")
