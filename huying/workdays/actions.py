"""Writes to the working-day calendar: administrators entering a year's notice."""

import re
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from huying.audit.actions import record_event
from huying.audit.events import EventName
from huying.lib.pii import to_halfwidth
from huying.workdays.calendar import clear_cache
from huying.workdays.models import CalendarDay

HOLIDAY_WORDS = {"holiday", "off", "休", "假", "休息"}
WORKDAY_WORDS = {"workday", "work", "班", "上班", "调休"}
MAX_RANGE_DAYS = 31
_RANGE = re.compile(r"^(?P<first>[\d/-]+)(?:(?:\.\.|~|至)(?P<last>[\d/-]+))?$")


def _parse_date(text: str) -> date:
    return date.fromisoformat(text.replace("/", "-"))


def parse_calendar_lines(text: str) -> list[tuple[date, bool, str]]:
    """Lines like "2027-02-05..2027-02-11 holiday 春节" to (date, is_working_day, note).

    Blank lines and lines starting with # are skipped.  Raises ValidationError naming
    every bad line.
    """
    entries: dict[date, tuple[date, bool, str]] = {}
    errors = []
    for number, raw in enumerate(to_halfwidth(text or "").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(maxsplit=2)
        match = _RANGE.match(parts[0])
        word = parts[1].lower() if len(parts) > 1 else ""
        note = parts[2].strip() if len(parts) > 2 else ""
        try:
            if match is None:
                raise ValueError
            first = _parse_date(match["first"])
            last = _parse_date(match["last"]) if match["last"] else first
        except ValueError:
            errors.append(
                _("Line %(number)s: “%(line)s” does not start with a date like 2027-01-01.")
                % {"number": number, "line": line}
            )
            continue
        if word in HOLIDAY_WORDS:
            working = False
        elif word in WORKDAY_WORDS:
            working = True
        else:
            errors.append(_("Line %(number)s: say “holiday” or “workday” after the date.") % {"number": number})
            continue
        if last < first or (last - first).days >= MAX_RANGE_DAYS:
            errors.append(
                _("Line %(number)s: a range must run forwards and cover at most %(max)s days.")
                % {"number": number, "max": MAX_RANGE_DAYS}
            )
            continue
        day = first
        while day <= last:
            entries[day] = (day, working, note[:100])
            day += timedelta(days=1)
    if errors:
        raise ValidationError(errors)
    if not entries:
        raise ValidationError(_("Enter at least one date."))
    return sorted(entries.values())


def enter_calendar_days(entries: list[tuple[date, bool, str]], *, actor, request=None) -> int:
    """Create or change the given days; returns how many were created or changed."""
    changed = 0
    with transaction.atomic():
        existing = {d.date: d for d in CalendarDay.objects.filter(date__in=[e[0] for e in entries])}
        for day, working, note in entries:
            row = existing.get(day)
            if row is not None and row.is_working_day == working and row.note == note:
                continue
            before = "" if row is None else ("workday" if row.is_working_day else "holiday")
            row = row or CalendarDay(date=day)
            row.is_working_day, row.note = working, note
            row.save()
            record_event(
                row,
                EventName.CALENDAR_DAY_ENTERED,
                actor=actor,
                from_state=before,
                to_state="workday" if working else "holiday",
                reason=note,
                request=request,
            )
            changed += 1
        transaction.on_commit(clear_cache)
    return changed
