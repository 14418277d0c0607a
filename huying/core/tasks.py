from django.contrib.sessions.models import Session
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="17", hour="3"), retries=3, retry_delay=60)
def purge_expired_sessions():
    Session.objects.filter(expire_date__lt=timezone.now()).delete()
