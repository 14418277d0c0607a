"""Follow-ups: each resident of a work order is followed up on their own (they rate the
reply, or the dispatch centre records what they said); an unsatisfied one reopens the
shared work order; a followed-up work order is closed, and supervisors decide after the
reopen limit."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huying.appeals.models import Appeal
from huying.appeals.states import State
from huying.audit.events import EventName
from huying.audit.wording import said, typed
from huying.notifications.actions import queue_notification
from huying.notifications.models import Channel
from huying.notifications.texts import Message
from huying.workdays.calendar import add_working_days, limits_for
from huying.workorders.actions.base import (
    clean_text,
    complete_follow_up_if_done,
    notify_assigned,
    notify_residents,
    step,
    write_state,
)
from huying.workorders.models import FollowUp, Satisfaction, WorkOrder
from huying.workorders.transitions import ActionInvalid


def _reopen(work_order, appeal, now) -> None:
    """重办: back to the same lead department with a new deadline; earlier replies stay."""
    limits = limits_for(appeal.kind, work_order.category)
    work_order.reopen_count += 1
    work_order.reply_due = add_working_days(now, limits.reply_days)
    work_order.solved, work_order.satisfaction = None, ""
    work_order.save(update_fields=["reopen_count", "reply_due", "solved", "satisfaction"])
    lead = work_order.lead_assignment
    if lead is not None:
        notify_assigned(lead, appeal, due=work_order.reply_due)


def _tell_others(work_order, appeal) -> None:
    """One resident of a shared work order was not satisfied: tell the others it goes on."""
    for other in Appeal.objects.filter(work_order=work_order).exclude(pk=appeal.pk).order_by("created", "id"):
        phone = other.phone
        if not phone:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            body = gettext(
                "[Huying] Your appeal %(ticket)s is handled together with others about the same "
                "matter. Another resident was not satisfied with the reply, so it is being looked "
                "at again; you will be told of the new reply."
            ) % {"ticket": other.ticket_number}
        queue_notification(channel=Channel.SMS, recipient=phone, body=body, appeal=other)


def _record_follow_up(name, user, appeal, *, satisfaction, solved, comment, by_resident, request, now) -> FollowUp:
    if satisfaction not in Satisfaction.values:
        raise ActionInvalid(_("Please choose how satisfied the resident is."))
    comment = clean_text(comment, _("a comment"), required=False)
    with step(name, user, appeal, now=now, request=request) as s:
        work_order = s.work_order
        follow_up = FollowUp.objects.create(
            work_order=work_order, appeal=s.appeal, recorded_by=None if by_resident else user,
            by_resident=by_resident, solved=solved, satisfaction=satisfaction, comment=comment,
            round=work_order.reopen_count, created=s.now,
        )  # fmt: skip
        summary = [said(Satisfaction(satisfaction).label)]
        if solved is not None:
            summary.append(said(_("Solved") if solved else _("Not solved")))
        summary.append(typed(comment))
        WorkOrder.objects.filter(pk=work_order.pk).update(solved=solved, satisfaction=satisfaction)
        if satisfaction != Satisfaction.UNSATISFIED:
            s.move(State.FOLLOWED_UP, reason=summary)
            complete_follow_up_if_done(work_order, actor=s.actor, now=s.now, request=request)
            return follow_up
        if work_order.reopen_count >= settings.HUYING_REOPEN_LIMIT:
            new = State.AWAITING_DECISION
        else:
            new = State.REOPENED
            _reopen(work_order, s.appeal, s.now)
        s.move(new, reason=summary)
        # The shared work order goes back for everyone; only the ticket, not the rating,
        # shows on the others' pages.
        write_state(
            work_order, new, event=s.transition.event, actor=s.actor, now=s.now, request=request,
            reason=s.appeal.ticket_number, appeal_event=EventName.REOPENED_BY_OTHER,
        )  # fmt: skip
        _tell_others(work_order, s.appeal)
    return follow_up


def follow_up(user, appeal, *, satisfaction, solved=None, comment="", request=None, now=None) -> FollowUp:
    """回访: the dispatch centre records what this appeal's resident said.  不满意 reopens it."""
    if solved not in (True, False):
        raise ActionInvalid(_("Please say whether it was solved."))
    return _record_follow_up(
        EventName.FOLLOW_UP, user, appeal, satisfaction=satisfaction, solved=solved, comment=comment, by_resident=False,
        request=request, now=now,
    )  # fmt: skip


def rate(appeal, *, satisfaction, comment="", request=None, now=None) -> FollowUp:
    """The resident rates the reply on their own tracking page (no login)."""
    return _record_follow_up(
        EventName.RATE, None, appeal, satisfaction=satisfaction, solved=None, comment=comment, by_resident=True,
        request=request, now=now,
    )  # fmt: skip


def _close(s, reason="") -> WorkOrder:
    work_order = s.work_order
    work_order.closed_at = s.now
    work_order.save(update_fields=["closed_at"])
    s.move(State.CLOSED, reason=reason)
    notify_residents(work_order, Message.CLOSED)
    return work_order


def close(user, appeal, *, request=None, now=None) -> WorkOrder:
    with step(EventName.CLOSE, user, appeal, now=now, request=request) as s:
        return _close(s)


def supervisor_close(user, appeal, *, reason, request=None, now=None) -> WorkOrder:
    """After the reopen limit, a supervisor decides: enough has been done."""
    reason = clean_text(reason, _("a reason"))
    with step(EventName.SUPERVISOR_CLOSE, user, appeal, now=now, request=request) as s:
        return _close(s, reason)


def supervisor_reopen(user, appeal, *, reason, request=None, now=None) -> WorkOrder:
    reason = clean_text(reason, _("a reason"))
    with step(EventName.SUPERVISOR_REOPEN, user, appeal, now=now, request=request) as s:
        _reopen(s.work_order, s.appeal, s.now)
        s.move(State.REOPENED, reason=reason)
    return s.work_order
