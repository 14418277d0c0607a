from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "huying.appeals"
    label = "appeals"
    verbose_name = _("Appeals")

    def ready(self):
        from huying.appeals import checks  # noqa: F401  ready(): registers the system checks
