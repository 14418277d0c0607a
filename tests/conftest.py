"""The seeded demo district, shared by the whole-site sweeps in this folder.

Seeding takes several seconds, so it happens once per module, inside a transaction that
is rolled back when the module is done; each test's own transaction nests inside it as a
savepoint (pytest-django's documented way of wrapping tests in a wider transaction).
Nothing outside the module ever sees the demo rows.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest

# Demo handlers of two departments the demo's work orders mostly do not touch, made here so
# the access tests have someone unrelated to look with.
OUTSIDER_BUREAU = "区教育和体育局"


@dataclass
class DemoDistrict:
    users: dict  # role name -> User: dispatcher, handler, street, community, supervisor, leader, moderator, admin, outsider
    appeal_ids: dict = field(default_factory=dict)  # label -> appeal id
    ticket_numbers: dict = field(default_factory=dict)  # label -> ticket number
    attachment_id: int | None = None
    router_model_id: int | None = None
    hot_issue_id: int | None = None


def _pick(queryset):
    return queryset.order_by("id").values_list("id", flat=True).first()


def seed_demo_district(skip=()) -> DemoDistrict:
    from django.core.management import call_command

    from huying.accounts.models import Department, Role, User
    from huying.appeals.models import Appeal, Attachment, Kind
    from huying.demo import steps
    from huying.workorders.models import Assignment, State

    if skip:
        # seed_demo's own loop, less the steps asked to be left out.
        kept = [(label, step) for label, step in steps.DEMO_STEPS if label not in skip]
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(steps, "DEMO_STEPS", kept)
            patch.setattr("huying.demo.management.commands.seed_demo.DEMO_STEPS", kept)
            call_command("seed_demo", verbosity=0)
    else:
        call_command("seed_demo", verbosity=0)
    users = {
        name: User.objects.get(username=name)
        for name in ("dispatcher", "handler", "street", "community", "supervisor", "leader", "moderator", "admin")
    }
    bureau = Department.objects.get(name=OUTSIDER_BUREAU)
    outsider = User(username="qa-outsider", role=Role.HANDLER, department=bureau, last_name="外", first_name="人")
    outsider.set_unusable_password()
    outsider.save()
    users["outsider"] = outsider

    appeals = Appeal.objects.all()
    ids = {
        "published": _pick(appeals.published().exclude(work_order=None)),
        "published_plain": _pick(appeals.published()),
        "report": _pick(appeals.filter(kind=Kind.REPORT).exclude(work_order=None)),
        "submitted": _pick(appeals.filter(work_order=None, status="submitted")),
        "reviewed": _pick(appeals.filter(work_order=None, status="reviewed")),
        "rejected": _pick(appeals.filter(work_order=None, status="rejected")),
        "merged": _pick(appeals.filter(status="merged")),
    }
    for state in (
        State.DISPATCHED,
        State.IN_PROGRESS,
        State.REPLY_REVIEW,
        State.REPLIED,
        State.CLOSED,
        State.AWAITING_DECISION,
        State.RETURNED,
        State.REOPENED,
    ):
        ids[f"wo_{state}"] = _pick(appeals.filter(work_order__state=state).exclude(status="merged"))
    # Work orders of the demo handler's own bureau, of the demo street's and of the community's.
    handler, street, community = users["handler"], users["street"], users["community"]
    ids["handler_own"] = _pick(appeals.filter(work_order__assignments__department=handler.department))
    ids["street_own"] = _pick(appeals.filter(work_order__assignments__department=street.department))
    ids["community_own"] = _pick(appeals.filter(work_order__assignments__forwarded_to=community.department))
    for label, user in (("handler", handler), ("street", street)):
        parts = Assignment.objects.active().filter(department=user.department)
        for status in ("pending", "accepted"):
            work_orders = parts.filter(status=status).values("work_order_id")
            ids[f"{label}_{status}"] = _pick(appeals.filter(work_order_id__in=work_orders).exclude(status="merged"))
    ids = {label: pk for label, pk in ids.items() if pk is not None}

    attachment = Attachment(appeal_id=ids["submitted"], original_name="照片.jpg", content_type="image/jpeg", size=3)
    attachment.file.name = "appeals/attachments/missing.jpg"  # never on disk: the view must 404, not 500
    attachment.save()

    router_model_id = None
    try:
        from huying.triage.models import RouterModel

        router_model_id = _pick(RouterModel.objects.all())
    except ImportError:  # the triage app is still being written
        pass
    from huying.hot.models import HotIssue

    tickets = {label: Appeal.objects.get(pk=pk).ticket_number for label, pk in ids.items()}
    return DemoDistrict(
        users=users,
        appeal_ids=ids,
        ticket_numbers=tickets,
        attachment_id=attachment.pk,
        router_model_id=router_model_id,
        hot_issue_id=_pick(HotIssue.objects.active()),
    )


@contextmanager
def seeded(django_db_blocker, skip=()):
    from django.db import transaction
    from django.test import override_settings
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        yield seed_demo_district(skip)
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def demo_district(django_db_setup, django_db_blocker):
    """The demo district (`seed_demo`), seeded once for the module and rolled back after it."""
    with seeded(django_db_blocker) as district:
        yield district


@pytest.fixture(scope="module")
def public_demo_district(django_db_setup, django_db_blocker):
    """The demo district without its router step, which takes longest and shows nothing in public."""
    with seeded(django_db_blocker, skip={"router"}) as district:
        yield district
