"""Who may see what.  Views reach objects only through the helpers here.

The rule: a bureau or centre sees only its own things; a street sees its own and its
communities'; the dispatch centre, supervisors, leaders and admins see everything.
Moderators see public content only.  Each app adds its own `get_<thing>_for_user`
below, built on `department_scope`.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from huying.accounts.models import Role

ALL_SEEING_ROLES = {Role.DISPATCHER, Role.SUPERVISOR, Role.LEADER, Role.ADMIN}


def is_staff_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def sees_everything(user) -> bool:
    return is_staff_member(user) and (user.is_superuser or user.role in ALL_SEEING_ROLES)


def department_scope(user) -> set[int] | None:
    """Department ids whose things the user sees; None means all of them.

    An empty set means nothing (a moderator, or staff without a department).
    """
    if not is_staff_member(user):
        return set()
    if sees_everything(user):
        return None
    if user.role != Role.HANDLER or user.department_id is None:
        return set()
    return user.department.scope_ids()


def has_role(user, *roles) -> bool:
    if not is_staff_member(user):
        return False
    return user.is_superuser or user.role in roles


def require_role(user, *roles) -> None:
    if not has_role(user, *roles):
        raise PermissionDenied


def scope_filter(queryset, user, field: str):
    """Limit a queryset to rows whose `field` (a department id) the user may see."""
    scope = department_scope(user)
    if scope is None:
        return queryset
    if not scope:
        return queryset.none()
    return queryset.filter(**{f"{field}__in": scope})


def get_department_for_user(user, pk):
    from huying.accounts.models import Department

    try:
        return scope_filter(Department.objects.all(), user, "pk").get(pk=pk)
    except (Department.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# Appeals (residents' side) -----------------------------------------------------------
def appeals_visible_to(user):
    """Appeals a member of staff may see.

    Handlers see the appeals whose work order has a part for their department, lead or
    co-handling (a street: also what it forwarded to its communities; a community: only
    what its street forwarded to it).
    """
    from huying.appeals.models import Appeal

    scope = department_scope(user)
    if scope is None:
        return Appeal.objects.all()
    if not scope:
        return Appeal.objects.none()
    # lead_department mirrors the active lead part; the assignments add co-handling and forwarding.
    return Appeal.objects.filter(
        Q(work_order__lead_department_id__in=scope) | Q(work_order_id__in=_work_order_ids_for(scope))
    )


# Work orders -------------------------------------------------------------------------------
def _work_order_ids_for(scope):
    from huying.workorders.models import Assignment

    return Assignment.objects.active().for_departments(scope).values("work_order_id")


def work_orders_visible_to(user):
    from huying.workorders.models import WorkOrder

    scope = department_scope(user)
    if scope is None:
        return WorkOrder.objects.all()
    if not scope:
        return WorkOrder.objects.none()
    return WorkOrder.objects.filter(Q(lead_department_id__in=scope) | Q(pk__in=_work_order_ids_for(scope)))


def get_work_order_for_user(user, pk):
    from huying.workorders.models import WorkOrder

    try:
        return work_orders_visible_to(user).get(pk=pk)
    except (WorkOrder.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_appeal_for_user(user, pk):
    from huying.appeals.models import Appeal

    try:
        return appeals_visible_to(user).get(pk=pk)
    except (Appeal.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_attachment_for_user(user, pk):
    """An attachment of an appeal the user may see; pending uploads belong to no one."""
    from huying.appeals.models import Attachment

    try:
        return Attachment.objects.select_related("appeal").get(pk=pk, appeal__in=appeals_visible_to(user))
    except (Attachment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


TRACKED_SESSION_KEY = "huying_tracked_tickets"


def get_tracked_appeal(request, ticket_number):
    """The appeal a resident opened with its ticket number and query code in this session."""
    from huying.appeals.models import Appeal

    if ticket_number not in request.session.get(TRACKED_SESSION_KEY, []):
        raise Http404
    try:
        return Appeal.objects.select_related("street", "community", "category").get(ticket_number=ticket_number)
    except Appeal.DoesNotExist:
        raise Http404 from None


def get_published_appeal(pk):
    """An appeal on the public board (anyone may see it, masked)."""
    from huying.appeals.models import Appeal

    try:
        return Appeal.objects.published().select_related("street", "community", "category__parent__parent").get(pk=pk)
    except (Appeal.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


ROUTER_ROLES = (Role.DISPATCHER, Role.LEADER, Role.ADMIN)


def get_router_model_for_user(user, pk):
    """A trained router model, for the dispatch centre, leaders and admins."""
    from huying.triage.models import RouterModel

    require_role(user, *ROUTER_ROLES)
    try:
        return RouterModel.objects.get(pk=pk)
    except (RouterModel.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
