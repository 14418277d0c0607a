"""An appeal's history as the resident sees it: from the audit trail, masked, no staff names.

Every event name (huying.audit.events.EventName) is either worded here for residents or
hidden from them; a test holds the two sets to the whole vocabulary.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from huying.accounts.models import Role
from huying.appeals.states import State
from huying.audit.actions import RESIDENT, SYSTEM
from huying.audit.events import EventName as E
from huying.audit.models import Event
from huying.lib.chinese import for_reader
from huying.lib.pii import mask_text

RESIDENT_LABELS = {
    E.SUBMITTED: _("Appeal received"),
    E.ENTER: _("Appeal received"),
    E.REVIEW: _("Checked by the dispatch centre"),
    E.REJECT: _("Not accepted"),
    E.REJECT_DUPLICATE: _("Not taken up again: it repeats an appeal already answered"),
    E.JOIN: _("Handled together with an earlier appeal about the same matter"),
    E.LEAVE: _("Handled on its own again"),
    E.DISPATCH: _("Sent to the department responsible"),
    E.ANSWER_DIRECTLY: _("Answered by the dispatch centre"),
    E.ACCEPT: _("Taken on by the department"),
    E.RETURN: _("Sent back to the dispatch centre to find the right department"),
    E.REDISPATCH: _("Sent to the department responsible"),
    E.APPROVE_EXTENSION: _("More time granted for handling"),
    E.PUBLISH_REPLY: _("The department replied"),
    E.FOLLOW_UP: _("Follow-up made"),
    E.RATE: _("You rated the reply"),
    E.REOPENED_BY_OTHER: _("Reopened: another resident with the same matter was not satisfied"),
    E.CLOSE: _("Closed"),
    E.SUPERVISOR_CLOSE: _("Closed"),
    E.SUPERVISOR_REOPEN: _("Reopened to be handled again"),
    E.PUBLISH: _("Shown on the public board"),
    E.UNPUBLISH: _("Removed from the public board"),
}
# Between staff, or about staff's own records: never shown to the resident.
HIDDEN_FROM_RESIDENTS = {
    E.FORWARD,
    E.GIVE_INPUT,
    E.REQUEST_EXTENSION,
    E.DENY_EXTENSION,
    E.REPLY,
    E.SEND_BACK_REPLY,
    E.ADD_NOTE,
    E.SHOW_CONTACT,
    E.APPEAL_JOINED,
    E.APPEAL_LEFT,
    E.ALL_FOLLOWED_UP,
    E.FLAGGED_FOR_ABUSE,
    E.DUPLICATES_FOUND,
    E.ERASE_PERSONAL_DATA,
    E.NOTIFICATION_RETRIED,
    E.CALENDAR_DAY_ENTERED,
    E.TRAINING_EXAMPLES_IMPORTED,
    E.ROUTER_MODEL_TRAINED,
    E.ROUTER_MODEL_LIVE,
    E.ROUTER_MODEL_FORCED_LIVE,
    E.PASSWORD_CHANGED,
    E.PASSWORD_RESET,
    E.TWO_FACTOR_ENROLLED,
    E.TWO_FACTOR_RESET,
    E.RECOVERY_CODE_USED,
    E.RECOVERY_CODES_RENEWED,
    E.SIGN_IN_LOCK_LIFTED,
    E.HOT_ISSUE_FOUND,
    E.HOT_ISSUE_APPEAL_ADDED,
    E.HOT_ISSUE_REGROUPED,
    E.HOT_ISSUE_MERGED,
    E.HOT_ISSUE_SPLIT,
    E.HOT_ISSUE_JOINED,
    E.MATTER_CREATED,
    E.MATTER_START,
    E.MATTER_MILESTONE_DONE,
    E.MATTER_MILESTONE_MOVED,
    E.MATTER_DONE,
    E.MATTER_ACCEPTED,
}
# Their reasons are written for the resident (the rejection) or by them (their rating).
REASONS_SHOWN = {E.REJECT, E.REJECT_DUPLICATE, E.RATE}

# What the status means for the resident, keyed by what they see (appeals.states.resident_state).
STATUS_HELP = {
    State.SUBMITTED: _("Your appeal has been received and is waiting to be checked by the dispatch centre."),
    State.REVIEWED: _("The dispatch centre has checked your appeal and is choosing the department responsible."),
    State.REJECTED: _("Your appeal could not be accepted; the reason is shown below."),
    State.DISPATCHED: _("Your appeal has been sent to the department responsible."),
    State.RETURNED: _("The dispatch centre is finding the right department for your appeal."),
    State.ACCEPTED: _("The department responsible has taken on your appeal."),
    State.IN_PROGRESS: _("The department is working on your appeal."),
    State.REPLIED: _(
        "The department has replied. Please rate the reply, or you may be called to ask whether the matter is solved."
    ),
    State.FOLLOWED_UP: _("You have been asked whether the matter is solved."),
    State.REOPENED: _("Your appeal is being handled again."),
    State.CLOSED: _("Your appeal is closed."),
}
JOINED_HELP = _(
    "Your appeal is handled together with an earlier appeal about the same matter. You are told of "
    "each reply, and you rate it here on your own."
)


@dataclass
class Step:
    when: datetime
    label: str
    who: str
    reason: str


def _who(event) -> str:
    if event.actor_role == RESIDENT:
        return str(_("You"))
    if event.actor_role == SYSTEM:
        return str(_("System"))
    role = Role(event.actor_role).label if event.actor_role in Role.values else ""
    department = ""
    if event.actor is not None and event.actor.department is not None:
        department = for_reader(event.actor.department.short_name) or event.actor.department.label
    return " · ".join(str(part) for part in (department, role) if part)


def timeline_for(appeal) -> list[Step]:
    steps = []
    for event in Event.objects.for_object(appeal).select_related("actor__department"):
        label = RESIDENT_LABELS.get(event.action)
        if label is None:
            continue
        reason = mask_text(event.shown_reason) if event.action in REASONS_SHOWN else ""
        # Another resident's rating moved it: not "you", and never who they are.
        who = "" if event.action == E.REOPENED_BY_OTHER else _who(event)
        steps.append(Step(when=event.created, label=str(label), who=who, reason=reason))
    return steps
