from django.core import mail
from django.db import transaction

from huying.accounts.models import User
from huying.notifications.actions import notify_department, notify_resident
from huying.notifications.models import Outbox

from .conftest import PHONE


def test_the_receipt_gives_the_ticket_number_and_the_tracking_address(
    appeal, sent_sms, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        outbox = notify_resident(appeal, "registered")
    ((number, text),) = sent_sms
    assert number == PHONE
    assert text.startswith("【呼应】")
    assert "受理号 HY20260305001" in text
    assert "http://127.0.0.1:8000/appeals/track/" in text
    assert Outbox.objects.get(pk=outbox.pk).appeal == appeal


def test_no_message_of_any_kind_carries_the_query_code_and_each_says_ticket_number_as_the_pages_do(db, org):
    from huying.appeals.tests.factories import make_appeal
    from huying.notifications.texts import Message, resident_text

    appeal = make_appeal(org)
    context = {"query_code": appeal.query_code, "department": org.bureau_a, "reason": "超出受理范围"}
    texts = {kind: resident_text(appeal, kind, **context) for kind in Message}
    assert set(texts) == {"registered", "accepted", "replied", "closed", "rejected"}
    for kind, text in texts.items():
        assert appeal.ticket_number in text, kind
        assert appeal.query_code not in text, kind
        assert "工单号" not in text, kind
    assert "受理号" in texts["registered"] and "受理号" in texts["replied"]


def test_the_resident_is_told_of_acceptance_with_the_department(appeal, org):
    with transaction.atomic():
        outbox = notify_resident(appeal, "accepted", department=org.bureau_a)
    assert "已被住建局受理" in outbox.body


def test_the_resident_is_told_of_acceptance_reply_closure_and_rejection_in_chinese(appeal):
    with transaction.atomic():
        bodies = {
            event: notify_resident(appeal, event, reason="超出受理范围").body
            for event in ["accepted", "replied", "closed", "rejected"]
        }
    assert "受理" in bodies["accepted"]
    assert "答复" in bodies["replied"]
    assert "办结" in bodies["closed"]
    assert "超出受理范围" in bodies["rejected"]
    assert all(body.startswith("【呼应】") and "HY20260305001" in body for body in bodies.values())


def test_the_messages_are_in_chinese_even_for_staff_using_english(appeal, settings):
    from django.utils import translation

    with translation.override("en"), transaction.atomic():
        outbox = notify_resident(appeal, "closed")
    assert "办结" in outbox.body


def test_an_appeal_without_a_phone_number_sends_nothing(make_appeal):
    appeal = make_appeal()
    appeal.phone = ""
    appeal.save()
    with transaction.atomic():
        assert notify_resident(appeal, "accepted") is None
    assert Outbox.objects.count() == 0


def test_an_unknown_event_is_refused(appeal):
    import pytest

    with pytest.raises(ValueError), transaction.atomic():
        notify_resident(appeal, "exploded")


def test_a_department_s_staff_with_an_address_are_e_mailed_of_a_new_dispatch(
    appeal, org, handler_a, outsider, django_capture_on_commit_callbacks
):
    from datetime import datetime

    from huying.workdays.calendar import SHANGHAI

    handler_a.email = "handler@example.cn"
    handler_a.save()
    User.objects.create(username="no_mail", department=org.bureau_a)
    User.objects.create(username="gone", department=org.bureau_a, email="gone@example.cn", is_active=False)
    outsider.email = "outsider@example.cn"
    outsider.save()
    due = datetime(2026, 3, 9, 23, 59, 59, tzinfo=SHANGHAI)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        rows = notify_department(org.bureau_a, appeal, due=due)
    assert len(rows) == 1
    (message,) = mail.outbox
    assert message.to == ["handler@example.cn"]
    assert message.subject == "新工单 HY20260305001"
    assert "住建局" in message.body
    assert "小区电梯停运" in message.body
    assert "2026-03-09 23:59" in message.body
    assert "承办" in message.body
    assert rows[0].recipient_masked == "h***@example.cn"
    assert Outbox.objects.get().status == "sent"


def test_a_co_handling_department_is_told_its_role(appeal, org, handler_a):
    handler_a.email = "handler@example.cn"
    handler_a.save()
    with transaction.atomic():
        (row,) = notify_department(org.bureau_a, appeal, co_handler=True)
    assert "协办" in row.body


def test_a_department_without_addresses_is_skipped(appeal, org, handler_a):
    with transaction.atomic():
        assert notify_department(org.bureau_a, appeal) == []


def test_a_report_of_wrongdoing_keeps_its_text_out_of_the_e_mail(make_appeal, org, handler_a):
    appeal = make_appeal(kind="report", title="举报某科长收受红包")
    handler_a.email = "handler@example.cn"
    handler_a.save()
    with transaction.atomic():
        (row,) = notify_department(org.bureau_a, appeal)
    assert "红包" not in row.body
    assert "红包" not in row.preview


def test_phone_numbers_in_a_title_are_masked_in_the_e_mail(make_appeal, org, handler_a):
    appeal = make_appeal(title=f"请联系 {PHONE}")
    handler_a.email = "handler@example.cn"
    handler_a.save()
    with transaction.atomic():
        (row,) = notify_department(org.bureau_a, appeal)
    assert PHONE not in row.body
