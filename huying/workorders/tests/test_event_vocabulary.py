"""One vocabulary of events: every row of the transition table, driven for real, records
only names from huying.audit.events, each labelled for staff and either worded for the
resident or deliberately hidden from them, in zh-Hans and English."""

import pytest
from django.utils import translation

from huying.appeals.timeline import HIDDEN_FROM_RESIDENTS, RESIDENT_LABELS, timeline_for
from huying.audit.events import EventName
from huying.audit.models import Event
from huying.board import actions as board_actions
from huying.workorders import actions
from huying.workorders.models import State
from huying.workorders.tests.test_transitions import _first_case, arrange, perform, user_for
from huying.workorders.transitions import TABLE


def _labels(label) -> tuple[str, str]:
    with translation.override("en"):
        english = str(label)
    with translation.override("zh-hans"):
        chinese = str(label)
    return english, chinese


def test_every_name_is_either_worded_for_residents_or_hidden_from_them():
    worded, hidden = set(RESIDENT_LABELS), set(HIDDEN_FROM_RESIDENTS)
    assert worded & hidden == set()
    assert worded | hidden == set(EventName)


def test_every_transition_records_an_event_of_its_own_name():
    assert {t.name for t in TABLE} <= set(EventName.values)


@pytest.mark.parametrize("name", [t.name for t in TABLE])
def test_each_event_a_transition_records_has_its_labels(world, name):
    state, actor = _first_case(next(t for t in TABLE if t.name == name))
    appeal = world.in_state(state or State.SUBMITTED, joined=name == "leave")
    user = user_for(world, actor, name) if actor else world.dispatcher
    kwargs = arrange(world, name, appeal, actor)
    before = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
    perform(name, user, world.refresh(appeal), kwargs)
    recorded = list(Event.objects.filter(id__gt=before))
    assert name in {e.action for e in recorded}
    for event in recorded:
        english, chinese = _labels(EventName(event.action).label)
        assert english and chinese != english, f"{event.action}: no zh-Hans staff label"
        if event.content_type.model == "appeal":
            if event.action in RESIDENT_LABELS:
                english, chinese = _labels(RESIDENT_LABELS[event.action])
                assert english and chinese != english, f"{event.action}: no zh-Hans resident label"
            else:
                assert event.action in HIDDEN_FROM_RESIDENTS


def test_the_resident_sees_that_the_appeal_was_checked_and_put_on_the_board(world):
    appeal = world.appeal()
    actions.review(world.dispatcher, appeal)
    with translation.override("zh-hans"):
        assert "调度中心已审核" in [s.label for s in timeline_for(appeal)]
    appeal = world.in_state(State.REPLIED)
    board_actions.publish(world.dispatcher, appeal)
    with translation.override("en"):
        labels = [s.label for s in timeline_for(appeal)]
    assert labels[-1] == "Shown on the public board"
    assert "The department replied" in labels


def test_the_staff_timeline_labels_every_event_and_shows_no_raw_code(world, client_for):
    earlier = world.in_state(State.IN_PROGRESS)
    later = world.appeal(phone="13800005678")
    actions.join(world.dispatcher, later, into=earlier)
    html = client_for(world.dispatcher).get(f"/staff/appeals/{earlier.pk}/").content.decode()
    timeline = html.split('data-testid="timeline"')[1]
    for raw in ("appeal_joined", "duplicates_found", "status_changed", "merged"):
        assert raw not in timeline
    assert "有诉求并入本工单" in timeline
