from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from huying.hot import actions


@db_periodic_task(crontab(minute="17"), retries=2, retry_delay=300)
def regroup_hot_issues():
    # Hourly: repairs and merges over the horizon's links, then the heat of every hot
    # issue again (it decays as days pass even when nothing new comes).
    actions.recompute()
    actions.refresh_active()
