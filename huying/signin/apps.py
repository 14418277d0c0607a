from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigninConfig(AppConfig):
    name = "huying.signin"
    verbose_name = _("Sign-in")

    def ready(self):
        from huying.signin import receivers  # ready() runs once the models are loaded

        receivers.connect()
