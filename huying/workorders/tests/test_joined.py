"""并入工单: the later appeal joins the earlier one's work order; each resident keeps their own
tracking page, replies, rating form, status and follow-up."""

import re

import pytest

from huying.appeals.models import Kind
from huying.audit.models import Event
from huying.notifications.models import Outbox
from huying.workorders import actions as wo
from huying.workorders.models import FollowUp, State
from huying.workorders.transitions import ActionInvalid, TransitionRefused, WorkflowError

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
    wo.join(world.dispatcher, later, into=earlier)
    later = world.refresh(later)
    assert later.work_order_id == earlier.work_order_id
    assert later.duplicate_of_id == earlier.pk
    assert later.status == "dispatched"  # the resident follows the handling


def test_the_earlier_appeal_cannot_join_the_later_one(world, pair):
    earlier, later = pair
    with pytest.raises(TransitionRefused):
        wo.join(world.dispatcher, earlier, into=later)


def test_each_resident_gets_the_shared_reply_on_their_own_appeal(world, pair):
    earlier, later = pair
    wo.join(world.dispatcher, later, into=earlier)
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
    wo.join(world.dispatcher, later, into=earlier)
    bring_to_reply(world, earlier)
    for own, other in ((earlier, later), (later, earlier)):
        page = track(client, own)
        assert own.ticket_number in page and other.ticket_number not in page
        assert own.title in page
        assert "经核实，路灯已于本周修复。" in page  # the shared reply
        assert 'data-testid="rate"' in page  # and their own rating form


def test_an_unsatisfied_rating_from_the_joined_resident_reopens_the_shared_work_order_and_tells_the_other(
    world, pair, client
):
    earlier, later = pair
    wo.join(world.dispatcher, later, into=earlier)
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
    wo.join(world.dispatcher, later, into=earlier)
    bring_to_reply(world, earlier)
    told_before = outbox_count(earlier)
    wo.follow_up(world.dispatcher, world.refresh(later), satisfaction="satisfied", solved=True)
    assert outbox_count(earlier) == told_before


def test_leaving_puts_the_appeal_back_in_the_review_queue(world, pair):
    earlier, later = pair
    wo.join(world.dispatcher, later, into=earlier)
    wo.leave(world.dispatcher, world.refresh(later))
    later = world.refresh(later)
    assert (later.work_order_id, later.duplicate_of_id, later.status) == (None, None, "reviewed")
    # It can be dispatched on its own again.
    assert world.dispatch(later).work_order_id != earlier.work_order_id


def test_joining_and_leaving_are_recorded_with_who_and_what(world, pair):
    earlier, later = pair
    wo.join(world.dispatcher, later, into=earlier, note="同一路灯")
    wo.leave(world.dispatcher, world.refresh(later), note="不是同一处")
    events = list(Event.objects.for_object(later).filter(action__in=["join", "leave"]))
    assert [(e.action, e.actor, e.from_state, e.to_state, e.reason) for e in events] == [
        ("join", world.dispatcher, "submitted", "dispatched", "同一路灯"),
        ("leave", world.dispatcher, "dispatched", "reviewed", "不是同一处"),
    ]
    work_order_events = Event.objects.for_object(earlier.work_order).values_list("action", flat=True)
    assert {"appeal_joined", "appeal_left"} <= set(work_order_events)


def test_the_resident_timeline_shows_the_join(world, pair):
    from huying.appeals.timeline import timeline_for

    earlier, later = pair
    wo.join(world.dispatcher, later, into=earlier)
    assert any("一并办理" in s.label or "together" in s.label for s in timeline_for(later))


@pytest.mark.parametrize("name", ["handler_a", "supervisor", "leader", "moderator"])
def test_only_a_dispatcher_may_join_or_leave(world, pair, request, name):
    earlier, later = pair
    user = request.getfixturevalue(name)
    with pytest.raises(TransitionRefused):
        wo.join(user, later, into=earlier)
    wo.join(world.dispatcher, later, into=earlier)
    with pytest.raises(TransitionRefused):
        wo.leave(user, world.refresh(later))
    assert world.refresh(later).is_joined


def test_a_later_appeal_already_dispatched_on_its_own_does_not_join(world, pair):
    earlier, later = pair
    world.dispatch(later)
    with pytest.raises(TransitionRefused):
        wo.join(world.dispatcher, later, into=earlier)


def test_an_earlier_appeal_without_a_work_order_is_dispatched_first(world):
    earlier = world.appeal()
    later = world.appeal(phone="13800005678", **LAMP_AGAIN)
    with pytest.raises(ActionInvalid, match="dispatch it first|先派单"):
        wo.join(world.dispatcher, later, into=earlier)


def test_a_closed_work_order_takes_no_more_appeals(world):
    earlier = world.in_state(State.CLOSED)
    later = world.appeal(phone="13800005678", **LAMP_AGAIN)
    with pytest.raises(WorkflowError):
        wo.join(world.dispatcher, later, into=earlier)


def test_reports_of_wrongdoing_never_join(world):
    earlier = world.dispatch(world.appeal())
    later = world.appeal(phone="13800005678", kind=Kind.REPORT, **LAMP_AGAIN)
    with pytest.raises(WorkflowError):
        wo.join(world.dispatcher, later, into=earlier)


def test_a_third_appeal_joined_to_a_joined_one_joins_the_original(world, pair):
    earlier, later = pair
    wo.join(world.dispatcher, later, into=earlier)
    third = world.appeal(phone="13700009999", **LAMP_AGAIN)
    wo.join(world.dispatcher, third, into=world.refresh(later))
    assert world.refresh(third).duplicate_of_id == earlier.pk
    assert world.refresh(third).work_order_id == earlier.work_order_id


def test_an_appeal_joined_twice_is_refused(world, pair):
    earlier, later = pair
    wo.join(world.dispatcher, later, into=earlier)
    other = world.dispatch(world.appeal(phone="13700009999"))
    with pytest.raises(WorkflowError):
        wo.join(world.dispatcher, world.refresh(later), into=other)


def test_leaving_is_refused_for_an_appeal_that_did_not_join(world, pair):
    earlier, later = pair
    with pytest.raises(WorkflowError):
        wo.leave(world.dispatcher, later)
    with pytest.raises(WorkflowError):
        wo.leave(world.dispatcher, earlier)


# Each resident keeps their own follow-up ------------------------------------------------------
def test_one_residents_rating_leaves_the_others_form_and_status_alone(world, pair, client):
    earlier, later = pair
    wo.join(world.dispatcher, later, into=earlier)
    bring_to_reply(world, earlier)
    wo.rate(world.refresh(earlier), satisfaction="satisfied", comment="修得很快")
    assert world.refresh(earlier).status == State.FOLLOWED_UP
    # The other resident has not been followed up: their appeal still waits, and so does the work order.
    assert world.refresh(later).status == State.REPLIED
    assert world.refresh(earlier).work_order.state == State.REPLIED
    page = track(client, later)
    assert 'data-testid="rate"' in page and 'data-testid="rated"' not in page
    with pytest.raises(TransitionRefused):
        wo.close(world.dispatcher, world.refresh(earlier))
    # Once they rate too, the work order is followed up and may be closed.
    wo.rate(world.refresh(later), satisfaction="fairly_satisfied")
    assert world.refresh(earlier).work_order.state == State.FOLLOWED_UP
    wo.close(world.dispatcher, world.refresh(earlier))
    assert world.refresh(later).status == world.refresh(earlier).status == State.CLOSED


def test_the_rated_resident_cannot_rate_again_while_the_other_waits(world, pair):
    earlier, later = pair
    wo.join(world.dispatcher, later, into=earlier)
    bring_to_reply(world, earlier)
    wo.rate(world.refresh(earlier), satisfaction="satisfied")
    with pytest.raises(TransitionRefused):
        wo.rate(world.refresh(earlier), satisfaction="unsatisfied")


def test_each_appeals_staff_page_lists_only_its_own_residents_rating(world, pair, client_for):
    earlier, later = pair
    wo.join(world.dispatcher, later, into=earlier)
    bring_to_reply(world, earlier)
    wo.rate(world.refresh(earlier), satisfaction="satisfied", comment="甲的评价很好")
    staff = client_for(world.dispatcher)
    assert "甲的评价很好" in staff.get(f"/staff/appeals/{earlier.pk}/").content.decode()
    assert "甲的评价很好" not in staff.get(f"/staff/appeals/{later.pk}/").content.decode()


def test_the_follow_up_queue_lists_every_resident_still_to_be_followed_up(world, pair, client_for):
    earlier, later = pair
    wo.join(world.dispatcher, later, into=earlier)
    bring_to_reply(world, earlier)
    wo.rate(world.refresh(earlier), satisfaction="satisfied")
    html = client_for(world.dispatcher).get("/staff/follow-up/").content.decode()
    assert later.ticket_number in html and earlier.ticket_number not in html


def test_a_reopened_work_order_asks_every_resident_again_after_the_next_reply(world, pair):
    earlier, later = pair
    wo.join(world.dispatcher, later, into=earlier)
    bring_to_reply(world, earlier)
    wo.rate(world.refresh(earlier), satisfaction="satisfied")
    wo.rate(world.refresh(later), satisfaction="unsatisfied")
    assert world.refresh(earlier).status == world.refresh(later).status == State.REOPENED
    wo.reply(world.lead, world.refresh(earlier), text="再次处理后已修复。")
    wo.publish_reply(world.dispatcher, world.refresh(earlier))
    assert world.refresh(earlier).status == world.refresh(later).status == State.REPLIED
    wo.rate(world.refresh(later), satisfaction="satisfied")
    assert world.refresh(earlier).work_order.state == State.REPLIED  # the first resident is asked again


def test_a_joined_appeal_is_found_by_the_staff_search_and_marked_joined(world, pair, client_for):
    earlier, later = pair
    wo.join(world.dispatcher, later, into=earlier)
    staff = client_for(world.dispatcher)
    by_ticket = staff.get("/staff/appeals/", {"q": later.ticket_number}).content.decode()
    assert later.ticket_number in by_ticket and 'data-testid="joined-mark"' in by_ticket
    by_text = staff.get("/staff/appeals/", {"q": "門口路燈"}).content.decode()  # in the other script
    assert later.ticket_number in by_text


def test_the_last_resident_leaving_completes_the_follow_up(world, pair):
    earlier, later = pair
    wo.join(world.dispatcher, later, into=earlier)
    bring_to_reply(world, earlier)
    wo.rate(world.refresh(earlier), satisfaction="satisfied")
    wo.leave(world.dispatcher, world.refresh(later))
    assert world.refresh(earlier).work_order.state == State.FOLLOWED_UP


# 作为重复件不予受理 ------------------------------------------------------------------------------
def test_a_repeats_resident_is_told_which_appeal_it_repeats_and_sees_its_public_reply(world, client):
    from huying.board.actions import publish

    original = world.in_state(State.REPLIED)
    repeat = world.appeal(phone="13700001111", title="又是路灯的问题")
    wo.reject_duplicate(world.dispatcher, repeat, duplicate_of=original)
    page = track(client, world.refresh(repeat))
    assert 'data-testid="repeats"' in page and original.ticket_number in page
    assert "经核实，路灯已于本周修复。" not in page  # the earlier appeal is not public
    publish(world.dispatcher, world.refresh(original))
    page = track(client, world.refresh(repeat))
    assert 'data-testid="repeat-replies"' in page and "经核实，路灯已于本周修复。" in page
    assert "张建华" not in page and "13900001234" not in page


def test_the_public_board_shows_the_residents_view_of_the_state(world, client, settings):
    from huying.board.actions import publish

    settings.HUYING_REOPEN_LIMIT = 0
    appeal = world.in_state(State.REPLIED)
    publish(world.dispatcher, appeal)
    wo.follow_up(world.dispatcher, world.refresh(appeal), satisfaction="unsatisfied", solved=False)
    assert world.refresh(appeal).status == State.AWAITING_DECISION
    html = client.get(f"/board/{appeal.pk}/").content.decode()
    assert "已回访" in html and "待督办决定" not in html


def test_the_appeal_page_offers_exactly_what_the_actions_accept(world, client_for):
    from huying.workorders.transitions import offered

    for state in (State.SUBMITTED, State.DISPATCHED, State.IN_PROGRESS, State.REPLIED):
        appeal = world.in_state(state)
        for user in (world.dispatcher, world.lead, world.co_a, world.supervisor):
            html = client_for(user).get(f"/staff/appeals/{appeal.pk}/").content.decode()
            shown = set(re.findall(r'data-testid="action-(\w+)"', html))
            assert shown == set(offered(user, world.refresh(appeal))) - {"show_contact", "rate", "enter"}, (
                state, user.username,
            )  # fmt: skip


def test_the_appeal_page_runs_the_same_queries_however_many_appeals_joined(
    world, client_for, django_assert_max_num_queries
):
    appeal = world.in_state(State.IN_PROGRESS)
    client = client_for(world.dispatcher)
    client.get(f"/staff/appeals/{appeal.pk}/")
    with django_assert_max_num_queries(26) as alone:
        client.get(f"/staff/appeals/{appeal.pk}/")
    for n in range(4):
        wo.join(world.dispatcher, world.appeal(phone=f"1370000{n:04d}"), into=appeal)
    with django_assert_max_num_queries(len(alone.captured_queries)):
        html = client.get(f"/staff/appeals/{appeal.pk}/").content.decode()
    assert html.count('href="/staff/appeals/') >= 4


def test_the_tracking_page_and_the_board_detail_run_the_same_queries_however_many_replies(
    world, client, django_assert_max_num_queries, settings
):
    from huying.board.actions import publish

    settings.HUYING_REOPEN_LIMIT = 10
    appeal = world.in_state(State.REPLIED)
    publish(world.dispatcher, appeal)
    track(client, appeal)
    tracking_url, board_url = f"/appeals/track/{appeal.ticket_number}/", f"/board/{appeal.pk}/"
    client.get(tracking_url)
    with django_assert_max_num_queries(12) as tracking:
        client.get(tracking_url)
    with django_assert_max_num_queries(8) as board:
        client.get(board_url)
    wo.follow_up(world.dispatcher, world.refresh(appeal), satisfaction="unsatisfied", solved=False)
    for n in range(3):
        wo.reply(world.lead, world.refresh(appeal), text=f"第{n}次答复")
        wo.publish_reply(world.dispatcher, world.refresh(appeal))
        if n < 2:
            wo.follow_up(world.dispatcher, world.refresh(appeal), satisfaction="unsatisfied", solved=False)
    with django_assert_max_num_queries(len(tracking.captured_queries)):
        assert "第2次答复" in client.get(tracking_url).content.decode()
    with django_assert_max_num_queries(len(board.captured_queries)):
        assert "第2次答复" in client.get(board_url).content.decode()
