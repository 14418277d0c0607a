"""The router's models, for the dispatch centre, leaders and admins."""

from huying.access import fetch, require_role
from huying.accounts.models import Role
from huying.triage.models import RouterModel

ROUTER_ROLES = (Role.DISPATCHER, Role.LEADER, Role.ADMIN)


def get_router_model_for_user(user, pk) -> RouterModel:
    require_role(user, *ROUTER_ROLES)
    return fetch(RouterModel.objects.all(), pk=pk)
