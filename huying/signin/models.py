from django.db import models
from django.utils.translation import gettext_lazy as _

from huying.lib.lockouts import Lockout


class AddressGuard(Lockout):
    """Failed staff sign-ins from one client address, on any username, and the lock they
    earned that address. (A username's failures per address are django-axes's.)"""

    # A keyed hash of the client address: the counter need only recognise it.
    client = models.CharField(_("address (keyed hash)"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("sign-in address")
        verbose_name_plural = _("sign-in addresses")

    def __str__(self):
        return self.client[:12]
