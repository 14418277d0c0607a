import datetime as dt

import pytest
import redis
from django.contrib.sessions.models import Session
from django.utils import timezone
from huey import RedisHuey
from huey.contrib.djhuey import HUEY

from huying.core.tasks import purge_expired_sessions


def test_periodic_tasks_use_the_scheduler_and_retry():
    assert purge_expired_sessions.retries == 3
    assert purge_expired_sessions.retry_delay == 60
    assert purge_expired_sessions.task_class in HUEY._registry._periodic_tasks


def test_purge_expired_sessions_runs_immediately_in_tests(db):
    Session.objects.create(session_key="old", session_data="", expire_date=timezone.now() - dt.timedelta(days=1))
    Session.objects.create(session_key="new", session_data="", expire_date=timezone.now() + dt.timedelta(days=1))
    purge_expired_sessions.call_local()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["new"]


def test_redis_huey_round_trips_a_task_through_a_real_redis():
    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=2).ping()
    except redis.ConnectionError:
        pytest.fail("Redis is not running on 127.0.0.1:6379 (CI starts it in .ci/run)")
    huey = RedisHuey("huying-test", url="redis://127.0.0.1:6379/15")
    huey.flush()

    @huey.task()
    def add(a, b):
        return a + b

    result = add(2, 3)
    task = huey.dequeue()
    huey.execute(task)
    assert result.get() == 5
    huey.flush()
