"""Wrong passwords lock a username only for the address that sent them, and an address that
fails on many usernames waits for all of them; nobody else is locked by a stranger's tries.
Driven from two client addresses through the trusted-proxy setting."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from conftest import PASSWORD
from huying.signin import actions
from huying.signin.models import AddressGuard

LOGIN = "/accounts/login/"
ATTACKER, COLLEAGUE = "203.0.113.66", "198.51.100.7"
LOCKED = "登录失败次数过多"


@pytest.fixture(autouse=True)
def behind_proxy(settings):
    settings.HUYING_TRUSTED_PROXY_HEADER = "X-Forwarded-For"


def sign_in(address, username, password, client=None):
    client = client or Client()
    return client.post(LOGIN, {"username": username, "password": password}, headers={"X-Forwarded-For": address})


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"].endswith("/accounts/home/")


def test_five_wrong_passwords_lock_the_username_for_that_address_only(handler_a, dispatcher):
    for _ in range(4):
        assert sign_in(ATTACKER, "handler_a", "wrong-password-123").status_code == 200
    assert sign_in(ATTACKER, "handler_a", "wrong-password-123").status_code == 429  # the fifth locks
    locked = sign_in(ATTACKER, "handler_a", PASSWORD)
    assert locked.status_code == 429 and LOCKED in locked.content.decode()
    # A colleague at the same address signs in as ever ...
    assert signed_in(sign_in(ATTACKER, "dispatcher", PASSWORD))
    # ... and so does the owner of the username, from their own address.
    assert signed_in(sign_in(COLLEAGUE, "handler_a", PASSWORD))


def test_an_address_failing_on_many_usernames_waits_for_all_and_only_it(settings, handler_a, dispatcher):
    settings.HUYING_SIGNIN_TRIES_PER_ADDRESS = 8
    for n in range(8):  # never five on one username: no username lock, the address's alone
        assert sign_in(ATTACKER, f"guess{n % 4}", "wrong-password-123").status_code == 200
    locked = sign_in(ATTACKER, "dispatcher", PASSWORD)
    assert locked.status_code == 429 and LOCKED in locked.content.decode()
    assert signed_in(sign_in(COLLEAGUE, "dispatcher", PASSWORD))
    assert signed_in(sign_in(COLLEAGUE, "handler_a", PASSWORD))


def test_the_default_address_limit_is_twenty_in_an_hour(settings, dispatcher):
    assert settings.HUYING_SIGNIN_TRIES_PER_ADDRESS == 20
    assert settings.HUYING_SIGNIN_LOCK_MINUTES == 60
    for n in range(19):
        sign_in(ATTACKER, f"guess{n % 5}", "wrong-password-123")
    assert signed_in(sign_in(ATTACKER, "dispatcher", PASSWORD))
    sign_in(ATTACKER, "guess0", "wrong-password-123")  # the twentieth
    assert sign_in(ATTACKER, "dispatcher", PASSWORD).status_code == 429


def test_the_message_says_how_long_to_wait(settings, handler_a):
    settings.HUYING_SIGNIN_TRIES_PER_ADDRESS = 2
    settings.HUYING_SIGNIN_LOCK_MINUTES = 15
    sign_in(ATTACKER, "a", "wrong-password-123")
    sign_in(ATTACKER, "b", "wrong-password-123")
    body = sign_in(ATTACKER, "handler_a", PASSWORD).content.decode()
    assert "请 15 分钟后重试" in body and "所有人暂停从此处登录" in body


def test_a_username_lock_says_colleagues_can_still_sign_in(settings, handler_a):
    settings.HUYING_SIGNIN_TRIES_PER_USERNAME = 2
    sign_in(ATTACKER, "handler_a", "wrong-password-123")
    body = sign_in(ATTACKER, "handler_a", "wrong-password-123").content.decode()
    assert "60 分钟内不能从此处登录" in body and "同事可照常登录" in body


def test_tries_refused_by_a_username_lock_do_not_count_against_the_address(settings, handler_a, dispatcher):
    settings.HUYING_SIGNIN_TRIES_PER_ADDRESS = 8
    for _ in range(5):
        sign_in(ATTACKER, "handler_a", "wrong-password-123")  # five guesses: the username locks
    for _ in range(10):  # its owner keeps trying the right password: refused, and no guess
        assert sign_in(ATTACKER, "handler_a", PASSWORD).status_code == 429
    assert signed_in(sign_in(ATTACKER, "dispatcher", PASSWORD))


def test_an_administrator_finds_a_locked_address_by_the_address_and_lifts_the_lock(settings, admin_user, handler_a):
    settings.HUYING_SIGNIN_TRIES_PER_ADDRESS = 2
    sign_in(ATTACKER, "a", "wrong-password-123")
    sign_in(ATTACKER, "b", "wrong-password-123")
    admin = Client()
    admin.force_login(admin_user)
    found = admin.get("/admin/signin/addressguard/", {"q": ATTACKER})
    assert found.status_code == 200 and found.context["cl"].result_count == 1
    assert admin.get("/admin/signin/addressguard/", {"q": COLLEAGUE}).context["cl"].result_count == 0
    guard = AddressGuard.objects.get()
    response = admin.post("/admin/signin/addressguard/", {"action": "lift_lock", "_selected_action": [guard.pk]})
    assert response.status_code == 302
    assert signed_in(sign_in(ATTACKER, "handler_a", PASSWORD))
    from huying.audit.models import Event

    lifted = Event.objects.get(action="sign_in_lock_lifted")
    assert lifted.actor == admin_user and lifted.object_id == str(guard.pk)


def test_the_address_lock_ends_after_its_time_and_old_counters_are_forgotten(settings, freeze_time, handler_a):
    settings.HUYING_SIGNIN_TRIES_PER_ADDRESS = 2
    start = freeze_time("2026-12-01 09:00")
    sign_in(ATTACKER, "a", "wrong-password-123")
    sign_in(ATTACKER, "b", "wrong-password-123")
    assert sign_in(ATTACKER, "handler_a", PASSWORD).status_code == 429
    freeze_time(start + datetime.timedelta(minutes=59))
    assert sign_in(ATTACKER, "handler_a", PASSWORD).status_code == 429
    later = freeze_time(start + datetime.timedelta(minutes=61))
    assert signed_in(sign_in(ATTACKER, "handler_a", PASSWORD))
    assert actions.purge_address_guards(later + datetime.timedelta(hours=2)) == 1
    assert not AddressGuard.objects.exists()


def test_the_counter_keeps_a_hash_of_the_address_not_the_address(handler_a):
    sign_in(ATTACKER, "a", "wrong-password-123")
    guard = AddressGuard.objects.get()
    assert ATTACKER not in guard.client and guard.failures == 1
    assert guard.window_start <= timezone.now()


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(settings, handler_a):
    settings.HUYING_TRUSTED_PROXY_HEADER = ""
    for n in range(5):
        sign_in(f"203.0.113.{n}", "handler_a", "wrong-password-123")  # all from REMOTE_ADDR really
    assert sign_in(COLLEAGUE, "handler_a", PASSWORD).status_code == 429


def test_the_username_limit_is_a_setting_too(settings, handler_a):
    settings.HUYING_SIGNIN_TRIES_PER_USERNAME = 2
    assert sign_in(ATTACKER, "handler_a", "wrong-password-123").status_code == 200
    assert sign_in(ATTACKER, "handler_a", "wrong-password-123").status_code == 429
    assert sign_in(ATTACKER, "handler_a", PASSWORD).status_code == 429
