"""`{% load workorders %}`: labels for states and events, and the resident's and the
public board's view of a work order's replies."""

from django import template
from django.utils.translation import gettext_lazy as _

from huying.lib.pii import highlight_for_staff, mask_text
from huying.workorders.forms import RateForm
from huying.workorders.models import Reply, State
from huying.workorders.transitions import TRANSITIONS, state_of

register = template.Library()

EVENT_LABELS = {
    "submitted": _("Appeal received"),
    "status_changed": _("Status changed"),
    "notification_retried": _("Notification sent again"),
    "flagged_for_abuse": _("Flagged for possible abuse"),
}


@register.filter
def state_label(value) -> str:
    try:
        return State(value).label
    except ValueError:
        return value or ""


@register.filter
def event_label(action) -> str:
    if action in TRANSITIONS:
        return TRANSITIONS[action].label
    return EVENT_LABELS.get(action, action)


@register.filter
def masked(text) -> str:
    return mask_text(text or "")


@register.filter
def highlighted(text):
    """A resident's words for staff: personal data marked and masked (see huying.lib.pii)."""
    return highlight_for_staff(text or "")


def _published_replies(work_order_id):
    if not work_order_id:
        return []
    return list(
        Reply.objects.filter(work_order_id=work_order_id, status=Reply.Status.PUBLISHED)
        .select_related("department")
        .order_by("created", "id")
    )


@register.inclusion_tag("workorders/_tracking_replies.html", takes_context=True)
def resident_work_order(context):
    """On the resident's tracking page: the published replies and the rating form."""
    appeal = context.get("appeal")
    if appeal is None:
        return {}
    replies = _published_replies(appeal.work_order_id)
    for reply in replies:
        reply.public_text = mask_text(reply.text)
    can_rate = appeal.work_order_id is not None and state_of(appeal) == State.REPLIED
    rated = None
    if appeal.work_order_id:
        rated = appeal.follow_ups.filter(by_resident=True).order_by("-created", "-id").first()
    return {
        "appeal": appeal,
        "replies": replies,
        "can_rate": can_rate,
        "rate_form": RateForm() if can_rate else None,
        "rated": rated,
        "rejection_reason": mask_text(appeal.rejection_reason) if appeal.status in ("rejected", "merged") else "",
        "duplicate_of": appeal.duplicate_of.ticket_number if appeal.duplicate_of_id else "",
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("workorders/_public_replies.html")
def public_replies(appeal):
    """On the public board: the final reply (and earlier ones), masked."""
    replies = _published_replies(getattr(appeal, "work_order_id", None))
    for reply in replies:
        reply.public_text = mask_text(reply.text)
    return {"final": replies[-1] if replies else None, "earlier": replies[:-1]}
