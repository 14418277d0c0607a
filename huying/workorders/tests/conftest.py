"""A small world for work-order tests: the named users, a third handling department,
and appeals brought to any state through the real actions."""

from dataclasses import dataclass, field

import pytest

from conftest import _user
from huying.appeals.models import Appeal, Kind
from huying.appeals.tests.factories import make_appeal
from huying.taxonomy.models import Category
from huying.workorders import actions
from huying.workorders.models import State, WorkOrder


@dataclass
class World:
    org: object
    category: object
    dispatcher: object
    lead: object  # street S's handler: the lead in every scenario
    co_a: object  # bureau A's handler: a co-handler
    co_c: object  # the other street's handler: a second co-handler (a street, so it can forward)
    community: object  # community C1 of street S: the lead forwards to it
    supervisor: object
    outsider: object
    leader: object
    moderator: object
    admin: object
    # Query codes by appeal id: shown once on submission, kept here for tracking tests.
    codes: dict = field(default_factory=dict)

    def appeal(self, **overrides) -> Appeal:
        overrides.setdefault("kind", Kind.COMPLAINT)
        overrides.setdefault("category", self.category)
        appeal = make_appeal(self.org, **overrides)
        self.codes[appeal.pk] = appeal.query_code
        return appeal

    def refresh(self, appeal) -> Appeal:
        fresh = Appeal.objects.select_related("work_order").get(pk=appeal.pk)
        fresh.query_code = self.codes.get(appeal.pk, "")
        return fresh

    def dispatch(self, appeal, **kwargs) -> Appeal:
        kwargs.setdefault("category", self.category)
        kwargs.setdefault("lead", self.org.street)
        kwargs.setdefault("co_handlers", [self.org.bureau_a, self.org.other_street])
        actions.dispatch(self.dispatcher, appeal, **kwargs)
        return self.refresh(appeal)

    def in_state(self, state: State, *, joined=False, **overrides) -> Appeal:
        """An appeal brought to `state` by the lifecycle's own actions.

        After dispatch: lead street S, co-handlers bureau A and the other street.  While
        accepting, bureau A has accepted and the other street has not.  With joined=True the
        appeal returned is a second resident's, joined to the first one's work order right
        after dispatch (each is followed up on their own).
        """
        org = self.org
        appeal = self.appeal(**overrides)
        if state == State.SUBMITTED:
            return self.refresh(appeal)
        if state == State.REVIEWED:
            actions.review(self.dispatcher, appeal)
            return self.refresh(appeal)
        if state == State.REJECTED:
            actions.reject(self.dispatcher, appeal, reason="spam")
            return self.refresh(appeal)
        appeal = self.dispatch(appeal)
        if joined:
            later = self.appeal(contact_name="李秀英", phone="13900005678")
            actions.join(self.dispatcher, later, into=appeal)
        shown = later if joined else appeal
        actions.accept(self.co_a, appeal)
        if state == State.DISPATCHED:
            return self.refresh(shown)
        if state == State.RETURNED:
            actions.return_work_order(self.lead, appeal, reason="不属于本街道辖区")
            return self.refresh(shown)
        actions.accept(self.lead, appeal)
        actions.forward(self.lead, appeal, community=org.community)
        if state == State.ACCEPTED:
            return self.refresh(shown)
        actions.accept(self.co_c, appeal)
        if state == State.IN_PROGRESS:
            return self.refresh(shown)
        actions.give_input(self.co_a, appeal, text="住建局：已安排检修。")
        actions.give_input(self.co_c, appeal, text="乙街道：配合现场协调。")
        actions.reply(self.lead, appeal, text="经核实，路灯已于本周修复。")
        if state == State.REPLY_REVIEW:
            return self.refresh(shown)
        actions.publish_reply(self.dispatcher, appeal)
        if state == State.REPLIED:
            return self.refresh(shown)
        if state in (State.FOLLOWED_UP, State.CLOSED):
            for each in Appeal.objects.filter(work_order_id=appeal.work_order_id):
                actions.follow_up(self.dispatcher, each, satisfaction="satisfied", solved=True)
            if state == State.CLOSED:
                actions.close(self.dispatcher, appeal)
            return self.refresh(shown)
        actions.follow_up(self.dispatcher, appeal, satisfaction="unsatisfied", solved=False)
        if state == State.REOPENED:
            return self.refresh(shown)
        assert state == State.AWAITING_DECISION
        while self.refresh(appeal).work_order.state != State.AWAITING_DECISION:
            actions.reply(self.lead, appeal, text="再次核实后已彻底修复。")
            actions.publish_reply(self.dispatcher, appeal)
            actions.follow_up(self.dispatcher, appeal, satisfaction="unsatisfied", solved=False)
        return self.refresh(shown)


@pytest.fixture
def category(db):
    root = Category.objects.create(name="城乡建设", level=1)
    return Category.objects.create(name="市政设施", level=2, parent=root)


@pytest.fixture
def world(
    org,
    category,
    dispatcher,
    handler_a,
    street_handler,
    community_handler,
    supervisor,
    outsider,
    leader,
    moderator,
    admin_user,
):
    return World(
        org=org,
        category=category,
        dispatcher=dispatcher,
        lead=street_handler,
        co_a=handler_a,
        co_c=_user("other_street_handler", "handler", org.other_street),
        community=community_handler,
        supervisor=supervisor,
        outsider=outsider,
        leader=leader,
        moderator=moderator,
        admin=admin_user,
    )


def work_order_of(appeal) -> WorkOrder:
    return WorkOrder.objects.get(pk=appeal.work_order_id)
