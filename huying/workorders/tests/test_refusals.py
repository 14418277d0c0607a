"""A refused action on the appeal's page: its reason inside the form that was sent, with what
was typed kept, for a full page and for htmx; and the lead's reply once the co-handlers'
input deadline has passed, accepted without the missing input and shown as late."""

import pytest
from django.test.html import parse_html

from huying.audit.models import Event
from huying.workorders import actions
from huying.workorders.models import Note, Reply, State
from huying.workorders.tests.conftest import work_order_of
from huying.workorders.tests.pagetree import elements, form_sent_to, inside, text_of

HTMX = {"HTTP_HX_REQUEST": "true"}


class TestTheReasonBesideTheForm:
    def test_a_reply_refused_while_co_handlers_may_still_give_input_shows_why_inside_the_reply_form(
        self, world, client_for
    ):
        appeal = world.in_state(State.IN_PROGRESS)  # no co-handler has given input yet
        url = f"/staff/appeals/{appeal.pk}/do/reply/"
        response = client_for(world.lead).post(url, {"reply-text": "我们的答复草稿"})
        assert response.status_code == 400
        form = form_sent_to(response.content.decode(), url)
        [error] = inside(form, **{"data-testid": "action-error"})
        assert "住建局" in text_of(error) and "乙街道" in text_of(error)
        assert "autofocus" in dict(error.attributes)  # the page opens scrolled to it
        [textarea] = inside(form, name="reply-text")
        assert text_of(textarea).strip() == "我们的答复草稿"
        assert not Reply.objects.exists()

    def test_with_htmx_the_refusal_comes_back_as_just_that_form_to_swap_in_place(self, world, client_for):
        appeal = world.in_state(State.IN_PROGRESS)
        url = f"/staff/appeals/{appeal.pk}/do/reply/"
        response = client_for(world.lead).post(url, {"reply-text": "我们的答复草稿"}, **HTMX)
        assert response.status_code == 200  # htmx swaps no 4xx response
        html = response.content.decode()
        assert "<html" not in html and 'id="action-reply"' in html
        form = form_sent_to(html, url)
        assert inside(form, **{"data-testid": "action-error"})
        [textarea] = inside(form, name="reply-text")
        assert text_of(textarea).strip() == "我们的答复草稿"

    @pytest.mark.parametrize("htmx", [False, True])
    @pytest.mark.parametrize(
        ("state", "person", "name", "data", "kept"),
        [
            (State.IN_PROGRESS, "lead", "add_note", {"add_note-text": ""}, None),
            (
                State.IN_PROGRESS,
                "lead",
                "request_extension",
                {"request_extension-days": "99", "request_extension-reason": "需要协调多个部门"},
                "需要协调多个部门",
            ),  # fmt: skip
            (State.IN_PROGRESS, "co_a", "give_input", {"give_input-text": " "}, None),
            (State.REPLY_REVIEW, "dispatcher", "send_back_reply", {"send_back_reply-reason": ""}, None),
            (State.DISPATCHED, "lead", "return", {"return-reason": ""}, None),
        ],
    )
    def test_every_action_form_shows_its_refusal_inside_itself(
        self, world, client_for, state, person, name, data, kept, htmx
    ):
        appeal = world.in_state(state)
        url = f"/staff/appeals/{appeal.pk}/do/{name}/"
        response = client_for(getattr(world, person)).post(url, data, **(HTMX if htmx else {}))
        assert response.status_code == (200 if htmx else 400)
        form = form_sent_to(response.content.decode(), url)
        assert len(inside(form, **{"data-testid": "action-error"})) == 1
        if kept:
            assert kept in text_of(form)

    @pytest.mark.parametrize("htmx", [False, True])
    def test_a_report_naming_the_department_asks_for_confirmation_inside_the_dispatch_form(
        self, world, client_for, htmx
    ):
        appeal = world.appeal(kind="report", title="举报住建局工作人员", description="住建局某人收受好处。")
        url = f"/staff/appeals/{appeal.pk}/do/dispatch/"
        data = {"dispatch-category": world.category.pk, "dispatch-lead": world.org.bureau_a.pk}
        response = client_for(world.dispatcher).post(url, data, **(HTMX if htmx else {}))
        form = form_sent_to(response.content.decode(), url)
        assert inside(form, **{"data-testid": "action-error"})
        assert inside(form, name="dispatch-confirm_named")
        [lead_select] = inside(form, name="dispatch-lead")
        [chosen] = [o for o in inside(lead_select, value=str(world.org.bureau_a.pk)) if o.name == "option"]
        assert "selected" in dict(chosen.attributes)  # what was chosen is kept

    def test_with_htmx_an_action_that_succeeds_sends_the_browser_to_the_page(self, world, client_for):
        appeal = world.in_state(State.IN_PROGRESS)
        response = client_for(world.lead).post(
            f"/staff/appeals/{appeal.pk}/do/add_note/", {"add_note-text": "已电话联系群众"}, **HTMX
        )
        assert response.status_code == 200
        assert response["HX-Redirect"] == f"/staff/appeals/{appeal.pk}/"
        assert Note.objects.get().text == "已电话联系群众"


class TestALateReply:
    def _replied_late(self, world, client_for, freeze_time):
        freeze_time("2026-03-02 09:00")  # Monday; the co-handlers' input is due Thursday night
        appeal = world.in_state(State.IN_PROGRESS)
        actions.give_input(world.co_a, appeal, text="住建局：已安排检修。")
        url = f"/staff/appeals/{appeal.pk}/do/reply/"
        # Logged in again after each jump of the clock: a session lasts 30 idle minutes.
        refused = client_for(world.lead).post(url, {"reply-text": "经核实，路灯已修复。"})
        assert refused.status_code == 400
        freeze_time("2026-03-06 09:00")  # Friday: the other street's deadline has passed
        response = client_for(world.lead).post(url, {"reply-text": "经核实，路灯已修复。"})
        assert response.status_code == 302
        return appeal

    def test_after_the_deadline_the_lead_replies_without_the_missing_input_and_it_is_recorded(
        self, world, client_for, freeze_time
    ):
        appeal = self._replied_late(world, client_for, freeze_time)
        work_order = work_order_of(appeal)
        assert work_order.state == State.REPLY_REVIEW
        answer = Reply.objects.get(work_order=work_order)
        assert (answer.text, answer.missing_input_from) == ("经核实，路灯已修复。", "乙街道")
        assert "乙街道" in Event.objects.for_object(work_order).filter(action="reply").get().reason
        # The trail says so, as staff read it.
        html = client_for(world.dispatcher).get(f"/staff/appeals/{appeal.pk}/").content.decode()
        [timeline] = [e for e, _a in elements(parse_html(html)) if dict(e.attributes).get("data-testid") == "timeline"]
        assert "未收到乙街道的协办意见即答复" in text_of(timeline)

    def test_the_staff_page_shows_the_missing_input_as_late(self, world, client_for, freeze_time):
        appeal = self._replied_late(world, client_for, freeze_time)
        html = client_for(world.dispatcher).get(f"/staff/appeals/{appeal.pk}/").content.decode()
        page = parse_html(html)
        [said] = [e for e, _a in elements(page) if dict(e.attributes).get("data-testid") == "reply-without-input"]
        assert "协办期限已过" in text_of(said) and "乙街道" in text_of(said)
        late_rows = [
            text_of(row)
            for row, _a in elements(page)
            if dict(row.attributes).get("data-testid") == "part" and inside(row, **{"data-testid": "input-overdue"})
        ]
        assert len(late_rows) == 1 and "乙街道" in late_rows[0] and "逾期未提交" in late_rows[0]

    def test_input_given_after_its_deadline_is_marked_late(self, world, client_for, freeze_time):
        freeze_time("2026-03-02 09:00")
        appeal = world.in_state(State.IN_PROGRESS)
        actions.give_input(world.co_a, appeal, text="住建局：按时提交。")
        freeze_time("2026-03-06 09:00")
        actions.give_input(world.co_c, appeal, text="乙街道：迟交的意见。")
        html = client_for(world.lead).get(f"/staff/appeals/{appeal.pk}/").content.decode()
        [inputs] = [e for e, _a in elements(parse_html(html)) if dict(e.attributes).get("data-testid") == "inputs"]
        articles = [e for e, _a in elements(inputs) if e.name == "article"]
        marked = {text_of(a).split("·")[0].strip(): bool(inside(a, **{"data-testid": "input-late"})) for a in articles}
        assert marked == {"住建局": False, "乙街道": True}
        assert 'data-testid="input-overdue"' not in html  # both have given theirs
