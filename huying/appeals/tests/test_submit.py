import re

import pytest

from huying.appeals.actions import QUERY_CODE_ALPHABET, QUERY_CODE_LENGTH
from huying.appeals.models import Appeal
from huying.appeals.signals import appeal_submitted
from huying.appeals.tests.factories import form_data
from huying.audit.models import Event
from huying.lib import crypto

URL = "/appeals/submit/"


def token_of(html: str) -> str:
    return re.search(r'name="upload_token" value="([^"]+)"', html).group(1)


def test_the_submit_page_offers_every_field_and_the_privacy_notice(client, org):
    html = client.get(URL).content.decode()
    for name in (
        "kind",
        "title",
        "description",
        "category",
        "street",
        "community",
        "address",
        "contact_name",
        "phone",
        "id_number",
        "id_number_consent",
        "submitter_type",
        "enterprise_name",
        "allow_publish",
        "attachments",
        "website",
        "upload_token",
        "csrfmiddlewaretoken",
    ):
        assert f'name="{name}"' in html, name
    assert "咨询" in html and "举报" in html and "表扬" in html
    assert "隐私" in html
    assert org.community.name in html


def test_a_valid_submission_creates_the_appeal_and_shows_ticket_and_code(
    client, org, django_capture_on_commit_callbacks
):
    received = []
    appeal_submitted.connect(lambda **kw: received.append(kw["appeal_id"]), weak=False, dispatch_uid="t1")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(URL, form_data(org), follow=True)
    finally:
        appeal_submitted.disconnect(dispatch_uid="t1")
    html = response.content.decode()
    appeal = Appeal.objects.get()
    assert appeal.phone == "13900001234"
    assert appeal.phone_hash == crypto.keyed_hash("13900001234")
    assert "13900001234" not in appeal.phone_encrypted
    assert appeal.allow_publish and not appeal.is_published
    assert appeal.street == org.street and appeal.community == org.community
    assert re.fullmatch(r"\d{8}-\d{6}", appeal.ticket_number)
    assert appeal.ticket_number in html
    code = re.search(r'data-testid="query-code">([^<]+)<', html).group(1)
    assert len(code) >= 8 and len(code) == QUERY_CODE_LENGTH
    assert set(code) <= set(QUERY_CODE_ALPHABET)
    assert not set(code) & set("0O1IL")
    assert appeal.query_code_hash == crypto.keyed_hash(code) and code not in appeal.query_code_hash
    event = Event.objects.for_object(appeal).get()
    assert (event.action, event.actor_role, event.to_state) == ("submitted", "resident", "submitted")
    assert received == [appeal.pk]


def test_tickets_count_up_within_a_day(client, org):
    for n in range(3):
        client.post(URL, form_data(org, phone=f"1390000{n:04d}"))
    numbers = sorted(Appeal.objects.values_list("ticket_number", flat=True))
    assert [n[-6:] for n in numbers] == ["000001", "000002", "000003"]
    assert len({n[:8] for n in numbers}) == 1


def test_an_id_number_is_kept_encrypted_only_with_consent(client, org):
    response = client.post(URL, form_data(org, id_number="11010519491231002x"))
    assert response.status_code == 200
    assert "勾选" in response.content.decode() or "同意" in response.content.decode()
    assert not Appeal.objects.exists()
    client.post(URL, form_data(org, id_number="11010519491231002x", id_number_consent="on"))
    appeal = Appeal.objects.get()
    assert appeal.id_number == "11010519491231002X" and appeal.id_number_consent
    assert appeal.id_number_hash == crypto.keyed_hash("11010519491231002X")


def test_an_enterprise_gives_its_name(client, org):
    response = client.post(URL, form_data(org, submitter_type="enterprise"))
    assert not Appeal.objects.exists()
    assert 'id="field-enterprise_name"' in response.content.decode()
    client.post(URL, form_data(org, submitter_type="enterprise", enterprise_name="清渭精密机械有限公司"))
    assert Appeal.objects.get().enterprise_name == "清渭精密机械有限公司"


def test_an_invalid_submission_keeps_every_value_and_marks_each_wrong_field(client, org):
    data = form_data(
        org,
        phone="12345",
        id_number="110105194912310021",
        id_number_consent="on",
        title="灯",
        address="渭工路18号院3号楼",
        community=str(org.other_community.pk),
    )
    response = client.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert not Appeal.objects.exists()
    for value in ("12345", "110105194912310021", "渭工路18号院3号楼", "张建华", "渭工路小区门口的三盏路灯"):
        assert value in html, value
    for field in ("phone", "id_number", "title", "community"):
        block = html.split(f'id="field-{field}"', 1)[1].split('<div class="field', 1)[0]
        assert 'class="errorlist' in block, field
    assert 'id="field-address"' in html and "has-error" not in html.split('id="field-address"')[0][-40:]
    assert f'value="{org.street.pk}" selected' in html
    assert re.search(r'name="kind" value="complaint"[^>]*checked', html)
    assert re.search(r'name="allow_publish"[^>]*checked', html)


@pytest.mark.parametrize(
    "overrides",
    [
        {"street": "abc"},
        {"street": "99999999"},
        {"street": "9" * 40, "community": "9" * 40, "category": "9" * 40},
        {"street": "１", "community": "2.5"},
        {"street": "1 OR 1=1"},
        {"community": "-1"},
        {"category": "nonsense"},
        {"category": "99999999"},
        {"kind": "riot"},
        {"submitter_type": "government"},
        {"title": "长" * 100_000},
        {"description": "字" * 200_000},
        {"contact_name": "\x00\x01"},
        {"phone": "１３９\x00０００"},
        {"kind": None, "title": None, "street": None},
        {"street": ["1", "2"], "phone": ["x", "y"], "upload_token": "../../../etc/passwd"},
    ],
)
def test_odd_input_never_causes_a_server_error(client, org, overrides):
    response = client.post(URL, form_data(org, **overrides))
    assert response.status_code == 200
    assert not Appeal.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [{"upload_token": "../../../etc/passwd"}, {"remove_attachment": ["1", "x", "-5", "9" * 40]}, {"category": ""}],
)
def test_odd_but_harmless_extras_do_not_stop_a_valid_submission(client, org, overrides):
    response = client.post(URL, form_data(org, **overrides))
    assert response.status_code == 302
    assert Appeal.objects.count() == 1


def test_bytes_that_are_not_utf8_never_cause_a_server_error(client, org):
    body = b"title=%FF%FE%FA&description=%C3%28%ED%A0%80&kind=complaint&street=%FF"
    response = client.post(URL, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    raw = (
        b'--B\r\nContent-Disposition: form-data; name="title"\r\n\r\n\xff\xfe\xed\xa0\x80\r\n'
        b'--B\r\nContent-Disposition: form-data; name="attachments"; filename="\xff.png"\r\n'
        b"Content-Type: image/png\r\n\r\nnot a png\r\n--B--\r\n"
    )
    response = client.post(URL, raw, content_type="multipart/form-data; boundary=B")
    assert response.status_code == 200
    assert not Appeal.objects.exists()


def test_wrong_methods_are_refused(client, org):
    for method in ("put", "delete", "patch"):
        assert getattr(client, method)(URL).status_code == 405


def test_the_submit_form_needs_a_csrf_token(org):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, form_data(org)).status_code == 403
    assert not Appeal.objects.exists()


def test_a_filled_honeypot_is_refused_with_values_kept(client, org):
    response = client.post(URL, form_data(org, website="http://spam.example"))
    assert response.status_code == 200
    assert not Appeal.objects.exists()
    assert "张建华" in response.content.decode()


def test_a_category_can_be_chosen(client, org):
    from huying.taxonomy.models import Category

    root = Category.objects.create(name="城乡建设", level=1)
    child = Category.objects.create(name="城市建设和市政管理", level=2, parent=root)
    html = client.get(URL).content.decode()
    assert 'optgroup label="城乡建设"' in html
    client.post(URL, form_data(org, category=str(child.pk)))
    assert Appeal.objects.get().category == child


def test_the_receipt_page_without_a_submission_leads_back_to_the_form(client, db):
    response = client.get("/appeals/submitted/")
    assert response.status_code == 302 and response["Location"] == URL


def test_a_failing_listener_does_not_spoil_the_residents_receipt(client, org, django_capture_on_commit_callbacks):
    def broken(**kwargs):
        raise RuntimeError("listener bug")

    appeal_submitted.connect(broken, weak=False, dispatch_uid="broken")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(URL, form_data(org))
    finally:
        appeal_submitted.disconnect(dispatch_uid="broken")
    assert response.status_code == 302
    assert Appeal.objects.count() == 1
