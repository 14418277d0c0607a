from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from huying.notifications import actions

# Huey retries after 1, 2, 4 and 8 minutes; deliver() gives up on the last attempt.
RETRY_DELAY_SECONDS = 60


@db_task(retries=actions.MAX_ATTEMPTS - 1, retry_delay=RETRY_DELAY_SECONDS, retry_backoff=2)
def send_notification(outbox_id: int) -> str:
    return actions.deliver(outbox_id)


@db_periodic_task(crontab(minute="*/5"))
def requeue_stuck_notifications() -> None:
    actions.requeue_stuck()
