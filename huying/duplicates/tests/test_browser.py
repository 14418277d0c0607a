"""In the browser: a near-identical second appeal shows the first as a likely duplicate,
and the dispatcher merges and unmerges them without leaving the panel (HTMX)."""

import os

import pytest

from conftest import PASSWORD
from huying.duplicates.tests.conftest import LAMP, LAMP_AGAIN

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("HUYING_SCREENSHOTS", "")


def shot(page, name):
    # Screenshots only when asked for (HUYING_SCREENSHOTS=/some/dir), to look at the panel.
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_the_dispatcher_merges_a_near_identical_appeal_from_the_panel_and_unmerges_it(page, world, submit):
    earlier = world.dispatch(submit(*LAMP, category=world.category))
    later = submit(*LAMP_AGAIN, phone="13800005678", contact_name="李秀英")

    page.goto("/accounts/login/")
    page.fill("#id_username", world.dispatcher.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_test_id("logout").wait_for()

    page.goto(f"/duplicates/appeals/{later.pk}/")
    pair = page.get_by_test_id("duplicate-pair")
    assert earlier.ticket_number in pair.inner_text()
    assert "相似度" in page.get_by_test_id("similarity").inner_text()

    shot(page, "duplicates-panel")
    url = page.url
    page.get_by_test_id("merge").click()
    page.get_by_test_id("unmerge").wait_for()
    shot(page, "duplicates-merged")
    assert page.url == url  # swapped in place
    assert "已并入" in page.get_by_test_id("duplicates-panel").inner_text()
    assert world.refresh(later).work_order_id == earlier.work_order_id

    page.get_by_test_id("unmerge").click()
    page.get_by_test_id("merge").wait_for()
    assert world.refresh(later).work_order_id is None
