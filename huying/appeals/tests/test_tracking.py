import datetime

import pytest
from django.utils import timezone

from huying.appeals.models import TrackingGuard
from huying.appeals.tests.factories import make_appeal
from huying.audit.actions import record_event
from huying.audit.events import EventName

URL = "/appeals/track/"
TRIES = 5  # HUYING_TRACKING_TRIES_PER_TICKET
LOCKED = "请等待 60 分钟"


@pytest.fixture
def appeal(org):
    return make_appeal(org, description="我的电话是13900001234，请尽快联系。路灯坏了一个多月。")


def track(client, ticket, code, follow=False):
    return client.post(URL, {"ticket_number": ticket, "query_code": code}, follow=follow)


def test_the_right_ticket_and_code_show_status_and_timeline(client, appeal):
    response = track(client, appeal.ticket_number, appeal.query_code, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/appeals/track/{appeal.ticket_number}/"
    assert "已提交" in html and "诉求已受理" in html
    assert 'data-testid="timeline"' in html
    assert "13900001234" not in html and "139****1234" in html


def test_the_code_may_be_typed_in_lower_case_with_spaces_and_full_width(client, appeal):
    code = " ".join(appeal.query_code.lower())
    response = track(client, "　" + appeal.ticket_number.replace("-", "－"), code)
    assert response.status_code == 302


def test_a_wrong_ticket_and_a_wrong_code_get_the_same_answer(client, appeal):
    wrong_code = track(client, appeal.ticket_number, "ACEFGHKMNP")
    other = appeal.ticket_number[:-6] + "999999"
    wrong_ticket = track(client, other, appeal.query_code)
    assert wrong_code.status_code == wrong_ticket.status_code == 200

    def message(response):
        return response.content.decode().split('data-testid="form-errors">', 1)[1].split("</div>", 1)[0]

    assert message(wrong_code) == message(wrong_ticket)
    assert "受理号或查询码不正确" in message(wrong_code)


def test_five_wrong_tries_lock_a_ticket_for_an_hour_for_that_address_even_with_the_right_code(client, appeal):
    for _ in range(TRIES - 1):
        assert "不正确" in track(client, appeal.ticket_number, "WRONGCODE1").content.decode()
    assert LOCKED in track(client, appeal.ticket_number, "WRONGCODE1").content.decode()
    assert LOCKED in track(client, appeal.ticket_number, appeal.query_code).content.decode()
    # An hour later the right code opens it again.
    TrackingGuard.objects.filter(ticket_number=appeal.ticket_number).update(
        locked_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert track(client, appeal.ticket_number, appeal.query_code).status_code == 302


def test_a_ticket_that_does_not_exist_locks_the_same_way(client, appeal):
    missing = appeal.ticket_number[:-6] + "888888"
    for _ in range(TRIES - 1):
        track(client, missing, "WRONGCODE1")
    assert LOCKED in track(client, missing, "WRONGCODE1").content.decode()


def test_wrong_tries_more_than_an_hour_apart_do_not_add_up(client, appeal):
    for _ in range(TRIES - 1):
        track(client, appeal.ticket_number, "WRONGCODE1")
    TrackingGuard.objects.filter(ticket_number=appeal.ticket_number).update(
        window_start=timezone.now() - datetime.timedelta(hours=1, minutes=1)
    )
    assert "不正确" in track(client, appeal.ticket_number, "WRONGCODE1").content.decode()
    assert track(client, appeal.ticket_number, appeal.query_code).status_code == 302


def test_the_tracking_page_can_be_reloaded_in_the_same_session_only(client, appeal):
    from django.test import Client

    detail = f"/appeals/track/{appeal.ticket_number}/"
    track(client, appeal.ticket_number, appeal.query_code)
    assert client.get(detail).status_code == 200
    stranger = Client()
    response = stranger.get(detail)
    assert response.status_code == 302 and response["Location"].startswith(URL)
    assert appeal.ticket_number in stranger.get(response["Location"]).content.decode()


def test_the_timeline_names_departments_and_roles_not_people_and_masks_reasons(client, appeal, dispatcher):
    from django.db import transaction

    with transaction.atomic():
        record_event(
            appeal,
            EventName.REJECT,
            actor=dispatcher,
            from_state="submitted",
            to_state="rejected",
            reason="请联系 13900001234 的张建华核实",
        )
        record_event(appeal, EventName.SHOW_CONTACT, actor=dispatcher)
    track(client, appeal.ticket_number, appeal.query_code)
    html = client.get(f"/appeals/track/{appeal.ticket_number}/").content.decode()
    assert "不予受理" in html and "热线中心" in html and "调度员" in html
    assert dispatcher.username not in html.split('data-testid="timeline"')[1]
    assert "13900001234" not in html and "139****1234" in html


def test_the_tracking_page_has_the_work_order_include_point(client, appeal):
    from pathlib import Path

    from django.conf import settings

    template = Path(settings.BASE_DIR, "huying/appeals/templates/appeals/track_detail.html").read_text()
    assert '{% include "workorders/tracking_extra.html" %}' in template


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"ticket_number": "x" * 10_000, "query_code": "y"},
        {"ticket_number": "\x00", "query_code": "\x00"},
        {"ticket_number": "20261129-0000001234567", "query_code": "A"},
    ],
)
def test_odd_tracking_input_never_causes_a_server_error(client, db, data):
    assert client.post(URL, data).status_code == 200


def test_tracking_pages_refuse_other_methods(client, db):
    assert client.put(URL).status_code == 405
    assert client.post("/appeals/track/20261129-000001/").status_code == 405
    assert client.get("/appeals/track/%00%FF/").status_code in (302, 404)


@pytest.fixture
def behind_proxy(settings):
    settings.HUYING_TRUSTED_PROXY_HEADER = "X-Forwarded-For"

    def track_from(client, address, ticket, code):
        return client.post(URL, {"ticket_number": ticket, "query_code": code}, headers={"X-Forwarded-For": address})

    return track_from


def test_a_strangers_wrong_codes_never_lock_out_the_resident(client, appeal, behind_proxy):
    from django.test import Client

    for _ in range(TRIES):
        behind_proxy(client, "203.0.113.66", appeal.ticket_number, "WRONGCODE1")
    assert LOCKED in behind_proxy(client, "203.0.113.66", appeal.ticket_number, appeal.query_code).content.decode()
    # The resident, from another address, opens their appeal as ever.
    assert behind_proxy(Client(), "198.51.100.7", appeal.ticket_number, appeal.query_code).status_code == 302


def test_an_address_guessing_across_many_tickets_waits_for_all_of_them(client, appeal, behind_proxy, settings):
    from django.test import Client

    settings.HUYING_TRACKING_TRIES_PER_ADDRESS = 20
    day = appeal.ticket_number[:9]
    for n in range(20):
        behind_proxy(client, "203.0.113.66", f"{day}{100000 + n}", "WRONGCODE1")
    # Locked for every ticket, this appeal's too, though it never tried this one ...
    assert LOCKED in behind_proxy(client, "203.0.113.66", appeal.ticket_number, appeal.query_code).content.decode()
    # ... and for nobody else.
    assert behind_proxy(Client(), "198.51.100.7", appeal.ticket_number, appeal.query_code).status_code == 302


def test_the_limits_are_settings_and_the_message_says_how_long_to_wait(client, appeal, settings):
    settings.HUYING_TRACKING_TRIES_PER_TICKET = 2
    settings.HUYING_TRACKING_LOCK_MINUTES = 15
    track(client, appeal.ticket_number, "WRONGCODE1")
    assert "请等待 15 分钟" in track(client, appeal.ticket_number, "WRONGCODE1").content.decode()
