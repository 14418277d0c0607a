import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from huying.appeals.models import Appeal, Attachment
from huying.appeals.tests.factories import form_data
from huying.workorders.models import WorkOrder

URL = "/appeals/submit/"


def test_at_most_five_submissions_per_phone_per_day(client, org, settings):
    settings.HUYING_SUBMISSIONS_PER_PHONE_PER_DAY = 5
    for n in range(5):
        assert client.post(URL, form_data(org), REMOTE_ADDR=f"10.0.0.{n}").status_code == 302
    # The same number written differently is the same number.
    response = client.post(URL, form_data(org, phone="１３９-００００-１２３４"), REMOTE_ADDR="10.0.0.99")
    assert response.status_code == 200
    html = response.content.decode()
    assert "今天已经提交了5件诉求" in html
    assert "渭工路小区门口的三盏路灯" in html  # values kept
    assert Appeal.objects.count() == 5
    assert client.post(URL, form_data(org, phone="13900005678"), REMOTE_ADDR="10.0.0.99").status_code == 302


def test_at_most_twenty_submissions_per_ip_per_hour(client, org, settings):
    settings.HUYING_SUBMISSIONS_PER_IP_PER_HOUR = 20
    for n in range(20):
        assert client.post(URL, form_data(org, phone=f"1390000{n:04d}"), REMOTE_ADDR="10.1.1.1").status_code == 302
    response = client.post(URL, form_data(org, phone="13900009999"), REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 200 and "网络提交的诉求过多" in response.content.decode()
    assert client.post(URL, form_data(org, phone="13900009999"), REMOTE_ADDR="10.1.1.2").status_code == 302


def test_a_forwarded_for_header_is_ignored_unless_a_proxy_is_trusted(client, org, settings):
    settings.HUYING_SUBMISSIONS_PER_IP_PER_HOUR = 1
    settings.HUYING_TRUSTED_PROXY_HEADER = ""
    assert client.post(URL, form_data(org, phone="13900000001"), HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 302
    response = client.post(URL, form_data(org, phone="13900000002"), HTTP_X_FORWARDED_FOR="2.2.2.2")
    assert response.status_code == 200


def test_staff_entering_calls_are_not_rate_limited(org, dispatcher, settings):
    from huying.appeals.actions import submit_appeal
    from huying.appeals.models import Channel
    from huying.appeals.tests.factories import appeal_data

    settings.HUYING_SUBMISSIONS_PER_PHONE_PER_DAY = 1
    for _ in range(3):
        submitted = submit_appeal(appeal_data(org), channel=Channel.PHONE, entered_by=dispatcher, ip="10.0.0.1")
    assert submitted.appeal.entered_by == dispatcher and submitted.appeal.channel == Channel.PHONE
    from huying.audit.models import Event

    assert Event.objects.for_object(submitted.appeal).get().actor_role == "dispatcher"


# Attachments are for staff who may see the appeal -----------------------------------------
@pytest.fixture
def attachment(client, org):
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(out, format="PNG")
    client.post(URL, {**form_data(org), "attachments": [SimpleUploadedFile("门口.png", out.getvalue())]})
    appeal = Appeal.objects.get()
    appeal.work_order = WorkOrder.objects.create(lead_department=org.bureau_a)
    appeal.save()
    return Attachment.objects.get()


def test_staff_who_may_see_the_appeal_download_its_attachment(client_for, attachment, dispatcher, handler_a):
    for user in (dispatcher, handler_a):
        response = client_for(user).get(f"/appeals/attachments/{attachment.pk}/")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "image/png"
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_an_anonymous_visitor_is_sent_to_log_in(client, attachment):
    response = client.get(f"/appeals/attachments/{attachment.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_outsider_cannot_open_the_attachment(client_for, attachment, outsider, moderator):
    for user in (outsider, moderator):
        assert client_for(user).get(f"/appeals/attachments/{attachment.pk}/").status_code == 404


def test_a_pending_upload_is_nobodys(client, client_for, org, dispatcher):
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(out, format="PNG")
    client.post(URL, {**form_data(org, phone="1"), "attachments": [SimpleUploadedFile("a.png", out.getvalue())]})
    pending = Attachment.objects.get()
    assert client_for(dispatcher).get(f"/appeals/attachments/{pending.pk}/").status_code == 404


def test_the_attachment_view_refuses_posts(client_for, attachment, dispatcher):
    assert client_for(dispatcher).post(f"/appeals/attachments/{attachment.pk}/").status_code == 405


def test_appeals_visible_to_follows_the_scope_rule(
    org, attachment, dispatcher, supervisor, leader, handler_a, outsider, street_handler, moderator
):
    from huying.appeals.models import Appeal

    appeal = attachment.appeal
    for user in (dispatcher, supervisor, leader, handler_a):
        assert list(Appeal.objects.visible_to(user)) == [appeal], user
    for user in (outsider, street_handler, moderator):
        assert list(Appeal.objects.visible_to(user)) == [], user
