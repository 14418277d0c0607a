"""Huying's own 400, 403, 404 and 500 pages, in the visitor's language, that cannot fail on
what the request sent (a gbk or utf-16 form body made Django's 400 page itself fail)."""

import pytest
from django.test import Client

LANGUAGES = {"zh-hans": "找不到页面", "zh-hant": "找不到頁面", "en": "No page here"}


@pytest.fixture
def broken_urls(settings):
    settings.ROOT_URLCONF = "huying.core.tests.urls_broken"


def page(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(("language", "title"), LANGUAGES.items())
def test_the_404_page_is_huyings_in_the_visitors_language(db, language, title):
    response = Client(headers={"accept-language": language}).get("/no-such-page/")
    assert response.status_code == 404
    assert title in page(response) and 'data-testid="error-page"' in page(response)


@pytest.mark.parametrize("charset", ["gbk", "utf-16", "latin-1"])
def test_a_form_in_another_charset_gets_a_400_page_not_a_500(db, charset):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.get("/appeals/track/")
    token = client.cookies["csrftoken"].value
    body = f"csrfmiddlewaretoken={token}&ticket_number=1&query_code=2".encode()
    response = client.generic(
        "POST", "/appeals/track/", body, content_type=f"application/x-www-form-urlencoded; charset={charset}"
    )
    assert response.status_code == 400
    assert "无法读取请求" in page(response)


def test_an_expired_form_says_so_and_how_to_go_on(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/appeals/track/", {"ticket_number": "1", "query_code": "2"})
    assert response.status_code == 403
    assert "表单已过期" in page(response)


def test_the_403_page(db, broken_urls):
    response = Client().get("/forbidden/")
    assert response.status_code == 403 and "无权访问" in page(response)


def test_the_500_page_says_the_error_was_recorded(db, broken_urls):
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500 and "出错了" in page(response)


def test_if_the_error_page_itself_fails_a_plain_one_is_sent(db, broken_urls, monkeypatch):
    from huying.core import views

    def fail(*args, **kwargs):
        raise RuntimeError("the database is down too")

    monkeypatch.setattr(views, "render", fail)
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500 and "出错了" in page(response) and "<h1>" in page(response)
