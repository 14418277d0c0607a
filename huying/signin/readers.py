import datetime

from django.conf import settings
from django.utils import timezone
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticToken

from huying.lib import crypto
from huying.lib.clientip import client_ip
from huying.lib.lockouts import is_locked
from huying.signin.models import AddressGuard


def client_key(request) -> str:
    return address_key(client_ip(request))


def address_key(address: str) -> str:
    return crypto.keyed_hash("signin-ip:" + address)


def address_locked(request) -> bool:
    return address_lock_left(request) is not None


def address_lock_left(request) -> datetime.timedelta | None:
    """How long the request's address still waits, or None when it is not locked."""
    now = timezone.now()
    guard = AddressGuard.objects.filter(client=client_key(request)).first()
    if guard is None or not is_locked(guard, now):
        return None
    return guard.locked_until - now


def must_have_second_factor(user) -> bool:
    """Whether `user`'s role (an administrator's, for a superuser) requires two-factor sign-in."""
    roles = set(settings.HUYING_TWO_FACTOR_ROLES)
    return user.role in roles or (user.is_superuser and "admin" in roles)


def has_second_factor(user) -> bool:
    return user_has_device(user, confirmed=True)


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
