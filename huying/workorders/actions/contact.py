"""Personal data: staff unmask a resident's contact, one audited reveal at a time."""

from dataclasses import dataclass

from huying.audit.events import EventName
from huying.workorders.actions.base import step


@dataclass
class Contact:
    name: str
    phone: str
    id_number: str
    address: str
    description: str
    title: str


def show_contact(user, appeal, *, request=None, now=None) -> Contact:
    """Unmask the resident's contact and the numbers in the text, for this member of staff.

    A report's reporter stays hidden from everyone but the dispatch centre.
    """
    with step(EventName.SHOW_CONTACT, user, appeal, now=now, request=request) as s:
        s.record()
    appeal = s.appeal
    return Contact(
        name=appeal.contact_name, phone=appeal.phone, id_number=appeal.id_number, address=appeal.address,
        description=appeal.description, title=appeal.title,
    )  # fmt: skip
