"""Work queued at submission and lost (a worker killed mid-task) is found by a sweep and
queued again; queued twice, each task does its work once."""

import datetime
import textwrap

from django.utils import timezone

from conftest import run_on_a_sqlite_file
from huying.appeals import tasks as appeal_tasks
from huying.appeals.models import Appeal
from huying.appeals.tests.factories import make_appeal
from huying.audit.events import EventName
from huying.audit.models import Event
from huying.duplicates import tasks as duplicate_tasks
from huying.duplicates.models import AppealSketch
from huying.triage import tasks as triage_tasks
from huying.triage.models import Suggestion
from huying.triage.router import Prediction


def lost(org, n=3, minutes_ago=10):
    """Appeals whose submission work never ran, submitted `minutes_ago`."""
    appeals = [make_appeal(org, phone=f"139000012{i:02d}", title=f"小区路灯坏了第{i}处") for i in range(n)]
    Appeal.objects.filter(pk__in=[a.pk for a in appeals]).update(
        created=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    return appeals


def test_the_sweeps_queue_lost_work_again_and_it_is_done_once(org, monkeypatch):
    appeals = lost(org)
    fresh = make_appeal(org, phone="13900009999")  # just submitted: its work may still be queued
    monkeypatch.setattr(triage_tasks, "live_models", lambda: {"category": object()})
    monkeypatch.setattr(triage_tasks, "predict", lambda *a, **k: Prediction(categories=[{"id": 1, "p": 0.9}]))
    for _ in range(2):  # two sweeps, and each task queued twice more by hand
        appeal_tasks.requeue_lost_abuse_checks.call_local()
        duplicate_tasks.requeue_lost_indexing.call_local()
        triage_tasks.requeue_lost_analyses.call_local()
    for appeal in appeals:
        appeal_tasks.score_abuse(appeal.pk)
        duplicate_tasks.index_appeal(appeal.pk)
        triage_tasks.analyse_appeal(appeal.pk)
    ids = [a.pk for a in appeals]
    assert Appeal.objects.filter(pk__in=ids, abuse_checked_at__isnull=False).count() == 3
    assert AppealSketch.objects.filter(pk__in=ids).count() == 3
    assert Suggestion.objects.filter(appeal_id__in=ids).count() == 3
    found = Event.objects.filter(action=EventName.DUPLICATES_FOUND, object_id__in=[str(i) for i in ids])
    assert sorted(found.values_list("object_id", flat=True)) == sorted({e.object_id for e in found})  # once each
    fresh.refresh_from_db()
    assert fresh.abuse_checked_at is None and not AppealSketch.objects.filter(pk=fresh.pk).exists()


def test_the_wait_before_work_counts_as_lost_is_a_setting(org, settings):
    appeals = lost(org, n=1, minutes_ago=10)
    settings.HUYING_REQUEUE_AFTER_MINUTES = 30
    appeal_tasks.requeue_lost_abuse_checks.call_local()
    assert Appeal.objects.get(pk=appeals[0].pk).abuse_checked_at is None
    settings.HUYING_REQUEUE_AFTER_MINUTES = 5
    appeal_tasks.requeue_lost_abuse_checks.call_local()
    assert Appeal.objects.get(pk=appeals[0].pk).abuse_checked_at is not None


def test_without_a_router_no_analysis_is_queued(org, monkeypatch):
    lost(org, n=1)
    queued = []
    monkeypatch.setattr(triage_tasks, "analyse_appeal", queued.append)
    triage_tasks.requeue_lost_analyses.call_local()
    assert queued == []


# A real worker, killed in a burst --------------------------------------------------------------
BURST = textwrap.dedent(
    """
    import datetime, json, os, signal, subprocess, sys, time, django
    django.setup()
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    from django.db.models import Count
    from django.utils import timezone
    from huying.accounts.models import Department
    from huying.appeals.actions import submit_appeal
    from huying.appeals.models import Appeal
    from huying.audit.models import Event
    from huying.duplicates.models import AppealSketch

    district = Department.objects.create(name="测试区人民政府", kind="district")
    street = Department.objects.create(name="经二路街道办事处", kind="street", parent=district)
    n = int(sys.argv[1])
    for i in range(n):
        submit_appeal({"kind": "complaint", "title": f"渭工路第{i}盏路灯坏了", "street": street,
                       "description": f"渭工路小区门口第{i}盏路灯坏了一个多月，晚上很黑，老人出门不方便。",
                       "contact_name": "张建华", "phone": f"1390000{i:04d}"}, enforce_limits=False)
    manage = [sys.executable, "manage.py", "run_huey", "--quiet", "--workers", "1"]

    def done():
        return (Appeal.objects.filter(abuse_checked_at__isnull=False).count(), AppealSketch.objects.count())

    worker = subprocess.Popen(manage)
    deadline = time.monotonic() + 120
    while sum(done()) < n // 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    worker.send_signal(signal.SIGKILL)  # in the middle of the burst
    worker.wait()
    killed_at = done()
    # Minutes pass; the sweeps (periodic in the worker) find what was lost.
    Appeal.objects.update(created=timezone.now() - datetime.timedelta(minutes=10))
    from huying.appeals.tasks import requeue_lost_abuse_checks
    from huying.duplicates.tasks import requeue_lost_indexing
    requeue_lost_abuse_checks()
    requeue_lost_indexing()
    worker = subprocess.Popen(manage)
    while done() != (n, n) and time.monotonic() < deadline + 120:
        time.sleep(0.1)
    worker.send_signal(signal.SIGTERM)
    worker.wait(timeout=30)
    events = Event.objects.filter(action__in=["duplicates_found", "flagged_for_abuse"])
    twice = list(events.values("action", "object_id").annotate(n=Count("id")).filter(n__gt=1).values_list("object_id", flat=True))
    print(json.dumps({"killed_at": killed_at, "done": done(), "twice": twice}))
    """
)


def test_a_burst_survives_the_worker_killed_in_the_middle(tmp_path):
    n = 20
    outcome = run_on_a_sqlite_file(BURST, str(n), tmp_path=tmp_path, timeout=600)
    assert outcome["done"] == [n, n] and outcome["twice"] == []
    assert sum(outcome["killed_at"]) < 2 * n, "the worker was killed before the burst was done"
