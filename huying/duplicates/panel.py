"""What the dispatcher's duplicates panel shows: an appeal beside its likely duplicates."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils.text import Truncator

from huying.duplicates import index
from huying.duplicates.actions import later_and_earlier, merge_refusal
from huying.duplicates.models import Merge, Reason
from huying.lib.pii import mask_text

EXCERPT_CHARACTERS = 240


@dataclass
class Side:
    appeal: object
    title: str
    excerpt: str
    score: float | None = None
    reason: str = ""
    # Set when the two are merged: the Merge row (unmerge acts on its `appeal`).
    merge: object = None
    # Why "merge" cannot be done now ("" when it can).
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


def _side(appeal, **extra) -> Side:
    # Staff too see numbers in the text masked until they press "show contact".
    return Side(
        appeal=appeal,
        title=mask_text(appeal.title),
        excerpt=Truncator(mask_text(appeal.description)).chars(EXCERPT_CHARACTERS),
        **extra,
    )


def panel_for(appeal, limit: int = 5) -> Panel:
    """The appeal, its likely duplicates (live from the index) and what it is merged with."""
    merges = list(
        Merge.objects.active()
        .filter(Q(appeal=appeal) | Q(into=appeal))
        .select_related("appeal__street", "appeal__work_order", "into__street", "into__work_order")
    )
    merged_with = {}
    for row in merges:
        other = row.into if row.appeal_id == appeal.pk else row.appeal
        merged_with[other.pk] = (other, row)
    found = index.find_duplicates(appeal, limit=limit)
    candidates = []
    for other, score, reason in found:
        if other.pk in merged_with:
            continue
        later, earlier = later_and_earlier(appeal, other)
        candidates.append(
            _side(
                other,
                score=score,
                reason=Reason(reason).label,
                refusal=merge_refusal(later, earlier),
                later_ticket=later.ticket_number,
                earlier_ticket=earlier.ticket_number,
            )
        )
    merged = [_side(other, merge=row) for other, row in merged_with.values()]
    return Panel(
        appeal=_side(appeal), candidates=merged + candidates, window_days=settings.HUYING_DUPLICATE_WINDOW_DAYS
    )
