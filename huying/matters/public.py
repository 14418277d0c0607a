"""What the public may see of practical matters: masked, never a resident's data."""

from huying.accounts.models import Department
from huying.audit.events import EventName
from huying.audit.models import Event
from huying.lib.numbers import as_key
from huying.lib.pii import mask_text
from huying.matters.models import PracticalMatter, Status
from huying.matters.readers import milestone_warning

# What the public history shows; every one of these reasons is staff's, and masked.
PUBLIC_EVENTS = (
    EventName.MATTER_CREATED,
    EventName.MATTER_START,
    EventName.MATTER_MILESTONE_DONE,
    EventName.MATTER_MILESTONE_MOVED,
    EventName.MATTER_DONE,
    EventName.MATTER_ACCEPTED,
)


def _as_id(value):
    return as_key(value) if isinstance(value, str) else None


def filter_matters(queryset, params) -> tuple:
    chosen = {"status": "", "lead": None, "street": None, "year": None}
    status = params.get("status") or ""
    if status in Status.values:
        chosen["status"] = status
        queryset = queryset.filter(status=status)
    for name in ("lead", "street"):
        pk = _as_id(params.get(name))
        if pk:
            chosen[name] = pk
            queryset = queryset.filter(**{f"{name}_id": pk})
    year = _as_id(params.get("year"))
    if year:
        chosen["year"] = year
        queryset = queryset.filter(year=year)
    return queryset, chosen


def choices() -> dict:
    years = sorted(set(PracticalMatter.objects.values_list("year", flat=True)), reverse=True)
    return {
        "statuses": Status.choices,
        "leads": list(Department.objects.filter(pk__in=PracticalMatter.objects.values("lead_id")).order_by("name")),
        "streets": list(Department.objects.active().streets().only("pk", "name")),
        "years": years,
    }


def public_history(matter) -> list[dict]:
    events = Event.objects.for_object(matter).filter(action__in=PUBLIC_EVENTS).order_by("created", "id")
    return [{"created": e.created, "action": e.action, "reason": mask_text(e.shown_reason)} for e in events]


def public_milestones(matter, now=None) -> list[dict]:
    return [
        {
            "title": m.title,
            "planned_date": m.planned_date,
            "actual_date": m.actual_date,
            "weight": m.weight,
            "note": mask_text(m.note),
            "warning": milestone_warning(m, now),
        }
        for m in matter.milestones.all()
    ]
