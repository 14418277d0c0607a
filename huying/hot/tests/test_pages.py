"""The hot-issue pages through HTTP: who may see them, what they show (masked), their queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from huying.appeals.tests.factories import make_appeal
from huying.audit.events import EventName
from huying.audit.models import Event
from huying.hot import actions
from huying.hot.models import HotIssue, HotMember, Support
from huying.hot.tests.conftest import NOISE, PARKING


@pytest.fixture
def noise(write):
    appeals = [write(*text) for text in NOISE]
    return HotMember.objects.get(pk=appeals[0].pk).hot_issue, appeals


@pytest.mark.parametrize("who", ["dispatcher", "supervisor", "leader", "admin_user"])
def test_the_dispatch_centre_supervisors_and_leaders_see_the_hot_issues(who, request, client_for, noise):
    issue, appeals = noise
    client = client_for(request.getfixturevalue(who))
    html = client.get("/hot/?window=30").content.decode()
    assert f'data-hot-issue="{issue.pk}"' in html
    assert appeals[0].ticket_number in html
    assert "甲街道" in html and "一社区" in html
    assert "热度 = (R + 0.5·S + 0.1·(A − R)) × (0.5 + 0.5·r) × (1 + 0.5·g)" in html
    assert 'data-hot-chart="hot-trend"' in html and "echarts" in html
    assert client.get(f"/hot/{issue.pk}/?window=7").status_code == 200


@pytest.mark.parametrize("who", ["handler_a", "street_handler", "community_handler", "outsider", "moderator"])
def test_others_may_not_see_or_regroup_hot_issues(who, request, client_for, noise):
    issue, appeals = noise
    client = client_for(request.getfixturevalue(who))
    assert client.get("/hot/").status_code == 403
    assert client.get(f"/hot/{issue.pk}/").status_code == 403
    assert client.post(f"/hot/{issue.pk}/split/", {"appeals": [appeals[0].pk], "reason": "x"}).status_code == 403
    assert client.post(f"/hot/{issue.pk}/join/", {"other": issue.pk, "reason": "x"}).status_code == 403
    assert HotMember.objects.filter(hot_issue=issue).count() == 3


@pytest.mark.parametrize("who", ["supervisor", "leader"])
def test_supervisors_and_leaders_read_but_do_not_regroup(who, request, client_for, noise):
    issue, appeals = noise
    client = client_for(request.getfixturevalue(who))
    assert 'data-testid="split"' not in client.get(f"/hot/{issue.pk}/").content.decode()
    assert client.post(f"/hot/{issue.pk}/split/", {"appeals": [appeals[0].pk], "reason": "x"}).status_code == 403


def test_residents_are_sent_to_log_in(client, noise):
    issue, _appeals = noise
    for url in ("/hot/", f"/hot/{issue.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_the_page_masks_personal_data_in_titles(write, client_for, dispatcher):
    first = write("柳湖小区搅拌站噪音 联系13912345678", NOISE[0][1])
    write(*NOISE[1])
    html = client_for(dispatcher).get("/hot/").content.decode()
    assert HotMember.objects.filter(pk=first.pk).exists()
    assert "13912345678" not in html and "139****5678" in html
    assert (
        "13912345678"
        not in client_for(dispatcher).get(f"/hot/{HotMember.objects.get(pk=first.pk).hot_issue_id}/").content.decode()
    )


def test_a_window_that_is_not_offered_falls_back_to_30_days(client_for, dispatcher, noise):
    for value in ("abc", "5", "-1", "９０", "30' or 1=1"):
        response = client_for(dispatcher).get("/hot/", {"window": value})
        assert response.status_code == 200
        assert 'aria-current="page">最近 30 天' in response.content.decode()


def test_the_list_and_the_hot_issue_page_need_a_fixed_number_of_queries(write, client_for, dispatcher, org):
    client = client_for(dispatcher)
    for text in NOISE:
        write(*text)
    client.get("/hot/")
    with CaptureQueriesContext(connection) as few:
        client.get("/hot/")
    for text in NOISE:
        write(*text, street=org.other_street, community=org.other_community)
    write(*PARKING)
    write(PARKING[0], PARKING[1].replace("停车位", "路边停车位"))
    with CaptureQueriesContext(connection) as more:
        client.get("/hot/")
    assert HotIssue.objects.active().count() >= 2
    assert len(more) == len(few) <= 8
    issue = HotIssue.objects.active().first()
    with CaptureQueriesContext(connection) as detail:
        client.get(f"/hot/{issue.pk}/")
    assert len(detail) <= 10


def test_the_dispatch_centre_splits_and_joins_through_the_page(client_for, dispatcher, noise):
    issue, appeals = noise
    client = client_for(dispatcher)
    # No reason: refused, with the choice kept.
    response = client.post(f"/hot/{issue.pk}/split/", {"appeals": [appeals[2].pk], "reason": ""})
    assert response.status_code == 400
    assert f'value="{appeals[2].pk}" aria-label="{appeals[2].ticket_number}" checked' in response.content.decode()
    response = client.post(f"/hot/{issue.pk}/split/", {"appeals": [appeals[2].pk], "reason": "另一处搅拌站"})
    assert response.status_code == 302
    new = HotMember.objects.get(pk=appeals[2].pk).hot_issue
    assert new != issue
    history = client.get(f"/hot/{issue.pk}/").content.decode()
    assert "另一处搅拌站" in history
    # Joining with a number that is no hot issue keeps what was typed.
    response = client.post(f"/hot/{issue.pk}/join/", {"other": "99999", "reason": "同一个"})
    assert response.status_code == 400 and 'value="99999"' in response.content.decode()
    response = client.post(f"/hot/{issue.pk}/join/", {"other": f"#{new.pk}", "reason": "同一个搅拌站"})
    assert response.status_code == 302
    assert HotMember.objects.get(pk=appeals[2].pk).hot_issue == issue
    assert Event.objects.for_object(issue).filter(action=EventName.HOT_ISSUE_JOINED, actor=dispatcher).exists()


def test_an_appeal_of_another_hot_issue_cannot_be_split_off(client_for, dispatcher, noise, write):
    issue, _appeals = noise
    stranger = write(*PARKING)
    for value in (str(stranger.pk), "999999", "abc"):
        response = client_for(dispatcher).post(f"/hot/{issue.pk}/split/", {"appeals": [value], "reason": "x"})
        assert response.status_code == 400
    assert HotMember.objects.filter(hot_issue=issue).count() == 3


# The board's "我也遇到了" ------------------------------------------------------------------------
@pytest.fixture
def published(org):
    return make_appeal(org, published=True)


def test_anyone_supports_a_published_appeal_once_per_browser(client, published):
    page = client.get(f"/board/{published.pk}/").content.decode()
    assert 'data-testid="support-button"' in page and 'data-testid="support-count">0<' in page
    response = client.post(f"/hot/support/{published.pk}/", {"phone": "", "consent": ""})
    assert response.status_code == 302
    client.post(f"/hot/support/{published.pk}/", {})
    assert Support.objects.counted().filter(appeal=published).count() == 1
    page = client.get(f"/board/{published.pk}/").content.decode()
    assert 'data-testid="support-count">1<' in page and 'data-testid="supported"' in page


def test_htmx_support_answers_with_the_panel_and_keeps_a_wrong_phone(client, published):
    headers = {"HTTP_HX_REQUEST": "true"}
    response = client.post(f"/hot/support/{published.pk}/", {"phone": "12345", "consent": "on"}, **headers)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="12345"' in html and "手机号" in html
    assert not Support.objects.exists()
    response = client.post(f"/hot/support/{published.pk}/", {"phone": "", "consent": "on"}, **headers)
    assert "请留下手机号" in response.content.decode()
    response = client.post(f"/hot/support/{published.pk}/", {"phone": "139 0000 8888", "consent": "on"}, **headers)
    assert 'data-testid="support-count">1<' in response.content.decode()
    assert Support.objects.get().phone == "13900008888"


def test_support_is_only_for_published_appeals(client, org):
    hidden = make_appeal(org)
    assert client.post(f"/hot/support/{hidden.pk}/", {}).status_code == 404
    assert client.post("/hot/support/99999999/", {}).status_code == 404
    assert not Support.objects.exists()


def test_the_board_page_shows_no_supporter_phone(client, published):
    actions.support(published, browser="x", phone="13900006666", consent=True)
    html = client.get(f"/board/{published.pk}/").content.decode()
    assert "13900006666" not in html and "6666" not in html


def test_the_board_page_with_the_support_panel_needs_a_fixed_number_of_queries(client, published):
    client.get(f"/board/{published.pk}/")
    with CaptureQueriesContext(connection) as first:
        client.get(f"/board/{published.pk}/")
    for n in range(5):
        actions.support(published, browser=f"b{n}")
    with CaptureQueriesContext(connection) as later:
        client.get(f"/board/{published.pk}/")
    assert len(first) == len(later)


def test_unsubscribing_asks_first_then_stops(client, published):
    actions.support(published, browser="x", phone="13900006666", consent=True)
    token = Support.objects.get().unsubscribe_token
    assert "退订" in client.get(f"/hot/unsubscribe/{token}/").content.decode()
    assert Support.objects.get().consent
    assert client.post(f"/hot/unsubscribe/{token}/").status_code == 200
    assert not Support.objects.get().consent
    assert client.post("/hot/unsubscribe/nonsense/").status_code == 404


def test_a_split_chooses_among_all_its_appeals_not_only_the_window_s(client_for, dispatcher, noise):
    from huying.appeals.models import Appeal

    issue, appeals = noise
    # One of its appeals is older than the 7-day window: it is listed, and choosable.
    old = appeals[0]
    Appeal.objects.filter(pk=old.pk).update(created=old.created - datetime.timedelta(days=40))
    HotMember.objects.filter(pk=old.pk).update(appeal_created=old.created - datetime.timedelta(days=40))
    html = client_for(dispatcher).get(f"/hot/{issue.pk}/?window=7").content.decode()
    assert f'value="{old.pk}"' in html and "时段之前" in html
    ticked = [a.pk for a in appeals]
    response = client_for(dispatcher).post(f"/hot/{issue.pk}/split/", {"appeals": ticked, "reason": "全选"})
    assert response.status_code == 400 and "不能全选" in response.content.decode()


def test_the_split_refusals_say_what_is_missing_and_a_reload_goes_back_to_the_page(client_for, dispatcher, noise):
    issue, _appeals = noise
    client = client_for(dispatcher)
    html = client.post(f"/hot/{issue.pk}/split/", {}).content.decode()
    assert "请勾选要拆出的诉求。" in html and "请说明这些诉求为什么是另一个问题。" in html
    assert "请填写要合并的热点问题编号。" in client.post(f"/hot/{issue.pk}/join/", {"reason": "x"}).content.decode()
    # The refused form's address, reloaded (or after switching language): back to the hot issue.
    for name in ("split", "join"):
        response = client.get(f"/hot/{issue.pk}/{name}/")
        assert response.status_code == 302 and response["Location"] == f"/hot/{issue.pk}/"


def test_praise_and_reports_of_wrongdoing_are_never_grouped(write):
    from huying.appeals.models import Kind

    write(*NOISE[0])
    praise = write(NOISE[1][0], NOISE[1][1], kind=Kind.PRAISE)
    report = write(NOISE[2][0], NOISE[2][1], kind=Kind.REPORT)
    assert not HotMember.objects.filter(pk__in=[praise.pk, report.pk]).exists()


def test_a_hot_issue_is_named_by_the_title_most_of_its_appeals_carry(write):
    first = write("柳湖小区搅拌站", NOISE[0][1])
    write(*NOISE[0])
    write(NOISE[0][0], NOISE[1][1])
    issue = HotMember.objects.get(pk=first.pk).hot_issue
    issue.refresh_from_db()
    assert issue.title == NOISE[0][0]


def test_consent_needs_a_mobile_number_and_a_landline_alone_is_fine(client, published):
    headers = {"HTTP_HX_REQUEST": "true"}
    html = client.post(f"/hot/support/{published.pk}/", {"phone": "0917-3456789", "consent": "on"}, **headers)
    assert "短信只能发到手机，请填写手机号码。" in html.content.decode()
    assert not Support.objects.exists()
    client.post(f"/hot/support/{published.pk}/", {"phone": "0917-3456789"}, **headers)
    assert Support.objects.get().phone_hash and not Support.objects.get().consent


def test_without_javascript_a_refused_support_shows_the_whole_board_page(client, published):
    response = client.post(f"/hot/support/{published.pk}/", {"phone": "12", "consent": "on"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="board-detail"' in html and 'value="12"' in html


def test_a_phone_known_from_another_browser_is_not_told_apart(client, published):
    actions.support(published, browser="someone-else", phone="13900005555")
    response = client.post(f"/hot/support/{published.pk}/", {"phone": "13900005555"}, HTTP_HX_REQUEST="true")
    assert "谢谢，您的附议已记录。" in response.content.decode()
    assert Support.objects.counted().count() == 1


def test_the_staff_appeal_page_names_its_hot_issue_for_those_who_see_hot_issues(
    client_for, dispatcher, handler_a, noise, org
):
    from huying.appeals.tests.factories import publish_on_board

    issue, appeals = noise
    publish_on_board(org, appeals[0])  # dispatched to bureau A, whose handler sees it
    html = client_for(dispatcher).get(f"/staff/appeals/{appeals[0].pk}/").content.decode()
    assert 'data-testid="hot-issue"' in html and f"/hot/{issue.pk}/" in html
    # A department's handler sees the appeal, never the hot issues.
    response = client_for(handler_a).get(f"/staff/appeals/{appeals[0].pk}/")
    assert response.status_code == 200
    assert 'data-testid="hot-issue"' not in response.content.decode()
