"""In the browser, the promise of 并入工单: "每位群众仍有各自的查询页面和回访".

Two residents write about the same street lamp; the dispatcher joins the later appeal to
the earlier one's work order; after the reply, the first resident rates 满意 and the
second still has their own rating form, rates 不满意, and the shared work order reopens,
with the first resident told.
"""

import pytest

from huying.notifications.models import Outbox
from huying.workorders import actions
from huying.workorders.models import State
from tests.browser.session import leave, log_in

pytestmark = pytest.mark.browser


def submit(page, org, *, title, text, name, phone):
    page.goto("/appeals/submit/")
    page.get_by_label("投诉").check()
    page.get_by_label("标题").fill(title)
    page.get_by_label("诉求内容").fill(text)
    page.get_by_label("街道（镇）").select_option(label=org.street.name)
    page.get_by_label("社区").select_option(label=org.community.name)
    page.get_by_label("您的姓名").fill(name)
    page.get_by_label("联系电话").fill(phone)
    page.get_by_test_id("submit-appeal").click()
    return page.get_by_test_id("ticket-number").inner_text().strip(), page.get_by_test_id(
        "query-code"
    ).inner_text().strip()


def track(page, ticket, code):
    leave(page)
    page.goto("/appeals/track/")
    page.get_by_label("受理号").fill(ticket)
    page.get_by_label("查询码").fill(code)
    page.get_by_test_id("track-submit").click()
    page.get_by_test_id("tracking").wait_for()


def rate(page, label):
    form = page.get_by_test_id("rate")
    form.get_by_label(label, exact=True).check()
    form.get_by_role("button", name="提交评价").click()
    page.get_by_test_id("rated").wait_for()


def test_each_resident_of_a_joined_work_order_rates_on_their_own_and_one_unsatisfied_reopens_it(page, world):
    from huying.appeals.models import Appeal

    org = world.org
    ticket_a, code_a = submit(
        page,
        org,
        title="渭工路路灯不亮",
        text="渭工路小区门口的路灯坏了两个月，晚上很黑。",
        name="张建华",
        phone="139 0000 1234",
    )
    ticket_c, code_c = submit(
        page,
        org,
        title="渭工路小区门口路灯坏了",
        text="小区门口的路灯一直不亮，老人晚上出门不方便。",
        name="李秀英",
        phone="138 0000 5678",
    )
    a = Appeal.objects.get(ticket_number=ticket_a)
    c = Appeal.objects.get(ticket_number=ticket_c)
    world.dispatch(a, co_handlers=[])

    # The dispatcher joins the later appeal to the earlier one's work order, on its page.
    log_in(page, world.dispatcher)
    page.goto(f"/staff/appeals/{c.pk}/")
    form = page.get_by_test_id("action-join")
    form.locator("#id_join-into").fill(ticket_a)
    page.get_by_test_id("submit-join").click()
    page.get_by_test_id("joined-to").wait_for()
    assert ticket_a in page.get_by_test_id("joined-to").inner_text()

    # The lead replies; the dispatcher approves it for both residents. (The staff page polls:
    # leave it first, or its requests share the test's database connection mid-write.)
    page.goto("about:blank")
    actions.accept(world.lead, a)
    actions.reply(world.lead, a, text="经核实，线路老化导致路灯不亮，已于本周更换线路。")
    page.goto(f"/staff/appeals/{a.pk}/")
    page.get_by_test_id("submit-publish_reply").click()
    assert page.get_by_test_id("state").inner_text() == "已答复"

    # The first resident rates 满意.
    track(page, ticket_a, code_a)
    assert "更换线路" in page.get_by_test_id("replies").inner_text()
    rate(page, "满意")
    assert world.refresh(a).status == State.FOLLOWED_UP

    # The second resident still has their own form and status, and rates 不满意.
    track(page, ticket_c, code_c)
    assert page.get_by_test_id("status").inner_text() == "已答复"
    assert "更换线路" in page.get_by_test_id("replies").inner_text()
    assert page.get_by_test_id("rated").count() == 0
    rate(page, "不满意")

    # The shared work order reopens, and the first resident is told.
    assert world.refresh(a).work_order.state == State.REOPENED
    assert world.refresh(a).status == world.refresh(c).status == State.REOPENED
    assert any("另一位群众" in m.preview for m in Outbox.objects.filter(appeal=a))
    track(page, ticket_a, code_a)
    assert page.get_by_test_id("status").inner_text() == "重办中"
    assert "另一位群众" in page.get_by_test_id("timeline").inner_text()
