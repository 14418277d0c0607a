"""What every action shares: the lock–check–record prologue, and the one writer of state.

An action is

    with step(EventName.ACCEPT, user, appeal, now=now, request=request) as s:
        ...                       # the change, on s.appeal and s.work_order
        s.move(State.ACCEPTED)    # or s.record() when the state stays

`step` locks the appeal and its work order, checks the table (huying.workorders.transitions)
and runs it all in one transaction; `move` writes the new state through `write_state` and
records the transition's audit event.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from huying.appeals.actions import write_status
from huying.appeals.models import Appeal
from huying.appeals.states import State
from huying.audit.actions import record_event
from huying.audit.events import EventName
from huying.notifications.actions import notify_department, notify_resident
from huying.workorders.models import Assignment, FollowUp, WorkOrder
from huying.workorders.transitions import ActionInvalid, Subject, Transition, TransitionRefused, check

TEXT_LIMIT = 5000


def lock(appeal) -> Appeal:
    """The appeal and its work order fresh from the database, locked for this transaction."""
    fresh = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if fresh.work_order_id is not None:
        fresh.work_order = (
            WorkOrder.objects.select_for_update()
            .prefetch_related("assignments__department", "extensions", "replies")
            .get(pk=fresh.work_order_id)
        )
    return fresh


def write_state(
    subject, to: State, *, event: EventName, actor, now, request=None, reason="", appeal_event=None
) -> None:
    """The one writer of the life's state.

    `subject` is an appeal (its own state changes) or a work order: then every appeal of
    it not yet in `to` gets it too, each with an event of its own (`appeal_event`, by
    default `event`), so each resident's timeline and trail are whole.
    """
    if isinstance(subject, WorkOrder):
        old = subject.state
        WorkOrder.objects.filter(pk=subject.pk).update(state=to, state_changed=now)
        subject.state, subject.state_changed = to, now
        record_event(subject, event, actor=actor, from_state=old, to_state=to, reason=reason, request=request, now=now)
        for appeal in Appeal.objects.filter(work_order=subject).exclude(status=to).order_by("created", "id"):
            _write_appeal(appeal, to, appeal_event or event, actor=actor, now=now, request=request)
        return
    _write_appeal(subject, to, event, actor=actor, now=now, request=request, reason=reason)


def _write_appeal(appeal, to, event, *, actor, now, request, reason="") -> None:
    old = appeal.status
    write_status(appeal, to, now)
    record_event(appeal, event, actor=actor, from_state=old, to_state=to, reason=reason, request=request, now=now)


@dataclass
class Step:
    transition: Transition
    user: Any  # a member of staff, or None for the resident on the tracking page
    appeal: Appeal
    now: datetime.datetime
    request: object = None

    @property
    def work_order(self) -> WorkOrder:
        """The appeal's work order: the table lets only work-order transitions read it."""
        work_order = self.appeal.work_order if self.appeal.work_order_id else None
        if work_order is None:
            raise TransitionRefused(_("This appeal has no work order."))
        return work_order

    @property
    def actor(self):
        return self.user if self.user is not None and self.user.is_authenticated else None

    def move(self, to: State, *, reason="", appeal_event=None) -> None:
        """The transition's state change on its subject, with its audit event."""
        if to not in self.transition.targets:
            raise AssertionError(f"{self.transition.name} cannot end in {to}")
        subject: Appeal | WorkOrder = self.work_order if self.transition.on == Subject.WORK_ORDER else self.appeal
        write_state(
            subject,
            to,
            event=self.transition.event,
            actor=self.actor,
            now=self.now,
            request=self.request,
            reason=reason,
            appeal_event=appeal_event,
        )
        if subject is not self.appeal:
            # write_state left every appeal of the work order in `to`, this one included.
            self.appeal.status = to

    def record(self, *, reason="", on=None, event=None, from_state=None) -> None:
        """The audit event of a transition that keeps the state (or of its other object)."""
        subject = on or (self.work_order if self.transition.on == Subject.WORK_ORDER else self.appeal)
        state = subject.state if isinstance(subject, WorkOrder) else subject.status
        record_event(
            subject,
            event or self.transition.event,
            actor=self.actor,
            from_state=from_state or state,
            to_state=state,
            reason=reason,
            request=self.request,
            now=self.now,
        )


@contextmanager
def step(name: str, user, appeal, *, now=None, request=None) -> Iterator[Step]:
    """Lock, check the table, and run the change in one transaction."""
    with transaction.atomic():
        appeal = lock(appeal)
        transition = check(name, user, appeal)
        yield Step(transition, user, appeal, now or timezone.now(), request)


# Small shared helpers --------------------------------------------------------------------------
def clean_text(value, label, *, required=True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ActionInvalid(_("Please give %(what)s.") % {"what": label})
    if len(value) > TEXT_LIMIT:
        raise ActionInvalid(
            _("%(what)s is too long (at most %(limit)s characters).") % {"what": label, "limit": TEXT_LIMIT}
        )
    return value


def local(moment) -> str:
    return date_format(timezone.localtime(moment), "Y-m-d H:i")


def names(departments) -> str:
    return "、".join(d.name for d in departments)


def appeals_of(work_order: WorkOrder) -> list[Appeal]:
    return list(Appeal.objects.filter(work_order=work_order).order_by("created", "id"))


def staff_url(appeal) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("workorders:appeal", args=[appeal.pk])


def notify_residents(work_order: WorkOrder, event: str, **context) -> None:
    for appeal in appeals_of(work_order):
        notify_resident(appeal, event, **context)


def notify_assigned(assignment: Assignment, appeal: Appeal, department=None, due=None) -> None:
    notify_department(
        department or assignment.department,
        appeal,
        due=due or assignment.accept_due or assignment.work_order.reply_due,
        co_handler=not assignment.is_lead,
        url=staff_url(appeal),
    )


def own_assignment(user, work_order: WorkOrder) -> Assignment:
    """The user's department's part (the precondition of every department's transition)."""
    part = next((a for a in work_order.active_assignments() if a.department_id == user.department_id), None)
    if part is None:
        raise ActionInvalid(_("Your department has no part in this work order."))
    return part


def refresh_assignments(work_order: WorkOrder) -> None:
    # Drop the prefetched rows after a change, so the next read sees it.
    if hasattr(work_order, "_prefetched_objects_cache"):
        work_order._prefetched_objects_cache.pop("assignments", None)


def derived_state(work_order: WorkOrder) -> State:
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


def all_followed_up(work_order: WorkOrder) -> bool:
    """Every appeal of the work order has its follow-up for the current round."""
    followed = set(
        FollowUp.objects.filter(work_order=work_order, round=work_order.reopen_count).values_list(
            "appeal_id", flat=True
        )
    )
    return set(Appeal.objects.filter(work_order=work_order).values_list("pk", flat=True)) <= followed


def complete_follow_up_if_done(work_order: WorkOrder, *, actor, now, request=None) -> bool:
    """A replied work order is followed up once each of its residents is."""
    if work_order.state != State.REPLIED or not all_followed_up(work_order):
        return False
    write_state(work_order, State.FOLLOWED_UP, event=EventName.ALL_FOLLOWED_UP, actor=actor, now=now, request=request)
    return True
