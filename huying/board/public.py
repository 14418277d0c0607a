"""What the public may see of an appeal, and how the board finds it.

Templates, the feed and the JSON endpoint receive only `PublicAppeal`s, built here with
every personal detail masked: they never hold the Appeal itself, so nothing unmasked can
slip into HTML source, a feed or JSON.  The place stops at the community.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.urls import reverse

from huying.appeals.models import Appeal, Kind, SubmitterType, to_simplified
from huying.appeals.states import resident_state
from huying.lib.numbers import as_key
from huying.lib.pii import mask_name, mask_text, to_halfwidth

PUBLIC_KINDS = [(value, label) for value, label in Kind.choices if value != Kind.REPORT]
MAX_QUERY_LENGTH = 100
MAX_TERMS = 5
EXCERPT_LENGTH = 120


@dataclass(frozen=True)
class PublicAppeal:
    pk: int
    url: str
    kind: str
    kind_label: str
    title: str
    description: str
    excerpt: str
    category: str
    street: str
    community: str
    submitter: str
    is_enterprise: bool
    status: str
    status_label: str
    created: datetime
    published_at: datetime | None
    work_order_id: int | None

    @property
    def place(self) -> str:
        return " · ".join(p for p in (self.street, self.community) if p)

    def as_json(self, request=None) -> dict:
        return {
            "id": self.pk,
            "url": request.build_absolute_uri(self.url) if request is not None else self.url,
            "kind": self.kind,
            "kind_label": str(self.kind_label),
            "title": self.title,
            "description": self.description,
            "category": self.category,
            "street": self.street,
            "community": self.community,
            "submitter": self.submitter,
            "is_enterprise": self.is_enterprise,
            "status": self.status,
            "status_label": str(self.status_label),
            "created": self.created.isoformat(),
            "published_at": self.published_at.isoformat() if self.published_at else None,
        }


def _category_name(appeal) -> str:
    category = appeal.category
    if category is None:
        return ""
    names = []
    while category is not None:
        names.append(category.label)
        category = category.parent
    return " > ".join(reversed(names[-2:] if len(names) > 2 else names))


def _submitter(appeal) -> str:
    """A resident by the surname alone (张某); an enterprise by its name, which is public,
    or nothing when it gave none: never the person who wrote for it."""
    if appeal.submitter_type != SubmitterType.ENTERPRISE:
        return mask_name(appeal.contact_name)
    # Masked like any public text (a phone or a person's name typed into it); a sole trader
    # may give their own name as the enterprise's.
    name = mask_text(appeal.enterprise_name.strip())
    contact = appeal.contact_name.strip()
    return name.replace(contact, mask_name(contact)) if len(contact) >= 2 else name


def public_appeal(appeal: Appeal) -> PublicAppeal:
    description = mask_text(appeal.description)
    excerpt = description if len(description) <= EXCERPT_LENGTH else description[:EXCERPT_LENGTH] + "…"
    return PublicAppeal(
        pk=appeal.pk,
        url=reverse("board:detail", args=[appeal.pk]),
        kind=appeal.kind,
        kind_label=appeal.get_kind_display(),
        title=mask_text(appeal.title),
        description=description,
        excerpt=excerpt,
        category=_category_name(appeal),
        street=appeal.street.label if appeal.street_id else "",
        community=appeal.community.label if appeal.community_id else "",
        submitter=_submitter(appeal),
        is_enterprise=appeal.submitter_type == SubmitterType.ENTERPRISE,
        # What a resident may know of its state, never the staff's inner steps.
        status=resident_state(appeal.status),
        status_label=appeal.resident_status_label,
        created=appeal.created,
        published_at=appeal.published_at,
        work_order_id=appeal.work_order_id,
    )


def board_appeals():
    return Appeal.objects.published().newest_first().select_related("street", "community", "category__parent__parent")


def search_terms(query: str) -> list[str]:
    """The query's words in simplified characters, so either script finds either."""
    query = to_halfwidth(query or "")[:MAX_QUERY_LENGTH].replace("\x00", "")
    return [to_simplified(word).lower() for word in query.split()[:MAX_TERMS]]


def _as_id(value) -> int | None:
    return as_key(value) if isinstance(value, str) else None


def filter_board(queryset, params) -> tuple:
    """Apply the board's search and filters from GET parameters; return (queryset, chosen)."""
    chosen = {"q": (params.get("q") or "")[:MAX_QUERY_LENGTH], "kind": "", "category": None, "street": None}
    for term in search_terms(chosen["q"]):
        queryset = queryset.filter(search_text__contains=term)
    kind = params.get("kind") or ""
    if kind in dict(PUBLIC_KINDS):
        chosen["kind"] = kind
        queryset = queryset.filter(kind=kind)
    category = _as_id(params.get("category"))
    if category is not None:
        chosen["category"] = category
        queryset = queryset.filter(
            Q(category_id=category) | Q(category__parent_id=category) | Q(category__parent__parent_id=category)
        )
    street = _as_id(params.get("street"))
    if street is not None:
        chosen["street"] = street
        queryset = queryset.filter(street_id=street)
    return queryset, chosen
