import logging
from datetime import timedelta

import pytest
from django.db import transaction
from huey.contrib.djhuey import HUEY
from huey.utils import utcnow

from huying.notifications import actions
from huying.notifications.actions import deliver, queue_notification, requeue_stuck
from huying.notifications.models import Outbox
from huying.notifications.tasks import send_notification

from .conftest import PHONE


def queue_sms(appeal=None, body="您的诉求已受理", **kwargs):
    with transaction.atomic():
        return queue_notification(channel="sms", recipient=PHONE, body=body, appeal=appeal, **kwargs)


def test_the_row_is_written_in_the_caller_s_transaction_and_rolls_back_with_it(appeal):
    with pytest.raises(RuntimeError, match="boom"), transaction.atomic():
        queue_notification(channel="sms", recipient=PHONE, body="x", appeal=appeal)
        assert Outbox.objects.count() == 1
        raise RuntimeError("boom")
    assert Outbox.objects.count() == 0


def test_queueing_outside_a_transaction_is_refused(transactional_db):
    with pytest.raises(RuntimeError, match="transaction"):
        queue_notification(channel="sms", recipient=PHONE, body="x")


def test_an_unknown_channel_is_refused(db):
    with pytest.raises(ValueError), transaction.atomic():
        queue_notification(channel="pigeon", recipient=PHONE, body="x")


def test_the_recipient_and_body_are_stored_encrypted_beside_masked_copies(appeal):
    outbox = queue_sms(appeal, body=f"请回电 {PHONE}")
    row = Outbox.objects.get(pk=outbox.pk)
    assert PHONE not in row.recipient_encrypted
    assert PHONE not in row.body_encrypted
    assert row.recipient == PHONE
    assert row.recipient_masked == "138****5678"
    assert row.preview == "请回电 138****5678"


def test_nothing_is_sent_before_the_transaction_commits(appeal, sent_sms, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outbox = queue_sms(appeal)
    assert sent_sms == []
    assert len(callbacks) == 1
    assert Outbox.objects.get(pk=outbox.pk).status == "pending"


def test_the_task_sends_after_commit_marks_it_sent_and_wipes_the_body(
    appeal, sent_sms, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outbox = queue_sms(appeal)
    row = Outbox.objects.get(pk=outbox.pk)
    assert sent_sms == [(PHONE, "您的诉求已受理")]
    assert row.status == "sent"
    assert row.attempts == 1
    assert row.sent_at is not None
    assert row.body_encrypted == ""
    assert row.preview == "您的诉求已受理"


def test_a_sent_message_is_not_sent_twice(appeal, sent_sms):
    outbox = queue_sms(appeal)
    assert deliver(outbox.pk) == "sent"
    assert deliver(outbox.pk) == "sent"
    assert send_notification.call_local(outbox.pk) == "sent"
    assert len(sent_sms) == 1


def test_the_console_backend_logs_the_masked_number_and_never_a_secret(appeal, caplog):
    outbox = queue_sms(appeal, body="工单号HY1，查询码K7Q2MX", redact=["K7Q2MX"])
    with caplog.at_level(logging.INFO, logger="huying.notifications"):
        assert deliver(outbox.pk) == "sent"
    assert "138****5678" in caplog.text
    assert "工单号HY1，查询码******" in caplog.text
    assert PHONE not in caplog.text
    assert "K7Q2MX" not in caplog.text


def test_a_failing_backend_is_retried_then_given_up_without_touching_the_appeal(appeal, flaky_sms, caplog):
    outbox = queue_sms(appeal)
    for attempt in range(1, actions.MAX_ATTEMPTS):
        with pytest.raises(actions.SendFailed):
            deliver(outbox.pk)
        row = Outbox.objects.get(pk=outbox.pk)
        assert (row.status, row.attempts) == ("failed", attempt)
    assert deliver(outbox.pk) == "given_up"
    row = Outbox.objects.get(pk=outbox.pk)
    assert (row.status, row.attempts) == ("given_up", actions.MAX_ATTEMPTS)
    assert row.last_error == "OSError: gateway refused 138****5678"
    assert len(flaky_sms) == actions.MAX_ATTEMPTS
    assert deliver(outbox.pk) == "given_up"  # no sixth attempt
    assert PHONE not in caplog.text
    appeal.refresh_from_db()
    assert appeal.status == "submitted"


def test_huey_retries_with_growing_delays_until_the_message_is_given_up(
    appeal, flaky_sms, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outbox = queue_sms(appeal)
    minutes = []
    for _ in range(10):
        if not (scheduled := HUEY.scheduled()):
            break
        assert len(scheduled) == 1
        eta = scheduled[0].eta
        minutes.append(round((eta - utcnow()).total_seconds() / 60))
        for task in HUEY.read_schedule(eta):
            HUEY.execute(task, timestamp=eta)
    row = Outbox.objects.get(pk=outbox.pk)
    assert (row.status, row.attempts) == ("given_up", actions.MAX_ATTEMPTS)
    assert minutes == [1, 2, 4, 8]


def test_a_failed_send_never_undoes_the_change_it_reports(appeal, flaky_sms, django_capture_on_commit_callbacks):
    from huying.appeals.models import Appeal

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        Appeal.objects.filter(pk=appeal.pk).update(status="accepted")
        queue_notification(channel="sms", recipient=PHONE, body="已受理", appeal=appeal)
    appeal.refresh_from_db()
    assert appeal.status == "accepted"
    assert Outbox.objects.get().status == "failed"


def test_a_queue_that_is_down_does_not_turn_a_committed_change_into_an_error(
    appeal, monkeypatch, django_capture_on_commit_callbacks
):
    def down(outbox_id):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(actions, "_enqueue", down)
    with django_capture_on_commit_callbacks(execute=True):
        outbox = queue_sms(appeal)
    assert Outbox.objects.get(pk=outbox.pk).status == "pending"


def test_a_pending_message_the_worker_never_saw_is_queued_again(appeal, sent_sms, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        outbox = queue_sms(appeal)
    assert requeue_stuck(now=outbox.queued_at + timedelta(minutes=1)) == []
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stuck(now=outbox.queued_at + timedelta(minutes=6)) == [outbox.pk]
    assert Outbox.objects.get(pk=outbox.pk).status == "sent"
    assert len(sent_sms) == 1


def test_a_failed_message_whose_retries_were_lost_is_queued_again(appeal, flaky_sms):
    outbox = queue_sms(appeal)
    with pytest.raises(actions.SendFailed):
        deliver(outbox.pk)
    row = Outbox.objects.get(pk=outbox.pk)
    assert requeue_stuck(now=row.last_attempt_at + timedelta(minutes=30)) == []
    assert requeue_stuck(now=row.last_attempt_at + timedelta(hours=2)) == [outbox.pk]


def test_the_periodic_task_runs(appeal):
    from huying.notifications.tasks import requeue_stuck_notifications

    requeue_stuck_notifications.call_local()
