"""Every write of practical matters: one function per transition, each in one transaction with
its audit event.  Residents are told at each step by the next part of this work (see README)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from huying.audit.actions import record_event
from huying.audit.events import EventName
from huying.audit.wording import said, typed
from huying.matters.models import Milestone, PracticalMatter, Status
from huying.matters.transitions import MatterRefused, check


def create_matter(
    *,
    user,
    title: str,
    problem: str,
    lead,
    planned_completion: datetime.date,
    milestones=(),
    hot_issue=None,
    source_appeals=(),
    co_handlers=(),
    leader=None,
    beneficiaries: int = 0,
    beneficiaries_who: str = "",
    budget=None,
    street=None,
    request=None,
    now=None,
) -> PracticalMatter:
    """A new practical matter (planned); `milestones` are (title, planned date, weight)."""
    now = now or timezone.now()
    if not (title or "").strip() or not (problem or "").strip():
        raise MatterRefused(_("A practical matter needs a title and the problem in plain words."))
    with transaction.atomic():
        matter = PracticalMatter.objects.create(
            title=title.strip()[:100],
            problem=problem.strip(),
            hot_issue=hot_issue,
            street=street if street is not None else getattr(hot_issue, "street", None),
            lead=lead,
            leader=leader,
            beneficiaries=beneficiaries,
            beneficiaries_who=beneficiaries_who,
            budget=budget,
            planned_completion=planned_completion,
            year=planned_completion.year,
            created=now,
            status_changed=now,
        )
        matter.co_handlers.set(co_handlers)
        appeals = list(source_appeals)
        if hot_issue is not None:
            appeals += list(hot_issue.members.values_list("appeal_id", flat=True))
        matter.source_appeals.set({a if isinstance(a, int) else a.pk for a in appeals})
        Milestone.objects.bulk_create(
            Milestone(matter=matter, position=n, title=t, planned_date=d, weight=max(int(w), 1))
            for n, (t, d, w) in enumerate(milestones)
        )
        reason = [said(gettext_noop("From hot issue %(number)s"), number=hot_issue.pk)] if hot_issue else ""
        record_event(
            matter,
            EventName.MATTER_CREATED,
            actor=user,
            to_state=Status.PLANNED,
            reason=reason,
            request=request,
            now=now,
        )
    return matter


def _move(matter, user, name, *, reason="", request=None, now=None) -> PracticalMatter:
    now = now or timezone.now()
    with transaction.atomic():
        matter = PracticalMatter.objects.select_for_update().get(pk=matter.pk)
        t = check(user, name, matter)
        before = matter.status
        if t.target is not None:
            matter.status = t.target
            matter.status_changed = now
            if t.target == Status.DONE:
                matter.completed = now
            matter.save(update_fields=["status", "status_changed", "completed"])
        record_event(
            matter, name, actor=user, from_state=before, to_state=matter.status, reason=reason, request=request, now=now
        )
    return matter


def start(matter, user, *, request=None, now=None) -> PracticalMatter:
    return _move(matter, user, EventName.MATTER_START, request=request, now=now)


def complete_milestone(milestone: Milestone, user, *, note: str = "", on=None, request=None, now=None) -> Milestone:
    now = now or timezone.now()
    with transaction.atomic():
        matter = PracticalMatter.objects.select_for_update().get(pk=milestone.matter_id)
        check(user, EventName.MATTER_MILESTONE_DONE, matter)
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if milestone.is_done:
            raise MatterRefused(_("This milestone is done already."))
        milestone.actual_date = on or timezone.localdate(now)
        milestone.note = (note or "").strip()
        milestone.save(update_fields=["actual_date", "note"])
        record_event(
            matter,
            EventName.MATTER_MILESTONE_DONE,
            actor=user,
            reason=[said(gettext_noop("Milestone: %(title)s"), title=milestone.title), typed(milestone.note)],
            request=request,
            now=now,
        )
    return milestone


def move_milestone(milestone: Milestone, user, *, to: datetime.date, reason: str, request=None, now=None) -> Milestone:
    """Move a planned date: the reason is required, and is shown in public (调整说明)."""
    reason = (reason or "").strip()
    if not reason:
        raise MatterRefused(_("Say why the date moves: the reason is shown in public."))
    now = now or timezone.now()
    with transaction.atomic():
        matter = PracticalMatter.objects.select_for_update().get(pk=milestone.matter_id)
        check(user, EventName.MATTER_MILESTONE_MOVED, matter)
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if milestone.is_done:
            raise MatterRefused(_("This milestone is done already."))
        before = milestone.planned_date
        milestone.planned_date = to
        milestone.save(update_fields=["planned_date"])
        record_event(
            matter,
            EventName.MATTER_MILESTONE_MOVED,
            actor=user,
            reason=[
                said(
                    gettext_noop("Milestone %(title)s moved from %(before)s to %(after)s."),
                    title=milestone.title,
                    before=before.isoformat(),
                    after=to.isoformat(),
                ),
                said(gettext_noop("Reason:")),
                typed(reason),
            ],
            request=request,
            now=now,
        )
    return milestone


def complete(matter, user, *, request=None, now=None) -> PracticalMatter:
    if matter.milestones.filter(actual_date__isnull=True).exists():
        raise MatterRefused(_("Every milestone has to be done first."))
    return _move(matter, user, EventName.MATTER_DONE, request=request, now=now)


def accept(matter, user, *, reason: str = "", request=None, now=None) -> PracticalMatter:
    return _move(matter, user, EventName.MATTER_ACCEPTED, reason=reason, request=request, now=now)
