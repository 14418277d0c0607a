"""The one table of what can happen to an appeal and its work order, who may do it, and when.

Every function in huying.workorders.actions starts with `check(name, user, appeal)`;
anything not in this table is refused.  The tests generate their cases from it.

Who may act is worked out per appeal (`actors_for`): a handler is the *lead* or a
*co-handler* through their department's assignment, a *community* when its street
forwarded the assignment to it; the dispatch centre, supervisors and the resident (no
login, on the tracking page) act through their role.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from huying.access import is_dispatcher
from huying.accounts.models import Role
from huying.appeals.models import Kind
from huying.appeals.states import BEFORE_DISPATCH, WORK_ORDER_STATES, State
from huying.audit.events import EventName
from huying.lib.refusals import Refused
from huying.workorders.models import ExtensionRequest


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


class Subject(StrEnum):
    """Whose state a transition reads and writes: the appeal's own, or its work order's
    (written onto every appeal of the work order)."""

    APPEAL = "appeal"
    WORK_ORDER = "work_order"


# Why something is refused, in words for staff ("" when it is not): often a lazy translation.
Refusal = str | Promise


# Preconditions: beyond the state and the actor, what must hold for the transition to be
# offered on the page and accepted by the action.  Each returns why not, or "" when it holds.
def _own_part(user, appeal):
    if user is None or not getattr(user, "department_id", None) or appeal.work_order_id is None:
        return None
    return next((a for a in appeal.work_order.active_assignments() if a.department_id == user.department_id), None)


def _part_pending(user, appeal) -> Refusal:
    part = _own_part(user, appeal)
    return "" if part is not None and part.is_pending else _("Your department's part is not waiting for acceptance.")


def _accepted(user, appeal, *, lead=None) -> Refusal:
    part = _own_part(user, appeal)
    if part is None or not part.is_accepted:
        return _("Your department has to accept the work order first.")
    if lead is not None and part.is_lead != lead:
        return _("This is for the lead department only.") if lead else _("This is for co-handlers only.")
    return ""


def _pending_extension(appeal):
    return next((e for e in appeal.work_order.extensions.all() if e.status == ExtensionRequest.Status.PENDING), None)


def _forwardable(user, appeal) -> Refusal:
    refusal = _accepted(user, appeal)
    if refusal:
        return refusal
    return (
        ""
        if _own_part(user, appeal).department.is_street
        else _("Only a street forwards work orders to its communities.")
    )


def _extension_askable(user, appeal) -> Refusal:
    refusal = _accepted(user, appeal, lead=True)
    if refusal:
        return refusal
    return _("An extension request is already waiting for a decision.") if _pending_extension(appeal) else ""


def _extension_waiting(user, appeal) -> Refusal:
    return "" if _pending_extension(appeal) else _("No extension request is waiting for a decision.")


def _part_returned(user, appeal) -> Refusal:
    returned = any(a.is_returned for a in appeal.work_order.active_assignments())
    return "" if returned else _("No department has returned this work order.")


def _enquiry(user, appeal) -> Refusal:
    if appeal.kind != Kind.ENQUIRY:
        return _("Only an enquiry can be answered without dispatching.")
    return "" if getattr(user, "department_id", None) else _("Your account has no department.")


def _not_a_report(user, appeal) -> Refusal:
    return _("Reports of wrongdoing are confidential and never join another appeal.") if appeal.is_report else ""


def _joined(user, appeal) -> Refusal:
    return "" if appeal.is_joined else _("This appeal did not join another appeal's work order.")


def _publishable(user, appeal) -> Refusal:
    if appeal.is_report:
        return _("A report of wrongdoing is never published.")
    if not appeal.allow_publish:
        return _("The resident did not allow this appeal to be published.")
    if appeal.is_published:
        return _("This appeal is already on the public board.")
    if not any(r.is_published for r in appeal.work_order.replies.all()):
        return _("Only an appeal with an approved reply is published.")
    return ""


def _on_board(user, appeal) -> Refusal:
    return "" if appeal.is_published else _("This appeal is not on the public board.")


def _reporter_visible(user, appeal) -> Refusal:
    if appeal.is_report and not is_dispatcher(user):
        return _("The identity of whoever reports wrongdoing is seen by the dispatch centre only.")
    return ""


def _always(user, appeal) -> Refusal:
    return ""


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
    on: Subject = Subject.WORK_ORDER
    precondition: Callable[..., Refusal] = _always
    # A precondition about who may act (not about what is missing) refuses like the table.
    precondition_is_permission: bool = False

    @property
    def keeps_state(self) -> bool:
        return not self.targets

    @property
    def event(self) -> EventName:
        return EventName(self.name)


def _t(
    name, label, sources, targets, actors, requires="", *, on=Subject.WORK_ORDER, precondition=_always,
    permission=False,
):  # fmt: skip
    return Transition(
        name, label, tuple(sources), tuple(targets), frozenset(actors), requires, on, precondition, permission
    )


S = State
A = Actor
AP = Subject.APPEAL
# While the departments accept or return their parts.
ACCEPTING = (S.DISPATCHED, S.ACCEPTED, S.RETURNED)
# While the lead handles it (before or after a reopen).
HANDLING = (S.ACCEPTED, S.IN_PROGRESS, S.REOPENED)
# Work orders a later appeal may join: not once every resident has been followed up.
JOINABLE = (S.DISPATCHED, S.RETURNED, S.ACCEPTED, S.IN_PROGRESS, S.REPLY_REVIEW, S.REPLIED, S.REOPENED)
# Staff who take part in a work order.
PARTICIPANTS = (A.DISPATCHER, A.LEAD, A.CO_HANDLER, A.COMMUNITY, A.SUPERVISOR)

TABLE: tuple[Transition, ...] = (
    _t(
        "enter",
        _("Enter an appeal taken by phone, letter or in person"),
        (),
        (S.SUBMITTED,),
        (A.DISPATCHER,),
        _("the channel and the resident's details"),
        on=AP,
    ),
    _t("review", _("Mark as reviewed"), (S.SUBMITTED,), (S.REVIEWED,), (A.DISPATCHER,), on=AP),
    _t(
        "reject",
        _("Reject"),
        BEFORE_DISPATCH,
        (S.REJECTED,),
        (A.DISPATCHER,),
        _("a reason the resident sees: spam, out of scope or not enough information"),
        on=AP,
    ),
    _t(
        "reject_duplicate",
        _("Reject as a repeat"),
        BEFORE_DISPATCH,
        (S.REJECTED,),
        (A.DISPATCHER,),
        _("the ticket number of the earlier appeal it repeats, already answered; no work order"),
        on=AP,
    ),
    _t(
        "join",
        _("Join an earlier appeal's work order"),
        BEFORE_DISPATCH,
        JOINABLE,
        (A.DISPATCHER,),
        _("the ticket number of the earlier appeal; each resident keeps their own tracking page and follow-up"),
        on=AP,
        precondition=_not_a_report,
    ),
    _t(
        "leave",
        _("Leave the shared work order"),
        tuple(s for s in WORK_ORDER_STATES if s != S.CLOSED),
        (S.REVIEWED,),
        (A.DISPATCHER,),
        _("an appeal that joined another one's work order"),
        on=AP,
        precondition=_joined,
    ),
    _t(
        "dispatch",
        _("Dispatch"),
        BEFORE_DISPATCH,
        (S.DISPATCHED,),
        (A.DISPATCHER,),
        _("a category, one lead department and any co-handling departments"),
        on=AP,
    ),
    _t(
        "answer_directly",
        _("Answer directly"),
        BEFORE_DISPATCH,
        (S.REPLIED,),
        (A.DISPATCHER,),
        _("an enquiry, and the answer"),
        on=AP,
        precondition=_enquiry,
    ),
    _t(
        "accept",
        _("Accept"),
        ACCEPTING,
        (S.DISPATCHED, S.ACCEPTED, S.IN_PROGRESS, S.RETURNED),
        (A.LEAD, A.CO_HANDLER),
        _("the department's part is waiting for acceptance"),
        precondition=_part_pending,
    ),
    _t(
        "return",
        _("Return to the dispatch centre"),
        ACCEPTING,
        (S.DISPATCHED, S.ACCEPTED, S.IN_PROGRESS, S.RETURNED),
        (A.LEAD, A.CO_HANDLER),
        _("the department's part is waiting for acceptance, and a reason"),
        precondition=_part_pending,
    ),
    _t(
        "redispatch",
        _("Re-dispatch"),
        (S.RETURNED, S.DISPATCHED, S.ACCEPTED, S.IN_PROGRESS),
        (S.DISPATCHED, S.ACCEPTED, S.IN_PROGRESS),
        (A.DISPATCHER,),
        _("a returned part; the reply deadline is kept"),
        precondition=_part_returned,
    ),
    _t(
        "forward",
        _("Forward to a community"),
        HANDLING,
        (),
        (A.LEAD, A.CO_HANDLER),
        _("an accepted part of a street, and one of its communities"),
        precondition=_forwardable,
    ),
    _t(
        "give_input",
        _("Give co-handling input"),
        (S.DISPATCHED, S.ACCEPTED, S.IN_PROGRESS, S.REOPENED),
        (),
        (A.CO_HANDLER,),
        _("an accepted co-handling part, and the input"),
        precondition=lambda user, appeal: _accepted(user, appeal, lead=False),
    ),
    _t(
        "request_extension",
        _("Ask for an extension"),
        HANDLING,
        (),
        (A.LEAD,),
        _("an accepted lead part, the number of working days and a reason; one request at a time"),
        precondition=_extension_askable,
    ),
    _t(
        "approve_extension",
        _("Approve the extension"),
        HANDLING,
        (),
        (A.DISPATCHER,),
        _("a pending extension request; the deadline moves"),
        precondition=_extension_waiting,
    ),
    _t(
        "deny_extension",
        _("Deny the extension"),
        HANDLING,
        (),
        (A.DISPATCHER,),
        _("a pending extension request and a reason"),
        precondition=_extension_waiting,
    ),
    _t(
        "reply",
        _("Reply"),
        HANDLING,
        (S.REPLY_REVIEW,),
        (A.LEAD,),
        _("an accepted lead part and the reply; co-handlers' input, or their deadline passed"),
        precondition=lambda user, appeal: _accepted(user, appeal, lead=True),
    ),
    _t(
        "publish_reply",
        _("Approve and publish the reply"),
        (S.REPLY_REVIEW,),
        (S.REPLIED,),
        (A.DISPATCHER,),
        _("a reply waiting for review"),
    ),
    _t(
        "send_back_reply",
        _("Send the reply back"),
        (S.REPLY_REVIEW,),
        (S.IN_PROGRESS, S.REOPENED),
        (A.DISPATCHER,),
        _("a reply waiting for review, and a reason"),
    ),
    _t(
        "follow_up",
        _("Record the follow-up"),
        (S.REPLIED,),
        (S.FOLLOWED_UP, S.REOPENED, S.AWAITING_DECISION),
        (A.DISPATCHER,),
        _("this resident's answer: whether it was solved and how satisfied; unsatisfied reopens it"),
        on=AP,
    ),
    _t(
        "rate",
        _("Rate the reply"),
        (S.REPLIED,),
        (S.FOLLOWED_UP, S.REOPENED, S.AWAITING_DECISION),
        (A.RESIDENT,),
        _("the resident's satisfaction; unsatisfied reopens it"),
        on=AP,
    ),
    _t(
        "close",
        _("Close the work order"),
        (S.FOLLOWED_UP,),
        (S.CLOSED,),
        (A.DISPATCHER,),
        _("every resident of the work order followed up"),
    ),
    _t(
        "supervisor_close",
        _("Close after the reopen limit"),
        (S.AWAITING_DECISION,),
        (S.CLOSED,),
        (A.SUPERVISOR,),
        _("a reason"),
    ),
    _t("supervisor_reopen", _("Reopen again"), (S.AWAITING_DECISION,), (S.REOPENED,), (A.SUPERVISOR,), _("a reason")),
    _t(
        "publish",
        _("Publish on the public board"),
        (S.REPLIED, S.FOLLOWED_UP, S.CLOSED),
        (),
        (A.DISPATCHER,),
        _("the resident allowed it, not a report of wrongdoing, a published reply"),
        on=AP,
        precondition=_publishable,
    ),
    _t(
        "unpublish",
        _("Remove from the public board"),
        (S.REPLIED, S.FOLLOWED_UP, S.CLOSED),
        (),
        (A.DISPATCHER,),
        _("the appeal is on the board"),
        on=AP,
        precondition=_on_board,
    ),
    _t("add_note", _("Add an internal note"), WORK_ORDER_STATES, (), PARTICIPANTS, _("the note")),
    _t(
        "show_contact",
        _("Show contact"),
        tuple(State),
        (),
        PARTICIPANTS,
        _("for a report of wrongdoing, the dispatch centre only"),
        on=AP,
        precondition=_reporter_visible,
        permission=True,
    ),
)

TRANSITIONS: dict[str, Transition] = {t.name: t for t in TABLE}


# Refusals ------------------------------------------------------------------------------
class WorkflowError(Refused):
    """Something the workbench refuses; `message` says why, in words for staff."""


class TransitionRefused(WorkflowError):
    """Not in the table: the wrong state, or not this person's to do."""


class ActionInvalid(WorkflowError):
    """In the table, but what it requires is missing or wrong."""


class NeedsConfirmation(ActionInvalid):
    """Allowed only once the dispatcher confirms a warning (a report naming the department)."""


# Who and when ---------------------------------------------------------------------------
def state_of(appeal, on: Subject = Subject.APPEAL) -> State:
    """The state a transition reads: the appeal's own, or its work order's."""
    if on == Subject.WORK_ORDER and appeal.work_order_id is not None:
        return State(appeal.work_order.state)
    return State(appeal.status)


def actors_for(user, appeal) -> set[Actor]:
    if user is None or not user.is_authenticated:
        return {Actor.RESIDENT}
    if not user.is_active:
        return set()
    actors = set()
    if is_dispatcher(user):
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


def _in_table(transition: Transition, user, appeal, actors=None) -> Refusal:
    state = state_of(appeal, transition.on)
    if state not in transition.sources:
        return _("“%(action)s” is not possible while the appeal is “%(state)s”.") % {
            "action": transition.label,
            "state": state.label,
        }
    if not (actors if actors is not None else actors_for(user, appeal)) & transition.actors:
        return _("Only %(people)s may “%(action)s” here.") % {
            "people": _people(transition.actors),
            "action": transition.label,
        }
    return ""


def check(name: str, user, appeal) -> Transition:
    """Refuse unless the table has `name` from the appeal's state for one of the user's
    parts (TransitionRefused), and its precondition holds (ActionInvalid)."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionRefused(_("This action does not exist."))
    refusal = _in_table(transition, user, appeal)
    if refusal:
        raise TransitionRefused(refusal)
    refusal = transition.precondition(user, appeal)
    if refusal:
        raise (TransitionRefused if transition.precondition_is_permission else ActionInvalid)(refusal)
    return transition


def allowed(user, appeal) -> set[str]:
    """Names of the transitions the table lets this user make on this appeal now."""
    actors = actors_for(user, appeal)
    return {t.name for t in TABLE if not _in_table(t, user, appeal, actors)}


def offered(user, appeal) -> list[str]:
    """What the appeal's page offers: allowed by the table, with its precondition holding
    (the same check the action makes), in table order."""
    actors = actors_for(user, appeal)
    return [t.name for t in TABLE if not _in_table(t, user, appeal, actors) and not t.precondition(user, appeal)]
