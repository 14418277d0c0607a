from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "huying.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from huying.core import checks  # noqa: F401  ready(): registers the system checks
