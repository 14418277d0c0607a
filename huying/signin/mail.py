"""The password reset mail, built in the worker in the language of the request that asked for it."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext


def send_password_reset(user_id: int, language: str) -> bool:
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or not user.has_usable_password():
        return False
    with translation.override(language):
        path = reverse(
            "signin:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        # The link is built on the configured address, never the request's Host header.
        context = {
            "user": user,
            "site_name": gettext("Huying"),
            "link": settings.SITE_URL.rstrip("/") + path,
            "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        }
        subject = " ".join(render_to_string("signin/password_reset_subject.txt", context).split())
        body = render_to_string("signin/password_reset_email.txt", context)
    send_mail(subject, body, None, [user.email])
    return True
