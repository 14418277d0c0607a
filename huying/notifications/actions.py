"""Writes to the outbox.  Messages are queued in the caller's transaction and sent by a
Huey task once it commits; a send that fails is retried and never undoes the change."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from functools import partial

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from huying.audit.actions import record_event
from huying.audit.events import EventName
from huying.lib.pii import mask_text
from huying.notifications import senders, texts
from huying.notifications.models import Channel, Outbox, Status

logger = logging.getLogger("huying.notifications")

MAX_ATTEMPTS = 5
# A pending row not sent after this long was lost (the worker was down): queue it again.
STUCK_PENDING_AFTER = timedelta(minutes=5)
# Huey's own retries are over after about 15 minutes; a failed row older than this lost its schedule.
STUCK_FAILED_AFTER = timedelta(hours=1)
REDACTED = "******"


class SendFailed(Exception):
    """Raised from the task so that Huey retries it later."""


# Set while history is written (the demo district's past): see `recorded_as_sent`.
_history: ContextVar[bool] = ContextVar("huying_notifications_history", default=False)


@contextmanager
def recorded_as_sent() -> Iterator[None]:
    """Messages queued inside belong to the past: kept in the outbox as sent, without
    their text, and never sent."""
    token = _history.set(True)
    try:
        yield
    finally:
        _history.reset(token)


def _enqueue(outbox_id: int) -> None:

    from huying.notifications.tasks import send_notification  # breaks the cycle: tasks imports these actions

    send_notification(outbox_id)


def queue_notification(*, channel, recipient, body, subject="", appeal=None, redact=()) -> Outbox:
    """Write a message to the outbox in the caller's transaction; it is sent after commit.

    `redact` lists secrets in the body (a query code) kept out of the masked preview.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("queue_notification must run inside the transaction of the change")
    if channel not in Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    preview = body
    for secret in redact:
        if secret:
            preview = preview.replace(secret, REDACTED)
    outbox = Outbox(channel=channel, subject=subject[:200], preview=mask_text(preview), appeal=appeal)
    outbox.recipient = recipient
    if _history.get():
        outbox.status, outbox.sent_at = Status.SENT, timezone.now()
        outbox.save()
        return outbox
    outbox.body = body
    outbox.save()
    # robust: a queue that is down must not turn a committed change into an error page;
    # the periodic task picks the row up later.
    transaction.on_commit(lambda: _enqueue(outbox.pk), robust=True)
    return outbox


def notify_resident(appeal, event: str, **context) -> Outbox | None:
    """Text the resident of `appeal` about `event` (registered, accepted, replied, closed,
    rejected); None when the appeal has no phone number.

    Context: department for "accepted", reason for "rejected".
    """
    text = texts.resident_text(appeal, event, **context)
    phone = appeal.phone
    if not phone:
        return None
    return queue_notification(channel=Channel.SMS, recipient=phone, body=text, appeal=appeal)


def notify_department(department, appeal, *, due=None, co_handler=False, url="") -> list[Outbox]:
    """E-mail the active staff of `department` who have an address about a new work order."""
    subject, body = texts.department_text(department, appeal, due=due, co_handler=co_handler, url=url)
    addresses = department.staff.filter(is_active=True).exclude(email="").order_by("id").values_list("email", flat=True)
    return [
        queue_notification(channel=Channel.EMAIL, recipient=address, subject=subject, body=body, appeal=appeal)
        for address in dict.fromkeys(a.strip() for a in addresses if a.strip())
    ]


def deliver(outbox_id: int) -> str:
    """Send one message and record the outcome; returns its status.

    Raises SendFailed while attempts remain (the task lets Huey retry); the last failure
    marks it given up.
    """
    row = Outbox.objects.filter(pk=outbox_id).first()
    if row is None:
        return ""
    if row.status not in (Status.PENDING, Status.FAILED):
        return row.status
    # Claim this attempt so that a requeued copy of the task cannot send it twice.
    claimed = Outbox.objects.filter(pk=row.pk, status=row.status, attempts=row.attempts).update(
        attempts=F("attempts") + 1, last_attempt_at=timezone.now()
    )
    if not claimed:
        return row.status
    row.attempts += 1
    try:
        senders.send(row)
    except senders.Disabled as exc:
        Outbox.objects.filter(pk=row.pk).update(status=Status.GIVEN_UP, last_error=str(exc)[:500])
        return Status.GIVEN_UP
    except Exception as exc:
        error = mask_text(f"{type(exc).__name__}: {exc}")[:500]
        final = row.attempts >= MAX_ATTEMPTS
        status = Status.GIVEN_UP if final else Status.FAILED
        Outbox.objects.filter(pk=row.pk).update(status=status, last_error=error)
        logger.warning("outbox %s: attempt %s failed: %s", row.pk, row.attempts, error)
        if final:
            return status
        raise SendFailed(error) from exc
    # Sent: the body (it may hold a query code) is no longer needed.
    Outbox.objects.filter(pk=row.pk).update(
        status=Status.SENT, sent_at=timezone.now(), body_encrypted="", last_error=""
    )
    return Status.SENT


def requeue_stuck(now=None) -> list[int]:
    """Queue again what the worker never picked up; returns the ids."""
    now = now or timezone.now()
    with transaction.atomic():
        stuck = list(
            Outbox.objects.filter(
                Q(status=Status.PENDING, queued_at__lt=now - STUCK_PENDING_AFTER)
                | Q(status=Status.FAILED, last_attempt_at__lt=now - STUCK_FAILED_AFTER)
            ).values_list("pk", flat=True)
        )
        Outbox.objects.filter(pk__in=stuck).update(queued_at=now)
        for pk in stuck:
            transaction.on_commit(partial(_enqueue, pk), robust=True)
    return stuck


def retry(outbox_ids, *, actor, request=None) -> int:
    """An administrator sends failed or given-up messages again, with fresh attempts."""
    with transaction.atomic():
        rows = list(
            Outbox.objects.select_for_update()
            .filter(pk__in=list(outbox_ids), status__in=[Status.FAILED, Status.GIVEN_UP])
            .exclude(body_encrypted="")
        )
        now = timezone.now()
        for row in rows:
            record_event(
                row,
                EventName.NOTIFICATION_RETRIED,
                actor=actor,
                from_state=row.status,
                to_state=Status.PENDING,
                request=request,
            )
            Outbox.objects.filter(pk=row.pk).update(status=Status.PENDING, attempts=0, queued_at=now)
            transaction.on_commit(partial(_enqueue, row.pk), robust=True)
    return len(rows)


def forget_appeal_messages(appeal_id: int) -> int:
    """An appeal's messages keep their record (when, which channel, sent or not), never who
    they went to or what they said: recipients and texts, encrypted or masked, are erased."""
    return Outbox.objects.filter(appeal_id=appeal_id).update(
        recipient_encrypted="", recipient_masked="", body_encrypted="", preview="", subject=""
    )
