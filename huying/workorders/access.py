"""Work orders a member of staff may see: their departments' parts, or all for the
all-seeing roles."""

from django.db.models import Q

from huying.access import department_scope, fetch
from huying.workorders.models import Assignment, WorkOrder


def work_orders_visible_to(user):
    scope = department_scope(user)
    if scope is None:
        return WorkOrder.objects.all()
    if not scope:
        return WorkOrder.objects.none()
    parts = Assignment.objects.active().for_departments(scope).values("work_order_id")
    return WorkOrder.objects.filter(Q(lead_department_id__in=scope) | Q(pk__in=parts))


def get_work_order_for_user(user, pk) -> WorkOrder:
    return fetch(work_orders_visible_to(user), pk=pk)
