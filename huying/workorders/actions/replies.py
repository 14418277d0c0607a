"""Replies: the lead writes one, the dispatch centre publishes it to the residents or
sends it back."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huying.appeals.states import State
from huying.audit.events import EventName
from huying.audit.wording import said
from huying.lib.chinese import for_reader
from huying.notifications.texts import Message
from huying.workorders.actions.base import (
    clean_text,
    local,
    names,
    notify_residents,
    own_assignment,
    step,
)
from huying.workorders.models import Assignment, ExtensionRequest, Reply
from huying.workorders.transitions import ActionInvalid


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


def reply(user, appeal, *, text, request=None, now=None) -> Reply:
    """The lead's reply, for the dispatch centre to review.  Missing input is recorded."""
    text = clean_text(text, _("the reply"))
    with step(EventName.REPLY, user, appeal, now=now, request=request) as s:
        work_order = s.work_order
        assignment = own_assignment(user, work_order)
        # The first round needs the co-handlers' input, or their deadline to have passed.
        waiting, late = missing_inputs(work_order, s.now) if work_order.reopen_count == 0 else ([], [])
        if waiting:
            dues = [a.input_due for a in waiting if a.input_due is not None]
            raise ActionInvalid(
                _("Waiting for input from %(names)s until %(due)s.")
                % {"names": for_reader(names(a.department for a in waiting)), "due": local(min(dues)) if dues else "-"}
            )
        gap = names(a.department for a in late)
        answer = Reply.objects.create(
            work_order=work_order, department=assignment.department, author=user, text=text, created=s.now,
            round=work_order.reopen_count, missing_input_from=gap,
        )  # fmt: skip
        # A reply makes a pending extension request moot.
        work_order.extensions.filter(status=ExtensionRequest.Status.PENDING).update(
            status=ExtensionRequest.Status.WITHDRAWN, decided_at=s.now
        )
        s.move(State.REPLY_REVIEW, reason=[said(_("Replied without input from %(names)s"), names=gap)] if gap else "")
    return answer


def _pending_reply(work_order) -> Reply:
    answer = work_order.replies.filter(status=Reply.Status.PENDING).order_by("-created", "-id").first()
    if answer is None:
        raise ActionInvalid(_("No reply is waiting for review."))
    return answer


def _review(s, answer, status, note) -> None:
    answer.status, answer.reviewed_by, answer.reviewed_at, answer.review_note = status, s.user, s.now, note
    answer.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])


def publish_reply(user, appeal, *, note="", request=None, now=None) -> Reply:
    """The dispatch centre approves the reply: every resident of the work order can read it,
    is told so, and is followed up on their own."""
    note = clean_text(note, _("a note"), required=False)
    with step(EventName.PUBLISH_REPLY, user, appeal, now=now, request=request) as s:
        answer = _pending_reply(s.work_order)
        _review(s, answer, Reply.Status.PUBLISHED, note)
        s.move(State.REPLIED, reason=note)
        notify_residents(s.work_order, Message.REPLIED)
    return answer


def send_back_reply(user, appeal, *, reason, request=None, now=None) -> Reply:
    reason = clean_text(reason, _("a reason"))
    with step(EventName.SEND_BACK_REPLY, user, appeal, now=now, request=request) as s:
        answer = _pending_reply(s.work_order)
        _review(s, answer, Reply.Status.SENT_BACK, reason)
        s.move(State.REOPENED if s.work_order.reopen_count else State.IN_PROGRESS, reason=reason)
    return answer
