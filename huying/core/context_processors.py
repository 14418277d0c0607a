from django.conf import settings
from django.utils.translation import gettext as _

from huying.lib.chinese import for_reader


def site(request):
    return {
        "site_name": _("Huying"),
        # The district's name is the system's own: a zh-Hant reader reads it converted.
        "district_name": for_reader(settings.HUYING_DISTRICT_NAME) or _("District people's government"),
    }
