"""`{% load workorders %}`: labels for states and events, and masking filters.

No tag or filter here reads the database: views hand templates what they show
(huying.workorders.readers)."""

from django import template

from huying.audit.events import event_label as label_of_event
from huying.lib.pii import highlight_for_staff, mask_text
from huying.workorders.models import State

register = template.Library()


@register.filter
def state_label(value) -> str:
    try:
        return State(value).label
    except ValueError:
        return value or ""


@register.filter
def event_label(action) -> str:
    return label_of_event(action)


@register.filter
def masked(text) -> str:
    return mask_text(text or "")


@register.filter
def highlighted(text):
    """A resident's words for staff: personal data marked and masked (see huying.lib.pii)."""
    return highlight_for_staff(text or "")
