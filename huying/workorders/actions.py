"""Every change in the work-order lifecycle, one function each.

Each function checks the table (huying.workorders.transitions), makes the change, writes
its audit event in the same transaction, queues its notifications in the outbox there
too (they are sent after commit), and sends signals on commit.  They raise
TransitionRefused (not in the table) or ActionInvalid (a requirement is missing), whose
`message` the views show.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huying.accounts.models import Department
from huying.appeals.models import Appeal, Kind
from huying.appeals.signals import appeal_dispatched
from huying.audit.actions import record_event
from huying.workdays.calendar import add_working_days, limits_for
from huying.workorders.models import (
    APPEAL_STATUS,
    Assignment,
    CoHandlerInput,
    ExtensionRequest,
    FollowUp,
    Note,
    Rejection,
    RejectionReason,
    Reply,
    Satisfaction,
    State,
    WorkOrder,
)
from huying.workorders.transitions import (
    ActionInvalid,
    NeedsConfirmation,
    TransitionRefused,
    check,
    state_of,
)

MAX_EXTENSION_DAYS = 30
MAX_CO_HANDLER_DAYS = 30
TEXT_LIMIT = 5000

__all__ = ["ActionInvalid", "NeedsConfirmation", "TransitionRefused"]


# Helpers ----------------------------------------------------------------------------------
def _lock(appeal) -> Appeal:
    """The appeal and its work order fresh from the database, locked for this transaction."""
    fresh = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if fresh.work_order_id is not None:
        fresh.work_order = (
            WorkOrder.objects.select_for_update().prefetch_related("assignments").get(pk=fresh.work_order_id)
        )
    return fresh


def _text(value, label, *, required=True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ActionInvalid(_("Please give %(what)s.") % {"what": label})
    if len(value) > TEXT_LIMIT:
        raise ActionInvalid(
            _("%(what)s is too long (at most %(limit)s characters).") % {"what": label, "limit": TEXT_LIMIT}
        )
    return value


def _local(moment) -> str:
    return date_format(timezone.localtime(moment), "Y-m-d H:i")


def _set_state(work_order: WorkOrder, new: State, now, *, actor=None, request=None) -> None:
    """Move the work order, and the status every attached appeal shows its resident."""
    work_order.state = new
    work_order.state_changed = now
    work_order.save(update_fields=["state", "state_changed"])
    status = APPEAL_STATUS[new]
    # Merged duplicates keep showing "merged": their residents read the shared replies.
    attached = Appeal.objects.filter(work_order=work_order).exclude(status__in=[status, State.MERGED])
    for appeal in attached:
        old = appeal.status
        Appeal.objects.filter(pk=appeal.pk).update(status=status, status_changed=now)
        record_event(appeal, "status_changed", actor=actor, from_state=old, to_state=status, request=request)


def _set_appeal_status(appeal: Appeal, status: str, now) -> None:
    appeal.status = status
    appeal.status_changed = now
    Appeal.objects.filter(pk=appeal.pk).update(status=status, status_changed=now)


def _appeals_of(work_order: WorkOrder) -> list[Appeal]:
    return list(Appeal.objects.filter(work_order=work_order).order_by("created", "id"))


def _staff_url(appeal) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("workorders:appeal", args=[appeal.pk])


def _notify_residents(work_order: WorkOrder, event: str, **context) -> None:
    from huying.notifications.actions import notify_resident

    for appeal in _appeals_of(work_order):
        notify_resident(appeal, event, **context)


def _notify_department(assignment: Assignment, appeal: Appeal, department=None, due=None) -> None:
    from huying.notifications.actions import notify_department

    notify_department(
        department or assignment.department,
        appeal,
        due=due or assignment.accept_due or assignment.work_order.reply_due,
        co_handler=not assignment.is_lead,
        url=_staff_url(appeal),
    )


def _own_assignment(user, work_order: WorkOrder) -> Assignment | None:
    return next((a for a in work_order.active_assignments() if a.department_id == user.department_id), None)


def _derived_state(work_order: WorkOrder) -> State:
    """While parts are being accepted, the state follows from them."""
    assignments = list(work_order.assignments.active())
    lead = next((a for a in assignments if a.is_lead), None)
    if lead is None or lead.is_returned:
        return State.RETURNED
    if lead.is_pending:
        return State.DISPATCHED
    if any(a.is_pending for a in assignments if not a.is_lead):
        return State.ACCEPTED
    return State.IN_PROGRESS


def _refresh_assignments(work_order: WorkOrder) -> None:
    # Drop the prefetched rows after a change, so the next read sees it.
    if hasattr(work_order, "_prefetched_objects_cache"):
        work_order._prefetched_objects_cache.pop("assignments", None)


def _names(departments) -> str:
    return "、".join(d.name for d in departments)


def _department_aliases(department: Department) -> set[str]:
    names = {department.name, department.short_name}
    for name in list(names):
        names.add(re.sub(r"^(区|县|市)", "", name or ""))
    return {n for n in names if n and len(n) >= 2}


def departments_named_in(appeal: Appeal, departments) -> list[Department]:
    """Of `departments`, those a report of wrongdoing names in its title or text."""
    text = f"{appeal.title}\n{appeal.description}"
    return [d for d in departments if d is not None and any(a in text for a in _department_aliases(d))]


def _check_departments(appeal, lead, co_handlers, *, confirm_named: bool) -> list[Department]:
    handling = Department.objects.handling()
    if lead is None:
        raise ActionInvalid(_("Please choose the lead department."))
    co_handlers = list(dict.fromkeys(co_handlers or []))
    chosen = [lead, *co_handlers]
    allowed_ids = set(handling.filter(pk__in=[d.pk for d in chosen]).values_list("pk", flat=True))
    wrong = [d for d in chosen if d.pk not in allowed_ids]
    if wrong:
        raise ActionInvalid(
            _("These cannot receive work orders: %(names)s. Communities receive them from their street.")
            % {"names": _names(wrong)}
        )
    if lead in co_handlers:
        raise ActionInvalid(_("The lead department cannot also be a co-handling department."))
    if appeal.is_report and not confirm_named:
        named = departments_named_in(appeal, chosen)
        if named:
            raise NeedsConfirmation(
                _(
                    "This report of wrongdoing names %(names)s. Sending it there may expose the "
                    "reporter: confirm only if that is intended."
                )
                % {"names": _names(named)}
            )
    return co_handlers


def _co_days(co_handler_days, limits) -> int:
    if co_handler_days in (None, ""):
        return limits.co_handler_days
    try:
        days = int(co_handler_days)
    except (TypeError, ValueError):
        raise ActionInvalid(_("The co-handlers' deadline must be a number of working days.")) from None
    if not 1 <= days <= MAX_CO_HANDLER_DAYS:
        raise ActionInvalid(
            _("The co-handlers' deadline must be between 1 and %(max)s working days.") % {"max": MAX_CO_HANDLER_DAYS}
        )
    return days


def _send_dispatched(appeal, work_order, user) -> None:
    values = {
        "appeal_id": appeal.pk,
        "category_id": work_order.category_id,
        "department_id": work_order.lead_department_id,
        "user_id": user.pk,
    }
    transaction.on_commit(lambda: appeal_dispatched.send(sender=Appeal, **values))


# Staff-entered appeals ---------------------------------------------------------------------
@dataclass
class Entered:
    appeal: Appeal
    query_code: str


def enter_appeal(user, data, *, channel, request=None) -> Entered:
    """A dispatcher enters an appeal taken by phone, letter, in person, from a grid worker or
    a leader's mailbox; the resident gets the ticket number and query code by SMS."""
    from huying.accounts.models import Role
    from huying.appeals.actions import SubmissionRefused, submit_appeal
    from huying.appeals.models import Channel
    from huying.notifications.actions import notify_resident

    if not (user.is_authenticated and user.is_active and user.role == Role.DISPATCHER):
        raise TransitionRefused(_("Only the dispatch centre may enter appeals."))
    if channel not in Channel.values or channel == Channel.WEB:
        raise ActionInvalid(_("Please choose how the appeal arrived."))
    with transaction.atomic():
        try:
            submitted = submit_appeal(data, channel=channel, entered_by=user, request=request)
        except SubmissionRefused as refused:
            raise ActionInvalid(refused.message) from None
        notify_resident(submitted.appeal, "registered", query_code=submitted.query_code)
    return Entered(appeal=submitted.appeal, query_code=submitted.query_code)


# Review --------------------------------------------------------------------------------
def review(user, appeal, *, request=None) -> Appeal:
    with transaction.atomic():
        appeal = _lock(appeal)
        check("review", user, appeal)
        now = timezone.now()
        old = appeal.status
        _set_appeal_status(appeal, State.REVIEWED, now)
        record_event(appeal, "review", actor=user, from_state=old, to_state=State.REVIEWED, request=request)
    return appeal


def _rejection_text(reason: str, note: str, duplicate_of=None) -> str:
    # What the resident reads: written in the site's language, whoever rejected it.
    with translation.override(settings.LANGUAGE_CODE):
        if duplicate_of is not None:
            text = gettext("Duplicate of appeal %(ticket)s: it is handled together with that one.") % {
                "ticket": duplicate_of.ticket_number
            }
        else:
            text = str(RejectionReason(reason).label)
        return f"{text} {note}".strip() if note else text


def reject(user, appeal, *, reason, note="", request=None) -> Appeal:
    if reason not in RejectionReason.values or reason == RejectionReason.DUPLICATE:
        raise ActionInvalid(_("Please choose a reason for rejecting it."))
    note = _text(note, _("a note"), required=False)
    with transaction.atomic():
        appeal = _lock(appeal)
        check("reject", user, appeal)
        now = timezone.now()
        old = appeal.status
        Rejection.objects.create(appeal=appeal, reason=reason, note=note, rejected_by=user, created=now)
        appeal.rejection_reason = _rejection_text(reason, note)
        Appeal.objects.filter(pk=appeal.pk).update(rejection_reason=appeal.rejection_reason)
        _set_appeal_status(appeal, State.REJECTED, now)
        record_event(
            appeal, "reject", actor=user, from_state=old, to_state=State.REJECTED,
            reason=appeal.rejection_reason, request=request,
        )
        from huying.notifications.actions import notify_resident

        notify_resident(appeal, "rejected", reason=appeal.rejection_reason)
    return appeal


def find_appeal_by_ticket(ticket_number: str) -> Appeal | None:
    from huying.appeals.actions import normalise_ticket_number

    return Appeal.objects.filter(ticket_number=normalise_ticket_number(ticket_number)).first()


def merge(user, appeal, *, duplicate_of, note="", request=None) -> Appeal:
    """Reject as a duplicate of another appeal: linked to it, sharing its work order."""
    note = _text(note, _("a note"), required=False)
    with transaction.atomic():
        appeal = _lock(appeal)
        check("merge", user, appeal)
        if isinstance(duplicate_of, str):
            duplicate_of = find_appeal_by_ticket(duplicate_of)
        elif duplicate_of is not None:
            duplicate_of = Appeal.objects.filter(pk=duplicate_of.pk).first()
        if duplicate_of is None:
            raise ActionInvalid(_("No appeal has that ticket number."))
        # Merge into the original, never into another duplicate.
        seen = set()
        while duplicate_of.duplicate_of_id is not None and duplicate_of.pk not in seen:
            seen.add(duplicate_of.pk)
            duplicate_of = duplicate_of.duplicate_of
        if duplicate_of.pk == appeal.pk:
            raise ActionInvalid(_("An appeal cannot duplicate itself."))
        if duplicate_of.status == State.REJECTED:
            raise ActionInvalid(_("That appeal was rejected: it cannot take duplicates."))
        now = timezone.now()
        old = appeal.status
        Rejection.objects.create(
            appeal=appeal, reason=RejectionReason.DUPLICATE, note=note, rejected_by=user, created=now
        )
        appeal.duplicate_of = duplicate_of
        appeal.work_order_id = duplicate_of.work_order_id
        appeal.rejection_reason = _rejection_text(RejectionReason.DUPLICATE, note, duplicate_of)
        Appeal.objects.filter(pk=appeal.pk).update(
            duplicate_of=duplicate_of, work_order_id=duplicate_of.work_order_id,
            rejection_reason=appeal.rejection_reason,
        )
        # Its own appeals-in-waiting follow it to the original.
        Appeal.objects.filter(duplicate_of=appeal).update(
            duplicate_of=duplicate_of, work_order_id=duplicate_of.work_order_id
        )
        _set_appeal_status(appeal, State.MERGED, now)
        record_event(
            appeal, "merge", actor=user, from_state=old, to_state=State.MERGED,
            reason=appeal.rejection_reason, request=request,
        )
        from huying.notifications.actions import notify_resident

        notify_resident(appeal, "rejected", reason=appeal.rejection_reason)
    return appeal


# Dispatch --------------------------------------------------------------------------------
def deadline_preview(kind, category=None, co_handler_days=None, now=None) -> dict:
    """The deadlines a dispatch made now would set (for the dispatch form's preview)."""
    now = now or timezone.now()
    limits = limits_for(kind, category)
    try:
        co_days = _co_days(co_handler_days, limits)
    except ActionInvalid:
        co_days = limits.co_handler_days
    return {
        "limits": limits,
        "co_handler_days": co_days,
        "accept_due": add_working_days(now, limits.accept_days),
        "reply_due": add_working_days(now, limits.reply_days),
        "input_due": add_working_days(now, co_days),
    }


def _new_assignment(work_order, department, role, now, limits, co_days) -> Assignment:
    return Assignment.objects.create(
        work_order=work_order,
        department=department,
        role=role,
        dispatched_at=now,
        accept_due=add_working_days(now, limits.accept_days),
        input_due=add_working_days(now, co_days) if role == Assignment.Role.CO_HANDLER else None,
    )


def dispatch(
    user, appeal, *, category, lead, co_handlers=(), co_handler_days=None, confirm_named=False, request=None
) -> WorkOrder:
    """Send the appeal to one lead department and any co-handlers as a work order."""
    with transaction.atomic():
        appeal = _lock(appeal)
        check("dispatch", user, appeal)
        if category is None:
            raise ActionInvalid(_("Please choose a category."))
        co_handlers = _check_departments(appeal, lead, co_handlers, confirm_named=confirm_named)
        now = timezone.now()
        limits = limits_for(appeal.kind, category)
        co_days = _co_days(co_handler_days, limits)
        work_order = WorkOrder.objects.create(
            created=now,
            state=State.DISPATCHED,
            state_changed=now,
            main_appeal=appeal,
            lead_department=lead,
            category=category,
            dispatched_at=now,
            dispatched_by=user,
            reply_due=add_working_days(now, limits.reply_days),
        )
        assignments = [_new_assignment(work_order, lead, Assignment.Role.LEAD, now, limits, co_days)]
        assignments += [
            _new_assignment(work_order, d, Assignment.Role.CO_HANDLER, now, limits, co_days) for d in co_handlers
        ]
        old = appeal.status
        Appeal.objects.filter(pk=appeal.pk).update(work_order=work_order, category=category)
        # Duplicates merged into it while it waited share its work order from now on.
        Appeal.objects.filter(duplicate_of=appeal).update(work_order=work_order)
        appeal.work_order, appeal.category = work_order, category
        _set_state(work_order, State.DISPATCHED, now, actor=user, request=request)
        record_event(
            work_order, "dispatch", actor=user, from_state=old, to_state=State.DISPATCHED,
            reason=_dispatch_summary(lead, co_handlers), request=request,
        )
        for assignment in assignments:
            _notify_department(assignment, appeal)
        _send_dispatched(appeal, work_order, user)
    return work_order


def suggested_dispatch(appeal) -> tuple | None:
    """The router's top category and lead department for `appeal` as (category, lead), or None."""
    from huying.taxonomy.models import Category

    suggestion = getattr(appeal, "suggestion", None)
    if suggestion is None or not suggestion.categories or not suggestion.departments:
        return None
    category = Category.objects.active().filter(pk=suggestion.categories[0]["id"]).first()
    lead = Department.objects.filter(pk=suggestion.departments[0]["id"]).first()
    if category is None or lead is None:
        return None
    return category, lead


def dispatch_as_suggested(user, appeal, *, request=None) -> WorkOrder:
    """One click from the review queue: dispatch with the router's top category and lead,
    no co-handlers and the default deadlines.  A report naming the department is refused
    here (NeedsConfirmation): that warning is confirmed on the appeal's page."""
    fresh = Appeal.objects.select_related("suggestion").filter(pk=appeal.pk).first()
    chosen = suggested_dispatch(fresh) if fresh is not None else None
    if chosen is None:
        raise ActionInvalid(_("The router has no usable suggestion for this appeal: dispatch it from its page."))
    category, lead = chosen
    return dispatch(user, fresh, category=category, lead=lead, request=request)


def _dispatch_summary(lead, co_handlers) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        text = gettext("Lead: %(lead)s") % {"lead": lead.name}
        if co_handlers:
            text += "; " + gettext("co-handling: %(names)s") % {"names": _names(co_handlers)}
        return text


def answer_directly(user, appeal, *, text, request=None) -> WorkOrder:
    """The dispatch centre answers an enquiry itself; the answer is published at once."""
    text = _text(text, _("the answer"))
    with transaction.atomic():
        appeal = _lock(appeal)
        check("answer_directly", user, appeal)
        if appeal.kind != Kind.ENQUIRY:
            raise ActionInvalid(_("Only an enquiry can be answered without dispatching."))
        if user.department_id is None:
            raise ActionInvalid(_("Your account has no department."))
        now = timezone.now()
        work_order = WorkOrder.objects.create(
            created=now, state=State.REPLIED, state_changed=now, main_appeal=appeal,
            lead_department_id=user.department_id, category=appeal.category, dispatched_at=now,
            dispatched_by=user, answered_directly=True,
        )
        Assignment.objects.create(
            work_order=work_order, department_id=user.department_id, role=Assignment.Role.LEAD,
            status=Assignment.Status.ACCEPTED, dispatched_at=now, accepted_at=now, accepted_by=user,
        )
        Reply.objects.create(
            work_order=work_order, department_id=user.department_id, author=user, text=text, created=now,
            status=Reply.Status.PUBLISHED, reviewed_by=user, reviewed_at=now,
        )
        old = appeal.status
        Appeal.objects.filter(pk=appeal.pk).update(work_order=work_order)
        Appeal.objects.filter(duplicate_of=appeal).update(work_order=work_order)
        appeal.work_order = work_order
        _set_state(work_order, State.REPLIED, now, actor=user, request=request)
        record_event(work_order, "answer_directly", actor=user, from_state=old, to_state=State.REPLIED,
                     request=request)
        _notify_residents(work_order, "replied")
    return work_order


# Accepting and returning ----------------------------------------------------------------
def _pending_part(user, work_order) -> Assignment:
    assignment = _own_assignment(user, work_order)
    if assignment is None or not assignment.is_pending:
        raise ActionInvalid(_("Your department's part is not waiting for acceptance."))
    return assignment


def accept(user, appeal, *, request=None) -> Assignment:
    with transaction.atomic():
        appeal = _lock(appeal)
        check("accept", user, appeal)
        work_order = appeal.work_order
        assignment = _pending_part(user, work_order)
        now = timezone.now()
        assignment.status = Assignment.Status.ACCEPTED
        assignment.accepted_at, assignment.accepted_by = now, user
        assignment.save(update_fields=["status", "accepted_at", "accepted_by"])
        _refresh_assignments(work_order)
        old = work_order.state
        new = _derived_state(work_order)
        _set_state(work_order, new, now, actor=user, request=request)
        record_event(
            work_order, "accept", actor=user, from_state=old, to_state=new,
            reason=assignment.department.name, request=request,
        )
        if assignment.is_lead:
            _notify_residents(work_order, "accepted", department=assignment.department)
    return assignment


def return_work_order(user, appeal, *, reason, request=None) -> Assignment:
    """退单: the department says it is not theirs; the dispatch centre re-dispatches."""
    reason = _text(reason, _("a reason for returning it"))
    with transaction.atomic():
        appeal = _lock(appeal)
        check("return", user, appeal)
        work_order = appeal.work_order
        assignment = _pending_part(user, work_order)
        now = timezone.now()
        assignment.status = Assignment.Status.RETURNED
        assignment.returned_at, assignment.returned_by, assignment.return_reason = now, user, reason
        assignment.save(update_fields=["status", "returned_at", "returned_by", "return_reason"])
        _refresh_assignments(work_order)
        old = work_order.state
        new = _derived_state(work_order)
        _set_state(work_order, new, now, actor=user, request=request)
        record_event(
            work_order, "return", actor=user, from_state=old, to_state=new,
            reason=f"{assignment.department.name}: {reason}", request=request,
        )
    return assignment


def redispatch(
    user, appeal, *, lead, co_handlers=(), category=None, co_handler_days=None, confirm_named=False,
    reason="", request=None,
) -> WorkOrder:
    """Send returned parts elsewhere.  The reply deadline stays what the first dispatch set."""
    reason = _text(reason, _("a note"), required=False)
    with transaction.atomic():
        appeal = _lock(appeal)
        check("redispatch", user, appeal)
        work_order = appeal.work_order
        active = work_order.active_assignments()
        if not any(a.is_returned for a in active):
            raise ActionInvalid(_("No department has returned this work order."))
        co_handlers = _check_departments(appeal, lead, co_handlers, confirm_named=confirm_named)
        category = category or work_order.category
        now = timezone.now()
        limits = limits_for(appeal.kind, category)
        co_days = _co_days(co_handler_days, limits)
        wanted = {lead.pk: Assignment.Role.LEAD} | {d.pk: Assignment.Role.CO_HANDLER for d in co_handlers}
        kept = set()
        for assignment in active:
            if not assignment.is_returned and wanted.get(assignment.department_id) == assignment.role:
                kept.add(assignment.department_id)
                continue
            assignment.replaced_at = now
            assignment.save(update_fields=["replaced_at"])
        new_parts = [
            _new_assignment(work_order, d, role, now, limits, co_days)
            for d, role in [(lead, Assignment.Role.LEAD)] + [(c, Assignment.Role.CO_HANDLER) for c in co_handlers]
            if d.pk not in kept
        ]
        work_order.lead_department, work_order.category = lead, category
        work_order.save(update_fields=["lead_department", "category"])
        if appeal.category_id != category.pk:
            Appeal.objects.filter(work_order=work_order).update(category=category)
        _refresh_assignments(work_order)
        old = work_order.state
        new = _derived_state(work_order)
        _set_state(work_order, new, now, actor=user, request=request)
        summary = _dispatch_summary(lead, co_handlers)
        record_event(
            work_order, "redispatch", actor=user, from_state=old, to_state=new,
            reason=f"{summary} {reason}".strip(), request=request,
        )
        for assignment in new_parts:
            _notify_department(assignment, appeal)
        _send_dispatched(appeal, work_order, user)
    return work_order


# Handling ---------------------------------------------------------------------------------
def _accepted_part(user, work_order, *, lead=None) -> Assignment:
    assignment = _own_assignment(user, work_order)
    if assignment is None or not assignment.is_accepted:
        raise ActionInvalid(_("Your department has to accept the work order first."))
    if lead is not None and assignment.is_lead != lead:
        raise ActionInvalid(_("This is for the lead department only.") if lead else _("This is for co-handlers only."))
    return assignment


def forward(user, appeal, *, community, request=None) -> Assignment:
    """二级派单: a street hands its part to one of its communities and stays responsible."""
    with transaction.atomic():
        appeal = _lock(appeal)
        check("forward", user, appeal)
        work_order = appeal.work_order
        assignment = _accepted_part(user, work_order)
        if not assignment.department.is_street:
            raise ActionInvalid(_("Only a street forwards work orders to its communities."))
        if community is None or community.parent_id != assignment.department_id or not community.is_active:
            raise ActionInvalid(_("Please choose one of your street's communities."))
        now = timezone.now()
        old_target = assignment.forwarded_to
        assignment.forwarded_to, assignment.forwarded_at = community, now
        assignment.save(update_fields=["forwarded_to", "forwarded_at"])
        reason = community.name if old_target is None else f"{old_target.name} → {community.name}"
        record_event(work_order, "forward", actor=user, from_state=work_order.state,
                     to_state=work_order.state, reason=reason, request=request)
        _notify_department(assignment, appeal, department=community)
    return assignment


def give_input(user, appeal, *, text, request=None) -> CoHandlerInput:
    text = _text(text, _("your input"))
    with transaction.atomic():
        appeal = _lock(appeal)
        check("give_input", user, appeal)
        work_order = appeal.work_order
        assignment = _accepted_part(user, work_order, lead=False)
        given = CoHandlerInput.objects.create(
            work_order=work_order, assignment=assignment, author=user, text=text, created=timezone.now()
        )
        record_event(work_order, "give_input", actor=user, from_state=work_order.state,
                     to_state=work_order.state, reason=assignment.department.name, request=request)
    return given


def add_note(user, appeal, *, text, request=None) -> Note:
    text = _text(text, _("the note"))
    with transaction.atomic():
        appeal = _lock(appeal)
        check("add_note", user, appeal)
        work_order = appeal.work_order
        note = Note.objects.create(
            work_order=work_order, author=user, department_id=user.department_id, text=text, created=timezone.now()
        )
        record_event(work_order, "add_note", actor=user, from_state=work_order.state,
                     to_state=work_order.state, request=request)
    return note


# Extensions --------------------------------------------------------------------------------
def request_extension(user, appeal, *, days, reason, request=None) -> ExtensionRequest:
    reason = _text(reason, _("a reason"))
    try:
        days = int(days)
    except (TypeError, ValueError):
        raise ActionInvalid(_("Please give the number of working days.")) from None
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise ActionInvalid(_("An extension is 1 to %(max)s working days.") % {"max": MAX_EXTENSION_DAYS})
    with transaction.atomic():
        appeal = _lock(appeal)
        check("request_extension", user, appeal)
        work_order = appeal.work_order
        _accepted_part(user, work_order, lead=True)
        if work_order.extensions.filter(status=ExtensionRequest.Status.PENDING).exists():
            raise ActionInvalid(_("An extension request is already waiting for a decision."))
        extension = ExtensionRequest.objects.create(
            work_order=work_order, days=days, reason=reason, requested_by=user, requested_at=timezone.now(),
            old_due=work_order.reply_due,
        )
        record_event(work_order, "request_extension", actor=user, from_state=work_order.state,
                     to_state=work_order.state, reason=f"+{days}: {reason}", request=request)
    return extension


def _pending_extension(work_order) -> ExtensionRequest:
    extension = work_order.extensions.filter(status=ExtensionRequest.Status.PENDING).first()
    if extension is None:
        raise ActionInvalid(_("No extension request is waiting for a decision."))
    return extension


def approve_extension(user, appeal, *, note="", request=None) -> ExtensionRequest:
    """Approval moves the reply deadline by the days asked, counted from the old deadline."""
    note = _text(note, _("a note"), required=False)
    with transaction.atomic():
        appeal = _lock(appeal)
        check("approve_extension", user, appeal)
        work_order = appeal.work_order
        extension = _pending_extension(work_order)
        now = timezone.now()
        old_due = work_order.reply_due
        new_due = add_working_days(max(old_due, now) if old_due else now, extension.days)
        work_order.reply_due = new_due
        work_order.save(update_fields=["reply_due"])
        extension.status = ExtensionRequest.Status.APPROVED
        extension.decided_by, extension.decided_at, extension.decision_note = user, now, note
        extension.old_due, extension.new_due = old_due, new_due
        extension.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "old_due", "new_due"])
        record_event(
            work_order, "approve_extension", actor=user, from_state=work_order.state, to_state=work_order.state,
            reason=f"+{extension.days}: {_local(old_due) if old_due else '-'} → {_local(new_due)} {note}".strip(),
            request=request,
        )
    return extension


def deny_extension(user, appeal, *, note, request=None) -> ExtensionRequest:
    note = _text(note, _("a reason"))
    with transaction.atomic():
        appeal = _lock(appeal)
        check("deny_extension", user, appeal)
        work_order = appeal.work_order
        extension = _pending_extension(work_order)
        extension.status = ExtensionRequest.Status.DENIED
        extension.decided_by, extension.decided_at, extension.decision_note = user, timezone.now(), note
        extension.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        record_event(work_order, "deny_extension", actor=user, from_state=work_order.state,
                     to_state=work_order.state, reason=note, request=request)
    return extension


# Replying ----------------------------------------------------------------------------------
def missing_inputs(work_order, now=None) -> tuple[list[Assignment], list[Assignment]]:
    """Co-handlers who have given nothing yet: (still within their deadline, past it).

    A co-handler that returned its part owes nothing.
    """
    now = now or timezone.now()
    given = set(work_order.inputs.values_list("assignment_id", flat=True))
    owing = [a for a in work_order.co_assignments if not a.is_returned and a.pk not in given]
    waiting = [a for a in owing if a.input_due is None or a.input_due >= now]
    late = [a for a in owing if a not in waiting]
    return waiting, late


def reply(user, appeal, *, text, request=None) -> Reply:
    """The lead's reply, for the dispatch centre to review.  Missing input is recorded."""
    text = _text(text, _("the reply"))
    with transaction.atomic():
        appeal = _lock(appeal)
        check("reply", user, appeal)
        work_order = appeal.work_order
        assignment = _accepted_part(user, work_order, lead=True)
        now = timezone.now()
        # The first round needs the co-handlers' input, or their deadline to have passed.
        waiting, late = missing_inputs(work_order, now) if work_order.reopen_count == 0 else ([], [])
        if waiting:
            raise ActionInvalid(
                _("Waiting for input from %(names)s until %(due)s.")
                % {"names": _names(a.department for a in waiting),
                   "due": _local(min(a.input_due for a in waiting))}
            )
        gap = _names(a.department for a in late)
        answer = Reply.objects.create(
            work_order=work_order, department=assignment.department, author=user, text=text, created=now,
            round=work_order.reopen_count, missing_input_from=gap,
        )
        # A reply makes a pending extension request moot.
        for extension in work_order.extensions.filter(status=ExtensionRequest.Status.PENDING):
            extension.status = ExtensionRequest.Status.WITHDRAWN
            extension.decided_at = now
            extension.save(update_fields=["status", "decided_at"])
        old = work_order.state
        _set_state(work_order, State.REPLY_REVIEW, now, actor=user, request=request)
        reason = ""
        if gap:
            with translation.override(settings.LANGUAGE_CODE):
                reason = gettext("Replied without input from %(names)s") % {"names": gap}
        record_event(work_order, "reply", actor=user, from_state=old, to_state=State.REPLY_REVIEW,
                     reason=reason, request=request)
    return answer


def _pending_reply(work_order) -> Reply:
    answer = work_order.replies.filter(status=Reply.Status.PENDING).order_by("-created", "-id").first()
    if answer is None:
        raise ActionInvalid(_("No reply is waiting for review."))
    return answer


def publish_reply(user, appeal, *, note="", request=None) -> Reply:
    """The dispatch centre approves the reply: the resident can read it, and is told so."""
    note = _text(note, _("a note"), required=False)
    with transaction.atomic():
        appeal = _lock(appeal)
        check("publish_reply", user, appeal)
        work_order = appeal.work_order
        answer = _pending_reply(work_order)
        now = timezone.now()
        answer.status, answer.reviewed_by, answer.reviewed_at, answer.review_note = (
            Reply.Status.PUBLISHED, user, now, note,
        )
        answer.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
        old = work_order.state
        _set_state(work_order, State.REPLIED, now, actor=user, request=request)
        record_event(work_order, "publish_reply", actor=user, from_state=old, to_state=State.REPLIED,
                     reason=note, request=request)
        _notify_residents(work_order, "replied")
    return answer


def send_back_reply(user, appeal, *, reason, request=None) -> Reply:
    reason = _text(reason, _("a reason"))
    with transaction.atomic():
        appeal = _lock(appeal)
        check("send_back_reply", user, appeal)
        work_order = appeal.work_order
        answer = _pending_reply(work_order)
        now = timezone.now()
        answer.status, answer.reviewed_by, answer.reviewed_at, answer.review_note = (
            Reply.Status.SENT_BACK, user, now, reason,
        )
        answer.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
        old = work_order.state
        new = State.REOPENED if work_order.reopen_count else State.IN_PROGRESS
        _set_state(work_order, new, now, actor=user, request=request)
        record_event(work_order, "send_back_reply", actor=user, from_state=old, to_state=new,
                     reason=reason, request=request)
    return answer


# Follow-up, reopen, close -----------------------------------------------------------------
def _reopen(work_order, appeal, now) -> None:
    """重办: back to the same lead department with a new deadline; earlier replies stay."""
    limits = limits_for(appeal.kind, work_order.category)
    work_order.reopen_count += 1
    work_order.reply_due = add_working_days(now, limits.reply_days)
    work_order.solved, work_order.satisfaction = None, ""
    work_order.save(update_fields=["reopen_count", "reply_due", "solved", "satisfaction"])
    lead = work_order.lead_assignment
    if lead is not None:
        _notify_department(lead, appeal, due=work_order.reply_due)


def _record_follow_up(name, user, appeal, *, satisfaction, solved, comment, by_resident, request) -> FollowUp:
    if satisfaction not in Satisfaction.values:
        raise ActionInvalid(_("Please choose how satisfied the resident is."))
    comment = _text(comment, _("a comment"), required=False)
    with transaction.atomic():
        appeal = _lock(appeal)
        check(name, user, appeal)
        work_order = appeal.work_order
        now = timezone.now()
        follow_up = FollowUp.objects.create(
            work_order=work_order, appeal=appeal, recorded_by=user if not by_resident else None,
            by_resident=by_resident, solved=solved, satisfaction=satisfaction, comment=comment,
            round=work_order.reopen_count, created=now,
        )
        old = work_order.state
        if satisfaction == Satisfaction.UNSATISFIED:
            if work_order.reopen_count >= settings.HUYING_REOPEN_LIMIT:
                new = State.AWAITING_DECISION
                work_order.solved, work_order.satisfaction = solved, satisfaction
                work_order.save(update_fields=["solved", "satisfaction"])
            else:
                new = State.REOPENED
                _reopen(work_order, appeal, now)
        else:
            new = State.FOLLOWED_UP
            work_order.solved, work_order.satisfaction = solved, satisfaction
            work_order.save(update_fields=["solved", "satisfaction"])
        _set_state(work_order, new, now, actor=user, request=request)
        with translation.override(settings.LANGUAGE_CODE):
            summary = str(Satisfaction(satisfaction).label)
            if solved is not None:
                summary += "，" + (gettext("Solved") if solved else gettext("Not solved"))
        record_event(
            work_order, name, actor=user, from_state=old, to_state=new,
            reason=f"{summary} {comment}".strip(), request=request,
        )
    return follow_up


def follow_up(user, appeal, *, satisfaction, solved=None, comment="", request=None) -> FollowUp:
    """回访: the dispatch centre records what the resident said.  不满意 reopens it."""
    if solved not in (True, False):
        raise ActionInvalid(_("Please say whether it was solved."))
    return _record_follow_up("follow_up", user, appeal, satisfaction=satisfaction, solved=solved,
                             comment=comment, by_resident=False, request=request)


def rate(appeal, *, satisfaction, comment="", request=None) -> FollowUp:
    """The resident rates the reply on the tracking page (no login)."""
    return _record_follow_up("rate", None, appeal, satisfaction=satisfaction, solved=None,
                             comment=comment, by_resident=True, request=request)


def close(user, appeal, *, request=None) -> WorkOrder:
    with transaction.atomic():
        appeal = _lock(appeal)
        check("close", user, appeal)
        return _close(user, appeal, "close", "", request)


def _close(user, appeal, name, reason, request) -> WorkOrder:
    work_order = appeal.work_order
    now = timezone.now()
    old = work_order.state
    work_order.closed_at = now
    work_order.save(update_fields=["closed_at"])
    _set_state(work_order, State.CLOSED, now, actor=user, request=request)
    record_event(work_order, name, actor=user, from_state=old, to_state=State.CLOSED, reason=reason,
                 request=request)
    _notify_residents(work_order, "closed")
    return work_order


def supervisor_close(user, appeal, *, reason, request=None) -> WorkOrder:
    """After the reopen limit, a supervisor decides: enough has been done."""
    reason = _text(reason, _("a reason"))
    with transaction.atomic():
        appeal = _lock(appeal)
        check("supervisor_close", user, appeal)
        return _close(user, appeal, "supervisor_close", reason, request)


def supervisor_reopen(user, appeal, *, reason, request=None) -> WorkOrder:
    reason = _text(reason, _("a reason"))
    with transaction.atomic():
        appeal = _lock(appeal)
        check("supervisor_reopen", user, appeal)
        work_order = appeal.work_order
        now = timezone.now()
        _reopen(work_order, appeal, now)
        _set_state(work_order, State.REOPENED, now, actor=user, request=request)
        record_event(work_order, "supervisor_reopen", actor=user, from_state=State.AWAITING_DECISION,
                     to_state=State.REOPENED, reason=reason, request=request)
    return work_order


# The public board ---------------------------------------------------------------------------
def publish(user, appeal, *, request=None) -> Appeal:
    """Put the appeal and its published replies on the public board (masked there)."""
    with transaction.atomic():
        appeal = _lock(appeal)
        check("publish", user, appeal)
        if appeal.is_report:
            raise ActionInvalid(_("A report of wrongdoing is never published."))
        if not appeal.allow_publish:
            raise ActionInvalid(_("The resident did not allow this appeal to be published."))
        if appeal.is_published:
            raise ActionInvalid(_("This appeal is already on the public board."))
        if not appeal.work_order.replies.filter(status=Reply.Status.PUBLISHED).exists():
            raise ActionInvalid(_("Only an appeal with an approved reply is published."))
        now = timezone.now()
        appeal.is_published, appeal.published_at = True, now
        Appeal.objects.filter(pk=appeal.pk).update(is_published=True, published_at=now)
        record_event(appeal, "publish", actor=user, request=request)
    return appeal


def unpublish(user, appeal, *, reason="", request=None) -> Appeal:
    reason = _text(reason, _("a reason"), required=False)
    with transaction.atomic():
        appeal = _lock(appeal)
        check("unpublish", user, appeal)
        if not appeal.is_published:
            raise ActionInvalid(_("This appeal is not on the public board."))
        appeal.is_published = False
        Appeal.objects.filter(pk=appeal.pk).update(is_published=False)
        record_event(appeal, "unpublish", actor=user, reason=reason, request=request)
    return appeal


# Personal data -------------------------------------------------------------------------------
@dataclass
class Contact:
    name: str
    phone: str
    id_number: str
    address: str
    description: str
    title: str


def show_contact(user, appeal, *, request=None) -> Contact:
    """Unmask the resident's contact and the numbers in the text, for this member of staff.

    A report's reporter stays hidden from everyone but the dispatch centre.
    """
    from huying.accounts.models import Role

    with transaction.atomic():
        appeal = _lock(appeal)
        check("show_contact", user, appeal)
        if appeal.is_report and user.role != Role.DISPATCHER:
            raise TransitionRefused(_("The identity of whoever reports wrongdoing is seen by the dispatch centre only."))
        record_event(appeal, "show_contact", actor=user, from_state=state_of(appeal),
                     to_state=state_of(appeal), request=request)
    return Contact(
        name=appeal.contact_name, phone=appeal.phone, id_number=appeal.id_number, address=appeal.address,
        description=appeal.description, title=appeal.title,
    )

