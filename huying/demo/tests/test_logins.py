"""Every department the demo district dispatches to has a login: the demo can be walked
through as each of them, without the admin."""

from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Q
from django.test import Client

from huying.accounts.models import Department, Role, User
from huying.appeals.models import Appeal
from huying.demo.logins import DEMO_LOGINS_TEXT, DEMO_PASSWORD, DEPARTMENT_LOGINS
from huying.demo.organisation import BUREAUS, STREETS
from huying.workorders import lists
from huying.workorders.models import Assignment
from tests.conftest import seeded


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker):
    with seeded(django_db_blocker, skip={"router"}):
        yield


@pytest.fixture
def demo(_seeded, db):
    return None


def departments_in_assignments() -> list[Department]:
    """Leads, co-handlers and the communities streets forwarded to; not the dispatch centre,
    whose parts are its own direct answers, signed in as `dispatcher`."""
    ids = set(Assignment.objects.values_list("department_id", flat=True))
    ids |= set(Assignment.objects.exclude(forwarded_to=None).values_list("forwarded_to_id", flat=True))
    found = Department.objects.filter(pk__in=ids).order_by("id")
    centre = found.filter(kind=Department.Kind.DISPATCH_CENTRE)
    assert all(User.objects.get(username="dispatcher").department == c for c in centre)
    return list(found.exclude(kind=Department.Kind.DISPATCH_CENTRE))


def test_every_department_of_a_demo_assignment_signs_in_with_the_demo_password_and_sees_its_inbox(demo):
    departments = departments_in_assignments()
    kinds = {d.kind for d in departments}
    assert {Department.Kind.BUREAU, Department.Kind.STREET, Department.Kind.COMMUNITY} <= kinds
    assert Department.objects.get(name="区生态环境分局") in departments
    shown = opened = 0
    for department in departments:
        user = User.objects.get(username=DEPARTMENT_LOGINS[department.name])
        assert (user.department, user.role, user.is_active) == (department, Role.HANDLER, True)
        client = Client()
        signed_in = client.post("/accounts/login/", {"username": user.username, "password": DEMO_PASSWORD})
        assert (signed_in.status_code, signed_in["Location"]) == (302, "/accounts/home/"), department.name
        assert client.get("/staff/inbox/").status_code == 200
        scope = lists.inbox_scope(user)
        for tab in lists.INBOX_TABS:
            first = lists.inbox_tab(scope, tab).first()
            if first is not None:
                page = client.get("/staff/inbox/", {"tab": tab}).content.decode()
                assert first.work_order.main_appeal.ticket_number in page, (department.name, tab)
                shown += 1
        # A part still theirs (not returned or taken back): its appeal opens for them.
        part = Assignment.objects.active().filter(Q(department=department) | Q(forwarded_to=department)).first()
        if part is not None:
            assert client.get(f"/staff/appeals/{part.work_order.main_appeal_id}/").status_code == 200
            opened += 1
    assert shown >= len(departments) // 2 and opened >= len(departments) // 2


def test_the_demo_s_past_work_was_done_by_these_logins_not_by_accounts_without_a_password(demo):
    without = User.objects.filter(password__startswith="!").exclude(username="qa-outsider")  # the sweeps' own
    assert list(without.values_list("username", flat=True)) == []
    assert not User.objects.filter(username__startswith="demo-").exists()


def test_the_demo_s_messages_belong_to_its_past_recorded_as_sent_never_sent(demo):
    from huying.notifications.models import Outbox, Status

    assert Outbox.objects.filter(channel="sms").count() >= Appeal.objects.exclude(phone_encrypted="").count()
    assert not Outbox.objects.exclude(status=Status.SENT).exists()
    assert not Outbox.objects.exclude(body_encrypted="").exists()


def test_every_department_of_the_demo_district_but_the_top_has_a_login_under_one_pattern():
    names = [name for name, _short, _kind in BUREAUS] + [
        name for street, communities in STREETS.items() for name in (street, *communities)
    ]
    assert sorted(DEPARTMENT_LOGINS) == sorted(names)
    assert len(set(DEPARTMENT_LOGINS.values())) == len(DEPARTMENT_LOGINS)
    for name, username in DEPARTMENT_LOGINS.items():
        level = (
            "community"
            if name in {c for cs in STREETS.values() for c in cs}
            else "street"
            if name in STREETS
            else "bureau"
        )
        assert username.startswith(level + "-") and username.isascii(), (name, username)


def test_make_run_and_the_readme_name_every_department_login():
    readme = Path(settings.BASE_DIR, "README.md").read_text(encoding="utf-8")
    for name, username in DEPARTMENT_LOGINS.items():
        assert f"{username} {name}" in DEMO_LOGINS_TEXT
        assert f"| `{username}` | {name} |" in readme
    assert DEMO_PASSWORD in DEMO_LOGINS_TEXT and DEMO_PASSWORD in readme
