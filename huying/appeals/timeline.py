"""An appeal's history as the resident sees it: from the audit trail, masked, no staff names."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from huying.accounts.models import Role
from huying.appeals.models import Status
from huying.audit.actions import RESIDENT, SYSTEM
from huying.audit.models import Event
from huying.lib.pii import mask_text

# Actions other apps record; anything else with a known target status shows that status.
ACTION_LABELS = {
    "submitted": _("Appeal received"),
    "reviewed": _("Checked by the dispatch centre"),
    "rejected": _("Not accepted"),
    "merged": _("Merged with an appeal about the same matter"),
    "dispatched": _("Sent to the department responsible"),
    "returned": _("Sent back to the dispatch centre to find the right department"),
    "accepted": _("Taken on by the department"),
    "in_progress": _("Being handled"),
    "extended": _("More time granted for handling"),
    "replied": _("The department replied"),
    "followed_up": _("Follow-up made"),
    "reopened": _("Reopened to be handled again"),
    "closed": _("Closed"),
    "published": _("Shown on the public board"),
}
# Staff-only steps (e.g. revealing contact details) never appear to the resident.
HIDDEN_ACTIONS = {"contact_revealed", "show_contact", "viewed", "classified", "note", "flagged_for_abuse"}

STATUS_HELP = {
    Status.SUBMITTED: _("Your appeal has been received and is waiting to be checked by the dispatch centre."),
    Status.REVIEWED: _("The dispatch centre has checked your appeal and is choosing the department responsible."),
    Status.REJECTED: _("Your appeal could not be accepted; the reason is shown below."),
    Status.MERGED: _("Your appeal is handled together with another appeal about the same matter."),
    Status.DISPATCHED: _("Your appeal has been sent to the department responsible."),
    Status.RETURNED: _("The dispatch centre is finding the right department for your appeal."),
    Status.ACCEPTED: _("The department responsible has taken on your appeal."),
    Status.IN_PROGRESS: _("The department is working on your appeal."),
    Status.REPLIED: _("The department has replied. You may be called to ask whether the matter is solved."),
    Status.FOLLOWED_UP: _("You have been asked whether the matter is solved."),
    Status.REOPENED: _("Your appeal is being handled again."),
    Status.CLOSED: _("Your appeal is closed."),
}


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
        department = event.actor.department.short_name or event.actor.department.name
    return " · ".join(str(part) for part in (department, role) if part)


def timeline_for(appeal) -> list[Step]:
    steps = []
    for event in Event.objects.for_object(appeal).select_related("actor__department"):
        if event.action in HIDDEN_ACTIONS:
            continue
        label = ACTION_LABELS.get(event.action)
        if label is None:
            if event.to_state not in Status.values:
                continue
            label = Status(event.to_state).label
        steps.append(Step(when=event.created, label=str(label), who=_who(event), reason=mask_text(event.reason)))
    return steps
