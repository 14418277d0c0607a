"""Who may see what.  Views reach objects only through the helpers here.

The rule: a bureau or centre sees only its own things; a street sees its own and its
communities'; the dispatch centre, supervisors, leaders and admins see everything.
Moderators see public content only.  Each app adds its own `get_<thing>_for_user`
below, built on `department_scope`.
"""

from django.core.exceptions import PermissionDenied
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
