"""`reader`: a name the system owns (a department, a street, a category), in the reader's script.

Built in to every template (settings.TEMPLATES): `{{ item.name|reader }}`. Never for what
residents and staff typed, which is shown as typed.
"""

from django import template

from huying.lib.chinese import for_reader

register = template.Library()


@register.filter
def reader(value) -> str:
    return for_reader(str(value)) if value is not None else ""
