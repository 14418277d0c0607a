"""What anyone may see: appeals on the public board (masked there)."""

from huying.access import fetch
from huying.appeals.models import Appeal


def get_published_appeal(pk) -> Appeal:
    return fetch(Appeal.objects.published().select_related("street", "community", "category__parent__parent"), pk=pk)
