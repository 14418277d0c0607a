import pytest
from django.conf import settings

from conftest import PASSWORD


def test_staff_log_in_and_land_on_their_home(client, handler_a):
    response = client.post("/accounts/login/", {"username": "handler_a", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/accounts/home/", follow=True).status_code == 200


def test_home_needs_login(client, db):
    response = client.get("/accounts/home/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_five_failed_logins_lock_the_username(client, handler_a):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "handler_a", "password": "wrong-password-123"})
    response = client.post("/accounts/login/", {"username": "handler_a", "password": PASSWORD})
    assert response.status_code in (403, 429)
    assert "登录失败次数过多" in response.content.decode()


def test_sessions_end_after_thirty_idle_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


@pytest.mark.parametrize("password", ["short-pass", "password12345", "123456789012345"])
def test_weak_passwords_are_refused(password, db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password(password)
