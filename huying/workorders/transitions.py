"""The one table of what can happen to an appeal and its work order, who may do it, and when.

Every function in huying.workorders.actions starts with `check(name, user, appeal)`;
anything not in this table is refused.  The tests generate their cases from it.

Who may act is worked out per appeal (`actors_for`): a handler is the *lead* or a
*co-handler* through their department's assignment, a *community* when its street
forwarded the assignment to it; the dispatch centre, supervisors and the resident (no
login, on the tracking page) act through their role.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from huying.workorders.models import WORK_ORDER_STATES, State


class Actor(StrEnum):
    DISPATCHER = "dispatcher"
    LEAD = "lead"
    CO_HANDLER = "co_handler"
    COMMUNITY = "community"
    SUPERVISOR = "supervisor"
    RESIDENT = "resident"


ACTOR_LABELS = {
    Actor.DISPATCHER: _("the dispatch centre"),
    Actor.LEAD: _("the lead department"),
    Actor.CO_HANDLER: _("a co-handling department"),
    Actor.COMMUNITY: _("the community it was forwarded to"),
    Actor.SUPERVISOR: _("a supervisor"),
    Actor.RESIDENT: _("the resident"),
}


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    # States it may start from; empty for an action that creates the appeal.
    sources: tuple[State, ...]
    # States it may end in: one, or several when the outcome decides (a follow-up reopens
    # or not); empty when the state does not change.
    targets: tuple[State, ...]
    actors: frozenset[Actor]
    requires: str = ""

    @property
    def keeps_state(self) -> bool:
        return not self.targets


def _t(name, label, sources, targets, actors, requires=""):
    return Transition(name, label, tuple(sources), tuple(targets), frozenset(actors), requires)


S = State
A = Actor
BEFORE_DISPATCH = (S.SUBMITTED, S.REVIEWED)
# While the departments accept or return their parts.
ACCEPTING = (S.DISPATCHED, S.ACCEPTED, S.RETURNED)
# While the lead handles it (before or after a reopen).
HANDLING = (S.ACCEPTED, S.IN_PROGRESS, S.REOPENED)
# Staff who take part in a work order.
PARTICIPANTS = (A.DISPATCHER, A.LEAD, A.CO_HANDLER, A.COMMUNITY, A.SUPERVISOR)

TABLE: tuple[Transition, ...] = (
    _t("enter", _("Enter an appeal taken by phone, letter or in person"), (), (S.SUBMITTED,),
       (A.DISPATCHER,), _("the channel and the resident's details")),
    _t("review", _("Mark as reviewed"), (S.SUBMITTED,), (S.REVIEWED,), (A.DISPATCHER,)),
    _t("reject", _("Reject"), BEFORE_DISPATCH, (S.REJECTED,), (A.DISPATCHER,),
       _("a reason the resident sees: spam, out of scope or not enough information")),
    _t("merge", _("Reject as a duplicate"), BEFORE_DISPATCH, (S.MERGED,), (A.DISPATCHER,),
       _("the ticket number of the appeal it duplicates")),
    _t("dispatch", _("Dispatch"), BEFORE_DISPATCH, (S.DISPATCHED,), (A.DISPATCHER,),
       _("a category, one lead department and any co-handling departments")),
    _t("answer_directly", _("Answer directly"), BEFORE_DISPATCH, (S.REPLIED,), (A.DISPATCHER,),
       _("an enquiry, and the answer")),
    _t("accept", _("Accept"), ACCEPTING, (S.DISPATCHED, S.ACCEPTED, S.IN_PROGRESS, S.RETURNED),
       (A.LEAD, A.CO_HANDLER), _("the department's part is waiting for acceptance")),
    _t("return", _("Return to the dispatch centre"), ACCEPTING,
       (S.DISPATCHED, S.ACCEPTED, S.IN_PROGRESS, S.RETURNED), (A.LEAD, A.CO_HANDLER),
       _("the department's part is waiting for acceptance, and a reason")),
    _t("redispatch", _("Re-dispatch"), (S.RETURNED, S.DISPATCHED, S.ACCEPTED, S.IN_PROGRESS),
       (S.DISPATCHED, S.ACCEPTED, S.IN_PROGRESS), (A.DISPATCHER,),
       _("a returned part; the reply deadline is kept")),
    _t("forward", _("Forward to a community"), HANDLING, (), (A.LEAD, A.CO_HANDLER),
       _("an accepted part of a street, and one of its communities")),
    _t("give_input", _("Give co-handling input"), (S.DISPATCHED, S.ACCEPTED, S.IN_PROGRESS, S.REOPENED),
       (), (A.CO_HANDLER,), _("an accepted co-handling part, and the input")),
    _t("request_extension", _("Ask for an extension"), HANDLING, (), (A.LEAD,),
       _("an accepted lead part, the number of working days and a reason; one request at a time")),
    _t("approve_extension", _("Approve the extension"), HANDLING, (), (A.DISPATCHER,),
       _("a pending extension request; the deadline moves")),
    _t("deny_extension", _("Deny the extension"), HANDLING, (), (A.DISPATCHER,),
       _("a pending extension request and a reason")),
    _t("reply", _("Reply"), HANDLING, (S.REPLY_REVIEW,), (A.LEAD,),
       _("an accepted lead part and the reply; co-handlers' input, or their deadline passed")),
    _t("publish_reply", _("Approve and publish the reply"), (S.REPLY_REVIEW,), (S.REPLIED,),
       (A.DISPATCHER,), _("a reply waiting for review")),
    _t("send_back_reply", _("Send the reply back"), (S.REPLY_REVIEW,), (S.IN_PROGRESS, S.REOPENED),
       (A.DISPATCHER,), _("a reply waiting for review, and a reason")),
    _t("follow_up", _("Record the follow-up"), (S.REPLIED,),
       (S.FOLLOWED_UP, S.REOPENED, S.AWAITING_DECISION), (A.DISPATCHER,),
       _("whether it was solved and the resident's satisfaction; unsatisfied reopens it")),
    _t("rate", _("Rate the reply"), (S.REPLIED,), (S.FOLLOWED_UP, S.REOPENED, S.AWAITING_DECISION),
       (A.RESIDENT,), _("the resident's satisfaction; unsatisfied reopens it")),
    _t("close", _("Close"), (S.FOLLOWED_UP,), (S.CLOSED,), (A.DISPATCHER,)),
    _t("supervisor_close", _("Close after the reopen limit"), (S.AWAITING_DECISION,), (S.CLOSED,),
       (A.SUPERVISOR,), _("a reason")),
    _t("supervisor_reopen", _("Reopen again"), (S.AWAITING_DECISION,), (S.REOPENED,),
       (A.SUPERVISOR,), _("a reason")),
    _t("publish", _("Publish on the public board"), (S.REPLIED, S.FOLLOWED_UP, S.CLOSED), (),
       (A.DISPATCHER,), _("the resident allowed it, not a report of wrongdoing, a published reply")),
    _t("unpublish", _("Remove from the public board"), (S.REPLIED, S.FOLLOWED_UP, S.CLOSED), (),
       (A.DISPATCHER,), _("the appeal is on the board")),
    _t("add_note", _("Add an internal note"), WORK_ORDER_STATES, (), PARTICIPANTS, _("the note")),
    _t("show_contact", _("Show contact"), tuple(State), (), PARTICIPANTS,
       _("for a report of wrongdoing, the dispatch centre only")),
)

TRANSITIONS: dict[str, Transition] = {t.name: t for t in TABLE}


# Refusals ------------------------------------------------------------------------------
class WorkflowError(Exception):
    """Something the workbench refuses; `message` says why, in words for staff."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class TransitionRefused(WorkflowError):
    """Not in the table: the wrong state, or not this person's to do."""


class ActionInvalid(WorkflowError):
    """In the table, but what it requires is missing or wrong."""


class NeedsConfirmation(ActionInvalid):
    """Allowed only once the dispatcher confirms a warning (a report naming the department)."""


# Who and when ---------------------------------------------------------------------------
def state_of(appeal) -> State:
    """The state the table reads: the work order's once there is one, else the appeal's.

    A merged duplicate stays merged: staff act on the appeal it duplicates.
    """
    if appeal.status == State.MERGED:
        return State.MERGED
    if appeal.work_order_id is not None:
        return State(appeal.work_order.state)
    return State(appeal.status)


def actors_for(user, appeal) -> set[Actor]:
    from huying.accounts.models import Role

    if user is None or not user.is_authenticated:
        return {Actor.RESIDENT}
    if not user.is_active:
        return set()
    actors = set()
    if user.role == Role.DISPATCHER:
        actors.add(Actor.DISPATCHER)
    if user.role == Role.SUPERVISOR:
        actors.add(Actor.SUPERVISOR)
    # A dispatcher is also the lead of an enquiry the dispatch centre answered itself.
    if user.role in (Role.HANDLER, Role.DISPATCHER) and user.department_id and appeal.work_order_id:
        for assignment in appeal.work_order.active_assignments():
            if assignment.department_id == user.department_id:
                actors.add(Actor.LEAD if assignment.is_lead else Actor.CO_HANDLER)
            if assignment.forwarded_to_id == user.department_id and user.role == Role.HANDLER:
                actors.add(Actor.COMMUNITY)
    return actors


def _people(actors) -> str:
    return "、".join(str(ACTOR_LABELS[a]) for a in sorted(actors))


def check(name: str, user, appeal) -> Transition:
    """Refuse unless the table has `name` from the appeal's state for one of the user's parts."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionRefused(_("This action does not exist."))
    state = state_of(appeal)
    if state not in transition.sources:
        raise TransitionRefused(
            _("“%(action)s” is not possible while the appeal is “%(state)s”.")
            % {"action": transition.label, "state": state.label}
        )
    if not actors_for(user, appeal) & transition.actors:
        raise TransitionRefused(
            _("Only %(people)s may “%(action)s” here.")
            % {"people": _people(transition.actors), "action": transition.label}
        )
    return transition


def allowed(user, appeal) -> set[str]:
    """Names of the transitions the table lets this user make on this appeal now."""
    state = state_of(appeal)
    actors = actors_for(user, appeal)
    return {t.name for t in TABLE if state in t.sources and actors & t.actors}
