"""django-axes counts wrong passwords per username and address; this handler adds the
per-address lock, so one check refuses both in the backend, the form and the middleware."""

import datetime

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings

from huying.signin.actions import count_failed_sign_in, lock_window
from huying.signin.readers import address_locked


class SignInHandler(AxesDatabaseHandler):
    def is_locked(self, request, credentials=None) -> bool:
        return address_locked(request) or super().is_locked(request, credentials)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        # The backend flags a try it refused for a lock before this runs: such a try is no
        # guess, and must not count against the address (the right password for a locked
        # username would otherwise lock the whole office).
        refused = getattr(request, "axes_locked_out", False)
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not refused:
            count_failed_sign_in(request)


# Axes reads its limits through these, so the HUYING_SIGNIN_ settings hold for both locks.
def failure_limit(request, credentials=None) -> int:
    return settings.HUYING_SIGNIN_TRIES_PER_USERNAME


def cool_off(request=None) -> datetime.timedelta:
    return lock_window()
