from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from huying.appeals.models import REQUEUE_BATCH, Appeal
from huying.duplicates import actions
from huying.duplicates.models import AppealSketch


@db_task(retries=3, retry_delay=30)
def index_appeal(appeal_id: int):
    # Queued twice (the sweep below), it indexes once: no second "duplicates found" event.
    if not AppealSketch.objects.filter(pk=appeal_id).exists():
        actions.index_appeal(appeal_id)


@db_periodic_task(crontab(minute="*/5"))
def requeue_lost_indexing():
    waiting = Appeal.objects.awaiting_background_work().filter(duplicate_sketch__isnull=True)
    for appeal_id in waiting.values_list("pk", flat=True)[:REQUEUE_BATCH]:
        index_appeal(appeal_id)


@db_periodic_task(crontab(minute="41", hour="4"), retries=2, retry_delay=300)
def prune_duplicate_index():
    actions.prune_index()
