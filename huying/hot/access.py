"""Hot issues are for the dispatch centre, supervisors, leaders and admins; supports for anyone."""

from huying.access import fetch, has_role, require_role
from huying.accounts.models import Role
from huying.hot.models import HotIssue

HOT_ROLES = (Role.DISPATCHER, Role.SUPERVISOR, Role.LEADER, Role.ADMIN)
# Splitting and joining groups is the dispatch centre's work (and an admin's).
REGROUP_ROLES = (Role.DISPATCHER, Role.ADMIN)


def get_hot_issue_for_user(user, pk) -> HotIssue:
    require_role(user, *HOT_ROLES)
    return fetch(HotIssue.objects.select_related("street", "merged_into"), pk=pk)


def may_regroup(user) -> bool:
    return has_role(user, *REGROUP_ROLES)
