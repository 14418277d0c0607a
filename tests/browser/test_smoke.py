import pytest

from conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_home_renders_in_simplified_chinese_and_staff_log_in_and_out(page, handler_a):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert "民有所呼" in page.content()
    page.get_by_role("link", name="工作人员登录").click()
    page.fill("#id_username", "handler_a")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_test_id("logout").wait_for()
    page.get_by_test_id("logout").click()
    page.get_by_role("link", name="工作人员登录").wait_for()
