"""The pluggable senders: settings.HUYING_SMS_BACKEND picks how SMS go out; e-mail goes
through Django's mail backend (settings.EMAIL_BACKEND).

A sender raises on failure so the task can retry; it never logs a number or a body
unmasked.
"""

import json
import logging
import urllib.request
from urllib.parse import urlparse

from django.conf import settings
from django.core.mail import send_mail

from huying.notifications.models import Channel

logger = logging.getLogger("huying.notifications")

HTTP_TIMEOUT_SECONDS = 10


class Disabled(Exception):
    """Sending on this channel is switched off: the message is given up without retrying."""


def send(outbox) -> None:
    if outbox.channel == Channel.EMAIL:
        send_email(outbox)
        return
    backend = SMS_BACKENDS.get(settings.HUYING_SMS_BACKEND)
    if backend is None:
        raise Disabled(f"unknown SMS backend {settings.HUYING_SMS_BACKEND!r}")
    backend(outbox)


def send_sms_console(outbox) -> None:
    # For development: the masked preview only, never the number or a query code.
    logger.info("SMS to %s: %s", outbox.recipient_masked, outbox.preview)


def send_sms_http(outbox) -> None:
    url = settings.HUYING_SMS_URL
    if urlparse(url).scheme not in {"http", "https"}:
        raise Disabled("HUYING_SMS_URL is not an http(s) URL")
    payload = json.dumps({"id": outbox.pk, "to": outbox.recipient, "text": outbox.body}).encode()
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url, data=payload, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    # urlopen raises HTTPError for 4xx and 5xx answers.
    with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_SECONDS) as response:  # noqa: S310
        response.read()


def send_sms_disabled(outbox) -> None:
    raise Disabled("SMS sending is disabled (HUYING_SMS_BACKEND=disabled)")


SMS_BACKENDS = {
    "console": send_sms_console,
    "http": send_sms_http,
    "disabled": send_sms_disabled,
}


def send_email(outbox) -> None:
    send_mail(outbox.subject, outbox.body, settings.DEFAULT_FROM_EMAIL, [outbox.recipient])
