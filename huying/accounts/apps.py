from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from huying.lib import pii


class AccountsConfig(AppConfig):
    name = "huying.accounts"
    label = "accounts"
    verbose_name = _("Departments and staff")

    def ready(self):
        from huying.accounts import receivers  # ready() runs once the models are loaded

        pii.use_deployment_words(receivers.deployment_words)
        for signal in (post_save, post_delete):
            signal.connect(
                receivers.department_changed, sender="accounts.Department", dispatch_uid=f"accounts.{signal}"
            )
