"""What the dispatcher's duplicates panel shows: an appeal beside its likely duplicates."""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.text import Truncator

from huying.appeals.models import Appeal
from huying.duplicates import index
from huying.duplicates.models import Reason
from huying.lib.pii import mask_text
from huying.workorders.actions import join_refusal

EXCERPT_CHARACTERS = 240


@dataclass
class Side:
    appeal: object
    title: str
    excerpt: str
    score: float | None = None
    reason: str = ""
    # Set when the two share a work order; `leaver` is the one "leave" would take off it.
    sharing: bool = False
    leaver: object = None
    # Why the later one cannot join the earlier one's work order now ("" when it can).
    refusal: str = ""
    later_ticket: str = ""
    earlier_ticket: str = ""

    @property
    def percent(self) -> int:
        return round((self.score or 0) * 100)


@dataclass
class Panel:
    appeal: Side
    candidates: list = field(default_factory=list)
    window_days: int = 30


def later_and_earlier(first, second) -> tuple[Appeal, Appeal]:
    later, earlier = sorted((first, second), key=lambda a: (a.created, a.pk), reverse=True)
    return later, earlier


def leaver(this, other) -> Appeal | None:
    """Of two appeals on one work order, the one that joined the other's (None for two that
    both joined a third: leaving is decided on each one's page with the first)."""
    if this.work_order_id is None or this.work_order_id != other.work_order_id:
        return None
    if other.is_joined and other.duplicate_of_id == this.pk:
        return other
    if this.is_joined and this.duplicate_of_id == other.pk:
        return this
    return None


def _side(appeal, **extra) -> Side:
    # Staff too see numbers in the text masked until they press "show contact".
    return Side(
        appeal=appeal,
        title=mask_text(appeal.title),
        excerpt=Truncator(mask_text(appeal.description)).chars(EXCERPT_CHARACTERS),
        **extra,
    )


def panel_for(appeal, limit: int = 5) -> Panel:
    """The appeal, its likely duplicates (live from the index) and the appeals it shares a
    work order with."""
    sharing = []
    if appeal.work_order_id is not None:
        sharing = list(
            Appeal.objects.filter(work_order_id=appeal.work_order_id)
            .exclude(pk=appeal.pk)
            .select_related("street", "community", "work_order")
            .order_by("created", "id")
        )
    shared = {other.pk for other in sharing}
    candidates = []
    for other, score, reason in index.find_duplicates(appeal, limit=limit):
        if other.pk in shared:
            continue
        later, earlier = later_and_earlier(appeal, other)
        candidates.append(
            _side(
                other,
                score=score,
                reason=Reason(reason).label,
                refusal=join_refusal(later, earlier),
                later_ticket=later.ticket_number,
                earlier_ticket=earlier.ticket_number,
            )
        )
    joined = [_side(other, sharing=True, leaver=leaver(appeal, other)) for other in sharing]
    return Panel(
        appeal=_side(appeal), candidates=joined + candidates, window_days=settings.HUYING_DUPLICATE_WINDOW_DAYS
    )
