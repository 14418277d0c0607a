"""In the browser: a dispatcher, whose role requires two-factor sign-in, is made to set it up
at sign-in (QR code and key, a code from the app, recovery codes shown once), and from then on
signs in with a code from the app, or once with a recovery code."""

from base64 import b32decode

import pytest
from django_otp.oath import TOTP

from conftest import PASSWORD
from huying.signin.tests.test_two_factor import REQUIRED
from tests.browser.session import leave

pytestmark = pytest.mark.browser


def code(secret: str, step: int = 0) -> str:
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time += step * 30
    return f"{totp.token():06d}"


def password_step(page, username):
    leave(page)
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_enrolment_then_sign_in_with_the_app_and_with_a_recovery_code(page, settings, dispatcher):
    settings.HUYING_TWO_FACTOR_ROLES = REQUIRED
    password_step(page, "dispatcher")
    page.wait_for_url("**/accounts/two-factor/setup/**")
    page.get_by_text("您的角色要求两步验证登录").wait_for()
    assert page.get_by_test_id("qr").locator("svg").is_visible()
    secret = page.get_by_test_id("secret").inner_text()
    # Nothing else opens before the second factor.
    page.goto("/staff/")
    page.wait_for_url("**/accounts/two-factor/setup/**")

    page.get_by_label("验证码").fill(code(secret))
    page.get_by_test_id("enrol-submit").click()
    codes = page.get_by_test_id("recovery-codes").locator("li").all_inner_texts()
    assert len(codes) == 10
    page.get_by_test_id("continue").click()
    page.wait_for_url("**/staff/")
    page.get_by_test_id("logout").wait_for()

    password_step(page, "dispatcher")
    page.wait_for_url("**/accounts/two-factor/?next=*")
    page.get_by_label("验证码").fill("000000" if code(secret, 1) != "000000" else "111111")
    page.get_by_test_id("verify-submit").click()
    page.get_by_text("验证码不正确").wait_for()
    page.wait_for_timeout(1500)  # django-otp waits a second after a wrong code
    page.get_by_label("验证码").fill(code(secret, 1))
    page.get_by_test_id("verify-submit").click()
    page.wait_for_url("**/staff/")

    password_step(page, "dispatcher")
    page.wait_for_url("**/accounts/two-factor/?next=*")
    page.get_by_label("验证码").fill(codes[0].upper())
    page.get_by_test_id("verify-submit").click()
    page.wait_for_url("**/staff/")
    page.get_by_test_id("security").click()
    page.get_by_text("还剩 9 个恢复码").wait_for()
