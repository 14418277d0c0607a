"""What pages show of practical matters: read here."""

from huying.matters.models import Milestone
from huying.workdays.calendar import due_status, end_of_day


def milestone_warning(milestone: Milestone, now=None) -> str:
    """ "overdue" (red) past its planned day, "due_soon" (yellow) when due by the end of the
    next working day, by the work orders' working-day calendar; "" when done or later."""
    if milestone.is_done:
        return ""
    return due_status(end_of_day(milestone.planned_date), now)
