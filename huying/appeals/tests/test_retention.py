import datetime as dt

from django.utils import timezone

from huying.appeals.actions import appeals_due_for_erasure, erase_personal_data
from huying.appeals.models import Appeal
from huying.appeals.states import State
from huying.appeals.tasks import erase_expired_personal_data
from huying.appeals.tests.factories import make_appeal
from huying.audit.models import Event


def age(appeal, status, days):
    Appeal.objects.filter(pk=appeal.pk).update(status=status, status_changed=timezone.now() - dt.timedelta(days=days))


def test_personal_data_is_erased_three_years_after_closing(org, settings):
    settings.HUYING_RETENTION_DAYS = 3 * 365
    old = make_appeal(org, description="请联系我13900001234，身份证号码就不写了。")
    recent = make_appeal(org)
    still_open = make_appeal(org)
    age(old, State.CLOSED, 3 * 365 + 1)
    age(recent, State.CLOSED, 30)
    age(still_open, State.IN_PROGRESS, 4 * 365)

    assert list(appeals_due_for_erasure()) == [Appeal.objects.get(pk=old.pk)]
    erase_expired_personal_data.call_local()

    old.refresh_from_db()
    assert (old.contact_name, old.phone, old.id_number, old.address) == ("", "", "", "")
    assert "13900001234" not in old.description
    assert old.personal_data_erased_at is not None
    assert Event.objects.for_object(old).filter(action="erase_personal_data").exists()
    recent.refresh_from_db()
    still_open.refresh_from_db()
    assert recent.contact_name and recent.phone
    assert still_open.contact_name and still_open.phone


def test_erasing_twice_does_nothing(org):
    appeal = make_appeal(org)
    age(appeal, State.REJECTED, 5 * 365)
    assert erase_personal_data(appeal.pk) is True
    assert erase_personal_data(appeal.pk) is False
    assert Event.objects.for_object(appeal).filter(action="erase_personal_data").count() == 1
