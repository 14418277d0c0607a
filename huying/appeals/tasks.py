from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from huying.appeals.actions import appeals_due_for_erasure, erase_personal_data, purge_stale_rows, record_abuse_score


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
    """Score a new appeal for abuse; enqueued on submission, so the resident never waits."""

    record_abuse_score(appeal_id)
