"""One appeal per sending of a form, however often it is sent: a double click, a retry or
back-and-send-again with the same one-time token shows the first receipt and creates
nothing, on the resident's form and on the dispatch centre's entry form, and so do POSTs
racing each other (threads on PostgreSQL; processes on a SQLite file, since threads do not
share an in-memory database)."""

import json
import re
import textwrap
import threading

import pytest
from django.db import connection
from django.test import Client

from conftest import run_on_a_sqlite_file
from huying.appeals.models import Appeal, Submission
from huying.appeals.tests.factories import form_data
from huying.lib import crypto
from huying.notifications.models import Outbox


def token_of(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', page).group(1)


def receipt_codes(client) -> list[str]:
    page = client.get("/appeals/submitted/").content.decode()
    return re.findall(r'data-testid="query-code">([^<]+)<', page)


def test_a_double_click_makes_one_appeal_and_the_receipt_shows_its_code_once(client, org):
    token = token_of(client.get("/appeals/submit/").content.decode(), "upload_token")
    data = form_data(org, upload_token=token)
    first = client.post("/appeals/submit/", data)
    second = client.post("/appeals/submit/", data)
    assert first.status_code == second.status_code == 302
    assert Appeal.objects.count() == 1
    codes = receipt_codes(client)
    assert len(codes) == 1
    assert Appeal.objects.get().query_code_hash == crypto.keyed_hash(codes[0])


def test_back_and_send_again_changed_still_shows_the_first_receipt(client, org):
    token = token_of(client.get("/appeals/submit/").content.decode(), "upload_token")
    client.post("/appeals/submit/", form_data(org, upload_token=token))
    first_codes = receipt_codes(client)
    client.post("/appeals/submit/", form_data(org, upload_token=token, title="另一件事：楼道灯也坏了"))
    assert Appeal.objects.count() == 1 and Appeal.objects.get().title == "小区门口路灯坏了"
    assert receipt_codes(client) == first_codes


def test_a_retry_that_lost_its_session_still_gets_the_receipt_with_its_code(org):
    browser = Client()
    token = token_of(browser.get("/appeals/submit/").content.decode(), "upload_token")
    data = form_data(org, upload_token=token)
    browser.post("/appeals/submit/", data)
    code = receipt_codes(browser)
    retry = Client()  # the first response never arrived; its cookie neither
    assert retry.post("/appeals/submit/", data).status_code == 302
    assert receipt_codes(retry) == code and Appeal.objects.count() == 1


def test_a_web_submission_texts_its_receipt_once_with_the_ticket_number_never_the_query_code(client, org):
    token = token_of(client.get("/appeals/submit/").content.decode(), "upload_token")
    data = form_data(org, upload_token=token)
    for _ in range(2):  # a double click: one appeal, one receipt
        client.post("/appeals/submit/", data)
    appeal = Appeal.objects.get()
    (code,) = receipt_codes(client)
    (sms,) = Outbox.objects.filter(appeal=appeal)
    assert (sms.channel, sms.recipient) == ("sms", "13900001234")
    assert f"受理号 {appeal.ticket_number}" in sms.body and "http://127.0.0.1:8000/appeals/track/" in sms.body
    assert code not in sms.body and code not in sms.preview


def test_a_failing_listener_loses_neither_the_appeal_nor_its_receipt(client, org):
    from huying.appeals.signals import appeal_receiving

    def broken(sender, appeal, **kwargs):
        raise RuntimeError("listener down")

    appeal_receiving.connect(broken, dispatch_uid="test-broken-listener")
    try:
        token = token_of(client.get("/appeals/submit/").content.decode(), "upload_token")
        assert client.post("/appeals/submit/", form_data(org, upload_token=token)).status_code == 302
    finally:
        appeal_receiving.disconnect(dispatch_uid="test-broken-listener")
    assert Outbox.objects.filter(appeal=Appeal.objects.get(), channel="sms").count() == 1


def test_a_fresh_form_is_a_new_appeal(client, org):
    for _ in range(2):
        token = token_of(client.get("/appeals/submit/").content.decode(), "upload_token")
        client.post("/appeals/submit/", form_data(org, upload_token=token, phone="139 0000 5678"))
    assert Appeal.objects.count() == 2


def test_the_entry_form_sent_twice_makes_one_appeal_and_one_sms(client_for, org, dispatcher):
    client = client_for(dispatcher)
    token = token_of(client.get("/staff/enter/").content.decode(), "submission_token")
    data = {**form_data(org), "channel": "phone", "submission_token": token}
    pages = [client.post("/staff/enter/", data) for _ in range(2)]
    assert [p.status_code for p in pages] == [200, 200]
    assert Appeal.objects.count() == 1
    appeal = Appeal.objects.get()
    (sms,) = Outbox.objects.filter(appeal=appeal, channel="sms")
    assert all(appeal.ticket_number in p.content.decode() for p in pages)
    (code,) = set(re.findall(r'data-testid="query-code">([^<]+)<', pages[0].content.decode()))
    assert appeal.ticket_number in sms.body and code not in sms.body


def test_the_receipt_code_is_forgotten_after_a_day(client, org):
    import datetime

    from django.utils import timezone

    from huying.appeals.actions import purge_stale_rows

    token = token_of(client.get("/appeals/submit/").content.decode(), "upload_token")
    client.post("/appeals/submit/", form_data(org, upload_token=token))
    assert purge_stale_rows(timezone.now() + datetime.timedelta(days=2))["receipt_codes"] == 1
    assert Submission.objects.get().query_code_encrypted == ""


# Racing POSTs ------------------------------------------------------------------------------
RACERS = 6


RACE = textwrap.dedent(
    """
    import json, sys, threading, django
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    setup_test_environment()
    call_command("migrate", verbosity=0)
    from huying.accounts.models import Department
    district = Department.objects.create(name="测试区人民政府", kind="district")
    street = Department.objects.create(name="经二路街道办事处", kind="street", parent=district)
    community = Department.objects.create(name="渭工路社区居民委员会", kind="community", parent=street)
    data = json.loads(sys.argv[1])
    data.update(street=str(street.pk), community=str(community.pk))
    token = data["upload_token"]
    barrier, statuses = threading.Barrier(int(sys.argv[2])), []
    def post():
        barrier.wait()
        statuses.append(Client().post("/appeals/submit/", data).status_code)
        connection.close()
    threads = [threading.Thread(target=post) for _ in range(int(sys.argv[2]))]
    [t.start() for t in threads]; [t.join() for t in threads]
    from huying.appeals.models import Appeal, Submission
    from huying.notifications.models import Outbox
    print(json.dumps({"statuses": statuses, "appeals": Appeal.objects.count(), "submissions": Submission.objects.count(),
                      "sms": Outbox.objects.filter(channel="sms").count()}))
    """
)


@pytest.mark.django_db(transaction=True)
def test_racing_posts_with_one_token_make_one_appeal(tmp_path, org):
    if connection.vendor == "postgresql":
        race_in_threads(org)
    else:
        race_on_a_sqlite_file(tmp_path, org)


def race_in_threads(org):
    data = form_data(org, upload_token="a" * 43)
    barrier, statuses = threading.Barrier(RACERS), []

    def post():
        client = Client()
        barrier.wait()
        statuses.append(client.post("/appeals/submit/", data).status_code)
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * RACERS
    assert Appeal.objects.count() == 1 and Submission.objects.count() == 1
    assert Outbox.objects.filter(channel="sms").count() == 1


def race_on_a_sqlite_file(tmp_path, org):
    data = form_data(org, upload_token="a" * 43)
    outcome = run_on_a_sqlite_file(RACE, json.dumps(data), str(RACERS), tmp_path=tmp_path)
    assert outcome == {"statuses": [302] * RACERS, "appeals": 1, "submissions": 1, "sms": 1}
