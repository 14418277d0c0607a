from django.utils.functional import SimpleLazyObject

from huying.workdays import calendar


def calendar_warning(request):
    """`calendar_warning`: the banner's text when the known calendar ends soon, or None.

    Lazy: only the pages that show the banner read the calendar."""
    return {"calendar_warning": SimpleLazyObject(calendar.calendar_warning)}
