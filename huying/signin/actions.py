"""Every change the sign-in app makes: counters of failed sign-ins, passwords, and the
second factor (a TOTP authenticator and single-use recovery codes), each with its audit event."""

import datetime
from functools import partial

from axes.utils import reset as reset_axes
from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from huying.audit.actions import record_event
from huying.audit.events import EventName
from huying.audit.wording import said
from huying.lib.lockouts import count_failure, is_locked
from huying.lib.refusals import Refused
from huying.signin import tasks
from huying.signin.models import AddressGuard
from huying.signin.readers import client_key

# The session remembers which step of two-factor sign-in a signed-in user still owes.
PENDING_STEP = "huying_second_factor"
VERIFY, ENROL = "verify", "enrol"


class CodeRefused(Refused):
    """A wrong, used or throttled code; the message says which and what to do."""


WRONG_CODE = _("That code is wrong or has been used. Wait for a new code and try again.")


def _refusal(device, token: str):
    """Why `token` is refused, or None. The caller raises after its transaction: the wrong
    try that django-otp counts (it doubles the wait after each) must not roll back."""
    if device is None:
        return WRONG_CODE
    allowed, detail = device.verify_is_allowed()
    if not allowed:
        until = (detail or {}).get("locked_until")
        seconds = max(1, int((until - timezone.now()).total_seconds()) + 1) if until else 1
        return ngettext(
            "Too many wrong codes: wait %(seconds)d second, then type the newest code.",
            "Too many wrong codes: wait %(seconds)d seconds, then type the newest code.",
            seconds,
        ) % {"seconds": seconds}
    if not device.verify_token(token):
        return WRONG_CODE
    return None


def lock_window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.HUYING_SIGNIN_LOCK_MINUTES)


# Failed sign-ins ----------------------------------------------------------------------------
def count_failed_sign_in(request) -> bool:
    """One more wrong password from the request's address, on any username; True when the
    address has earned its lock. (Tries refused by a lock are not passed here.)"""
    now = timezone.now()
    with transaction.atomic():
        guard, _created = AddressGuard.objects.get_or_create(client=client_key(request), defaults={"window_start": now})
        guard = AddressGuard.objects.select_for_update().get(pk=guard.pk)
        if is_locked(guard, now):
            return True
        return count_failure(guard, settings.HUYING_SIGNIN_TRIES_PER_ADDRESS, lock_window(), now)


def purge_address_guards(now: datetime.datetime | None = None) -> int:
    """Forget counters whose window has passed and whose lock is over."""
    now = now or timezone.now()
    with transaction.atomic():
        deleted, _d = (
            AddressGuard.objects.filter(window_start__lt=now - lock_window()).exclude(locked_until__gt=now).delete()
        )
    return deleted


# Passwords ----------------------------------------------------------------------------------
def change_password(request, password: str) -> None:
    """The signed-in user's new password. This session goes on; every other session of theirs
    ends, as its stored password hash no longer matches."""
    user = request.user
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        record_event(user, EventName.PASSWORD_CHANGED, actor=user, request=request)
    update_session_auth_hash(request, user)


def request_password_reset(email: str) -> int:
    """Mail a reset link to each active account with this address, in the language of the
    request, from the worker. Says nothing of whether any account has it: returns the count
    for tests and logs only."""
    users = list(PasswordResetForm().get_users(email))
    language = translation.get_language() or settings.LANGUAGE_CODE
    for user in users:
        transaction.on_commit(partial(tasks.send_password_reset_mail, user.pk, language), robust=True)
    return len(users)


def reset_password(user, password: str, request=None) -> None:
    """The password set from a reset link; the username's sign-in lockouts end with it."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        record_event(user, EventName.PASSWORD_RESET, actor=user, request=request)
    reset_axes(username=user.get_username())


# Second factor ------------------------------------------------------------------------------
def lift_address_lock(actor, guard_id: int, request=None) -> None:
    """An administrator lets an address sign in again before its lock is over."""
    with transaction.atomic():
        guard = AddressGuard.objects.select_for_update().filter(pk=guard_id).first()
        if guard is None:
            return
        AddressGuard.objects.filter(pk=guard.pk).update(failures=0, locked_until=None, window_start=timezone.now())
        record_event(guard, EventName.SIGN_IN_LOCK_LIFTED, actor=actor, request=request)


def record_password_set_by_admin(actor, user, request=None) -> None:
    """Django admin's own form set `user`'s password: the event is written here."""
    with transaction.atomic():
        record_event(user, EventName.PASSWORD_CHANGED, actor=actor, request=request, reason="set in admin")


def pending_authenticator(user) -> TOTPDevice:
    """The unconfirmed authenticator that enrolment shows as a QR code, made on first need."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def _new_recovery_codes(user) -> list[str]:
    # The device stays (a session verified with a recovery code keeps pointing at it); its
    # codes are replaced.
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    StaticToken.objects.filter(device=device).delete()
    codes = [StaticToken.random_token() for _ in range(settings.HUYING_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def enrol(request, device_id: int, token: str) -> list[str]:
    """Confirm the user's pending authenticator with a code it shows. Returns the new recovery
    codes (shown once); the session counts as verified. Refuses a wrong code (CodeRefused)."""
    user = request.user
    codes: list[str] = []
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(pk=device_id, user=user, confirmed=False).first()
        refusal = _refusal(device, token)
        if refusal is None:
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _new_recovery_codes(user)
            record_event(user, EventName.TWO_FACTOR_ENROLLED, actor=user, request=request)
    if refusal is not None:
        raise CodeRefused(refusal)
    otp_login(request, device)
    request.session.pop(PENDING_STEP, None)
    return codes


def verify(request, token: str) -> None:
    """Check a code from the authenticator (six digits) or a recovery code (used up by this);
    then the session counts as verified. Refuses a wrong code (CodeRefused)."""
    user = request.user
    model = TOTPDevice if len(token) == 6 and token.isdigit() else StaticDevice
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
        refusal = _refusal(device, token)
        if refusal is None and model is StaticDevice:
            left = StaticToken.objects.filter(device=device).count()
            record_event(
                user,
                EventName.RECOVERY_CODE_USED,
                actor=user,
                request=request,
                reason=[said(_("Recovery codes left: %(left)s"), left=left)],
            )
    if refusal is not None:
        raise CodeRefused(refusal)
    otp_login(request, device)
    request.session.pop(PENDING_STEP, None)


def renew_recovery_codes(request) -> list[str]:
    """A fresh set of recovery codes for the signed-in, verified user; the old ones stop working."""
    user = request.user
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        record_event(user, EventName.RECOVERY_CODES_RENEWED, actor=user, request=request)
    return codes


def reset_second_factor(actor, user, request=None) -> bool:
    """An administrator removes `user`'s authenticator and recovery codes (a lost phone). Their
    sessions verified with them end at the next request (the middleware sees the device gone);
    at their next sign-in they enrol again if their role needs it. False if there was none."""
    with transaction.atomic():
        totp, _d = TOTPDevice.objects.filter(user=user).delete()
        static, _d = StaticDevice.objects.filter(user=user).delete()
        if not (totp or static):
            return False
        record_event(user, EventName.TWO_FACTOR_RESET, actor=actor, request=request)
    return True


def begin_sign_in(request, user, *, has_device: bool, must_have: bool) -> None:
    """What the session still owes after the password: a code, an enrolment, or nothing."""
    if has_device:
        request.session[PENDING_STEP] = VERIFY
    elif must_have:
        request.session[PENDING_STEP] = ENROL
    else:
        request.session.pop(PENDING_STEP, None)
