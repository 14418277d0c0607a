"""Staff change their password (their other sessions end) and reset a forgotten one by
e-mail, in zh-Hans, zh-Hant and English, under Django's password validators."""

import re

import pytest
from django.core import mail
from django.test import Client

from conftest import PASSWORD
from huying.audit.events import EventName
from huying.audit.models import Event

NEW_PASSWORD = "violet-kettle-morning-42"


def events(user, name):
    return Event.objects.filter(object_id=str(user.pk), content_type__model="user", action=name)


def test_changing_the_password_ends_the_other_sessions_but_not_this_one(client_for, handler_a):
    here, elsewhere = client_for(handler_a), client_for(handler_a)
    assert elsewhere.get("/accounts/security/").status_code == 200
    response = here.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/security/"
    assert "其他会话已退出登录" in here.get("/accounts/security/").content.decode()
    # The other browser is signed out at its next request.
    assert elsewhere.get("/accounts/security/")["Location"].startswith("/accounts/login/")
    handler_a.refresh_from_db()
    assert handler_a.check_password(NEW_PASSWORD)
    assert events(handler_a, EventName.PASSWORD_CHANGED).get().actor == handler_a


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("wrong-old-password", NEW_PASSWORD, "旧密码不正确"),
        (PASSWORD, PASSWORD, "与当前密码不同"),
        (PASSWORD, "short1", "密码长度太短"),
        (PASSWORD, "password12345", "这个密码太常见了"),
        (PASSWORD, "123456789012345", "密码只包含数字"),
    ],
)
def test_a_refused_password_change_says_why_and_changes_nothing(client_for, handler_a, old, new, message):
    client = client_for(handler_a)
    response = client.post("/accounts/password/", {"old_password": old, "new_password1": new, "new_password2": new})
    assert response.status_code == 200
    assert message in response.content.decode()
    handler_a.refresh_from_db()
    assert handler_a.check_password(PASSWORD)
    assert not events(handler_a, EventName.PASSWORD_CHANGED).exists()


def reset_link(message) -> str:
    return re.search(r"https?://\S+/accounts/password/reset/\S+/\S+/", message.body).group(0)


@pytest.mark.parametrize(
    ("language", "subject", "greeting", "page"),
    [
        ("zh-hans", "设置新密码", "有人（希望是您）请求为您的工作人员账号设置新密码", "设置新密码"),
        ("zh-hant", "設置新密碼", "請求爲您的工作人員賬號設置新密碼", "設置新密碼"),
        ("en", "set a new password", "someone (we hope you) asked to set a new password", "Set a new password"),
    ],
)
def test_a_forgotten_password_is_reset_by_e_mail_end_to_end(
    settings, django_capture_on_commit_callbacks, handler_a, language, subject, greeting, page
):
    settings.SITE_URL = "https://huying.example.gov.cn"
    handler_a.email = "handler.a@example.gov.cn"
    handler_a.save()
    client = Client(headers={"accept-language": language})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "Handler.A@example.gov.cn"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["handler.a@example.gov.cn"]
    assert subject in message.subject and greeting in message.body
    link = reset_link(message)
    # The link is built on the configured address, never on the request's Host header.
    assert link.startswith("https://huying.example.gov.cn/accounts/password/reset/")
    path = link.removeprefix("https://huying.example.gov.cn")
    form = client.get(path, follow=True)
    assert page in form.content.decode() and form.context["validlink"]
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/accounts/password/reset/done/"
    assert Client().post("/accounts/login/", {"username": "handler_a", "password": NEW_PASSWORD}).status_code == 302
    assert Client().post("/accounts/login/", {"username": "handler_a", "password": PASSWORD}).status_code == 200
    assert events(handler_a, EventName.PASSWORD_RESET).count() == 1
    # The link works once.
    again = client.get(path, follow=True)
    assert not again.context["validlink"]


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, django_capture_on_commit_callbacks, handler_a):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "nobody@example.gov.cn"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []


def test_a_reset_refuses_a_weak_password_and_keeps_the_link_working(
    client, django_capture_on_commit_callbacks, handler_a
):
    handler_a.email = "a@example.gov.cn"
    handler_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "a@example.gov.cn"})
    path = re.sub(r"^https?://[^/]+", "", reset_link(mail.outbox[0]))
    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    refused = client.post(form_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert refused.status_code == 200 and "密码长度太短" in refused.content.decode()
    ok = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert ok.status_code == 302


def test_a_bad_e_mail_address_is_refused_with_a_message(client, db):
    response = client.post("/accounts/password/reset/", {"email": "not an address"})
    assert response.status_code == 200
    assert "有效的 Email 地址" in response.content.decode()
    assert 'value="not an address"' in response.content.decode()


def test_a_reset_clears_the_usernames_lockout(settings, django_capture_on_commit_callbacks, handler_a):
    settings.HUYING_SIGNIN_TRIES_PER_USERNAME = 2
    handler_a.email = "a@example.gov.cn"
    handler_a.save()
    for _ in range(2):
        Client().post("/accounts/login/", {"username": "handler_a", "password": "wrong-password-123"})
    assert Client().post("/accounts/login/", {"username": "handler_a", "password": PASSWORD}).status_code == 429
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "a@example.gov.cn"})
    path = re.sub(r"^https?://[^/]+", "", reset_link(mail.outbox[0]))
    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert Client().post("/accounts/login/", {"username": "handler_a", "password": NEW_PASSWORD}).status_code == 302


@pytest.mark.parametrize("url", ["/accounts/password/", "/accounts/security/"])
def test_account_pages_need_a_signed_in_user(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_recovery_codes_page_takes_get_and_post_only(client_for, handler_a):
    assert client_for(handler_a).put("/accounts/security/recovery-codes/").status_code == 405


def test_a_get_of_the_sign_out_address_asks_for_it(client_for, handler_a):
    client = client_for(handler_a)
    page = client.get("/accounts/logout/")
    assert page.status_code == 200 and 'data-testid="logout-confirm"' in page.content.decode()
    assert client.post("/accounts/logout/").status_code == 302
    assert "您已退出登录" in client.get("/accounts/logout/").content.decode()


def test_the_login_page_is_named_after_huying_not_the_host(client, db):
    assert "<title>工作人员登录 · 呼应</title>" in client.get("/accounts/login/").content.decode()


@pytest.mark.parametrize(("language", "name"), [("zh-hans", "呼应"), ("en", "Huying")])
def test_the_login_page_header_names_huying_not_the_host(client, db, language, name):
    page = client.get("/accounts/login/", headers={"accept-language": language}).content.decode()
    assert f"<strong>{name}</strong>" in page
    assert "testserver" not in page
