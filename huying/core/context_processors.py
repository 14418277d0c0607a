from django.conf import settings
from django.utils.translation import gettext as _


def site(request):
    return {
        "site_name": _("Huying"),
        "district_name": settings.HUYING_DISTRICT_NAME or _("District people's government"),
    }
