from huying.access import has_role
from huying.triage.access import ROUTER_ROLES


def router_link(request):
    """`can_see_router`: whether the staff navigation links to the router's page, for
    exactly those who may open it. Called only by the pages that ask; reads no database."""
    return {"can_see_router": lambda: has_role(getattr(request, "user", None), *ROUTER_ROLES)}
