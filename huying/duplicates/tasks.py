from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from huying.duplicates import actions


@db_task(retries=3, retry_delay=30)
def index_appeal(appeal_id: int):
    actions.index_appeal(appeal_id)


@db_periodic_task(crontab(minute="41", hour="4"), retries=2, retry_delay=300)
def prune_duplicate_index():
    actions.prune_index()
