"""The whole life of an appeal in the browser: submitted by a resident, dispatched,
co-handled, replied, published, reopened after an unsatisfied follow-up, replied again,
rated by the resident, and shown masked on the public board."""

import os

import pytest

from tests.browser.session import leave, log_in

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("HUYING_SCREENSHOTS", "")


def shot(page, name):
    # Screenshots only when asked for (HUYING_SCREENSHOTS=/some/dir), to look at the pages.
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def open_appeal(page, ticket):
    page.get_by_role("link", name=ticket).first.click()
    page.get_by_test_id("appeal-header").wait_for()


def test_an_appeal_goes_from_submission_through_reopen_to_a_satisfied_resident_and_the_board(
    page, org, dispatcher, handler_a, street_handler
):
    from huying.appeals.models import Appeal
    from huying.taxonomy.models import Category

    root = Category.objects.create(name="城乡建设", level=1)
    Category.objects.create(name="市政设施", level=2, parent=root)

    # A resident submits.
    page.goto("/appeals/submit/")
    page.get_by_label("投诉").check()
    page.get_by_label("标题").fill("渭工路路灯不亮")
    page.get_by_label("诉求内容").fill("渭工路小区门口的路灯坏了两个月，晚上很黑。有事请打我电话13900001234。")
    page.get_by_label("街道（镇）").select_option(label=org.street.name)
    page.get_by_label("社区").select_option(label=org.community.name)
    page.get_by_label("您的姓名").fill("张建华")
    page.get_by_label("联系电话").fill("139 0000 1234")
    page.get_by_label("我同意在留言板公开").check()
    page.get_by_test_id("submit-appeal").click()
    ticket = page.get_by_test_id("ticket-number").inner_text().strip()
    code = page.get_by_test_id("query-code").inner_text().strip()

    # The dispatcher dispatches to the street (lead) and bureau A (co-handler).
    log_in(page, dispatcher)
    assert page.url.endswith("/staff/")
    open_appeal(page, ticket)
    assert "13900001234" not in page.content()  # masked until "show contact"
    form = page.get_by_test_id("action-dispatch")
    form.locator("#id_dispatch-category").select_option(label="市政设施")
    form.locator("#id_dispatch-lead").select_option(label=org.street.name)
    form.locator("#id_dispatch-co_handlers").select_option(label=org.bureau_a.name)
    page.get_by_test_id("deadline-preview").wait_for()
    shot(page, "1-dispatch")
    page.get_by_test_id("submit-dispatch").click()
    assert page.get_by_test_id("state").inner_text() == "已派单，待签收"

    # The co-handler accepts from its inbox without leaving it, then gives its input.
    log_in(page, handler_a)
    row = page.get_by_test_id("inbox-row").filter(has_text=ticket)
    row.get_by_test_id("accept").click()
    page.get_by_test_id("inbox-row").filter(has_text="已签收").wait_for()
    assert page.url.endswith("/staff/inbox/")
    shot(page, "2-inbox")
    page.goto("/staff/inbox/?tab=in_progress")
    open_appeal(page, ticket)
    page.locator("#id_give_input-text").fill("住建局：已安排路灯维修队本周检修线路。")
    page.get_by_test_id("submit-give_input").click()
    page.get_by_test_id("inputs").wait_for()

    # The lead accepts, reads the input, and replies.
    log_in(page, street_handler)
    page.get_by_test_id("inbox-row").filter(has_text=ticket).get_by_test_id("accept").click()
    page.get_by_test_id("inbox-row").filter(has_text="已签收").wait_for()
    page.goto("/staff/inbox/?tab=in_progress")
    open_appeal(page, ticket)
    assert "住建局：已安排路灯维修队本周检修线路。" in page.get_by_test_id("inputs").inner_text()
    page.locator("#id_reply-text").fill("经街道与住建局现场核查，线路老化导致路灯不亮，已于本周更换线路。")
    page.get_by_test_id("submit-reply").click()
    page.get_by_test_id("replies").wait_for()

    # The dispatcher publishes the reply (and the appeal on the board), then records 不满意.
    log_in(page, dispatcher)
    page.get_by_test_id("tab-replies").click()
    open_appeal(page, ticket)
    page.locator("#id_publish_reply-also_publish").check()
    page.get_by_test_id("submit-publish_reply").click()
    assert page.get_by_test_id("state").inner_text() == "已答复"
    form = page.get_by_test_id("action-follow_up")
    form.get_by_label("未解决").check()
    form.get_by_label("不满意").check()
    form.locator("#id_follow_up-comment").fill("群众反映路灯仍时亮时不亮")
    page.get_by_test_id("submit-follow_up").click()
    assert page.get_by_test_id("state").inner_text() == "重办中"
    shot(page, "3-reopened")

    # The lead replies again; the dispatcher publishes it.
    log_in(page, street_handler)
    page.goto("/staff/inbox/?tab=in_progress")
    open_appeal(page, ticket)
    assert "线路老化导致路灯不亮" in page.get_by_test_id("replies").inner_text()  # the earlier reply is kept
    page.locator("#id_reply-text").fill("已更换全部灯具并安排每周巡查，路灯恢复正常。")
    page.get_by_test_id("submit-reply").click()
    page.get_by_test_id("replies").wait_for()
    log_in(page, dispatcher)
    page.get_by_test_id("tab-replies").click()
    open_appeal(page, ticket)
    page.get_by_test_id("submit-publish_reply").click()
    assert page.get_by_test_id("state").inner_text() == "已答复"

    # The resident sees both replies and rates 满意.
    leave(page)
    page.goto("/appeals/track/")
    page.get_by_label("受理号").fill(ticket)
    page.get_by_label("查询码").fill(code)
    page.get_by_test_id("track-submit").click()
    replies = page.get_by_test_id("replies").inner_text()
    assert "线路老化导致路灯不亮" in replies and "已更换全部灯具" in replies
    rate = page.get_by_test_id("rate")
    rate.get_by_label("满意", exact=True).check()
    rate.get_by_role("button", name="提交评价").click()
    page.get_by_test_id("rated").wait_for()
    shot(page, "4-tracking")
    assert Appeal.objects.get(ticket_number=ticket).status == "followed_up"

    # The public board shows the masked appeal with its final reply.
    appeal = Appeal.objects.get(ticket_number=ticket)
    page.goto(f"/board/{appeal.pk}/")
    html = page.content()
    assert "已更换全部灯具" in page.get_by_test_id("public-reply").inner_text()
    assert "渭工路路灯不亮" in html
    assert "13900001234" not in html and "张建华" not in html
    shot(page, "5-board")


def test_a_handler_accepts_and_replies_from_a_phone(phone_page, org, dispatcher, handler_a):
    from huying.appeals.tests.factories import make_appeal
    from huying.taxonomy.models import Category
    from huying.workorders import actions

    category = Category.objects.create(name="城乡建设", level=1)
    appeal = make_appeal(org, category=category)
    actions.dispatch(dispatcher, appeal, category=category, lead=org.bureau_a)
    page = phone_page
    log_in(page, handler_a)
    assert page.url.endswith("/staff/inbox/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_test_id("inbox-row").get_by_test_id("accept").click()
    page.get_by_test_id("inbox-row").filter(has_text="已签收").wait_for()
    page.get_by_role("link", name=appeal.ticket_number).click()
    page.get_by_test_id("appeal-header").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("#id_reply-text").fill("已安排人员现场处理。")
    page.get_by_test_id("submit-reply").click()
    assert page.get_by_test_id("state").inner_text() == "答复待审核"
