from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from huying.signin import mail

# Huey retries after 1, 2 and 4 minutes.
RETRY_DELAY_SECONDS = 60


@db_task(retries=3, retry_delay=RETRY_DELAY_SECONDS, retry_backoff=2)
def send_password_reset_mail(user_id: int, language: str) -> bool:
    return mail.send_password_reset(user_id, language)


@db_periodic_task(crontab(minute="17"))
def purge_address_guards() -> None:
    # Imported here: actions enqueues this module's tasks (cycle).
    from huying.signin import actions

    actions.purge_address_guards()
