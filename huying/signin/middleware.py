"""A signed-in user who still owes their second factor (a code, or an enrolment their role
requires) reaches only the pages that take it, and can sign out. The step is kept in the
session at sign-in, so no request of anyone else's pays a query for it. A session verified
with a device that is gone (an administrator reset it: a lost phone) is signed out."""

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import DEVICE_ID_SESSION_KEY

from huying.signin.actions import PENDING_STEP


def _open_to_pending(path: str) -> bool:
    names = ("signin:verify", "signin:enrol", "signin:logout")
    prefixes = (*(reverse(name) for name in names), "/i18n/", settings.STATIC_URL or "/static/")
    return path.startswith(prefixes)


def second_factor(get_response):
    def middleware(request):
        if request.session.get(DEVICE_ID_SESSION_KEY) and not request.user.is_verified():
            logout(request)
            return redirect(settings.LOGIN_URL)
        step = request.session.get(PENDING_STEP)
        if step and request.user.is_authenticated and not _open_to_pending(request.path_info):
            target = reverse(f"signin:{step}")
            if request.method == "GET":
                target += "?" + urlencode({"next": request.get_full_path()})
            return redirect(target)
        return get_response(request)

    return middleware
