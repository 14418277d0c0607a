"""Fixtures every test can use: a small district and one named user per role.

The named people: `dispatcher` (dispatch centre), `handler_a` (bureau A), `outsider`
(a handler of bureau B), `street_handler` (street S), `community_handler` (community C1 of
street S), `supervisor`, `leader`, `moderator`, `admin_user`.  Residents have no account: a
plain `client` is a resident.
"""

import os
from dataclasses import dataclass

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses
# to run there unless told it is safe (it is: the loop is Playwright's, not ours).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct-horse-battery-staple"


def run_on_a_sqlite_file(script: str, *args: str, tmp_path, timeout: int = 300) -> dict:
    """Run `script` (Python, calling django.setup()) in a new process on a SQLite file of
    its own, as a real deployment's processes share one, and return the JSON object it
    printed last. For races and killed workers: threads here share the in-memory database."""
    import json
    import subprocess
    import sys

    from django.conf import settings

    env = {
        "DJANGO_SETTINGS_MODULE": "huying.settings",
        "DEBUG": "1",  # its own throwaway database: the development keys will do
        "DATABASE_URL": f"sqlite:///{tmp_path / 'huying.sqlite3'}",
        "HUYING_VAR_DIR": str(tmp_path),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(autouse=True)
def _fast_and_immediate(settings):
    from huey.contrib.djhuey import HUEY

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.HUYING_MANIFEST_STATIC = False
    # Two-factor sign-in is off unless a test turns it on (huying/signin/tests do).
    settings.HUYING_TWO_FACTOR_ROLES = []
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    HUEY.immediate = True
    yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.HUYING_ERASURE_LOG = tmp_path / "erasures.log"


@pytest.fixture(autouse=True)
def _fresh_working_day_calendar():
    # The calendar caches admin-entered days; a test's rolled-back rows must not leak.
    from huying.workdays.calendar import clear_cache

    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def freeze_time(monkeypatch):
    """`freeze_time("2026-02-13 10:00")` (Asia/Shanghai) makes timezone.now() return that moment.

    Accepts an aware datetime too; returns the frozen moment.  Model field defaults
    (`default=timezone.now`) are bound at import and are not frozen.
    """
    from datetime import datetime

    from django.utils import timezone

    from huying.workdays.calendar import SHANGHAI

    def freeze(moment):
        if isinstance(moment, str):
            moment = datetime.fromisoformat(moment)
        if timezone.is_naive(moment):
            moment = moment.replace(tzinfo=SHANGHAI)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return freeze


@dataclass
class Org:
    district: object
    dispatch_centre: object
    supervision_office: object
    bureau_a: object
    bureau_b: object
    street: object
    community: object
    community_2: object
    other_street: object
    other_community: object


def build_org() -> Org:
    """The test district's departments (also built outside a test, by module-scoped fixtures)."""
    from huying.accounts.models import Department

    K = Department.Kind
    district = Department.objects.create(name="测试区人民政府", kind=K.DISTRICT)

    def make(name, kind, parent=district):
        return Department.objects.create(name=name, kind=kind, parent=parent, short_name=name)

    street = make("甲街道", K.STREET)
    other_street = make("乙街道", K.STREET)
    return Org(
        district=district,
        dispatch_centre=make("热线中心", K.DISPATCH_CENTRE),
        supervision_office=make("督查室", K.CENTRE),
        bureau_a=make("住建局", K.BUREAU),
        bureau_b=make("教体局", K.BUREAU),
        street=street,
        community=make("一社区", K.COMMUNITY, street),
        community_2=make("二社区", K.COMMUNITY, street),
        other_street=other_street,
        other_community=make("三社区", K.COMMUNITY, other_street),
    )


@pytest.fixture
def org(db):
    return build_org()


def _user(username, role, department, **extra):
    from huying.accounts.models import User

    user = User(username=username, role=role, department=department, last_name="测", first_name=username, **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def dispatcher(org):
    return _user("dispatcher", "dispatcher", org.dispatch_centre)


@pytest.fixture
def handler_a(org):
    return _user("handler_a", "handler", org.bureau_a)


@pytest.fixture
def outsider(org):
    return _user("outsider", "handler", org.bureau_b)


@pytest.fixture
def street_handler(org):
    return _user("street_handler", "handler", org.street)


@pytest.fixture
def community_handler(org):
    return _user("community_handler", "handler", org.community)


@pytest.fixture
def supervisor(org):
    return _user("supervisor", "supervisor", org.supervision_office)


@pytest.fixture
def leader(org):
    return _user("leader", "leader", org.district)


@pytest.fixture
def moderator(org):
    return _user("moderator", "moderator", org.dispatch_centre)


@pytest.fixture
def admin_user(org):
    return _user("admin", "admin", None, is_staff=True, is_superuser=True)


@pytest.fixture
def client_for(client):
    """`client_for(user)` returns a client logged in as `user`."""
    from django.test import Client

    def make(user):
        c = Client()
        c.force_login(user)
        return c

    return make


# Browser tests --------------------------------------------------------------------
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(_playwright):
    browser = _playwright.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-gpu",
            "--no-sandbox",
        ],
    )
    yield browser
    browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A phone-sized page (a common Android viewport), touch enabled."""
    context = browser.new_context(
        locale="zh-CN",
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


# In CI a skipped test is a failing test: nothing may pass by not running.
def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("CI", "").lower() not in {"1", "true", "yes"}:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None or hasattr(session.config, "workerinput"):
        return
    skipped = reporter.stats.get("skipped", [])
    if skipped:
        reporter.write_line(f"CI: {len(skipped)} skipped test(s) count as failures", red=True)
        session.exitstatus = 1
