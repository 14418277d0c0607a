"""Who may see what: the scope rule every app's access module builds on.

A bureau or centre sees only its own things; a street sees its own and its communities';
the dispatch centre, supervisors, leaders and admins see everything.  Moderators see
public content only.  Each app keeps its own `get_<thing>_for_user` helpers in its own
`access.py`, built on `department_scope`; this module knows no app above accounts.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from huying.accounts.models import Role

ALL_SEEING_ROLES = {Role.DISPATCHER, Role.SUPERVISOR, Role.LEADER, Role.ADMIN}


def is_staff_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_dispatcher(user) -> bool:
    """The one rule for "is the dispatch centre": an active member of staff in that role."""
    return is_staff_member(user) and user.role == Role.DISPATCHER


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


def scope_filter(queryset: QuerySet, user, field: str) -> QuerySet:
    """Limit a queryset to rows whose `field` (a department id) the user may see."""
    scope = department_scope(user)
    if scope is None:
        return queryset
    if not scope:
        return queryset.none()
    return queryset.filter(**{f"{field}__in": scope})


def fetch(queryset: QuerySet, **lookup):
    """The one row matching `lookup` in `queryset`, or 404 (also for ids that are no ids)."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
