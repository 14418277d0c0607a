"""The content security policy holds on the main pages: every one is served with it, and the
browser reports no violation (no inline script or handler, no eval) and no script error."""

import pytest

from conftest import PASSWORD
from huying.appeals.tests.factories import make_appeal

pytestmark = pytest.mark.browser

PUBLIC = ["/", "/appeals/submit/", "/appeals/track/", "/board/", "/accounts/login/", "/accounts/password/reset/"]
STAFF = [
    "/staff/",
    "/staff/follow-up/",
    "/staff/overdue/",
    "/staff/appeals/",
    "/triage/",
    "/accounts/security/",
    "/admin/",
]


def watch(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.on("response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None)
    return problems


def test_no_page_breaks_the_content_security_policy(page, org, dispatcher):
    board = make_appeal(org, published=True).pk
    appeal = make_appeal(org).pk
    problems = watch(page)
    for url in [*PUBLIC, f"/board/{board}/"]:
        response = page.goto(url)
        assert "script-src 'self'" in response.headers["content-security-policy"], url
        assert "camera=()" in response.headers["permissions-policy"], url
        page.wait_for_load_state("networkidle")
    page.goto("/accounts/login/")
    page.fill("#id_username", "dispatcher")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_test_id("logout").wait_for()
    for url in [*STAFF, f"/staff/appeals/{appeal}/"]:
        response = page.goto(url)
        assert response.status < 400, url
        page.wait_for_load_state("networkidle")
    # The footer's language switch works without its old inline handler.
    page.goto("/board/")
    page.select_option("#lang-select", "en")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert problems == []
