"""What the resident's tracking page and the public board show of a work order.

Views call these and hand the result to their templates: template tags run no queries,
and what reaches a public template is already masked.
"""

from dataclasses import dataclass, field

from huying.appeals.models import Appeal
from huying.appeals.states import State
from huying.audit.wording import compose
from huying.lib.pii import mask_text
from huying.workorders.forms import RateForm
from huying.workorders.models import FollowUp, Rejection, Reply, rejection_wording


@dataclass
class PublicReply:
    department: str
    reviewed_at: object
    round: int
    public_text: str


@dataclass
class TrackingView:
    """The work order's part of a resident's tracking page."""

    replies: list[PublicReply] = field(default_factory=list)
    can_rate: bool = False
    rate_form: RateForm | None = None
    rated: FollowUp | None = None
    rejection_reason: str = ""
    repeats: Appeal | None = None
    repeat_replies: list[PublicReply] = field(default_factory=list)
    joined: bool = False


@dataclass
class BoardReplies:
    final: PublicReply | None = None
    earlier: list[PublicReply] = field(default_factory=list)


def published_replies(work_order_id) -> list[PublicReply]:
    """A work order's approved replies, oldest first, masked."""
    if not work_order_id:
        return []
    rows = (
        Reply.objects.filter(work_order_id=work_order_id, status=Reply.Status.PUBLISHED)
        .select_related("department")
        .order_by("created", "id")
    )
    return [PublicReply(r.department.label, r.reviewed_at, r.round, mask_text(r.text)) for r in rows]


def tracking_view(appeal) -> TrackingView:
    """Replies to this resident, their own rating form (each resident of a shared work order
    is followed up on their own), and why it was not taken up."""
    view = TrackingView(replies=published_replies(appeal.work_order_id), joined=appeal.is_joined)
    view.can_rate = appeal.work_order_id is not None and appeal.status == State.REPLIED
    view.rate_form = RateForm() if view.can_rate else None
    if appeal.work_order_id is not None:
        view.rated = appeal.follow_ups.filter(by_resident=True).order_by("-created", "-id").first()
    if appeal.status == State.REJECTED:
        view.repeats = appeal.duplicate_of if appeal.duplicate_of_id else None
        rejection = Rejection.objects.filter(appeal_id=appeal.pk).first()
        view.rejection_reason = (
            compose(rejection_wording(rejection.reason, rejection.note, view.repeats))
            if rejection is not None
            else mask_text(appeal.rejection_reason)
        )
        # The reply to the appeal it repeats, where that appeal is public.
        if view.repeats is not None and Appeal.objects.published().filter(pk=view.repeats.pk).exists():
            view.repeat_replies = published_replies(view.repeats.work_order_id)
    return view


def board_replies(work_order_id) -> BoardReplies:
    """On the public board: the final reply, and the earlier ones."""
    replies = published_replies(work_order_id)
    return BoardReplies(final=replies[-1] if replies else None, earlier=replies[:-1])
