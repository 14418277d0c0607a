"""A new appeal joins a hot issue (or starts one) in the task that indexes it; regrouping repairs."""

from huying.audit.events import EventName
from huying.audit.models import Event
from huying.hot import actions
from huying.hot.models import HotIssue, HotLink, HotMember, HotRule, RuleKind
from huying.hot.tests.conftest import NOISE, NOISE_TRADITIONAL, PARKING


def issue_of(appeal):
    return HotMember.objects.get(pk=appeal.pk).hot_issue


def test_residents_writing_about_one_problem_are_grouped_and_another_problem_is_not(write):
    first, second, third = (write(*text) for text in NOISE)
    other = write(*PARKING)
    issue = issue_of(first)
    assert issue_of(second) == issue_of(third) == issue
    assert not HotMember.objects.filter(pk=other.pk).exists()
    assert HotIssue.objects.count() == 1
    assert issue.appeal_count == 3
    assert issue.window_figures(30)["residents"] == 3
    assert issue.heat_30 > 0 and issue.heat_7 > 0
    assert HotLink.objects.filter(appeal=second).exists()
    names = list(Event.objects.for_object(issue).values_list("action", flat=True))
    assert names == [EventName.HOT_ISSUE_FOUND, EventName.HOT_ISSUE_APPEAL_ADDED]


def test_an_appeal_in_traditional_characters_joins_its_simplified_twin(write):
    first = write(*NOISE[0])
    twin = write(*NOISE_TRADITIONAL)
    assert issue_of(twin) == issue_of(first)


def test_the_same_resident_writing_again_counts_once(write):
    first = write(*NOISE[0], phone="13911112222")
    write(*NOISE[1], phone="13911112222")
    write(*NOISE[2], phone="13933334444")
    figures = issue_of(first).window_figures(30)
    assert (figures["appeals"], figures["residents"]) == (3, 2)


def test_the_same_problem_in_another_street_is_another_hot_issue(write, org):
    here = write(*NOISE[0])
    there = write(*NOISE[1], street=org.other_street, community=org.other_community)
    assert not HotMember.objects.filter(pk=there.pk).exists() or issue_of(there) != issue_of(here)


def test_a_regrouping_keeps_the_id_and_changes_nothing_that_was_right(write):
    appeals = [write(*text) for text in NOISE]
    issue = issue_of(appeals[0])
    result = actions.recompute()
    assert result.moved == 0 and result.found == 0
    assert all(issue_of(a).pk == issue.pk for a in appeals)


def test_a_regrouping_repairs_an_appeal_placed_wrongly_and_merges_groups(write, dispatcher):
    a, b, c = (write(*text) for text in NOISE)
    issue = issue_of(a)
    # As if two workers had each started a hot issue at the same moment.
    stray = HotIssue.objects.create()
    HotMember.objects.filter(pk=c.pk).update(hot_issue=stray)
    result = actions.recompute()
    assert issue_of(c) == issue
    assert result.moved == 1
    stray.refresh_from_db()
    assert not stray.is_active and stray.merged_into_id in (None, issue.pk)


def test_staff_split_and_join_survive_a_regrouping_and_are_audited(write, dispatcher):
    a, b, c = (write(*text) for text in NOISE)
    issue = issue_of(a)
    new = actions.split(issue, [c.pk], user=dispatcher, reason="这是另一个搅拌站")
    assert issue_of(c) == new and issue_of(a) == issue_of(b) == issue
    assert HotRule.objects.filter(kind=RuleKind.CANNOT_LINK).count() == 1
    actions.recompute()
    assert issue_of(c) == new and issue_of(a) == issue_of(b) == issue
    split_event = Event.objects.for_object(issue).get(action=EventName.HOT_ISSUE_SPLIT)
    assert split_event.actor == dispatcher and "另一个搅拌站" in split_event.shown_reason

    keeper = actions.join(issue, new, user=dispatcher, reason="其实是同一个搅拌站")
    assert keeper == issue
    actions.recompute()
    assert issue_of(a) == issue_of(b) == issue_of(c) == issue
    new.refresh_from_db()
    assert new.merged_into == issue
    # The join replaced the split's rule: nothing keeps them apart any more.
    assert not HotRule.objects.in_force().filter(kind=RuleKind.CANNOT_LINK).exists()
    assert Event.objects.for_object(new).filter(action=EventName.HOT_ISSUE_JOINED, actor=dispatcher).exists()


def test_a_split_needs_a_reason_and_some_but_not_all_appeals(write, dispatcher):
    import pytest

    a, b = write(*NOISE[0]), write(*NOISE[1])
    issue = issue_of(a)
    with pytest.raises(actions.HotRefused):
        actions.split(issue, [a.pk], user=dispatcher, reason="  ")
    with pytest.raises(actions.HotRefused):
        actions.split(issue, [a.pk, b.pk], user=dispatcher, reason="全部")
    with pytest.raises(actions.HotRefused):
        actions.join(issue, issue, user=dispatcher, reason="同一个")


def test_finding_every_link_again_at_once_finds_what_placing_found(write, org):
    import datetime

    from django.utils import timezone

    from huying.hot import links

    for text in [*NOISE, PARKING]:
        write(*text)
    write(*NOISE[0], phone="13955556666")
    write(NOISE[1][0] + "，再次反映", NOISE[1][1], phone="13955556666", street=org.other_street, community=None)
    placed = set(HotLink.objects.values_list("appeal_id", "other_id", "score"))
    assert len(placed) >= 4
    HotLink.objects.all().delete()
    assert links.rebuild(timezone.now() - datetime.timedelta(days=1)) == len(placed)
    assert set(HotLink.objects.values_list("appeal_id", "other_id", "score")) == placed


def test_the_hourly_task_and_the_commands_regroup_and_refresh(write, capsys):
    from django.core.management import call_command

    from huying.hot import tasks

    appeals = [write(*text) for text in NOISE]
    issue = issue_of(appeals[0])
    HotIssue.objects.filter(pk=issue.pk).update(heat_30=0, figures={})
    tasks.regroup_hot_issues.call_local()
    issue.refresh_from_db()
    assert issue.heat_30 > 0 and issue_of(appeals[2]) == issue
    call_command("hot", "recompute")
    assert "3 appeals regrouped: 0 moved" in capsys.readouterr().out
    HotLink.objects.all().delete()
    call_command("hot", "rebuild", verbosity=0)
    out = capsys.readouterr().out
    assert "links found" in out and HotLink.objects.count() >= 2
    assert all(issue_of(a) == issue for a in appeals)
