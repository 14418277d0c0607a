"""Practical matters: the progress rule, the table, moving dates with a public reason, warnings."""

import datetime

import pytest

from huying.audit.events import EventName
from huying.audit.models import Event
from huying.hot.models import HotMember
from huying.hot.tests.conftest import NOISE, write  # noqa: F401  (the hot tests' fixture)
from huying.matters import actions
from huying.matters.models import Milestone, Status, progress
from huying.matters.readers import milestone_warning
from huying.matters.transitions import MatterRefused

DAY = datetime.date(2026, 9, 1)


@pytest.fixture
def matter(org, leader):
    return actions.create_matter(
        user=leader,
        title="老旧小区改造",
        problem="柳湖小区楼道破损、管网老化",
        lead=org.bureau_a,
        planned_completion=DAY + datetime.timedelta(days=90),
        milestones=[("方案设计", DAY, 1), ("施工", DAY + datetime.timedelta(days=30), 3)],
        beneficiaries=432,
        beneficiaries_who="432户居民",
    )


def test_progress_is_the_weighted_share_of_milestones_done():
    def m(weight, done):
        return Milestone(weight=weight, planned_date=DAY, actual_date=DAY if done else None)

    assert progress([]) == 0
    assert progress([m(1, True), m(1, False)]) == 50
    assert progress([m(1, True), m(3, False)]) == 25
    assert progress([m(2, True), m(1, True)]) == 100


def test_a_matter_moves_through_its_table_and_each_step_is_audited(matter, handler_a, supervisor, outsider, leader):
    with pytest.raises(MatterRefused):
        actions.complete_milestone(matter.milestones.first(), handler_a)  # not started
    with pytest.raises(MatterRefused):
        actions.start(matter, outsider)  # not the lead department
    matter = actions.start(matter, handler_a)
    assert matter.status == Status.IN_PROGRESS
    first, second = matter.milestones.all()
    actions.complete_milestone(first, handler_a, note="方案已通过评审")
    assert progress(matter.milestones.all()) == 25
    with pytest.raises(MatterRefused):
        actions.complete(matter, handler_a)  # a milestone is still open
    actions.complete_milestone(second, handler_a)
    with pytest.raises(MatterRefused):
        actions.accept(matter, handler_a)  # not done yet, and not a supervisor
    matter = actions.complete(matter, handler_a)
    with pytest.raises(MatterRefused):
        actions.accept(matter, leader)  # only a supervisor accepts
    matter = actions.accept(matter, supervisor)
    assert matter.status == Status.ACCEPTED and matter.completed
    names = list(Event.objects.for_object(matter).values_list("action", flat=True))
    assert names == [
        EventName.MATTER_CREATED,
        EventName.MATTER_START,
        EventName.MATTER_MILESTONE_DONE,
        EventName.MATTER_MILESTONE_DONE,
        EventName.MATTER_DONE,
        EventName.MATTER_ACCEPTED,
    ]
    assert Event.objects.for_object(matter).get(action=EventName.MATTER_ACCEPTED).actor == supervisor


def test_moving_a_planned_date_needs_a_reason_which_is_kept(matter, handler_a):
    milestone = matter.milestones.first()
    with pytest.raises(MatterRefused):
        actions.move_milestone(milestone, handler_a, to=DAY + datetime.timedelta(days=7), reason=" ")
    actions.move_milestone(milestone, handler_a, to=DAY + datetime.timedelta(days=7), reason="雨季施工推迟")
    milestone.refresh_from_db()
    assert milestone.planned_date == DAY + datetime.timedelta(days=7)
    event = Event.objects.for_object(matter).get(action=EventName.MATTER_MILESTONE_MOVED)
    assert "雨季施工推迟" in event.shown_reason and "2026-09-08" in event.shown_reason


def test_a_matter_from_a_hot_issue_takes_its_appeals(write, org, leader):  # noqa: F811
    appeals = [write(*text) for text in NOISE]
    issue = HotMember.objects.get(pk=appeals[0].pk).hot_issue
    matter = actions.create_matter(
        user=leader,
        title="搅拌站整治",
        problem="夜间施工噪音",
        lead=org.bureau_a,
        planned_completion=DAY,
        hot_issue=issue,
    )
    assert set(matter.source_appeals.values_list("pk", flat=True)) == {a.pk for a in appeals}
    assert "热点问题" in Event.objects.for_object(matter).get().shown_reason


def test_milestone_warnings_follow_the_working_day_calendar(matter, admin_user):
    from huying.workdays.actions import enter_calendar_days
    from huying.workdays.calendar import DUE_SOON, OK, OVERDUE, end_of_day

    milestone = matter.milestones.first()  # planned for Tuesday 1 September 2026
    assert milestone_warning(milestone, end_of_day(DAY - datetime.timedelta(days=7))) == OK
    assert milestone_warning(milestone, end_of_day(DAY - datetime.timedelta(days=1))) == DUE_SOON
    assert milestone_warning(milestone, end_of_day(DAY) + datetime.timedelta(minutes=1)) == OVERDUE
    # Friday 28 August: Monday 31 August is the next working day, so not yet due soon...
    friday = end_of_day(datetime.date(2026, 8, 28)) - datetime.timedelta(hours=8)
    assert milestone_warning(milestone, friday) == OK
    # ...unless Monday is a holiday: then Tuesday is the next working day.
    enter_calendar_days([(datetime.date(2026, 8, 31), False, "调休")], actor=admin_user)
    assert milestone_warning(milestone, friday) == DUE_SOON
    milestone.actual_date = DAY
    assert milestone_warning(milestone, friday) == ""


# The public list and page ------------------------------------------------------------------
def test_the_public_list_shows_progress_and_filters(client, matter, handler_a, org, leader):
    actions.start(matter, handler_a)
    actions.complete_milestone(matter.milestones.first(), handler_a, note="联系电话13912345678")
    other = actions.create_matter(
        user=leader,
        title="退休职工房产证办理",
        problem="36名退休职工20年未办证",
        lead=org.bureau_b,
        planned_completion=datetime.date(2025, 12, 31),
    )
    html = client.get("/matters/").content.decode()
    assert "老旧小区改造" in html and "退休职工房产证办理" in html
    assert 'data-testid="progress">25%<' in html
    html = client.get("/matters/", {"status": "in_progress"}).content.decode()
    assert "老旧小区改造" in html and "退休职工房产证办理" not in html
    html = client.get("/matters/", {"year": "2025"}).content.decode()
    assert "退休职工房产证办理" in html and "老旧小区改造" not in html
    html = client.get("/matters/", {"lead": str(org.bureau_b.pk)}).content.decode()
    assert "退休职工房产证办理" in html and "老旧小区改造" not in html
    for garbage in ({"status": "x"}, {"year": "二〇二五"}, {"lead": "-1"}, {"page": "999"}):
        assert client.get("/matters/", garbage).status_code == 200
    page = client.get(f"/matters/{matter.pk}/").content.decode()
    assert 'data-testid="progress">25%<' in page and "方案设计" in page
    # A phone typed into a milestone note never shows unmasked.
    assert "13912345678" not in page and "139****5678" in page
    assert client.get(f"/matters/{other.pk}/").status_code == 200
    assert client.get("/matters/99999/").status_code == 404


def test_the_public_pages_need_a_fixed_number_of_queries(client, matter, org, leader):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/matters/")
    with CaptureQueriesContext(connection) as few:
        client.get("/matters/")
    for n in range(5):
        actions.create_matter(
            user=leader,
            title=f"实事{n}",
            problem="问题",
            lead=org.bureau_a,
            planned_completion=DAY,
            milestones=[("一", DAY, 1), ("二", DAY, 1)],
        )
    with CaptureQueriesContext(connection) as more:
        client.get("/matters/")
    assert len(few) == len(more)
    with CaptureQueriesContext(connection) as detail:
        client.get(f"/matters/{matter.pk}/")
    assert len(detail) <= 8
