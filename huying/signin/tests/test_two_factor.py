"""Two-factor sign-in: required of the roles a setting names (enrolment forced at the next
sign-in), open to anyone, with single-use recovery codes and an administrator's reset, each
an audit event."""

import datetime
import os
import subprocess
import sys
from base64 import b32decode
from urllib.parse import unquote

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone, translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from huying.audit.events import EventName
from huying.audit.models import Event
from huying.signin import actions

REQUIRED = ["admin", "dispatcher", "supervisor", "leader"]


@pytest.fixture
def required(settings):
    settings.HUYING_TWO_FACTOR_ROLES = REQUIRED


def code_for(device, step=0) -> str:
    """The authenticator's code, `step` periods ahead (the server accepts one step of drift)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += step * device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in(username) -> tuple[Client, str]:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client, client.get("/accounts/home/")["Location"]


def events(user, name):
    return Event.objects.filter(object_id=str(user.pk), content_type__model="user", action=name)


def enrolled(client, user) -> list[str]:
    client.get("/accounts/two-factor/setup/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/accounts/two-factor/setup/", {"code": code_for(device)})
    assert response.status_code == 200
    return response.context["codes"]


def test_a_role_that_needs_it_enrols_at_the_next_sign_in_and_reaches_nothing_before(required, freeze_time, dispatcher):
    client, landing = sign_in("dispatcher")
    assert landing.startswith("/accounts/two-factor/setup/")
    for url in ["/staff/", "/admin/", "/accounts/security/", "/board/"]:
        assert client.get(url)["Location"].startswith("/accounts/two-factor/setup/"), url
    assert client.post("/staff/", {}, headers={"HX-Request": "true"}).status_code == 302
    page = client.get("/accounts/two-factor/setup/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=dispatcher, confirmed=False)
    assert "issuer=%E5%91%BC%E5%BA%94" in device.config_url  # 呼应

    wrong = client.post("/accounts/two-factor/setup/", {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and "验证码不正确" in wrong.content.decode()
    # Each wrong code doubles the wait before the next is checked, and the page says so.
    right = {"code": code_for(device)}
    assert "请等几秒钟" in client.post("/accounts/two-factor/setup/", right).content.decode()
    freeze_time(timezone.now() + datetime.timedelta(seconds=5))
    done = client.post("/accounts/two-factor/setup/", right)
    codes = done.context["codes"]
    assert len(codes) == 10 and all(code in done.content.decode() for code in codes)
    assert client.get("/staff/").status_code == 200
    assert events(dispatcher, EventName.TWO_FACTOR_ENROLLED).get().actor == dispatcher


def test_once_enrolled_every_sign_in_asks_for_a_code(required, dispatcher):
    client, _landing = sign_in("dispatcher")
    enrolled(client, dispatcher)
    device = TOTPDevice.objects.get(user=dispatcher, confirmed=True)
    again, landing = sign_in("dispatcher")
    assert landing.startswith("/accounts/two-factor/")
    assert unquote(again.get("/staff/")["Location"]) == "/accounts/two-factor/?next=/staff/"
    assert "验证码不正确" in again.post("/accounts/two-factor/", {"code": "12345a78"}).content.decode()
    # The code typed the way people type it: with a space and full-width digits.
    typed = code_for(device, step=1)
    typed = typed[:3] + " " + typed[3:].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    response = again.post("/accounts/two-factor/", {"code": typed, "next": "/staff/"})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    assert again.get("/staff/").status_code == 200


def test_a_recovery_code_signs_in_once_and_is_recorded(required, dispatcher):
    client, _landing = sign_in("dispatcher")
    code = enrolled(client, dispatcher)[3]
    first, _landing = sign_in("dispatcher")
    assert first.post("/accounts/two-factor/", {"code": code.upper()}).status_code == 302
    assert first.get("/staff/").status_code == 200
    used = events(dispatcher, EventName.RECOVERY_CODE_USED).get()
    assert used.reason == "剩余恢复码：9"
    with translation.override("en"):
        assert used.shown_reason == "Recovery codes left: 9"
    second, _landing = sign_in("dispatcher")
    assert "验证码不正确" in second.post("/accounts/two-factor/", {"code": code}).content.decode()
    assert second.get("/staff/").status_code == 302
    assert "还剩 9 个恢复码" in first.get("/accounts/security/").content.decode()


def test_new_recovery_codes_replace_the_old_ones(required, dispatcher):
    client, _landing = sign_in("dispatcher")
    old = enrolled(client, dispatcher)
    new = client.post("/accounts/security/recovery-codes/").context["codes"]
    assert set(new).isdisjoint(old)
    assert set(StaticToken.objects.filter(device__user=dispatcher).values_list("token", flat=True)) == set(new)
    assert events(dispatcher, EventName.RECOVERY_CODES_RENEWED).exists()


def test_a_role_that_does_not_need_it_signs_in_with_the_password_and_may_enrol(required, handler_a):
    client, landing = sign_in("handler_a")
    assert landing == "/staff/inbox/"
    assert "您的角色要求" not in client.get("/accounts/security/").content.decode()
    enrolled(client, handler_a)
    _again, landing = sign_in("handler_a")
    assert landing.startswith("/accounts/two-factor/")


def test_the_enrolment_page_of_someone_enrolled_goes_back_to_security(required, dispatcher):
    client, _landing = sign_in("dispatcher")
    enrolled(client, dispatcher)
    assert client.get("/accounts/two-factor/setup/")["Location"] == "/accounts/security/"


def test_an_administrator_resets_a_lost_phone_and_the_user_enrols_again(required, dispatcher, admin_user):
    client, _landing = sign_in("dispatcher")
    enrolled(client, dispatcher)
    admin = Client()
    admin.force_login(admin_user)
    admin_session = admin.session
    admin_session.pop(actions.PENDING_STEP, None)  # the administrator is past their own second factor
    admin_session.save()
    response = admin.post(
        "/admin/accounts/user/",
        {"action": "reset_second_factor", "_selected_action": [dispatcher.pk]},
        follow=True,
    )
    assert response.status_code == 200 and "重置" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=dispatcher).exists()
    assert not StaticToken.objects.filter(device__user=dispatcher).exists()
    reset = events(dispatcher, EventName.TWO_FACTOR_RESET).get()
    assert reset.actor == admin_user
    _again, landing = sign_in("dispatcher")
    assert landing.startswith("/accounts/two-factor/setup/")


def test_a_superuser_needs_it_as_an_administrator(required, admin_user):
    _client, landing = sign_in("admin")
    assert landing.startswith("/accounts/two-factor/setup/")


def test_the_device_pages_of_django_otp_are_not_in_admin(admin_user):
    client = Client()
    client.force_login(admin_user)
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404


def test_a_pending_user_can_sign_out(required, dispatcher):
    client, _landing = sign_in("dispatcher")
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/staff/")["Location"].startswith("/accounts/login/")


def test_the_verify_page_of_someone_not_asked_goes_on(client_for, handler_a):
    assert client_for(handler_a).get("/accounts/two-factor/?next=/staff/inbox/")["Location"] == "/staff/inbox/"


def test_next_never_leaves_the_site(required, dispatcher):
    client, _landing = sign_in("dispatcher")
    enrolled(client, dispatcher)
    device = TOTPDevice.objects.get(user=dispatcher, confirmed=True)
    again, _landing = sign_in("dispatcher")
    response = again.post("/accounts/two-factor/", {"code": code_for(device, 1), "next": "https://evil.example/"})
    assert response["Location"] == "/accounts/home/"


@pytest.mark.parametrize("url", ["/accounts/two-factor/", "/accounts/two-factor/setup/"])
def test_the_two_factor_pages_need_a_signed_in_user(client, db, url):
    assert client.get(url)["Location"].startswith("/accounts/login/")


def test_by_default_it_is_required_of_four_roles_when_debug_is_off_and_of_none_in_the_demo():
    assert django_settings.TWO_FACTOR_ROLES_DEFAULT == REQUIRED  # the suite runs with DEBUG off

    def roles(debug: str) -> str:
        env = {k: v for k, v in os.environ.items() if k != "HUYING_TWO_FACTOR_ROLES"}
        env.update(DEBUG=debug, DJANGO_SETTINGS_MODULE="huying.settings")
        code = (
            "import django; django.setup(); from django.conf import settings; print(settings.HUYING_TWO_FACTOR_ROLES)"
        )
        return subprocess.run(  # noqa: S603 (our own interpreter and code)
            [sys.executable, "-c", code], env=env, capture_output=True, text=True
        ).stdout.strip()

    assert roles("1") == "[]"
    assert roles("0") == str(REQUIRED)


def test_the_secret_shown_is_the_devices_key(required, dispatcher):
    client, _landing = sign_in("dispatcher")
    page = client.get("/accounts/two-factor/setup/")
    secret = page.context["secret"].replace(" ", "")
    device = TOTPDevice.objects.get(user=dispatcher, confirmed=False)
    assert b32decode(secret) == device.bin_key


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        ("/staff/inbox/?tab=late", "/staff/inbox/?tab=late"),
        ("https://evil.example/", "/home/"),
        ("//evil.example/", "/home/"),
        ("' OR 1=1 --", "/home/"),
        ("/staff/\r\nSet-Cookie: x=1", "/home/"),
        ("%00%0a", "/home/"),
        ("", "/home/"),
    ],
)
def test_a_next_parameter_is_followed_only_back_into_the_site(rf, candidate, expected):
    from huying.lib.urls import safe_next

    assert safe_next(rf.get("/"), candidate, "/home/") == expected


def test_an_administrators_reset_signs_the_user_out_at_once(required, dispatcher, admin_user):
    client, _landing = sign_in("dispatcher")
    enrolled(client, dispatcher)
    assert client.get("/staff/").status_code == 200
    actions.reset_second_factor(admin_user, dispatcher)
    assert client.get("/staff/")["Location"].startswith("/accounts/login/")
    assert client.get("/accounts/security/")["Location"].startswith("/accounts/login/")


def test_resetting_someone_without_a_second_factor_records_nothing(admin_user, handler_a):
    assert not actions.reset_second_factor(admin_user, handler_a)
    assert not events(handler_a, EventName.TWO_FACTOR_RESET).exists()


def test_a_session_verified_by_a_recovery_code_can_renew_the_codes_again_and_again(required, dispatcher):
    client, _landing = sign_in("dispatcher")
    code = enrolled(client, dispatcher)[0]
    again, _landing = sign_in("dispatcher")
    again.post("/accounts/two-factor/", {"code": code})
    for _ in range(2):
        response = again.post("/accounts/security/recovery-codes/")
        assert response.status_code == 200 and len(response.context["codes"]) == 10
    assert again.get("/staff/").status_code == 200


def test_a_reload_of_the_codes_page_goes_back_to_security(client_for, handler_a):
    assert client_for(handler_a).get("/accounts/security/recovery-codes/")["Location"] == "/accounts/security/"


@pytest.mark.parametrize("typed", ["12", "1234567", "abc", "123456789012"])
def test_a_code_of_the_wrong_length_is_told_what_to_type(required, dispatcher, typed):
    client, _landing = sign_in("dispatcher")
    enrolled(client, dispatcher)
    again, _landing = sign_in("dispatcher")
    assert "六位数字验证码" in again.post("/accounts/two-factor/", {"code": typed}).content.decode()


def test_the_admins_user_list_shows_who_has_two_factor_and_its_password_form_is_audited(admin_user, dispatcher):
    admin = Client()
    admin.force_login(admin_user)
    listing = admin.get("/admin/accounts/user/")
    assert listing.status_code == 200 and "两步验证" in listing.content.decode()
    response = admin.post(
        f"/admin/accounts/user/{dispatcher.pk}/password/",
        {"password1": "violet-kettle-morning-42", "password2": "violet-kettle-morning-42", "usable_password": "true"},
    )
    assert response.status_code == 302
    assert events(dispatcher, EventName.PASSWORD_CHANGED).get().actor == admin_user
    assert admin.get("/admin/password_change/")["Location"] == "/accounts/password/"
