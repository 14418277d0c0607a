"""The words of each message, in the site's language (zh-Hans by default) whatever the
language of the member of staff whose action sends them."""

from enum import StrEnum

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from huying.lib.pii import mask_text


class Message(StrEnum):
    """The messages a resident is sent about their appeal."""

    REGISTERED = "registered"
    ACCEPTED = "accepted"
    REPLIED = "replied"
    CLOSED = "closed"
    REJECTED = "rejected"


RESIDENT_EVENTS = tuple(Message)


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _signed(text: str) -> str:
    # A Chinese SMS opens with the sender's signature in 【】.
    site = _("Huying")
    return f"【{site}】{text}"


def resident_text(appeal, event: str, **context) -> str:
    if event not in RESIDENT_EVENTS:
        raise ValueError(f"unknown resident event {event!r}")
    with translation.override(settings.LANGUAGE_CODE):
        values = {"ticket": appeal.ticket_number, "url": absolute_url(reverse("appeals:track"))}
        # No text carries the query code: with the ticket number it opens the tracking page,
        # and an SMS is read over shoulders and kept on shared phones.
        if event == Message.REGISTERED:
            text = _(
                "Your appeal has been registered. Ticket number %(ticket)s: keep it, and follow "
                "your appeal at %(url)s with it and your query code."
            )
        elif event == Message.ACCEPTED:
            department = context.get("department")
            if department is not None:
                values["department"] = department.name
                text = _("Your appeal %(ticket)s has been accepted by %(department)s and is being handled.")
            else:
                text = _("Your appeal %(ticket)s has been accepted and is being handled.")
        elif event == Message.REPLIED:
            text = _(
                "Your appeal %(ticket)s has been answered. Read the reply with your ticket number "
                "and query code at %(url)s"
            )
        elif event == Message.CLOSED:
            text = _("Your appeal %(ticket)s has been closed. Thank you for your trust and support.")
        else:
            values["reason"] = context.get("reason") or _("see the tracking page")
            text = _("Your appeal %(ticket)s could not be taken up: %(reason)s")
        return _signed(text % values)


def department_text(department, appeal, *, due=None, co_handler=False, url="") -> tuple[str, str]:
    """(subject, body) of the e-mail telling a department of a new work order."""
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "department": department.name,
            "ticket": appeal.ticket_number,
            "kind": appeal.get_kind_display(),
            # A report of wrongdoing is confidential: its text stays in the workbench.
            "title": "" if appeal.is_report else mask_text(appeal.title),
            "role": _("co-handling department") if co_handler else _("lead department"),
            "url": url or absolute_url(reverse("accounts:home")),
            "due": date_format(timezone.localtime(due), "Y-m-d H:i") if due else _("not set"),
        }
        subject = _("New work order %(ticket)s") % values
        body = (
            _(
                "%(department)s: a work order has been dispatched to you as %(role)s.\n"
                "Ticket: %(ticket)s (%(kind)s) %(title)s\n"
                "Due: %(due)s\n"
                "Open the workbench: %(url)s"
            )
            % values
        )
        return subject, body
