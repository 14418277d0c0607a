"""Handling: departments accept or return their parts, streets forward to communities,
co-handlers give input, staff add notes, the lead asks for more time and the dispatch
centre decides."""

from django.utils.translation import gettext_lazy as _

from huying.audit.events import EventName
from huying.audit.wording import said, typed
from huying.notifications.texts import Message
from huying.workdays.calendar import add_working_days
from huying.workorders.actions.base import (
    clean_text,
    derived_state,
    local,
    notify_assigned,
    notify_residents,
    own_assignment,
    refresh_assignments,
    step,
)
from huying.workorders.models import Assignment, CoHandlerInput, ExtensionRequest, Note
from huying.workorders.transitions import ActionInvalid

MAX_EXTENSION_DAYS = 30


def accept(user, appeal, *, request=None, now=None) -> Assignment:
    with step(EventName.ACCEPT, user, appeal, now=now, request=request) as s:
        work_order = s.work_order
        assignment = own_assignment(user, work_order)
        assignment.status = Assignment.Status.ACCEPTED
        assignment.accepted_at, assignment.accepted_by = s.now, user
        assignment.save(update_fields=["status", "accepted_at", "accepted_by"])
        refresh_assignments(work_order)
        s.move(derived_state(work_order), reason=[said(_("%(department)s"), department=assignment.department.name)])
        if assignment.is_lead:
            notify_residents(work_order, Message.ACCEPTED, department=assignment.department)
    return assignment


def return_work_order(user, appeal, *, reason, request=None, now=None) -> Assignment:
    """退单: the department says it is not theirs; the dispatch centre re-dispatches."""
    reason = clean_text(reason, _("a reason for returning it"))
    with step(EventName.RETURN, user, appeal, now=now, request=request) as s:
        work_order = s.work_order
        assignment = own_assignment(user, work_order)
        assignment.status = Assignment.Status.RETURNED
        assignment.returned_at, assignment.returned_by, assignment.return_reason = s.now, user, reason
        assignment.save(update_fields=["status", "returned_at", "returned_by", "return_reason"])
        refresh_assignments(work_order)
        s.move(
            derived_state(work_order),
            reason=[said(_("%(department)s:"), department=assignment.department.name), typed(reason)],
        )
    return assignment


def forward(user, appeal, *, community, request=None, now=None) -> Assignment:
    """二级派单: a street hands its part to one of its communities and stays responsible."""
    with step(EventName.FORWARD, user, appeal, now=now, request=request) as s:
        assignment = own_assignment(user, s.work_order)
        if community is None or community.parent_id != assignment.department_id or not community.is_active:
            raise ActionInvalid(_("Please choose one of your street's communities."))
        old_target = assignment.forwarded_to
        assignment.forwarded_to, assignment.forwarded_at = community, s.now
        assignment.save(update_fields=["forwarded_to", "forwarded_at"])
        if old_target is None:
            s.record(reason=[said(_("To %(community)s"), community=community.name)])
        else:
            s.record(reason=[said(_("From %(old)s to %(community)s"), old=old_target.name, community=community.name)])
        notify_assigned(assignment, s.appeal, department=community)
    return assignment


def give_input(user, appeal, *, text, request=None, now=None) -> CoHandlerInput:
    text = clean_text(text, _("your input"))
    with step(EventName.GIVE_INPUT, user, appeal, now=now, request=request) as s:
        assignment = own_assignment(user, s.work_order)
        given = CoHandlerInput.objects.create(
            work_order=s.work_order, assignment=assignment, author=user, text=text, created=s.now
        )
        s.record(reason=[said(_("%(department)s"), department=assignment.department.name)])
    return given


def add_note(user, appeal, *, text, request=None, now=None) -> Note:
    text = clean_text(text, _("the note"))
    with step(EventName.ADD_NOTE, user, appeal, now=now, request=request) as s:
        note = Note.objects.create(
            work_order=s.work_order, author=user, department_id=user.department_id, text=text, created=s.now
        )
        s.record()
    return note


def request_extension(user, appeal, *, days, reason, request=None, now=None) -> ExtensionRequest:
    reason = clean_text(reason, _("a reason"))
    try:
        days = int(days)
    except (TypeError, ValueError):
        raise ActionInvalid(_("Please give the number of working days.")) from None
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise ActionInvalid(_("An extension is 1 to %(max)s working days.") % {"max": MAX_EXTENSION_DAYS})
    with step(EventName.REQUEST_EXTENSION, user, appeal, now=now, request=request) as s:
        extension = ExtensionRequest.objects.create(
            work_order=s.work_order, days=days, reason=reason, requested_by=user, requested_at=s.now,
            old_due=s.work_order.reply_due,
        )  # fmt: skip
        s.record(reason=f"+{days}: {reason}")
    return extension


def _pending_extension(work_order) -> ExtensionRequest:
    return work_order.extensions.get(status=ExtensionRequest.Status.PENDING)


def approve_extension(user, appeal, *, note="", request=None, now=None) -> ExtensionRequest:
    """Approval moves the reply deadline by the days asked, counted from the old deadline."""
    note = clean_text(note, _("a note"), required=False)
    with step(EventName.APPROVE_EXTENSION, user, appeal, now=now, request=request) as s:
        work_order = s.work_order
        extension = _pending_extension(work_order)
        old_due = work_order.reply_due
        new_due = add_working_days(max(old_due, s.now) if old_due else s.now, extension.days)
        work_order.reply_due = new_due
        work_order.save(update_fields=["reply_due"])
        extension.status = ExtensionRequest.Status.APPROVED
        extension.decided_by, extension.decided_at, extension.decision_note = user, s.now, note
        extension.old_due, extension.new_due = old_due, new_due
        extension.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "old_due", "new_due"])
        s.record(reason=f"+{extension.days}: {local(old_due) if old_due else '-'} → {local(new_due)} {note}".strip())
        # Residents see that more time was granted (not why: that is between staff).
        for each in work_order.appeals.all():
            s.record(on=each, event=EventName.APPROVE_EXTENSION)
    return extension


def deny_extension(user, appeal, *, note, request=None, now=None) -> ExtensionRequest:
    note = clean_text(note, _("a reason"))
    with step(EventName.DENY_EXTENSION, user, appeal, now=now, request=request) as s:
        extension = _pending_extension(s.work_order)
        extension.status = ExtensionRequest.Status.DENIED
        extension.decided_by, extension.decided_at, extension.decision_note = user, s.now, note
        extension.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        s.record(reason=note)
    return extension
