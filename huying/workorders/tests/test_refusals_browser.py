"""In the browser: a reply sent before the co-handlers' input is in comes back with the reason
beside the box, the text still in it, and the page scrolled there; once their deadline has
passed, the same reply goes through and the missing input shows as late. And on a phone,
each rating choice keeps its radio and its words on one line."""

import pytest
from playwright.sync_api import expect

from huying.workorders import actions
from huying.workorders.models import Reply, State
from tests.browser.session import leave, log_in

pytestmark = pytest.mark.browser

DRAFT = "经核实，渭工路路灯线路老化，已于本周更换。"
ONE_LINE = """label => {
  const radio = document.getElementById(label.htmlFor).getBoundingClientRect();
  const words = [...label.childNodes].find(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  const range = document.createRange();
  range.selectNodeContents(words);
  const lines = [...range.getClientRects()];
  const middle = radio.top + radio.height / 2;
  return {lines: lines.length, through_radio: lines.every(l => l.top <= middle && middle <= l.bottom)};
}"""


def test_a_reply_too_early_is_refused_beside_the_box_with_the_text_kept_then_goes_through_late(
    page, world, freeze_time
):
    freeze_time("2026-03-02 09:00")  # Monday: the co-handlers' input is due Thursday night
    appeal = world.in_state(State.IN_PROGRESS)
    actions.give_input(world.co_a, appeal, text="住建局：已安排检修。")

    log_in(page, world.lead)
    page.goto(f"/staff/appeals/{appeal.pk}/")
    form = page.get_by_test_id("action-reply").locator("form")
    box = form.locator("#id_reply-text")
    box.fill(DRAFT)
    page.get_by_test_id("submit-reply").click()

    error = form.get_by_test_id("action-error")
    expect(error).to_contain_text("乙街道")
    expect(error).to_be_in_viewport()  # the page opens where the reply was typed
    expect(box).to_have_value(DRAFT)
    error_box, text_box = error.bounding_box(), box.bounding_box()
    assert 0 <= error_box["y"] - (text_box["y"] + text_box["height"]) < 120  # just below the box
    assert not Reply.objects.exists()

    # Friday: the other street's deadline has passed, and the lead may reply without it.
    # (Logged in again: a session lasts 30 idle minutes.)
    freeze_time("2026-03-06 09:00")
    log_in(page, world.lead)
    page.goto(f"/staff/appeals/{appeal.pk}/")
    page.locator("#id_reply-text").fill(DRAFT)
    page.get_by_test_id("submit-reply").click()
    expect(page.get_by_test_id("state")).to_have_text("答复待审核")
    expect(page.get_by_test_id("reply-without-input")).to_contain_text("乙街道")
    expect(page.get_by_test_id("part").filter(has_text="乙街道").get_by_test_id("input-overdue")).to_be_visible()
    assert Reply.objects.get().missing_input_from == "乙街道"
    leave(page)


def test_on_a_phone_each_rating_choice_keeps_its_radio_beside_its_words(browser, live_server, world):
    appeal = world.in_state(State.REPLIED)
    context = browser.new_context(locale="zh-CN", base_url=live_server.url, viewport={"width": 320, "height": 700})
    page = context.new_page()
    try:
        page.goto("/appeals/track/")
        page.get_by_label("受理号").fill(appeal.ticket_number)
        page.get_by_label("查询码").fill(appeal.query_code)
        page.get_by_test_id("track-submit").click()
        form = page.get_by_test_id("rate")
        radios = form.locator("input[type=radio]")
        assert radios.count() == 3
        for i in range(radios.count()):
            radio_id = radios.nth(i).get_attribute("id")
            assert form.locator(f"label[for='{radio_id}'] input[type=radio]").count() == 1
            # The words take one line, and it runs through the radio's middle.
            line = form.locator(f"label[for='{radio_id}']").evaluate(ONE_LINE)
            assert line == {"lines": 1, "through_radio": True}, radio_id
        form.get_by_label("不满意", exact=True).check()
        expect(form.get_by_label("不满意", exact=True)).to_be_checked()
    finally:
        context.close()
