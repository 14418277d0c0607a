"""HEAD is GET without the body, on every URL of the project (monitors and link checkers
send it), and no page makes the browser ask for an icon that is not there."""

import random
import re

import pytest

from tests.test_robustness import client_for_role, fill, param_values, url_patterns

ROLES = ["anonymous", "resident", "dispatcher", "handler", "admin"]
ICON = re.compile(r'<link rel="icon" href="([^"]+)"')


def urls_for(demo, role):
    """Every URL of the project, each converter filled with a real id for `role` (and one garbage)."""
    rng = random.Random(20261202)
    for route, name in url_patterns():
        params = re.findall(r"<(?:\w+:)?(\w+)>", route)
        if not params:
            yield fill(route, {})
            continue
        choices = {param: param_values(name, param, demo, role, rng) for param in params}
        for i in (0, -1):  # the first, real value of each, then the last, garbage one
            yield fill(route, {param: values[i] for param, values in choices.items()})


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_head_as_it_answers_get(role, public_demo_district, db):
    client = client_for_role(public_demo_district, role)
    client.raise_request_exception = False
    differing, pages = [], 0
    for url in dict.fromkeys(urls_for(public_demo_district, role)):
        got = client.get(url)
        head = client.head(url)
        pages += got.status_code == 200
        if head.status_code != got.status_code or head.content:
            differing.append((url, got.status_code, head.status_code, len(head.content)))
    assert pages >= 8
    assert differing == []


def test_monitors_get_the_home_page_and_the_health_check_by_head(client, db):
    for url in ("/", "/healthz", "/board/", "/board/feed/", "/appeals/submit/", "/accounts/login/"):
        response = client.head(url)
        assert (response.status_code, response.content) == (200, b""), url


def test_a_refused_method_is_told_that_head_is_allowed_where_get_is(client, db):
    response = client.put("/")
    assert response.status_code == 405
    assert {m.strip() for m in response["Allow"].split(",")} == {"GET", "HEAD"}
    assert client.head("/accounts/logout/").status_code == 200  # GET asks to confirm; POST signs out


def test_every_page_s_icon_is_served_and_so_is_the_browser_s_default_address(public_demo_district, db):
    icons = set()
    for role in ("anonymous", "dispatcher"):
        client = client_for_role(public_demo_district, role)
        for url in ("/", "/board/", "/appeals/submit/", "/appeals/track/", "/accounts/login/", "/staff/"):
            page = client.get(url, follow=True).content.decode()
            found = ICON.findall(page)
            assert found, url
            icons.update(found)
    client = client_for_role(public_demo_district, "anonymous")
    # Pages without our <link rel="icon"> (Django admin's, the plain error page) ask for /favicon.ico.
    for url in (*icons, "/favicon.ico"):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("image/svg+xml"), url
