"""What the hot-issue pages and the board's support panel show: read here, in a fixed number of queries."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from huying.access import has_role
from huying.audit.models import Event
from huying.hot.access import HOT_ROLES
from huying.hot.models import WINDOWS, HotIssue, HotMember, Support
from huying.lib import crypto
from huying.lib.numbers import as_key
from huying.lib.pii import mask_text

DEFAULT_WINDOW = 30
TOP = 20
APPEALS_SHOWN = 5
CHARTED = 5
DETAIL_APPEALS = 200
BROWSER_COOKIE = "huying_browser"


def chosen_window(value) -> int:
    window = as_key(value) if isinstance(value, str) else None
    return window if window in WINDOWS else DEFAULT_WINDOW


@dataclass
class MemberRow:
    appeal_id: int
    ticket_number: str
    title: str  # masked
    street: str
    community: str
    created: datetime.datetime
    status: str


@dataclass
class HotRow:
    issue: HotIssue
    figures: dict
    heat: float
    appeals: list[MemberRow] = field(default_factory=list)
    appeals_in_window: int = 0
    streets: list[tuple[str, int]] = field(default_factory=list)
    communities: list[tuple[str, int]] = field(default_factory=list)
    days: Counter = field(default_factory=Counter)


def _members(issue_ids, since):
    rows = defaultdict(list)
    queryset = (
        HotMember.objects.filter(hot_issue_id__in=list(issue_ids), appeal_created__gte=since)
        .select_related("appeal__street", "appeal__community")
        .order_by("-appeal_created", "-appeal_id")
    )
    for member in queryset:
        appeal = member.appeal
        rows[member.hot_issue_id].append(
            MemberRow(
                appeal_id=appeal.pk,
                ticket_number=appeal.ticket_number,
                title=mask_text(appeal.title),
                street=appeal.street.label if appeal.street_id else "",
                community=appeal.community.label if appeal.community_id else "",
                created=appeal.created,
                status=appeal.get_status_display(),
            )
        )
    return rows


def _support_days(issue_ids, since):
    days = defaultdict(Counter)
    for issue_id, created in (
        Support.objects.counted()
        .filter(appeal__hot_member__hot_issue_id__in=list(issue_ids), created__gte=since)
        .values_list("appeal__hot_member__hot_issue_id", "created")
    ):
        days[issue_id][timezone.localdate(created)] += 1
    return days


def _row(issue, window, members, limit) -> HotRow:
    row = HotRow(issue=issue, figures=issue.window_figures(window), heat=getattr(issue, f"heat_{window}"))
    row.appeals = members[:limit] if limit else members
    row.appeals_in_window = len(members)
    row.streets = Counter(m.street for m in members if m.street).most_common()
    row.communities = Counter(m.community for m in members if m.community).most_common()
    row.days = Counter(timezone.localdate(m.created) for m in members)
    return row


def _trend(rows, supports, window, now) -> dict:
    """Daily appeals (and supports) of each hot issue over the window, for the chart."""
    today = timezone.localdate(now)
    days = [today - datetime.timedelta(days=n) for n in range(window - 1, -1, -1)]
    series = []
    for row in rows:
        backing = supports.get(row.issue.pk, Counter())
        series.append(
            {
                "name": f"#{row.issue.pk} {row.issue.title[:16]}",
                "appeals": [row.days.get(day, 0) for day in days],
                "supports": [backing.get(day, 0) for day in days],
            }
        )
    return {"days": [day.isoformat() for day in days], "series": series}


def hot_page(window: int, now=None) -> dict:
    """The top hot issues of the window, their appeals (masked), places and trend: 3 queries."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=window)
    hottest = HotIssue.objects.hottest(window)
    issues = list(hottest.select_related("street")[:TOP])
    members = _members([i.pk for i in issues], since)
    rows = [_row(issue, window, members.get(issue.pk, []), APPEALS_SHOWN) for issue in issues]
    supports = _support_days([r.issue.pk for r in rows[:CHARTED]], since) if rows else {}
    return {
        "rows": rows,
        "total": hottest.count() if len(issues) == TOP else len(issues),
        "trend": _trend(rows[:CHARTED], supports, window, now),
    }


def hot_detail(issue: HotIssue, window: int, now=None) -> dict:
    """Figures, places and trend of the window; and all its appeals (the newest first), since
    a split chooses among all of them."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=window)
    members = _members([issue.pk], datetime.datetime.min.replace(tzinfo=datetime.UTC)).get(issue.pk, [])
    row = _row(issue, window, [m for m in members if m.created >= since], 0)
    row.appeals = members[:DETAIL_APPEALS]
    supports = _support_days([issue.pk], since)
    return {
        "row": row,
        "since": since,
        "more": max(len(members) - DETAIL_APPEALS, 0),
        "trend": _trend([row], supports, window, now),
        "events": list(Event.objects.for_object(issue).select_related("actor").order_by("-created", "-id")[:100]),
    }


def member_ids(issue: HotIssue) -> list[int]:
    return list(issue.members.values_list("appeal_id", flat=True))


# The board's "我也遇到了" --------------------------------------------------------------------
def browser_hash(request) -> str:
    token = request.COOKIES.get(BROWSER_COOKIE, "")
    return crypto.keyed_hash("browser:" + token) if token else ""


def support_panel(appeal_id: int, request) -> dict:
    """The support count of a published appeal and whether this browser gave one: 2 queries."""
    mine = browser_hash(request)
    return {
        "appeal_id": appeal_id,
        "supports": Support.objects.counted().filter(appeal_id=appeal_id).count(),
        "supported": bool(mine) and Support.objects.filter(appeal_id=appeal_id, browser_hash=mine).exists(),
    }


def hot_issue_of(appeal_id: int, user) -> dict | None:
    """The hot issue an appeal is in, for the staff appeal page of those who see hot issues: 1 query."""
    if not has_role(user, *HOT_ROLES):
        return None
    row = (
        HotMember.objects.filter(pk=appeal_id, hot_issue__merged_into__isnull=True, hot_issue__ended__isnull=True)
        .values("hot_issue_id", "hot_issue__title", "hot_issue__heat_30", "hot_issue__appeal_count")
        .first()
    )
    if row is None:
        return None
    return {
        "pk": row["hot_issue_id"],
        "title": row["hot_issue__title"],
        "heat": row["hot_issue__heat_30"],
        "appeals": row["hot_issue__appeal_count"],
    }
