"""Appeals and their attachments as staff may see them, and the resident's tracked appeal."""

from django.http import Http404

from huying.access import fetch
from huying.appeals.models import Appeal, Attachment

TRACKED_SESSION_KEY = "huying_tracked_tickets"


def get_appeal_for_user(user, pk) -> Appeal:
    return fetch(Appeal.objects.visible_to(user), pk=pk)


def get_attachment_for_user(user, pk) -> Attachment:
    """An attachment of an appeal the user may see; pending uploads belong to no one."""
    return fetch(Attachment.objects.select_related("appeal"), pk=pk, appeal__in=Appeal.objects.visible_to(user))


def get_tracked_appeal(request, ticket_number) -> Appeal:
    """The appeal a resident opened with its ticket number and query code in this session."""
    if ticket_number not in request.session.get(TRACKED_SESSION_KEY, []):
        raise Http404
    return fetch(Appeal.objects.select_related("street", "community", "category"), ticket_number=ticket_number)
