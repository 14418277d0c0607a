from huying.access import has_role
from huying.hot.access import HOT_ROLES


def hot_link(request):
    """`can_see_hot`: whether the staff navigation links to the hot issues, for exactly those
    who may open them.  Reads no database."""
    return {"can_see_hot": lambda: has_role(getattr(request, "user", None), *HOT_ROLES)}
