from datetime import date, datetime, timedelta

import pytest

from huying.workdays import calendar
from huying.workdays.calendar import (
    SHANGHAI,
    add_working_days,
    calendar_known_until,
    calendar_warning,
    due_status,
    is_working_day,
    working_days_between,
)
from huying.workdays.models import CalendarDay


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def test_the_package_knows_the_2026_spring_festival_and_its_make_up_saturdays(db):
    assert is_working_day(date(2026, 2, 13))  # Friday before the holiday
    assert is_working_day(date(2026, 2, 14))  # make-up Saturday
    assert not any(is_working_day(date(2026, 2, d)) for d in range(15, 24))
    assert is_working_day(date(2026, 2, 24))
    assert is_working_day(date(2026, 2, 28))  # make-up Saturday
    assert not is_working_day(date(2026, 3, 1))  # an ordinary Sunday


def test_a_deadline_skips_the_spring_festival_holiday(db):
    # Dispatched on Friday 13 February 2026: Saturday 14th is a make-up workday, then nine days off.
    start = at("2026-02-13T16:30:00")
    assert add_working_days(start, 1) == at("2026-02-14T23:59:59")
    assert add_working_days(start, 2) == at("2026-02-24T23:59:59")
    assert add_working_days(start, 5) == at("2026-02-27T23:59:59")
    assert add_working_days(start, 6) == at("2026-02-28T23:59:59")  # the second make-up Saturday counts


def test_a_dispatch_during_the_holiday_counts_from_the_first_day_back(db):
    assert add_working_days(at("2026-02-18T09:00:00"), 1) == at("2026-02-24T23:59:59")


def test_the_deadline_is_23_59_59_in_shanghai_whatever_the_time_zone_of_the_start(db):
    # 17:00 UTC on Thursday 5 March is already Friday 6 March in Shanghai.
    from datetime import UTC

    start = datetime(2026, 3, 5, 17, 0, tzinfo=UTC)
    due = add_working_days(start, 1)
    assert due == at("2026-03-09T23:59:59")
    assert due.astimezone(UTC) == datetime(2026, 3, 9, 15, 59, 59, tzinfo=UTC)


def test_the_day_of_dispatch_never_counts_even_just_after_midnight(db):
    assert add_working_days(at("2026-03-02T00:00:01"), 1) == at("2026-03-03T23:59:59")
    assert add_working_days(at("2026-03-02T23:59:59"), 1) == at("2026-03-03T23:59:59")


def test_zero_days_means_the_end_of_the_start_day_and_negative_is_refused(db):
    assert add_working_days(at("2026-03-02T10:00:00"), 0) == at("2026-03-02T23:59:59")
    with pytest.raises(ValueError):
        add_working_days(at("2026-03-02T10:00:00"), -1)


def test_a_date_is_accepted_as_the_start(db):
    assert add_working_days(date(2026, 3, 6), 1) == at("2026-03-09T23:59:59")


def test_working_days_between_counts_after_the_start_up_to_the_end(db):
    start = at("2026-02-13T16:30:00")
    assert working_days_between(start, at("2026-02-24T08:00:00")) == 2
    assert working_days_between(start, start) == 0
    assert working_days_between(at("2026-02-24T08:00:00"), start) == -2
    for n in range(0, 12):
        assert working_days_between(start, add_working_days(start, n)) == n


def test_an_administrator_s_day_overrides_the_package(db):
    CalendarDay.objects.create(date=date(2026, 3, 9), is_working_day=False, note="特别休息日")
    CalendarDay.objects.create(date=date(2026, 3, 7), is_working_day=True, note="调休")
    assert not is_working_day(date(2026, 3, 9))
    assert is_working_day(date(2026, 3, 7))
    assert add_working_days(at("2026-03-06T10:00:00"), 2) == at("2026-03-10T23:59:59")


def test_changing_an_entered_day_takes_effect_at_once(db):
    day = CalendarDay.objects.create(date=date(2026, 3, 9), is_working_day=False)
    assert not is_working_day(date(2026, 3, 9))
    day.is_working_day = True
    day.save()
    assert is_working_day(date(2026, 3, 9))
    day.delete()
    assert is_working_day(date(2026, 3, 9))


def test_a_year_nobody_entered_falls_back_to_monday_to_friday(db):
    assert calendar.PACKAGE_LAST_YEAR == 2026
    assert is_working_day(date(2027, 1, 1))  # New Year's Day 2027 is a Friday nobody entered
    assert not is_working_day(date(2027, 1, 2))
    # Thursday 31 December 2026 + 2 working days: Friday 1st, then Monday 4th.
    assert add_working_days(at("2026-12-31T10:00:00"), 2) == at("2027-01-04T23:59:59")


def test_entered_days_in_2027_are_used(db):
    CalendarDay.objects.create(date=date(2027, 1, 1), is_working_day=False, note="元旦")
    assert not is_working_day(date(2027, 1, 1))
    assert add_working_days(at("2026-12-31T10:00:00"), 1) == at("2027-01-04T23:59:59")


def test_the_calendar_is_known_until_the_end_of_2026(db):
    assert calendar_known_until() == date(2026, 12, 31)


def test_entering_a_year_extends_the_known_calendar_but_a_gap_does_not(db):
    CalendarDay.objects.create(date=date(2028, 1, 1), is_working_day=False)
    assert calendar_known_until() == date(2026, 12, 31)
    CalendarDay.objects.create(date=date(2027, 1, 1), is_working_day=False)
    assert calendar_known_until() == date(2028, 12, 31)


def test_no_warning_more_than_60_days_before_the_calendar_ends(db):
    assert calendar_warning(date(2026, 10, 31)) is None


def test_a_warning_within_60_days_of_the_end(db):
    warning = calendar_warning(date(2026, 11, 1))
    assert warning is not None
    assert "2027" in warning
    assert "60" in warning


def test_a_warning_once_the_calendar_has_ended(db):
    assert "2027" in calendar_warning(date(2027, 1, 5))


def test_the_warning_uses_the_frozen_clock(db, freeze_time):
    freeze_time("2026-12-01 09:00")
    assert calendar_warning() is not None
    freeze_time("2026-06-01 09:00")
    assert calendar_warning() is None


def test_entering_next_year_silences_the_warning(db):
    CalendarDay.objects.create(date=date(2027, 1, 1), is_working_day=False)
    assert calendar_warning(date(2026, 12, 1)) is None


class TestDueStatus:
    def test_past_due_is_overdue(self, db):
        due = at("2026-03-04T23:59:59")
        assert due_status(due, now=due + timedelta(seconds=1)) == "overdue"

    def test_due_by_the_end_of_the_next_working_day_is_due_soon(self, db):
        due = at("2026-03-05T23:59:59")  # Thursday
        assert due_status(due, now=at("2026-03-04T10:00:00")) == "due_soon"
        assert due_status(due, now=at("2026-03-05T23:59:59")) == "due_soon"

    def test_due_in_two_working_days_is_ok(self, db):
        assert due_status(at("2026-03-06T23:59:59"), now=at("2026-03-04T10:00:00")) == "ok"

    def test_over_a_weekend_the_next_working_day_is_monday(self, db):
        due = at("2026-03-09T23:59:59")  # Monday
        assert due_status(due, now=at("2026-03-06T18:00:00")) == "due_soon"  # Friday evening

    def test_over_the_holiday_the_next_working_day_is_after_it(self, db):
        due = at("2026-02-24T23:59:59")
        assert due_status(due, now=at("2026-02-15T10:00:00")) == "due_soon"

    def test_no_due_date_is_ok(self, db):
        assert due_status(None) == "ok"

    def test_it_reads_the_frozen_clock(self, db, freeze_time):
        freeze_time("2026-03-10 08:00")
        assert due_status(at("2026-03-09T23:59:59")) == "overdue"


def test_the_calendar_reads_entered_days_once_for_many_questions(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        for n in range(30):
            add_working_days(at("2026-03-02T10:00:00"), n)
            due_status(at("2026-03-06T23:59:59"), now=at("2026-03-02T10:00:00"))


def test_the_calendar_agrees_with_the_package_on_every_day_it_knows(db):
    import chinese_calendar

    day = date(calendar.PACKAGE_FIRST_YEAR, 1, 1)
    while day.year <= calendar.PACKAGE_LAST_YEAR:
        assert is_working_day(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)
