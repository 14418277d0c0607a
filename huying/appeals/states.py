"""The one enum of an appeal's life, and the one projection of it that residents see.

Before dispatch an appeal's state is its own.  Once it has a work order (dispatched, or
joined to an earlier appeal's), huying.workorders writes the work order's state onto
every appeal of it, through one function; the only difference allowed is the follow-up:
while the work order is replied, each appeal is followed up on its own (its resident
rates, or staff record what they said), so one may be followed up while another waits.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    REVIEWED = "reviewed", _("Reviewed")
    REJECTED = "rejected", _("Rejected")
    DISPATCHED = "dispatched", _("Dispatched, waiting for acceptance")
    RETURNED = "returned", _("Returned to the dispatch centre")
    ACCEPTED = "accepted", _("Accepted by the lead department")
    IN_PROGRESS = "in_progress", _("In progress")
    REPLY_REVIEW = "reply_review", _("Reply waiting for review")
    REPLIED = "replied", _("Replied")
    FOLLOWED_UP = "followed_up", _("Followed up")
    REOPENED = "reopened", _("Reopened")
    AWAITING_DECISION = "awaiting_decision", _("Waiting for a supervisor's decision")
    CLOSED = "closed", _("Closed")


# Before (or instead of) a work order.
BEFORE_DISPATCH = (State.SUBMITTED, State.REVIEWED)
APPEAL_ONLY_STATES = (State.SUBMITTED, State.REVIEWED, State.REJECTED)
WORK_ORDER_STATES = tuple(s for s in State if s not in APPEAL_ONLY_STATES)
# Departments still owe something: deadlines run and lists show yellow and red marks.
HANDLING_STATES = (State.DISPATCHED, State.RETURNED, State.ACCEPTED, State.IN_PROGRESS, State.REOPENED)
# Not finished for the resident.
OPEN_STATES = (*BEFORE_DISPATCH, *HANDLING_STATES, State.REPLY_REVIEW)
# Personal data may be erased once the retention period has run from here.
FINAL_STATES = (State.CLOSED, State.REJECTED)

# The resident's view: a reply waiting for review is not the resident's business yet, and
# a supervisor's decision after the reopen limit is, for them, still after the follow-up.
_RESIDENT_VIEW = {
    State.REPLY_REVIEW: State.IN_PROGRESS,
    State.AWAITING_DECISION: State.FOLLOWED_UP,
}
# Where the resident's words differ from the staff's.
_RESIDENT_LABELS = {
    State.DISPATCHED: _("Dispatched"),
    State.ACCEPTED: _("Accepted"),
}


def resident_state(state) -> State:
    """The state a resident sees for `state`."""
    state = State(state)
    return _RESIDENT_VIEW.get(state, state)


def resident_label(state) -> str:
    shown = resident_state(state)
    return str(_RESIDENT_LABELS.get(shown, shown.label))
