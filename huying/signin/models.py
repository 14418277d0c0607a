from django.db import models

from huying.lib.lockouts import Lockout


class AddressGuard(Lockout):
    """Failed staff sign-ins from one client address, on any username, and the lock they
    earned that address. (A username's failures per address are django-axes's.)"""

    # A keyed hash of the client address: the counter need only recognise it.
    client = models.CharField(max_length=64, unique=True)

    def __str__(self):
        return self.client[:12]
