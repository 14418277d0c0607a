"""The table of what can happen to a practical matter, in the shape of workorders/transitions.py."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from huying.accounts.models import Role
from huying.audit.events import EventName
from huying.lib.refusals import Refused
from huying.matters.models import Status

S = Status


@dataclass(frozen=True)
class Transition:
    name: str
    label: str | Promise
    sources: tuple[str, ...]
    target: str | None  # None: the status stays
    # Who: the lead department's handlers ("lead"), or members of staff in these roles.
    lead: bool
    roles: tuple[str, ...]


MANAGERS = (Role.DISPATCHER, Role.LEADER, Role.ADMIN)
TABLE = {
    t.name: t
    for t in (
        Transition(EventName.MATTER_START, _("Start the work"), (S.PLANNED,), S.IN_PROGRESS, True, MANAGERS),
        Transition(EventName.MATTER_MILESTONE_DONE, _("Complete a milestone"), (S.IN_PROGRESS,), None, True, MANAGERS),
        Transition(
            EventName.MATTER_MILESTONE_MOVED,
            _("Move a milestone's planned date"),
            (S.PLANNED, S.IN_PROGRESS),
            None,
            True,
            MANAGERS,
        ),
        Transition(EventName.MATTER_DONE, _("Mark as done"), (S.IN_PROGRESS,), S.DONE, True, MANAGERS),
        Transition(EventName.MATTER_ACCEPTED, _("Accept as done"), (S.DONE,), S.ACCEPTED, False, (Role.SUPERVISOR,)),
    )
}


class MatterRefused(Refused):
    pass


def may(user, name: str, matter) -> bool:
    t = TABLE[name]
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.role in t.roles:
        return True
    return t.lead and user.role == Role.HANDLER and user.department_id == matter.lead_id


def check(user, name: str, matter) -> "Transition":
    """The transition, or MatterRefused saying why not (the state, or who may)."""
    t = TABLE[name]
    if matter.status not in t.sources:
        raise MatterRefused(
            _("Not possible while the practical matter is %(status)s.") % {"status": matter.get_status_display()}
        )
    if not may(user, name, matter):
        if t.lead:
            raise MatterRefused(_("Only the lead department, the dispatch centre or a leader may do this."))
        raise MatterRefused(_("Only a supervisor may do this."))
    return t
