"""Switching who is at the browser, without races.

Staff pages poll with HTMX, and every response re-sends the session cookie
(SESSION_SAVE_EVERY_REQUEST). Clearing cookies while a poll is in flight lets
the poll's response put the old session back, so the next login page would
redirect as the old user. Leaving the page first aborts its requests, and
logging out on the server makes any cookie that still arrives worthless.
"""

from conftest import PASSWORD


def leave(page):
    """Forget whoever was logged in: server session ended, no request in flight, no cookies."""
    logout = page.get_by_test_id("logout")
    if logout.count():
        logout.click()
        logout.wait_for(state="detached")  # the home page has replaced the staff page
    page.goto("about:blank")
    page.context.clear_cookies()


def log_in(page, user):
    leave(page)
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_test_id("logout").wait_for()
