"""The accounts app's own listeners, connected in AccountsConfig.ready()."""

import re

from django.conf import settings

from huying.accounts.models import Department
from huying.accounts.signals import department_names_changed
from huying.lib import pii

# What a place's name is known by without its office: 清姜街道办事处 -> 清姜.
_OFFICE = re.compile(
    r"(?:街道办事处|街道|社区居民委员会|居民委员会|村民委员会|社区|镇人民政府|乡人民政府|人民政府|办事处|镇|乡|村)$"
)


def department_changed(sender, **kwargs):
    # Admin and the demo save departments in many ways; this one hook tells the others.
    pii.forget_deployment_words()
    department_names_changed.send_robust(sender=sender)


def deployment_words() -> tuple[list[str], list[str]]:
    """The district's place names (never a person's name) and public numbers (never masked)."""
    places, numbers = set(settings.HUYING_PLACE_NAMES), list(settings.HUYING_PUBLIC_NUMBERS)
    for name, short_name, phone in Department.objects.values_list("name", "short_name", "public_phone"):
        for word in (name, short_name):
            if word:
                places |= {word, _OFFICE.sub("", word)}
        if phone:
            numbers.append(phone)
    return sorted(places), numbers
