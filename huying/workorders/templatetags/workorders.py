"""`{% load workorders %}`: labels for states and events, and the resident's and the
public board's view of a work order's replies."""

from django import template

from huying.appeals.models import Appeal
from huying.audit.events import event_label as label_of_event
from huying.lib.pii import highlight_for_staff, mask_text
from huying.workorders.forms import RateForm
from huying.workorders.models import Reply, State

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
    """On the resident's tracking page: the published replies and this resident's own rating form."""
    appeal = context.get("appeal")
    if appeal is None:
        return {}
    replies = _published_replies(appeal.work_order_id)
    for reply in replies:
        reply.public_text = mask_text(reply.text)
    # Each resident of a shared work order is followed up on their own.
    can_rate = appeal.work_order_id is not None and appeal.status == State.REPLIED
    rated = None
    if appeal.work_order_id:
        rated = appeal.follow_ups.filter(by_resident=True).order_by("-created", "-id").first()
    rejected = appeal.status == State.REJECTED
    repeats = appeal.duplicate_of if rejected and appeal.duplicate_of_id else None
    # The reply to the appeal it repeats, where that appeal is public.
    repeat_replies = []
    if repeats is not None and Appeal.objects.published().filter(pk=repeats.pk).exists():
        repeat_replies = _published_replies(repeats.work_order_id)
        for reply in repeat_replies:
            reply.public_text = mask_text(reply.text)
    return {
        "appeal": appeal,
        "replies": replies,
        "can_rate": can_rate,
        "rate_form": RateForm() if can_rate else None,
        "rated": rated,
        "rejection_reason": mask_text(appeal.rejection_reason) if rejected else "",
        "repeats": repeats,
        "repeat_replies": repeat_replies,
        "joined": appeal.is_joined,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("workorders/_public_replies.html")
def public_replies(appeal):
    """On the public board: the final reply (and earlier ones), masked."""
    replies = _published_replies(getattr(appeal, "work_order_id", None))
    for reply in replies:
        reply.public_text = mask_text(reply.text)
    return {"final": replies[-1] if replies else None, "earlier": replies[:-1]}
