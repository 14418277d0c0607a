"""Merging: the later appeal joins the earlier one's work order; each resident keeps their own."""

import pytest
from django.core.exceptions import PermissionDenied

from huying.appeals.models import Kind
from huying.audit.models import Event
from huying.duplicates import actions
from huying.duplicates.actions import MergeRefused
from huying.duplicates.models import Merge
from huying.notifications.models import Outbox
from huying.workorders import actions as wo
from huying.workorders.models import FollowUp, State

LAMP_AGAIN = {"title": "渭工路小区门口路灯坏了", "description": "渭工路小区门口的路灯坏了一个多月了，晚上很黑。"}


@pytest.fixture
def pair(world):
    """An earlier appeal already dispatched, and a later one from another resident, new."""
    earlier, later = world.appeal(), world.appeal(phone="13800005678", contact_name="李秀英", **LAMP_AGAIN)
    codes = {earlier.pk: earlier.query_code, later.pk: later.query_code}
    earlier, later = world.dispatch(earlier), world.refresh(later)
    earlier.query_code, later.query_code = codes[earlier.pk], codes[later.pk]
    return earlier, later


def outbox_count(appeal) -> int:
    return Outbox.objects.filter(appeal=appeal).count()


def bring_to_reply(world, appeal):
    wo.accept(world.co_a, appeal)
    wo.accept(world.lead, appeal)
    wo.accept(world.co_c, appeal)
    wo.give_input(world.co_a, appeal, text="住建局：已安排检修。")
    wo.give_input(world.co_c, appeal, text="乙街道：配合现场协调。")
    wo.reply(world.lead, appeal, text="经核实，路灯已于本周修复。")
    wo.publish_reply(world.dispatcher, appeal)


def test_the_later_appeal_joins_the_earlier_ones_work_order_and_mirrors_its_status(world, pair):
    earlier, later = pair
    row = actions.merge(world.dispatcher, later, earlier)
    later = world.refresh(later)
    assert (row.appeal_id, row.into_id) == (later.pk, earlier.pk)
    assert later.work_order_id == earlier.work_order_id
    assert later.duplicate_of_id == earlier.pk
    assert later.status == "dispatched"  # not "merged": the resident follows the handling


def test_the_order_of_the_two_appeals_given_does_not_matter(world, pair):
    earlier, later = pair
    row = actions.merge(world.dispatcher, earlier, later)
    assert (row.appeal_id, row.into_id) == (later.pk, earlier.pk)


def test_each_resident_gets_the_shared_reply_on_their_own_appeal(world, pair):
    earlier, later = pair
    actions.merge(world.dispatcher, later, earlier)
    before = outbox_count(earlier), outbox_count(later)
    bring_to_reply(world, earlier)
    later = world.refresh(later)
    assert later.status == "replied"
    assert [r.text for r in later.work_order.replies.filter(status="published")] == ["经核实，路灯已于本周修复。"]
    # Both were told of acceptance and of the reply, each on their own phone.
    assert outbox_count(earlier) - before[0] == outbox_count(later) - before[1] >= 2


def track(client, appeal):
    response = client.post("/appeals/track/", {"ticket_number": appeal.ticket_number, "query_code": appeal.query_code})
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def test_each_resident_sees_their_own_appeal_and_the_shared_reply_on_their_own_tracking_page(world, pair, client):
    earlier, later = pair
    actions.merge(world.dispatcher, later, earlier)
    bring_to_reply(world, earlier)
    for own, other in ((earlier, later), (later, earlier)):
        page = track(client, own)
        assert own.ticket_number in page and other.ticket_number not in page
        assert own.title in page
        assert "经核实，路灯已于本周修复。" in page  # the shared reply
        assert 'data-testid="rate"' in page  # and their own rating form


def test_an_unsatisfied_rating_from_the_merged_resident_reopens_the_shared_work_order_and_tells_the_other(
    world, pair, client
):
    earlier, later = pair
    actions.merge(world.dispatcher, later, earlier)
    bring_to_reply(world, earlier)
    told_before = outbox_count(earlier)
    track(client, later)  # the rating is taken in the session that gave the query code
    response = client.post(f"/rate/{later.ticket_number}/", {"satisfaction": "unsatisfied", "comment": "路灯还是不亮"})
    assert response.status_code == 302
    assert FollowUp.objects.get().appeal_id == later.pk  # their own follow-up
    assert world.refresh(earlier).work_order.state == State.REOPENED
    assert world.refresh(earlier).status == world.refresh(later).status == "reopened"
    told = Outbox.objects.filter(appeal=earlier).order_by("-id")[: outbox_count(earlier) - told_before]
    assert any(earlier.ticket_number in m.body and "另一位群众" in m.body for m in told)
    assert not any("另一位群众" in m.body for m in Outbox.objects.filter(appeal=later))


def test_a_satisfied_follow_up_tells_no_one_else(world, pair):
    earlier, later = pair
    actions.merge(world.dispatcher, later, earlier)
    bring_to_reply(world, earlier)
    told_before = outbox_count(earlier)
    wo.follow_up(world.dispatcher, world.refresh(later), satisfaction="satisfied", solved=True)
    assert outbox_count(earlier) == told_before


def test_unmerging_restores_the_appeal_to_what_it_was(world, pair):
    earlier, later = pair
    actions.merge(world.dispatcher, later, earlier)
    actions.unmerge(world.dispatcher, later)
    later = world.refresh(later)
    assert (later.work_order_id, later.duplicate_of_id, later.status) == (None, None, "submitted")
    assert Merge.objects.active().count() == 0
    # It can be dispatched on its own again.
    assert world.dispatch(later).work_order_id != earlier.work_order_id


def test_unmerging_a_reviewed_appeal_restores_reviewed(world, pair):
    earlier, later = pair
    wo.review(world.dispatcher, later)
    actions.merge(world.dispatcher, world.refresh(later), earlier)
    actions.unmerge_pair(world.dispatcher, earlier, later)
    assert world.refresh(later).status == "reviewed"


def test_merging_and_unmerging_are_recorded_with_who_and_what(world, pair):
    earlier, later = pair
    actions.merge(world.dispatcher, later, earlier, note="同一路灯")
    actions.unmerge(world.dispatcher, later, note="不是同一处")
    events = list(Event.objects.for_object(later).filter(action__in=["merged", "unmerged"]))
    assert [(e.action, e.actor, e.from_state, e.to_state, e.reason) for e in events] == [
        ("merged", world.dispatcher, "submitted", "dispatched", "同一路灯"),
        ("unmerged", world.dispatcher, "dispatched", "submitted", "不是同一处"),
    ]
    work_order_events = Event.objects.for_object(earlier.work_order).values_list("action", flat=True)
    assert {"appeal_joined", "appeal_left"} <= set(work_order_events)


def test_the_resident_timeline_shows_the_merge(world, pair):
    from huying.appeals.timeline import timeline_for

    earlier, later = pair
    actions.merge(world.dispatcher, later, earlier)
    assert "Merged with an appeal about the same matter" in [str(s.label) for s in timeline_for(later)] or any(
        "合并" in str(s.label) for s in timeline_for(later)
    )


@pytest.mark.parametrize("name", ["handler_a", "supervisor", "leader", "moderator"])
def test_only_a_dispatcher_may_merge_or_unmerge(world, pair, request, name):
    earlier, later = pair
    user = request.getfixturevalue(name)
    with pytest.raises(PermissionDenied):
        actions.merge(user, later, earlier)
    actions.merge(world.dispatcher, later, earlier)
    with pytest.raises(PermissionDenied):
        actions.unmerge(user, later)
    assert Merge.objects.active().count() == 1


def test_a_later_appeal_already_dispatched_on_its_own_is_not_merged(world, pair):
    earlier, later = pair
    world.dispatch(later)
    with pytest.raises(MergeRefused, match="已在单独办理|already being handled"):
        actions.merge(world.dispatcher, later, earlier)


def test_an_earlier_appeal_without_a_work_order_is_dispatched_first(world):
    earlier = world.appeal()
    later = world.appeal(phone="13800005678", **LAMP_AGAIN)
    with pytest.raises(MergeRefused, match="dispatch it first|先派单"):
        actions.merge(world.dispatcher, later, earlier)


def test_a_closed_work_order_takes_no_more_appeals(world):
    earlier = world.in_state(State.CLOSED)
    later = world.appeal(phone="13800005678", **LAMP_AGAIN)
    with pytest.raises(MergeRefused):
        actions.merge(world.dispatcher, later, earlier)


def test_reports_of_wrongdoing_are_never_merged(world):
    earlier = world.dispatch(world.appeal())
    later = world.appeal(phone="13800005678", kind=Kind.REPORT, **LAMP_AGAIN)
    with pytest.raises(MergeRefused):
        actions.merge(world.dispatcher, later, earlier)


def test_a_third_appeal_merged_into_a_merged_one_joins_the_original(world, pair):
    earlier, later = pair
    actions.merge(world.dispatcher, later, earlier)
    third = world.appeal(phone="13700009999", **LAMP_AGAIN)
    row = actions.merge(world.dispatcher, third, world.refresh(later))
    assert row.into_id == earlier.pk
    assert world.refresh(third).work_order_id == earlier.work_order_id


def test_an_appeal_merged_twice_is_refused(world, pair):
    earlier, later = pair
    actions.merge(world.dispatcher, later, earlier)
    other = world.dispatch(world.appeal(phone="13700009999"))
    with pytest.raises(MergeRefused):
        actions.merge(world.dispatcher, world.refresh(later), other)


def test_unmerging_an_appeal_that_is_not_merged_is_refused(world, pair):
    _earlier, later = pair
    with pytest.raises(MergeRefused):
        actions.unmerge(world.dispatcher, later)
