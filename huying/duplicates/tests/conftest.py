"""Appeals submitted the way residents submit them, indexed by the real receiver and task."""

import datetime

import pytest
from django.utils import timezone

from huying.appeals.models import Appeal
from huying.appeals.tests.factories import make_appeal
from huying.workorders.tests.conftest import category, world  # noqa: F401  (fixtures)

LAMP = ("小区门口路灯坏了", "渭工路小区门口的三盏路灯坏了一个多月，晚上很黑，老人出门不方便。")
LAMP_AGAIN = (
    "渭工路小区门口路灯坏了",
    "渭工路小区门口的路灯坏了一个多月了，晚上很黑，老人孩子出门都不方便，请尽快修。",
)
NOISE = ("工地夜间施工噪音扰民", "新河路工地每天晚上十一点以后还在打桩，噪音很大，附近居民无法入睡。")


@pytest.fixture
def submit(org, django_capture_on_commit_callbacks):
    """submit(title, description, **fields) -> Appeal, indexed through appeal_submitted.

    `age` (a timedelta) backdates the appeal before it is indexed.
    """

    def make(title, description, *, age=None, **overrides):
        with django_capture_on_commit_callbacks(execute=age is None):
            appeal = make_appeal(org, title=title, description=description, triage=True, **overrides)
        if age is not None:
            Appeal.objects.filter(pk=appeal.pk).update(created=timezone.now() - age)
            from huying.duplicates.actions import index_appeal

            index_appeal(appeal.pk)
        return Appeal.objects.select_related("street", "community__parent", "work_order").get(pk=appeal.pk)

    return make


DAYS = datetime.timedelta(days=1)
