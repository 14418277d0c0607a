from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from huying.appeals.actions import purge_stale_rows


@db_periodic_task(crontab(minute="23"), retries=2, retry_delay=60)
def purge_abandoned_uploads_and_counters():
    purge_stale_rows()
