"""The lifecycle's rules beyond who-may-when: deadlines in working days, extension,
return and re-dispatch, co-handlers' input, reopen, duplicates, reports of wrongdoing."""

from datetime import datetime

import pytest
from django.test import override_settings

from huying.appeals.models import Appeal
from huying.audit.models import Event
from huying.board import actions as board_actions
from huying.notifications.models import Outbox
from huying.workdays.calendar import SHANGHAI
from huying.workorders import actions
from huying.workorders.models import Assignment, ExtensionRequest, Reply, State
from huying.workorders.signals import appeal_dispatched
from huying.workorders.tests.conftest import work_order_of
from huying.workorders.transitions import (
    ActionInvalid,
    NeedsConfirmation,
    TransitionRefused,
    state_of,
)


def at(text):
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


class TestDeadlines:
    def test_a_dispatch_before_the_spring_festival_counts_the_make_up_saturday_and_skips_the_holiday(
        self, world, freeze_time
    ):
        freeze_time("2026-02-13 10:00")  # Friday before the holiday
        appeal = world.dispatch(world.appeal(kind="complaint"))
        work_order = work_order_of(appeal)
        # Sat 14 Feb is a make-up workday; 15-23 Feb are the holiday.
        assert work_order.reply_due == at("2026-02-27 23:59:59")
        lead = work_order.lead_assignment
        assert lead.accept_due == at("2026-02-14 23:59:59")
        co = work_order.co_assignments[0]
        assert co.input_due == at("2026-02-25 23:59:59")

    def test_an_enquiry_dispatched_on_the_last_day_before_the_holiday_is_due_after_it(self, world, freeze_time):
        freeze_time("2026-02-14 16:00")  # the make-up Saturday itself
        appeal = world.dispatch(world.appeal(kind="enquiry"), co_handlers=[])
        assert work_order_of(appeal).reply_due == at("2026-02-24 23:59:59")

    def test_the_dispatcher_sets_the_co_handlers_deadline(self, world, freeze_time):
        freeze_time("2026-03-02 09:00")  # Monday
        appeal = world.dispatch(world.appeal(), co_handler_days=1)
        assert work_order_of(appeal).co_assignments[0].input_due == at("2026-03-03 23:59:59")

    def test_an_approved_extension_moves_the_deadline_by_working_days_over_a_make_up_saturday(self, world, freeze_time):
        freeze_time("2026-02-20 10:00")  # in the holiday: the first working day after is Tue 24
        appeal = world.dispatch(world.appeal(kind="complaint"), co_handlers=[])
        assert work_order_of(appeal).reply_due == at("2026-02-28 23:59:59")  # 24,25,26,27,28(Sat)
        actions.accept(world.lead, appeal)
        freeze_time("2026-02-25 10:00")
        actions.request_extension(world.lead, appeal, days=2, reason="需要等待检测结果")
        assert work_order_of(appeal).reply_due == at("2026-02-28 23:59:59")  # not before approval
        actions.approve_extension(world.dispatcher, appeal)
        work_order = work_order_of(appeal)
        # Sun 1 Mar is a holiday-free Sunday: Mon 2, Tue 3.
        assert work_order.reply_due == at("2026-03-03 23:59:59")
        extension = work_order.extensions.get()
        assert (extension.status, extension.old_due, extension.new_due) == (
            ExtensionRequest.Status.APPROVED,
            at("2026-02-28 23:59:59"),
            at("2026-03-03 23:59:59"),
        )

    def test_a_denied_extension_leaves_the_deadline(self, world):
        appeal = world.in_state(State.IN_PROGRESS)
        due = work_order_of(appeal).reply_due
        actions.request_extension(world.lead, appeal, days=5, reason="人手不足")
        with pytest.raises(ActionInvalid):
            actions.request_extension(world.lead, appeal, days=1, reason="再申请")
        with pytest.raises(ActionInvalid):
            actions.deny_extension(world.dispatcher, appeal, note="")
        actions.deny_extension(world.dispatcher, appeal, note="时限内可以办结")
        assert work_order_of(appeal).reply_due == due
        assert work_order_of(appeal).extensions.get().status == ExtensionRequest.Status.DENIED

    @pytest.mark.parametrize("days", [0, -1, 31, "三"])
    def test_an_extension_of_a_wrong_number_of_days_is_refused(self, world, days):
        appeal = world.in_state(State.IN_PROGRESS)
        with pytest.raises(ActionInvalid):
            actions.request_extension(world.lead, appeal, days=days, reason="理由")

    def test_a_reopen_sets_a_new_deadline_from_the_day_of_the_follow_up(self, world, freeze_time):
        freeze_time("2026-03-02 09:00")
        appeal = world.in_state(State.REPLIED)
        freeze_time("2026-03-10 15:00")  # Tuesday
        actions.follow_up(world.dispatcher, appeal, satisfaction="unsatisfied", solved=False)
        work_order = work_order_of(appeal)
        assert (work_order.state, work_order.reopen_count) == (State.REOPENED, 1)
        assert work_order.reply_due == at("2026-03-17 23:59:59")


class TestReturnAndRedispatch:
    def test_a_return_needs_a_reason(self, world):
        appeal = world.dispatch(world.appeal())
        with pytest.raises(ActionInvalid):
            actions.return_work_order(world.lead, appeal, reason="  ")
        assert state_of(world.refresh(appeal)) == State.DISPATCHED

    def test_a_redispatch_after_a_return_keeps_the_original_reply_deadline(self, world, freeze_time):
        freeze_time("2026-03-02 09:00")
        appeal = world.dispatch(world.appeal(), co_handlers=[world.org.bureau_a])
        original_due = work_order_of(appeal).reply_due
        freeze_time("2026-03-03 11:00")
        actions.return_work_order(world.lead, appeal, reason="不在本街道辖区")
        assert state_of(world.refresh(appeal)) == State.RETURNED
        assert world.refresh(appeal).status == "returned"
        actions.redispatch(world.dispatcher, appeal, lead=world.org.other_street, co_handlers=[world.org.bureau_a])
        work_order = work_order_of(appeal)
        assert work_order.reply_due == original_due
        assert work_order.lead_department == world.org.other_street
        lead = work_order.lead_assignment
        assert lead.is_pending and lead.accept_due == at("2026-03-04 23:59:59")
        assert state_of(world.refresh(appeal)) == State.DISPATCHED
        # The returning street keeps its row for the record but no longer sees the work order.
        old = Assignment.objects.get(work_order=work_order, department=world.org.street)
        assert old.replaced_at is not None and old.return_reason == "不在本街道辖区"
        # The co-handler that had nothing to do with the return keeps its part.
        assert work_order.co_assignments[0].department == world.org.bureau_a

    def test_a_co_handler_returning_its_part_is_replaced_without_touching_the_lead(self, world):
        appeal = world.in_state(State.ACCEPTED)  # the other street has not accepted yet
        actions.return_work_order(world.co_c, appeal, reason="与本街道无关")
        assert state_of(world.refresh(appeal)) == State.IN_PROGRESS
        actions.redispatch(
            world.dispatcher, appeal, lead=world.org.street, co_handlers=[world.org.bureau_a, world.org.bureau_b]
        )
        work_order = work_order_of(appeal)
        assert work_order.lead_assignment.is_accepted
        assert {a.department for a in work_order.co_assignments} == {world.org.bureau_a, world.org.bureau_b}
        assert state_of(world.refresh(appeal)) == State.ACCEPTED

    def test_a_redispatch_without_a_returned_part_is_refused(self, world):
        appeal = world.in_state(State.IN_PROGRESS)
        with pytest.raises(ActionInvalid):
            actions.redispatch(world.dispatcher, appeal, lead=world.org.bureau_b)


class TestCoHandlers:
    def test_the_lead_cannot_reply_while_a_co_handler_is_still_within_its_deadline(self, world):
        appeal = world.in_state(State.IN_PROGRESS)
        actions.give_input(world.co_a, appeal, text="住建局意见")
        with pytest.raises(ActionInvalid) as refused:
            actions.reply(world.lead, appeal, text="答复")
        assert "乙街道" in str(refused.value.message)

    def test_after_the_co_handlers_deadline_the_lead_replies_and_the_gap_is_recorded(self, world, freeze_time):
        freeze_time("2026-03-02 09:00")
        appeal = world.in_state(State.IN_PROGRESS)
        actions.give_input(world.co_a, appeal, text="住建局意见")
        freeze_time("2026-03-06 09:00")  # past the 3 working days
        actions.reply(world.lead, appeal, text="答复")
        answer = Reply.objects.get(work_order=work_order_of(appeal))
        assert answer.missing_input_from == "乙街道"
        assert "乙街道" in Event.objects.for_object(work_order_of(appeal)).filter(action="reply").get().reason

    def test_the_lead_sees_the_co_handlers_input(self, world, client_for):
        appeal = world.in_state(State.IN_PROGRESS)
        actions.give_input(world.co_a, appeal, text="住建局已派人检修线路")
        page = client_for(world.lead).get(f"/staff/appeals/{appeal.pk}/")
        assert "住建局已派人检修线路" in page.content.decode()

    def test_a_co_handler_cannot_reply_and_a_lead_cannot_give_input(self, world):
        appeal = world.in_state(State.IN_PROGRESS)
        with pytest.raises(TransitionRefused):
            actions.reply(world.co_a, appeal, text="答复")
        with pytest.raises(TransitionRefused):
            actions.give_input(world.lead, appeal, text="意见")


class TestReopen:
    def test_an_unsatisfied_follow_up_reopens_to_the_same_department_keeping_the_earlier_reply(self, world):
        appeal = world.in_state(State.REPLIED)
        actions.follow_up(world.dispatcher, appeal, satisfaction="unsatisfied", solved=False, comment="灯还是不亮")
        work_order = work_order_of(appeal)
        assert work_order.state == State.REOPENED
        assert work_order.lead_department == world.org.street
        assert world.refresh(appeal).status == "reopened"
        actions.reply(world.lead, appeal, text="已更换灯具。")
        actions.publish_reply(world.dispatcher, appeal)
        replies = list(work_order.replies.order_by("created", "id"))
        assert [(r.round, r.is_published) for r in replies] == [(0, True), (1, True)]

    @override_settings(HUYING_REOPEN_LIMIT=1)
    def test_after_the_reopen_limit_a_supervisor_decides(self, world):
        appeal = world.in_state(State.REPLIED)
        actions.follow_up(world.dispatcher, appeal, satisfaction="unsatisfied", solved=False)
        actions.reply(world.lead, appeal, text="第二次答复")
        actions.publish_reply(world.dispatcher, appeal)
        actions.rate(appeal, satisfaction="unsatisfied", comment="还是没解决")
        assert state_of(world.refresh(appeal)) == State.AWAITING_DECISION
        with pytest.raises(TransitionRefused):
            actions.supervisor_reopen(world.dispatcher, appeal, reason="再办")
        actions.supervisor_reopen(world.supervisor, appeal, reason="责成再次办理")
        work_order = work_order_of(appeal)
        assert (work_order.state, work_order.reopen_count) == (State.REOPENED, 2)

    def test_a_satisfied_rating_by_the_resident_is_recorded_and_the_dispatch_centre_closes(self, world):
        appeal = world.in_state(State.REPLIED)
        actions.rate(appeal, satisfaction="satisfied")
        work_order = work_order_of(appeal)
        assert (work_order.state, work_order.satisfaction) == (State.FOLLOWED_UP, "satisfied")
        assert work_order.follow_ups.get().by_resident
        actions.close(world.dispatcher, appeal)
        assert world.refresh(appeal).status == "closed"
        # Accepted, replied, closed: the resident is told of each.
        assert Outbox.objects.filter(appeal=appeal, channel="sms").count() == 3

    def test_a_sent_back_reply_returns_to_the_lead(self, world):
        appeal = world.in_state(State.REPLY_REVIEW)
        actions.send_back_reply(world.dispatcher, appeal, reason="请补充处理结果")
        assert state_of(world.refresh(appeal)) == State.IN_PROGRESS
        assert work_order_of(appeal).replies.get().status == Reply.Status.SENT_BACK


class TestReviewAndDuplicates:
    def test_a_rejection_gives_the_resident_the_reason(self, world):
        appeal = world.appeal()
        actions.reject(world.dispatcher, appeal, reason="not_enough_information", note="请补充具体地点")
        appeal = world.refresh(appeal)
        assert appeal.status == "rejected"
        assert "请补充具体地点" in appeal.rejection_reason
        assert Outbox.objects.filter(appeal=appeal).exists()

    def test_a_repeat_of_an_answered_appeal_is_rejected_with_a_link_and_no_work_order(self, world):
        original = world.in_state(State.REPLIED)
        repeat = world.appeal(contact_name="李四", phone="13700001111")
        actions.reject_duplicate(world.dispatcher, repeat, duplicate_of=original.ticket_number)
        repeat = world.refresh(repeat)
        assert (repeat.status, repeat.duplicate_of, repeat.work_order_id) == ("rejected", original, None)
        assert original.ticket_number in repeat.rejection_reason
        assert repeat.rejection.reason == "duplicate"
        assert Outbox.objects.filter(appeal=repeat, channel="sms").exists()

    def test_a_repeat_of_an_appeal_not_yet_answered_is_refused_join_it_instead(self, world):
        original = world.in_state(State.IN_PROGRESS)
        with pytest.raises(ActionInvalid, match="join|并入"):
            actions.reject_duplicate(world.dispatcher, world.appeal(), duplicate_of=original)

    def test_a_near_duplicate_joins_the_earlier_work_order_and_takes_its_state(self, world):
        original = world.in_state(State.IN_PROGRESS)
        later = world.appeal(contact_name="李四", phone="13700001111")
        actions.join(world.dispatcher, later, into=original.ticket_number)
        later = world.refresh(later)
        assert (later.work_order_id, later.duplicate_of, later.status) == (
            original.work_order_id, original, State.IN_PROGRESS,
        )  # fmt: skip
        assert later.is_joined and not world.refresh(original).is_joined
        # Handled with the work order from now on.
        actions.give_input(world.co_a, original, text="已核查。")
        actions.give_input(world.co_c, original, text="已配合。")
        actions.reply(world.lead, original, text="已修复。")
        assert world.refresh(later).status == State.REPLY_REVIEW
        actions.leave(world.dispatcher, later)
        later = world.refresh(later)
        assert (later.work_order_id, later.duplicate_of_id, later.status) == (None, None, State.REVIEWED)

    def test_joining_a_joined_appeal_joins_the_work_order_of_the_first(self, world):
        original = world.in_state(State.DISPATCHED)
        first, second = world.appeal(), world.appeal()
        actions.join(world.dispatcher, first, into=original)
        actions.join(world.dispatcher, second, into=first)
        assert world.refresh(second).duplicate_of == original

    @pytest.mark.parametrize("state", [State.FOLLOWED_UP, State.CLOSED])
    def test_a_work_order_whose_residents_were_all_followed_up_takes_no_one_else(self, world, state):
        original = world.in_state(state)
        with pytest.raises(ActionInvalid):
            actions.join(world.dispatcher, world.appeal(), into=original)

    def test_an_unknown_ticket_or_the_appeal_itself_cannot_be_the_earlier_one(self, world):
        appeal = world.appeal()
        for action, argument in ((actions.join, "into"), (actions.reject_duplicate, "duplicate_of")):
            with pytest.raises(ActionInvalid):
                action(world.dispatcher, appeal, **{argument: "20990101-000001"})
            with pytest.raises(ActionInvalid):
                action(world.dispatcher, appeal, **{argument: appeal.ticket_number})

    def test_the_dispatch_centre_answers_an_enquiry_directly(self, world):
        appeal = world.appeal(kind="enquiry")
        actions.answer_directly(world.dispatcher, appeal, text="可到区政务服务中心二楼办理。")
        appeal = world.refresh(appeal)
        assert appeal.status == "replied"
        assert work_order_of(appeal).replies.get().is_published

    def test_only_an_enquiry_is_answered_directly(self, world):
        appeal = world.appeal(kind="complaint")
        with pytest.raises(ActionInvalid):
            actions.answer_directly(world.dispatcher, appeal, text="答复")


class TestDispatch:
    def test_dispatch_tells_the_router_on_commit(self, world, django_capture_on_commit_callbacks):
        received = []

        def receiver(sender, **kwargs):
            received.append(kwargs)

        appeal_dispatched.connect(receiver)
        try:
            with django_capture_on_commit_callbacks(execute=True):
                world.dispatch(world.appeal())
        finally:
            appeal_dispatched.disconnect(receiver)
        assert len(received) == 1
        assert received[0]["department_id"] == world.org.street.pk
        assert received[0]["category_id"] == world.category.pk
        assert received[0]["user_id"] == world.dispatcher.pk

    def test_a_community_cannot_be_dispatched_to_directly(self, world):
        with pytest.raises(ActionInvalid):
            world.dispatch(world.appeal(), lead=world.org.community, co_handlers=[])

    def test_the_lead_cannot_also_co_handle(self, world):
        with pytest.raises(ActionInvalid):
            world.dispatch(world.appeal(), lead=world.org.bureau_a, co_handlers=[world.org.bureau_a])

    def test_departments_are_told_of_a_new_work_order(self, world):
        world.lead.email = "lead@example.org"
        world.lead.save()
        appeal = world.dispatch(world.appeal())
        assert Outbox.objects.filter(appeal=appeal, channel="email").exists()

    def test_a_report_naming_the_chosen_department_warns_the_dispatcher(self, world):
        appeal = world.appeal(
            kind="report", title="举报甲街道工作人员吃拿卡要", description="甲街道某工作人员在办理低保时索要好处费。"
        )
        with pytest.raises(NeedsConfirmation) as warned:
            world.dispatch(appeal, co_handlers=[])
        assert "甲街道" in str(warned.value.message)
        assert Appeal.objects.get(pk=appeal.pk).work_order_id is None
        world.dispatch(appeal, co_handlers=[], confirm_named=True)
        assert state_of(world.refresh(appeal)) == State.DISPATCHED

    def test_a_report_naming_another_department_goes_without_warning(self, world):
        appeal = world.appeal(kind="report", title="举报教体局", description="教体局某人违规收费。")
        world.dispatch(appeal, co_handlers=[])
        assert state_of(world.refresh(appeal)) == State.DISPATCHED


class TestPublishing:
    def test_a_replied_appeal_the_resident_allowed_is_published(self, world):
        appeal = world.in_state(State.REPLIED)
        board_actions.publish(world.dispatcher, appeal)
        assert Appeal.objects.published().filter(pk=appeal.pk).exists()

    def test_an_appeal_without_consent_is_never_published(self, world):
        appeal = world.in_state(State.REPLIED, allow_publish=False)
        with pytest.raises(ActionInvalid):
            board_actions.publish(world.dispatcher, appeal)

    def test_a_report_of_wrongdoing_is_never_published(self, world):
        appeal = world.in_state(State.REPLIED, kind="report", title="举报违规收费", description="某收费站违规收费。")
        with pytest.raises(ActionInvalid):
            board_actions.publish(world.dispatcher, appeal)


class TestContact:
    def test_show_contact_writes_an_event_and_returns_the_numbers(self, world):
        appeal = world.in_state(State.IN_PROGRESS, description="请联系我 13912345678，或者身份证号核实。")
        contact = actions.show_contact(world.lead, appeal)
        assert contact.phone == "13900001234"
        assert "13912345678" in contact.description
        assert Event.objects.filter(action="show_contact", actor=world.lead).count() == 1

    def test_a_reporters_identity_is_for_the_dispatch_centre_only(self, world):
        appeal = world.in_state(
            State.IN_PROGRESS, kind="report", title="举报违规收费", description="某收费站违规收费。"
        )
        with pytest.raises(TransitionRefused):
            actions.show_contact(world.lead, appeal)
        with pytest.raises(TransitionRefused):
            actions.show_contact(world.supervisor, appeal)
        assert actions.show_contact(world.dispatcher, appeal).name == "张建华"
