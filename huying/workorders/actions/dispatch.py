"""Dispatch: sending an appeal to a lead department and co-handlers as a work order,
sending returned parts elsewhere, and the dispatch centre answering an enquiry itself."""

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huying.accounts.models import Department
from huying.appeals.actions import attach_work_order, recategorise
from huying.appeals.models import Appeal
from huying.appeals.states import State
from huying.audit.events import EventName
from huying.audit.wording import said, typed
from huying.notifications.texts import Message
from huying.taxonomy.models import Category
from huying.workdays.calendar import add_working_days, limits_for
from huying.workorders.actions.base import (
    clean_text,
    derived_state,
    names,
    notify_assigned,
    notify_residents,
    refresh_assignments,
    step,
)
from huying.workorders.models import Assignment, Reply, WorkOrder
from huying.workorders.signals import appeal_dispatched
from huying.workorders.transitions import ActionInvalid, NeedsConfirmation

MAX_CO_HANDLER_DAYS = 30


def _department_aliases(department: Department) -> set[str]:
    aliases = {department.name, department.short_name}
    for name in list(aliases):
        aliases.add(re.sub(r"^(区|县|市)", "", name or ""))
    return {n for n in aliases if n and len(n) >= 2}


def departments_named_in(appeal: Appeal, departments) -> list[Department]:
    """Of `departments`, those a report of wrongdoing names in its title or text."""
    body = f"{appeal.title}\n{appeal.description}"
    return [d for d in departments if d is not None and any(a in body for a in _department_aliases(d))]


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
            % {"names": names(wrong)}
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
                % {"names": names(named)}
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
    transaction.on_commit(lambda: appeal_dispatched.send_robust(sender=Appeal, **values))


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


def _summary(lead, co_handlers) -> list:
    """The event's reason, read by each reader in their language (huying.audit.wording)."""
    if co_handlers:
        return [said(_("Lead: %(lead)s; co-handling: %(names)s"), lead=lead.name, names=names(co_handlers))]
    return [said(_("Lead: %(lead)s"), lead=lead.name)]


def dispatch(
    user, appeal, *, category, lead, co_handlers=(), co_handler_days=None, confirm_named=False, request=None, now=None
) -> WorkOrder:
    """Send the appeal to one lead department and any co-handlers as a work order."""
    with step(EventName.DISPATCH, user, appeal, now=now, request=request) as s:
        if category is None:
            raise ActionInvalid(_("Please choose a category."))
        co_handlers = _check_departments(s.appeal, lead, co_handlers, confirm_named=confirm_named)
        limits = limits_for(s.appeal.kind, category)
        co_days = _co_days(co_handler_days, limits)
        work_order = WorkOrder.objects.create(
            created=s.now,
            state=State.DISPATCHED,
            state_changed=s.now,
            main_appeal=s.appeal,
            lead_department=lead,
            category=category,
            dispatched_at=s.now,
            dispatched_by=user,
            reply_due=add_working_days(s.now, limits.reply_days),
        )
        assignments = [_new_assignment(work_order, lead, Assignment.Role.LEAD, s.now, limits, co_days)]
        assignments += [
            _new_assignment(work_order, d, Assignment.Role.CO_HANDLER, s.now, limits, co_days) for d in co_handlers
        ]
        attach_work_order(s.appeal, work_order, category=category)
        summary = _summary(lead, co_handlers)
        s.record(on=work_order, reason=summary, from_state=s.appeal.status)
        s.move(State.DISPATCHED, reason=summary)
        for assignment in assignments:
            notify_assigned(assignment, s.appeal)
        _send_dispatched(s.appeal, work_order, user)
    return work_order


def suggested_dispatch(appeal) -> tuple | None:
    """The router's top category and lead department for `appeal` as (category, lead), or None."""
    suggestion = getattr(appeal, "suggestion", None)
    if suggestion is None or not suggestion.categories or not suggestion.departments:
        return None
    category = Category.objects.active().filter(pk=suggestion.categories[0]["id"]).first()
    lead = Department.objects.filter(pk=suggestion.departments[0]["id"]).first()
    if category is None or lead is None:
        return None
    return category, lead


def dispatch_as_suggested(user, appeal, *, request=None, now=None) -> WorkOrder:
    """One click from the review queue: dispatch with the router's top category and lead,
    no co-handlers and the default deadlines.  A report naming the department is refused
    here (NeedsConfirmation): that warning is confirmed on the appeal's page."""
    fresh = Appeal.objects.select_related("suggestion").filter(pk=appeal.pk).first()
    chosen = suggested_dispatch(fresh) if fresh is not None else None
    if chosen is None:
        raise ActionInvalid(_("The router has no usable suggestion for this appeal: dispatch it from its page."))
    category, lead = chosen
    return dispatch(user, fresh, category=category, lead=lead, request=request, now=now)


def redispatch(
    user, appeal, *, lead, co_handlers=(), category=None, co_handler_days=None, confirm_named=False,
    reason="", request=None, now=None,
) -> WorkOrder:  # fmt: skip
    """Send returned parts elsewhere.  The reply deadline stays what the first dispatch set."""
    reason = clean_text(reason, _("a note"), required=False)
    with step(EventName.REDISPATCH, user, appeal, now=now, request=request) as s:
        work_order = s.work_order
        active = work_order.active_assignments()
        co_handlers = _check_departments(s.appeal, lead, co_handlers, confirm_named=confirm_named)
        category = category or work_order.category
        limits = limits_for(s.appeal.kind, category)
        co_days = _co_days(co_handler_days, limits)
        wanted = {lead.pk: Assignment.Role.LEAD} | {d.pk: Assignment.Role.CO_HANDLER for d in co_handlers}
        kept = set()
        for assignment in active:
            if not assignment.is_returned and wanted.get(assignment.department_id) == assignment.role:
                kept.add(assignment.department_id)
                continue
            assignment.replaced_at = s.now
            assignment.save(update_fields=["replaced_at"])
        parts = [(lead, Assignment.Role.LEAD)] + [(c, Assignment.Role.CO_HANDLER) for c in co_handlers]
        new_parts = [
            _new_assignment(work_order, d, role, s.now, limits, co_days) for d, role in parts if d.pk not in kept
        ]
        work_order.lead_department, work_order.category = lead, category
        work_order.save(update_fields=["lead_department", "category"])
        if s.appeal.category_id != category.pk:
            recategorise(work_order, category)
        refresh_assignments(work_order)
        s.move(derived_state(work_order), reason=[*_summary(lead, co_handlers), typed(reason)])
        for assignment in new_parts:
            notify_assigned(assignment, s.appeal)
        _send_dispatched(s.appeal, work_order, user)
    return work_order


def answer_directly(user, appeal, *, text, request=None, now=None) -> WorkOrder:
    """The dispatch centre answers an enquiry itself; the answer is published at once."""
    answer = clean_text(text, _("the answer"))
    with step(EventName.ANSWER_DIRECTLY, user, appeal, now=now, request=request) as s:
        work_order = WorkOrder.objects.create(
            created=s.now, state=State.REPLIED, state_changed=s.now, main_appeal=s.appeal,
            lead_department_id=user.department_id, category=s.appeal.category, dispatched_at=s.now,
            dispatched_by=user, answered_directly=True,
        )  # fmt: skip
        Assignment.objects.create(
            work_order=work_order, department_id=user.department_id, role=Assignment.Role.LEAD,
            status=Assignment.Status.ACCEPTED, dispatched_at=s.now, accepted_at=s.now, accepted_by=user,
        )  # fmt: skip
        Reply.objects.create(
            work_order=work_order, department_id=user.department_id, author=user, text=answer, created=s.now,
            status=Reply.Status.PUBLISHED, reviewed_by=user, reviewed_at=s.now,
        )  # fmt: skip
        attach_work_order(s.appeal, work_order)
        s.record(on=work_order, from_state=s.appeal.status)
        s.move(State.REPLIED)
        notify_residents(work_order, Message.REPLIED)
    return work_order
