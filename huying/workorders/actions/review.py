"""Review: entering appeals taken by staff, marking them reviewed, rejecting them (also as
a repeat), and joining an earlier appeal's work order or leaving it again."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from huying.access import is_dispatcher
from huying.appeals.actions import (
    SubmissionRefused,
    attach_work_order,
    detach_work_order,
    normalise_ticket_number,
    submit_appeal,
    write_rejection,
)
from huying.appeals.models import Appeal, Channel
from huying.appeals.states import State
from huying.audit.events import EventName
from huying.audit.wording import in_site_language
from huying.notifications.actions import notify_resident
from huying.notifications.texts import Message
from huying.workorders.actions.base import clean_text, complete_follow_up_if_done, step
from huying.workorders.models import Rejection, RejectionReason, Reply, WorkOrder, rejection_wording
from huying.workorders.transitions import TRANSITIONS, ActionInvalid, Refusal, TransitionRefused


@dataclass
class Entered:
    appeal: Appeal
    query_code: str


def enter_appeal(user, data, *, channel, request=None, now=None, submission_token: str = "") -> Entered:
    """A dispatcher enters an appeal taken by phone, letter, in person, from a grid worker or
    a leader's mailbox; the resident gets the ticket number by SMS, as online (the query code
    only from the dispatcher). The form sent again (its `submission_token` known) shows the
    first entry and sends nothing."""
    if not is_dispatcher(user):
        raise TransitionRefused(_("Only the dispatch centre may enter appeals."))
    if channel not in Channel.values or channel == Channel.WEB:
        raise ActionInvalid(_("Please choose how the appeal arrived."))
    with transaction.atomic():
        try:
            submitted = submit_appeal(
                data,
                channel=channel,
                entered_by=user,
                request=request,
                submitted_at=now,
                submission_token=submission_token,
            )
        except SubmissionRefused as refused:
            raise ActionInvalid(refused.message) from None
    return Entered(appeal=submitted.appeal, query_code=submitted.query_code)


def review(user, appeal, *, request=None, now=None) -> Appeal:
    with step(EventName.REVIEW, user, appeal, now=now, request=request) as s:
        s.move(State.REVIEWED)
    return s.appeal


def _reject(s, reason, note, repeats=None) -> None:
    Rejection.objects.create(appeal=s.appeal, reason=reason, note=note, rejected_by=s.user, created=s.now)
    wording = rejection_wording(reason, note, repeats)
    # The appeal keeps the text in the site's language; each reader reads the wording in theirs.
    write_rejection(s.appeal, in_site_language(wording), repeats=repeats)
    s.move(State.REJECTED, reason=wording)
    notify_resident(s.appeal, Message.REJECTED, reason=s.appeal.rejection_reason)


def reject(user, appeal, *, reason, note="", request=None, now=None) -> Appeal:
    if reason not in RejectionReason.values or reason == RejectionReason.DUPLICATE:
        raise ActionInvalid(_("Please choose a reason for rejecting it."))
    note = clean_text(note, _("a note"), required=False)
    with step(EventName.REJECT, user, appeal, now=now, request=request) as s:
        _reject(s, reason, note)
    return s.appeal


def find_appeal_by_ticket(ticket_number: str) -> Appeal | None:
    return Appeal.objects.filter(ticket_number=normalise_ticket_number(ticket_number)).first()


def _earlier(appeal, other) -> Appeal:
    """The earlier appeal named by ticket number (or given), never the appeal itself."""
    if isinstance(other, str):
        other = find_appeal_by_ticket(other)
    elif other is not None:
        other = Appeal.objects.select_related("work_order").filter(pk=other.pk).first()
    if other is None:
        raise ActionInvalid(_("No appeal has that ticket number."))
    if other.pk == appeal.pk:
        raise ActionInvalid(_("An appeal cannot repeat or join itself."))
    return other


def reject_duplicate(user, appeal, *, duplicate_of, note="", request=None, now=None) -> Appeal:
    """作为重复件不予受理: a repeat of an appeal already answered is rejected, linked to it.

    It gets no work order; its resident is told which appeal it repeats, and sees that
    appeal's reply where it is public (see the tracking page).
    """
    note = clean_text(note, _("a note"), required=False)
    with step(EventName.REJECT_DUPLICATE, user, appeal, now=now, request=request) as s:
        earlier = _earlier(s.appeal, duplicate_of)
        answered = (
            earlier.work_order_id is not None
            and Reply.objects.filter(work_order_id=earlier.work_order_id, status=Reply.Status.PUBLISHED).exists()
        )
        if earlier.work_order_id is None:
            raise ActionInvalid(
                _("Appeal %(ticket)s has not been dispatched yet: dispatch it, then join this one to it.")
                % {"ticket": earlier.ticket_number}
            )
        if not answered:
            raise ActionInvalid(
                _("Appeal %(ticket)s has not been answered yet: join its work order instead.")
                % {"ticket": earlier.ticket_number}
            )
        _reject(s, RejectionReason.DUPLICATE, note, repeats=earlier)
    return s.appeal


def join_refusal(appeal, earlier) -> Refusal:
    """Why `appeal` cannot join the work order of `earlier` ("" when it can), beyond the
    table's row: for the join action and for the duplicates panel that offers it."""
    if earlier.pk == appeal.pk:
        return _("An appeal cannot repeat or join itself.")
    if appeal.is_report or earlier.is_report:
        return _("Reports of wrongdoing are confidential and never join another appeal.")
    if appeal.status == State.REJECTED:
        return _("Appeal %(ticket)s was not taken up: it cannot join a work order.") % {"ticket": appeal.ticket_number}
    if appeal.work_order_id is not None or appeal.status not in TRANSITIONS["join"].sources:
        return _(
            "Appeal %(ticket)s is already being handled; only an appeal not yet dispatched can join "
            "another one's work order."
        ) % {"ticket": appeal.ticket_number}
    if earlier.work_order_id is None:
        return _("Appeal %(ticket)s has no work order yet: dispatch it first, then join the later one to it.") % {
            "ticket": earlier.ticket_number
        }
    state = State(earlier.work_order.state)
    if state not in TRANSITIONS["join"].targets:
        return _("The work order of appeal %(ticket)s is “%(state)s”: dispatch this appeal on its own.") % {
            "ticket": earlier.ticket_number,
            "state": state.label,
        }
    return ""


def join(user, appeal, *, into, note="", request=None, now=None) -> Appeal:
    """并入工单: a near-duplicate joins an earlier appeal's work order.

    It takes the work order's state and is handled with it; its resident keeps their own
    tracking page, is told of the replies and is followed up on their own.
    """
    note = clean_text(note, _("a note"), required=False)
    with step(EventName.JOIN, user, appeal, now=now, request=request) as s:
        earlier = _earlier(s.appeal, into)
        if earlier.work_order_id is not None:
            earlier.work_order = (
                WorkOrder.objects.select_for_update(of=("self",))
                .select_related("main_appeal")
                .get(pk=earlier.work_order_id)
            )
        refusal = join_refusal(s.appeal, earlier)
        if refusal:
            raise ActionInvalid(refusal)
        work_order = earlier.work_order
        if work_order is None:  # join_refusal said so already
            raise ActionInvalid(refusal)
        main = work_order.main_appeal or earlier
        attach_work_order(s.appeal, work_order, joined_to=main, category=work_order.category)
        s.move(State(work_order.state), reason=note)
        s.record(
            on=work_order,
            event=EventName.APPEAL_JOINED,
            reason=f"{s.appeal.ticket_number} {note}".strip(),
        )
        if work_order.state == State.REPLIED:
            notify_resident(s.appeal, Message.REPLIED)
    return s.appeal


def leave(user, appeal, *, note="", request=None, now=None) -> Appeal:
    """Undo a join: the appeal leaves the shared work order, back to the review queue."""
    note = clean_text(note, _("a note"), required=False)
    with step(EventName.LEAVE, user, appeal, now=now, request=request) as s:
        work_order = s.work_order
        detach_work_order(s.appeal)
        s.move(State.REVIEWED, reason=note)
        s.record(
            on=work_order,
            event=EventName.APPEAL_LEFT,
            reason=f"{s.appeal.ticket_number} {note}".strip(),
        )
        # The one who left may have been the last still waiting for their follow-up.
        complete_follow_up_if_done(work_order, actor=s.actor, now=s.now, request=request)
    return s.appeal
