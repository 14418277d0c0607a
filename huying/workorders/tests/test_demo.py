"""The demo district's work orders: every state, made by the real actions."""

from django.db.models import Count

from huying.appeals.models import Appeal
from huying.appeals.states import APPEAL_ONLY_STATES
from huying.audit.models import Event
from huying.demo.appeals import create_demo_appeals
from huying.demo.organisation import create_organisation
from huying.demo.workorders import create_demo_work_orders
from huying.workorders.models import (
    WORK_ORDER_STATES,
    Assignment,
    ExtensionRequest,
    WorkOrder,
)


def test_the_demo_takes_appeals_through_every_state(db):
    create_organisation()
    create_demo_appeals(count=40)
    create_demo_work_orders(total=200)
    assert Appeal.objects.count() >= 200
    states = set(WorkOrder.objects.values_list("state", flat=True))
    assert states == set(WORK_ORDER_STATES)
    statuses = set(Appeal.objects.filter(work_order__isnull=True).values_list("status", flat=True))
    assert set(APPEAL_ONLY_STATES) <= statuses
    assert WorkOrder.objects.overdue().exists()
    assert Assignment.objects.filter(status="returned").exists()
    assert ExtensionRequest.objects.filter(status="approved").exists()
    assert WorkOrder.objects.filter(reopen_count__gt=0).exists()
    repeats = Appeal.objects.filter(status="rejected").exclude(duplicate_of=None)
    assert repeats.exists() and all(a.duplicate_of.ticket_number in a.rejection_reason for a in repeats)
    joined = Appeal.objects.exclude(work_order=None).exclude(duplicate_of=None)
    assert joined.exists() and all(a.work_order_id == a.duplicate_of.work_order_id for a in joined)
    # Every appeal holds the state of its work order, but for its own follow-up.
    for appeal in Appeal.objects.exclude(work_order=None).select_related("work_order"):
        mirrored = appeal.status == appeal.work_order.state
        own_follow_up = appeal.status == "followed_up" and appeal.work_order.state == "replied"
        assert mirrored or own_follow_up, (appeal.ticket_number, appeal.status, appeal.work_order.state)
    # Reached through the actions: every state an appeal is in was written with its event.
    for appeal in Appeal.objects.all():
        last = Event.objects.for_object(appeal).exclude(to_state="").order_by("created", "id").last()
        assert last is not None and last.to_state == appeal.status, appeal.ticket_number
    channels = dict(Appeal.objects.values_list("channel").annotate(n=Count("id")))
    assert channels.get("phone", 0) > 0 and len(channels) >= 4
    assert Appeal.objects.filter(kind="report").exclude(work_order=None).exists()
    assert not Appeal.objects.filter(kind="report", is_published=True).exists()


def test_seed_demo_prints_the_demo_logins_and_again_when_already_loaded(db):
    from io import StringIO

    from django.core.management import call_command

    from huying.demo.logins import DEMO_LOGINS_TEXT

    create_organisation()
    out = StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "already holds a district" in out.getvalue() and DEMO_LOGINS_TEXT in out.getvalue()


def test_the_demo_joins_an_appeal_to_a_work_order_as_it_stood_then(db):
    create_organisation()
    create_demo_appeals(count=40)
    create_demo_work_orders(total=200)
    joins = Event.objects.filter(action="join", content_type__model="appeal")
    assert joins.exists()
    for join in joins:
        appeal = Appeal.objects.get(pk=join.object_id)
        before = (
            Event.objects.for_object(appeal.work_order or WorkOrder(pk=0))
            .exclude(to_state="")
            .filter(created__lte=join.created)
            .last()
        )
        assert before is None or before.to_state == join.to_state, appeal.ticket_number
