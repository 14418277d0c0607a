"""Generated from the transition table: every transition works for the right people in
each state it starts from, and is refused for everyone else and in every other state."""

import pytest
from django.db import transaction

from huying.appeals.states import APPEAL_ONLY_STATES
from huying.audit.models import Event
from huying.board import actions as board_actions
from huying.workorders import actions
from huying.workorders.models import (
    Assignment,
    CoHandlerInput,
    ExtensionRequest,
    State,
)
from huying.workorders.transitions import (
    TABLE,
    TRANSITIONS,
    Actor,
    TransitionRefused,
    allowed,
    check,
    state_of,
)

# Combinations the table allows but the scenario cannot meet, each for a stated reason.
INFEASIBLE = {
    # The lead returned its part: nothing of its own is waiting for acceptance.
    ("accept", State.RETURNED, Actor.LEAD),
    ("return", State.RETURNED, Actor.LEAD),
    # Once the lead has accepted, its part is no longer waiting.
    ("accept", State.ACCEPTED, Actor.LEAD),
    ("return", State.ACCEPTED, Actor.LEAD),
    # The co-handling street has not accepted yet while the work order is "accepted".
    ("forward", State.ACCEPTED, Actor.CO_HANDLER),
}
# Departments have no part before dispatch, and a community none before its street forwards.
DEPARTMENT_ACTORS = {Actor.LEAD, Actor.CO_HANDLER, Actor.COMMUNITY}
NOT_FORWARDED_YET = {State.DISPATCHED, State.RETURNED}


def feasible(name, state, actor) -> bool:
    if actor in DEPARTMENT_ACTORS and state in APPEAL_ONLY_STATES:
        return False
    if actor == Actor.COMMUNITY and state in NOT_FORWARDED_YET:
        return False
    return (name, state, actor) not in INFEASIBLE


def user_for(world, actor, name):
    """The person who acts as `actor` in the scenario for transition `name`."""
    if actor == Actor.CO_HANDLER and name in {"accept", "return", "forward"}:
        # The other street: still waiting to accept while accepting, and a street to forward.
        return world.co_c
    return {
        Actor.DISPATCHER: world.dispatcher,
        Actor.LEAD: world.lead,
        Actor.CO_HANDLER: world.co_a,
        Actor.COMMUNITY: world.community,
        Actor.SUPERVISOR: world.supervisor,
        Actor.RESIDENT: None,
    }[actor]


def arrange(world, name, appeal, actor):
    """Meet the transition's requirements (in test setup) and return its arguments."""
    org = world.org
    work_order = appeal.work_order if appeal.work_order_id else None
    if name == "enter":
        from huying.appeals.tests.factories import appeal_data

        return {"data": appeal_data(org), "channel": "phone"}
    if name == "reject":
        return {"reason": "out_of_scope", "note": "属于市级事权"}
    if name == "reject_duplicate":
        return {"duplicate_of": world.in_state(State.REPLIED)}
    if name == "join":
        return {"into": world.in_state(State.DISPATCHED)}
    if name == "dispatch":
        return {"category": world.category, "lead": org.bureau_b, "co_handlers": [org.bureau_a]}
    if name == "answer_directly":
        appeal.kind = "enquiry"
        type(appeal).objects.filter(pk=appeal.pk).update(kind="enquiry")
        return {"text": "您咨询的事项可在区政务服务中心办理。"}
    if name == "return":
        return {"reason": "不属于本单位职责"}
    if name == "redispatch":
        parts = work_order.active_assignments() if work_order else []
        if work_order and not any(a.is_returned for a in parts):
            Assignment.objects.create(
                work_order=work_order, department=org.bureau_b, role="co_handler", status="returned"
            )
            parts = work_order.active_assignments()
        lead = next((a for a in parts if a.is_lead), None)
        keep = [a.department for a in parts if not a.is_lead and not a.is_returned]
        if lead is None or lead.is_returned:
            return {"lead": org.bureau_b, "co_handlers": keep}
        return {"lead": lead.department, "co_handlers": keep, "reason": "改派"}
    if name == "forward":
        return {"community": org.other_community if actor == Actor.CO_HANDLER else org.community_2}
    if name == "give_input":
        return {"text": "已现场核查。"}
    if name == "request_extension":
        return {"days": 3, "reason": "需要协调多个单位"}
    if name in {"approve_extension", "deny_extension"}:
        if work_order:
            ExtensionRequest.objects.create(work_order=work_order, days=2, reason="需要协调", requested_by=world.lead)
        return {"note": "理由充分"}
    if name == "reply":
        if work_order:
            for part in work_order.co_assignments:
                if not part.is_returned:
                    CoHandlerInput.objects.create(
                        work_order=work_order, assignment=part, author=world.co_a, text="意见"
                    )
        return {"text": "已处理完毕。"}
    if name == "send_back_reply":
        return {"reason": "答复过于简单"}
    if name == "follow_up":
        return {"satisfaction": "satisfied", "solved": True}
    if name == "rate":
        return {"satisfaction": "fairly_satisfied"}
    if name in {"supervisor_close", "supervisor_reopen"}:
        return {"reason": "已多次办理"}
    if name == "unpublish":
        if appeal.work_order_id and appeal.status in TRANSITIONS["publish"].sources:
            board_actions.publish(world.dispatcher, appeal)
        return {}
    if name == "add_note":
        return {"text": "电话联系了居民。"}
    return {}


FUNCTIONS = {
    "review": actions.review,
    "reject": actions.reject,
    "reject_duplicate": actions.reject_duplicate,
    "join": actions.join,
    "leave": actions.leave,
    "dispatch": actions.dispatch,
    "answer_directly": actions.answer_directly,
    "accept": actions.accept,
    "return": actions.return_work_order,
    "redispatch": actions.redispatch,
    "forward": actions.forward,
    "give_input": actions.give_input,
    "request_extension": actions.request_extension,
    "approve_extension": actions.approve_extension,
    "deny_extension": actions.deny_extension,
    "reply": actions.reply,
    "publish_reply": actions.publish_reply,
    "send_back_reply": actions.send_back_reply,
    "follow_up": actions.follow_up,
    "close": actions.close,
    "supervisor_close": actions.supervisor_close,
    "supervisor_reopen": actions.supervisor_reopen,
    "publish": board_actions.publish,
    "unpublish": board_actions.unpublish,
    "add_note": actions.add_note,
    "show_contact": actions.show_contact,
}


def perform(name, user, appeal, kwargs):
    if name == "enter":
        return actions.enter_appeal(user, kwargs["data"], channel=kwargs["channel"])
    if name == "rate":
        if user is not None:
            # `rate` takes no user (the tracking page calls it); staff meet the table's check.
            return check("rate", user, appeal)
        return actions.rate(appeal, **kwargs)
    return FUNCTIONS[name](user, appeal, **kwargs)


def _works_cases():
    for t in TABLE:
        if not t.sources:
            continue
        for state in t.sources:
            for actor in sorted(t.actors):
                if feasible(t.name, state, actor):
                    yield pytest.param(t.name, state, actor, id=f"{t.name}-{state}-{actor}")


def _first_case(t):
    for state in t.sources:
        for actor in sorted(t.actors):
            if feasible(t.name, state, actor):
                return state, actor
    return None, None


class _Undo(Exception):
    pass


def _refusal(world, name, appeal, actor, user):
    """Try `name` as `user` inside a savepoint that is always rolled back; return what went
    wrong ("" when it was refused as it should be)."""
    outcome = ""
    try:
        with transaction.atomic():
            fresh = world.refresh(appeal)
            kwargs = arrange(world, name, fresh, actor)
            fresh = world.refresh(fresh)
            if name in allowed(user, fresh):
                outcome = "offered by allowed()"
            try:
                perform(name, user, fresh, kwargs)
                outcome = outcome or "it worked"
            except TransitionRefused:
                pass
            except Exception as other:  # noqa: BLE001 - any other outcome is the failure reported
                outcome = outcome or f"{type(other).__name__}: {other}"
            raise _Undo
    except _Undo:
        pass
    return outcome


def test_every_transition_has_exactly_one_action_function():
    assert set(FUNCTIONS) | {"enter", "rate"} == set(TRANSITIONS)


def test_every_allowed_actor_can_make_each_transition_somewhere():
    for t in TABLE:
        for actor in t.actors:
            assert any(feasible(t.name, state, actor) for state in t.sources) or not t.sources, (t.name, actor)


@pytest.mark.parametrize(("name", "state", "actor"), list(_works_cases()))
def test_the_transition_works_for_the_right_person_in_each_state_it_starts_from(world, name, state, actor):
    transition = TRANSITIONS[name]
    appeal = world.in_state(state, joined=name == "leave")
    user = user_for(world, actor, name)
    kwargs = arrange(world, name, appeal, actor)
    appeal = world.refresh(appeal)
    assert name in allowed(user, appeal)
    before = Event.objects.count()
    perform(name, user, appeal, kwargs)
    after = world.refresh(appeal)
    if transition.keeps_state:
        assert state_of(after) == state
    else:
        assert state_of(after) in transition.targets
    assert Event.objects.filter(action=name).exists()
    assert Event.objects.count() > before


@pytest.mark.parametrize("name", [t.name for t in TABLE if t.sources])
def test_the_transition_is_refused_for_everyone_else(world, name):
    transition = TRANSITIONS[name]
    state, _actor = _first_case(transition)
    appeal = world.in_state(state, joined=name == "leave")
    failures = {}
    for actor in sorted(set(Actor) - transition.actors):
        outcome = _refusal(world, name, appeal, actor, user_for(world, actor, name))
        if outcome:
            failures[actor] = outcome
    assert failures == {}, f"{name} in {state} was not refused for these people"
    assert state_of(world.refresh(appeal)) == state


@pytest.mark.parametrize("name", [t.name for t in TABLE])
def test_the_transition_is_refused_for_staff_with_no_part_in_it(world, name):
    state, _actor = _first_case(TRANSITIONS[name])
    appeal = world.in_state(state or State.SUBMITTED, joined=name == "leave")
    kwargs = arrange(world, name, world.refresh(appeal), None)
    for user in (world.outsider, world.leader, world.moderator, world.admin):
        with pytest.raises(TransitionRefused):
            perform(name, user, world.refresh(appeal), kwargs)


@pytest.mark.parametrize("state", list(State))
def test_every_transition_not_starting_from_a_state_is_refused_in_it(world, state):
    appeal = world.in_state(state)
    failures = {}
    for transition in TABLE:
        if not transition.sources or state in transition.sources:
            continue
        # Whoever the table names, whatever their part: the state alone refuses it.
        for actor in sorted(transition.actors):
            outcome = _refusal(world, transition.name, appeal, actor, user_for(world, actor, transition.name))
            if outcome:
                failures[(transition.name, actor)] = outcome
    assert failures == {}, f"not refused in {state}"
    assert state_of(world.refresh(appeal)) == state


def test_only_the_dispatch_centre_enters_appeals(world):
    from huying.appeals.tests.factories import appeal_data

    entered = actions.enter_appeal(world.dispatcher, appeal_data(world.org), channel="phone")
    assert entered.appeal.channel == "phone"
    assert entered.appeal.entered_by == world.dispatcher
    for user in (world.lead, world.co_a, world.supervisor, world.outsider, world.leader, world.admin):
        with pytest.raises(TransitionRefused):
            actions.enter_appeal(user, appeal_data(world.org), channel="phone")
