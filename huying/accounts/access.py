"""Departments a member of staff may see."""

from huying.access import fetch, scope_filter
from huying.accounts.models import Department


def get_department_for_user(user, pk) -> Department:
    return fetch(scope_filter(Department.objects.all(), user, "pk"), pk=pk)
