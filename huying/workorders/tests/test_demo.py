"""The demo district's work orders: every state, made by the real actions."""

from django.db.models import Count

from huying.appeals.models import Appeal
from huying.demo.appeals import create_demo_appeals
from huying.demo.organisation import create_organisation
from huying.demo.workorders import create_demo_work_orders
from huying.workorders.models import (
    APPEAL_STATES,
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
    assert set(APPEAL_STATES) - {"merged"} <= statuses
    assert WorkOrder.objects.overdue().exists()
    assert Assignment.objects.filter(status="returned").exists()
    assert ExtensionRequest.objects.filter(status="approved").exists()
    assert WorkOrder.objects.filter(reopen_count__gt=0).exists()
    merged = Appeal.objects.filter(status="merged").exclude(duplicate_of=None)
    assert merged.exists() and all(a.duplicate_of.ticket_number in a.rejection_reason for a in merged)
    channels = dict(Appeal.objects.values_list("channel").annotate(n=Count("id")))
    assert channels.get("phone", 0) > 0 and len(channels) >= 4
    assert Appeal.objects.filter(kind="report").exclude(work_order=None).exists()
    assert not Appeal.objects.filter(kind="report", is_published=True).exists()
