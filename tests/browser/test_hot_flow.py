"""Hot issues in the browser: a resident says "我也遇到了" twice from one browser (counted
once), and the dispatch centre sees the heat of that hot issue rise."""

import pytest

from huying.appeals.tests.factories import publish_on_board
from huying.hot.models import HotMember, Support
from huying.hot.tests.conftest import NOISE, write  # noqa: F401  (the hot tests' fixture)
from tests.browser.session import leave, log_in

pytestmark = pytest.mark.browser


def staff_heat(page, issue_id) -> float:
    page.goto("/hot/?window=7")
    return float(page.locator(f'[data-hot-issue="{issue_id}"] [data-testid="heat"]').inner_text())


def test_a_support_counts_once_per_browser_and_the_heat_rises_on_the_staff_page(page, write, org, dispatcher):  # noqa: F811
    appeals = [write(*text) for text in NOISE]
    published = publish_on_board(org, appeals[0])
    issue_id = HotMember.objects.get(pk=published.pk).hot_issue_id

    log_in(page, dispatcher)
    before = staff_heat(page, issue_id)
    assert before > 0

    leave(page)
    second_tab = page.context.new_page()
    for tab in (page, second_tab):
        tab.goto(f"/board/{published.pk}/")
        assert tab.get_by_test_id("support-count").inner_text() == "0"
    page.get_by_test_id("support-button").click()
    page.get_by_test_id("support-message").wait_for()
    assert "已记录" in page.get_by_test_id("support-message").inner_text()
    assert page.get_by_test_id("support-count").inner_text() == "1"
    assert page.get_by_test_id("supported").is_visible()
    # The same browser, from a page opened before: counted already, still one.
    second_tab.get_by_test_id("support-button").click()
    second_tab.get_by_test_id("support-message").wait_for()
    assert "之前已经记录过" in second_tab.get_by_test_id("support-message").inner_text()
    assert second_tab.get_by_test_id("support-count").inner_text() == "1"
    second_tab.reload()
    assert second_tab.get_by_test_id("support-count").inner_text() == "1"
    assert second_tab.get_by_test_id("support-button").count() == 0
    second_tab.close()
    assert Support.objects.counted().filter(appeal=published).count() == 1

    log_in(page, dispatcher)
    after = staff_heat(page, issue_id)
    assert after > before
    assert page.locator(f'[data-hot-issue="{issue_id}"] [data-testid="supports"]').inner_text() == "1"
    # The hot issue's own page shows it too, with the trend chart drawn.
    page.locator(f'[data-hot-issue="{issue_id}"] a').first.click()
    assert page.get_by_test_id("supports").inner_text() == "1"
    page.locator("[data-hot-chart] canvas").wait_for()
