from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from huying.appeals.actions import appeals_due_for_erasure, erase_personal_data, purge_stale_rows, record_abuse_score
from huying.appeals.models import REQUEUE_BATCH, Appeal


@db_periodic_task(crontab(minute="23"), retries=2, retry_delay=60)
def purge_abandoned_uploads_and_counters():
    purge_stale_rows()


@db_periodic_task(crontab(minute="41", hour="2"), retries=2, retry_delay=300)
def erase_expired_personal_data():
    """Erase personal data past its retention period, one appeal per transaction."""

    for appeal_id in appeals_due_for_erasure().values_list("pk", flat=True).iterator():
        erase_personal_data(appeal_id)


@db_task(retries=3, retry_delay=30)
def score_abuse(appeal_id: int):
    """Score a new appeal for abuse; enqueued on submission, so the resident never waits.
    Queued twice (the sweep below), it scores once."""
    if not Appeal.objects.filter(pk=appeal_id, abuse_checked_at__isnull=False).exists():
        record_abuse_score(appeal_id)


@db_periodic_task(crontab(minute="*/5"))
def requeue_lost_abuse_checks():
    waiting = Appeal.objects.awaiting_background_work().filter(abuse_checked_at__isnull=True)
    for appeal_id in waiting.values_list("pk", flat=True)[:REQUEUE_BATCH]:
        score_abuse(appeal_id)
