"""Working days and deadlines: every calendar question in Huying goes through here.

A working day is Monday to Friday minus China's statutory holidays plus make-up workdays
(调休).  Administrators' entries (CalendarDay) win; then the `chinese_calendar` package
for the years it knows; any other year counts Monday to Friday.  Deadlines fall at
23:59:59 Asia/Shanghai, whatever the server's time zone.
"""

import time as _time
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from huying.workdays.models import CalendarDay, KindLimit

SHANGHAI = ZoneInfo("Asia/Shanghai")
END_OF_DAY = time(23, 59, 59)
WARN_DAYS = 60

OK = "ok"
DUE_SOON = "due_soon"
OVERDUE = "overdue"

PACKAGE_FIRST_YEAR = min(chinese_calendar.holidays).year
PACKAGE_LAST_YEAR = max(chinese_calendar.holidays).year
_PACKAGE_HOLIDAYS = frozenset(chinese_calendar.holidays)
_PACKAGE_WORKDAYS = frozenset(chinese_calendar.workdays)

# Entered days are read once and kept for a minute: a list page asks about the same few
# dates hundreds of times.  Saving or deleting a CalendarDay clears it in this process;
# other processes (the Huey worker) catch up within CACHE_SECONDS.
CACHE_SECONDS = 60
_cache: tuple[float, dict[date, bool], frozenset[int]] | None = None


def clear_cache() -> None:
    global _cache
    _cache = None


def _entered_days() -> tuple[dict[date, bool], frozenset[int]]:
    global _cache
    cached = _cache
    if cached is None or _time.monotonic() - cached[0] > CACHE_SECONDS:
        days = dict(CalendarDay.objects.values_list("date", "is_working_day"))
        cached = (_time.monotonic(), days, frozenset(d.year for d in days))
        _cache = cached
    return cached[1], cached[2]


def local_date(moment: datetime | date) -> date:
    """The date in Asia/Shanghai of an aware datetime (a date is returned as it is)."""
    if isinstance(moment, datetime):
        return timezone.localtime(moment, SHANGHAI).date()
    return moment


def end_of_day(day: date) -> datetime:
    return datetime.combine(day, END_OF_DAY, tzinfo=SHANGHAI)


def is_working_day(day: date) -> bool:
    day = local_date(day)
    entered, _years = _entered_days()
    if day in entered:
        return entered[day]
    if PACKAGE_FIRST_YEAR <= day.year <= PACKAGE_LAST_YEAR:
        # The package's own rule, without its per-call scan of every known date.
        return day in _PACKAGE_WORKDAYS or (day.weekday() < 5 and day not in _PACKAGE_HOLIDAYS)
    return day.weekday() < 5


def add_working_days(start: datetime | date, n: int) -> datetime:
    """23:59:59 Asia/Shanghai on the nth working day after the local date of `start`.

    The start day itself never counts; n=0 means the end of the start day.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    day = local_date(start)
    while n > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return end_of_day(day)


def working_days_between(start: datetime | date, end: datetime | date) -> int:
    """Working days after the local date of `start` up to and including that of `end`.

    Negative when `end` comes first, so `working_days_between(due, now)` is how many
    working days a work order is overdue.
    """
    first, last = local_date(start), local_date(end)
    sign = 1
    if last < first:
        first, last, sign = last, first, -1
    count = 0
    day = first
    while day < last:
        day += timedelta(days=1)
        count += is_working_day(day)
    return sign * count


def due_status(due: datetime | None, now: datetime | None = None) -> str:
    """ "overdue" once past due, "due_soon" when due by the end of the next working day."""
    if due is None:
        return OK
    now = now or timezone.now()
    if now > due:
        return OVERDUE
    if due <= add_working_days(now, 1):
        return DUE_SOON
    return OK


def calendar_known_until() -> date:
    """The last day of the last year that the package or an administrator has covered.

    Entered years count only when they follow on without a gap.
    """
    _entered, years = _entered_days()
    year = PACKAGE_LAST_YEAR
    while year + 1 in years:
        year += 1
    return date(year, 12, 31)


def calendar_warning(today: date | None = None) -> str | None:
    """A message for the dispatcher's and admin's home pages when the calendar runs out soon."""
    today = today or local_date(timezone.now())
    until = calendar_known_until()
    days_left = (until - today).days
    if days_left > WARN_DAYS:
        return None
    context = {"date": date_format(until, "DATE_FORMAT"), "days": days_left, "year": until.year + 1}
    if days_left < 0:
        return (
            _(
                "The working-day calendar ended on %(date)s: deadlines after it count Monday to "
                "Friday only. An administrator should enter the holidays and make-up workdays of "
                "%(year)s from the State Council's notice."
            )
            % context
        )
    return (
        _(
            "The working-day calendar ends on %(date)s (in %(days)s days). An administrator should "
            "enter the holidays and make-up workdays of %(year)s from the State Council's notice."
        )
        % context
    )


# Limits ---------------------------------------------------------------------------------
DEFAULT_ACCEPT_DAYS = 1
DEFAULT_REPLY_DAYS = 5
DEFAULT_REPLY_DAYS_BY_KIND = {"enquiry": 1}
DEFAULT_CO_HANDLER_DAYS = 3


@dataclass(frozen=True)
class Limits:
    accept_days: int
    reply_days: int
    co_handler_days: int


def default_limits(kind: str) -> Limits:
    return Limits(
        accept_days=DEFAULT_ACCEPT_DAYS,
        reply_days=DEFAULT_REPLY_DAYS_BY_KIND.get(str(kind), DEFAULT_REPLY_DAYS),
        co_handler_days=DEFAULT_CO_HANDLER_DAYS,
    )


def limits_for(kind: str, category=None) -> Limits:
    """The kind's limits (an admin's row, else the defaults); the nearest category with a
    reply limit, walking up to the root, overrides the reply limit."""

    row = KindLimit.objects.filter(kind=kind).first()
    limits = Limits(row.accept_days, row.reply_days, row.co_handler_days) if row else default_limits(kind)
    node = category
    while node is not None:
        if node.reply_days:
            return replace(limits, reply_days=node.reply_days)
        node = node.parent
    return limits
