"""Every kind of page carries the content security policy (no inline or eval'd script) and
the permissions policy."""

import pytest
from django.test import Client

from huying.appeals.tests.factories import make_appeal


def policy(response) -> dict[str, str]:
    pairs = (part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return {pair[0]: pair[1] for pair in pairs}


def assert_headers(response):
    found = policy(response)
    assert found["script-src"] == "'self'"
    assert "unsafe" not in found["script-src"] and "unsafe-eval" not in response["Content-Security-Policy"]
    assert found["object-src"] == "'none'" and found["frame-ancestors"] == "'none'"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize(
    "url", ["/", "/appeals/submit/", "/board/", "/board/appeals.json", "/board/feed/", "/nowhere/"]
)
def test_public_pages_feeds_and_errors(client, org, url):
    make_appeal(org, published=True)
    assert_headers(client.get(url))


def test_a_board_appeal(client, org):
    appeal = make_appeal(org, published=True)
    assert_headers(client.get(f"/board/{appeal.pk}/"))


@pytest.mark.parametrize("url", ["/staff/", "/staff/appeals/", "/accounts/security/", "/admin/"])
def test_staff_pages_and_admin(admin_user, dispatcher, url):
    client = Client()
    client.force_login(admin_user if url.startswith("/admin/") else dispatcher)
    assert_headers(client.get(url))


def test_no_template_has_an_inline_handler_or_script():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    inline = re.compile(r"\son[a-z]+\s*=|<script(?![^>]*\bsrc=)[^>]*>|javascript:|hx-on", re.IGNORECASE)
    found = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in root.rglob("templates/**/*.html")
        for match in inline.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
