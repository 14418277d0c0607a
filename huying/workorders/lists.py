"""The workbench's lists: which rows each one shows, filtered, with a bounded number of queries."""

from datetime import datetime, time
from enum import StrEnum

from django.db.models import Case, DateTimeField, Exists, F, OuterRef, Prefetch, Q, When
from django.utils import timezone

from huying.access import department_scope
from huying.appeals.models import Appeal, to_simplified
from huying.lib.abuse import FLAG_THRESHOLD as ABUSE_FLAG_THRESHOLD
from huying.workdays.calendar import SHANGHAI, add_working_days
from huying.workorders.models import (
    HANDLING_STATES,
    Assignment,
    CoHandlerInput,
    ExtensionRequest,
    State,
    WorkOrder,
)


class Tab(StrEnum):
    """The tabs of the queues and the inbox (their names are in the URL)."""

    NEW = "new"
    RETURNED = "returned"
    REPLIES = "replies"
    EXTENSIONS = "extensions"
    TO_FOLLOW_UP = "to_follow_up"
    TO_CLOSE = "to_close"
    OVERDUE = "overdue"
    DECISIONS = "decisions"
    TO_ACCEPT = "to_accept"
    IN_PROGRESS = "in_progress"
    DUE_SOON = "due_soon"


# Where a department's part still owes something.
OPEN_FOR_DEPARTMENTS = [*HANDLING_STATES, State.REPLY_REVIEW]


def with_rows(queryset):
    """What a list row shows, fetched with the page: two queries whatever the length."""
    return queryset.select_related(
        "work_order", "work_order__lead_department", "category", "street", "community"
    ).prefetch_related(Prefetch("work_order__assignments", queryset=Assignment.objects.select_related("department")))


def with_suggestions(queryset):
    """The router's suggestion joined to each row (no query per row)."""
    return queryset.select_related("suggestion")


def main_appeals(user):
    """Appeals the user may see, without those joined to another's work order: queues about
    the work order show it once, by the appeal it was dispatched for."""
    return Appeal.objects.visible_to(user).filter(Q(work_order__isnull=True) | Q(work_order__main_appeal=F("pk")))


def appeal_filter(filters: dict, prefix: str = "") -> Q:
    """The list filters as a Q on Appeal; `prefix` reaches the appeal from another model."""
    p = prefix
    q = Q()
    if value := filters.get("q"):
        # The text in either script: search_text is kept in simplified characters.
        q &= (
            Q(**{f"{p}ticket_number__icontains": value})
            | Q(**{f"{p}title__icontains": value})
            | Q(**{f"{p}search_text__contains": to_simplified(value).lower()})
        )
    if value := filters.get("state"):
        q &= Q(**{f"{p}status": value})
    if value := filters.get("department"):
        parts = Assignment.objects.active().filter(department_id=value).values("work_order_id")
        q &= Q(**{f"{p}work_order_id__in": parts})
    if value := filters.get("category"):
        q &= (
            Q(**{f"{p}category_id": value})
            | Q(**{f"{p}category__parent_id": value})
            | Q(**{f"{p}category__parent__parent_id": value})
        )
    for name in ("kind", "channel"):
        if value := filters.get(name):
            q &= Q(**{f"{p}{name}": value})
    if value := filters.get("street"):
        q &= Q(**{f"{p}street_id": value})
    if value := filters.get("date_from"):
        q &= Q(**{f"{p}created__gte": datetime.combine(value, time.min, tzinfo=SHANGHAI)})
    if value := filters.get("date_to"):
        q &= Q(**{f"{p}created__lte": datetime.combine(value, time.max, tzinfo=SHANGHAI)})
    if filters.get("abuse") == "flagged":
        q &= Q(**{f"{p}abuse_score__gte": ABUSE_FLAG_THRESHOLD})
    return q


# The dispatcher's queues -------------------------------------------------------------------
def review_tab(user, tab: str):
    appeals = main_appeals(user)
    if tab == Tab.RETURNED:
        returned = Assignment.objects.active().filter(status=Assignment.Status.RETURNED).values("work_order_id")
        return appeals.filter(work_order_id__in=returned)
    if tab == "replies":
        return appeals.filter(work_order__state=State.REPLY_REVIEW)
    if tab == "extensions":
        pending = ExtensionRequest.objects.filter(status=ExtensionRequest.Status.PENDING).values("work_order_id")
        return appeals.filter(work_order_id__in=pending)
    return appeals.filter(work_order__isnull=True, status__in=[State.SUBMITTED, State.REVIEWED])


REVIEW_TABS = ["new", "returned", "replies", "extensions"]
FOLLOW_UP_TABS = ["to_follow_up", "to_close"]


def follow_up_tab(user, tab: str):
    if tab == "to_close":
        return main_appeals(user).filter(work_order__state=State.FOLLOWED_UP)
    # Every resident is followed up on their own, joined ones included.
    return Appeal.objects.visible_to(user).filter(status=State.REPLIED)


OVERDUE_TABS = ["overdue", "decisions"]


def overdue_tab(user, tab: str, now=None):
    appeals = main_appeals(user)
    if tab == "decisions":
        return appeals.filter(work_order__state=State.AWAITING_DECISION)
    return appeals.filter(work_order__in=WorkOrder.objects.overdue(now).values("pk"))


# The department inbox ---------------------------------------------------------------------
INBOX_TABS = ["to_accept", "in_progress", "due_soon", "overdue", "returned"]


def inbox_scope(user) -> set[int]:
    return department_scope(user) or set()


def inbox_rows(scope):
    """The parts of work orders the departments in `scope` work on, with the deadline that
    matters for each: acceptance while waiting, input for a co-handler, else the reply."""
    due = Case(
        When(status=Assignment.Status.PENDING, then=F("accept_due")),
        When(role=Assignment.Role.CO_HANDLER, then=F("input_due")),
        default=F("work_order__reply_due"),
        output_field=DateTimeField(),
    )
    return (
        Assignment.objects.active()
        .for_departments(scope)
        .annotate(due=due, has_input=Exists(CoHandlerInput.objects.filter(assignment=OuterRef("pk"))))
        .select_related(
            "department",
            "forwarded_to",
            "work_order",
            "work_order__main_appeal",
            "work_order__main_appeal__category",
            "work_order__main_appeal__street",
        )
        .order_by("due", "-id")
    )


def inbox_tab(scope, tab: str, now=None):
    now = now or timezone.now()
    rows = inbox_rows(scope)
    owing = rows.filter(
        status__in=[Assignment.Status.PENDING, Assignment.Status.ACCEPTED], work_order__state__in=HANDLING_STATES
    ).exclude(role=Assignment.Role.CO_HANDLER, has_input=True)
    if tab == Tab.IN_PROGRESS:
        return rows.filter(status=Assignment.Status.ACCEPTED, work_order__state__in=OPEN_FOR_DEPARTMENTS)
    if tab == "due_soon":
        return owing.filter(due__gte=now, due__lte=add_working_days(now, 1))
    if tab == "overdue":
        return owing.filter(due__lt=now)
    if tab == Tab.RETURNED:
        return rows.filter(status=Assignment.Status.RETURNED)
    return rows.filter(status=Assignment.Status.PENDING, work_order__state__in=HANDLING_STATES)


def newest_first(queryset):
    return queryset.order_by("-created", "-id")
