"""我也遇到了: once per browser, once per phone, rate-limited, idempotent, erased with the appeal."""

import pytest

from huying.appeals.actions import erase_personal_data
from huying.appeals.tests.factories import make_appeal
from huying.hot import actions
from huying.hot.models import HotMember, Support
from huying.notifications.models import Outbox


@pytest.fixture
def published(org):
    return make_appeal(org, published=True)


def test_a_browser_supports_once_however_often_it_presses(published):
    first = actions.support(published, browser="b1")
    again = actions.support(published, browser="b1")
    assert first.counted and not again.counted
    assert again.supports == 1 == Support.objects.count()
    # A supported appeal is a hot issue even on its own, and its heat counts the support.
    issue = HotMember.objects.get(pk=published.pk).hot_issue
    assert issue.window_figures(7)["supports"] == 1


def test_a_phone_counts_once_across_browsers(published):
    actions.support(published, browser="b1", phone="13900005555")
    other = actions.support(published, browser="b2", phone="13900005555")
    assert not other.counted and other.supports == 1
    assert actions.support(published, browser="b3").supports == 2


def test_the_phone_is_kept_only_with_consent_encrypted_and_masked(published):
    actions.support(published, browser="b1", phone="13900005555")
    actions.support(published, browser="b2", phone="13900006666", consent=True)
    without, with_consent = Support.objects.order_by("pk")
    assert without.phone_encrypted == "" and without.phone_masked == "" and without.phone_hash
    assert with_consent.phone == "13900006666"
    assert "13900006666" not in with_consent.phone_encrypted
    assert with_consent.phone_masked == "139****6666"
    assert with_consent.unsubscribe_token


def test_supports_from_one_address_are_limited(published, settings):
    settings.HUYING_SUPPORTS_PER_IP_PER_HOUR = 2
    actions.support(published, browser="b1", ip="10.0.0.1")
    actions.support(published, browser="b2", ip="10.0.0.1")
    with pytest.raises(actions.HotRefused):
        actions.support(published, browser="b3", ip="10.0.0.1")
    # Pressing again is no new support: never refused.
    assert not actions.support(published, browser="b1", ip="10.0.0.1").counted
    assert actions.support(published, browser="b4", ip="10.0.0.2").counted


def test_supporters_who_agreed_are_told_once_each_with_a_way_to_stop(published, django_capture_on_commit_callbacks):
    from django.db import transaction

    actions.support(published, browser="b1", phone="13900006666", consent=True)
    actions.support(published, browser="b2", phone="13900007777")
    issue = HotMember.objects.get(pk=published.pk).hot_issue
    with transaction.atomic():
        assert actions.notify_supporters(issue, "您关注的问题已列入办实事清单。") == 1
    message = Outbox.objects.filter(appeal__isnull=True).get()
    assert message.recipient == "13900006666"
    assert "退订" in message.body and "/hot/unsubscribe/" in message.body
    token = Support.objects.get(consent=True).unsubscribe_token
    assert token not in message.preview
    assert actions.unsubscribe(token)
    with transaction.atomic():
        assert actions.notify_supporters(issue, "又一条消息") == 0
    stopped = Support.objects.get(unsubscribe_token=token)
    assert stopped.unsubscribed and stopped.phone_encrypted == ""


def test_the_privacy_erasure_erases_supporters_phones(published, settings):
    actions.support(published, browser="b1", phone="13900006666", consent=True)
    settings.HUYING_RETENTION_DAYS = 30
    assert erase_personal_data(published.pk, again=True)
    row = Support.objects.get()
    assert row.phone_encrypted == "" and row.phone_masked == "" and not row.consent
    # The support still counts.
    assert Support.objects.counted().count() == 1


def test_the_erasure_takes_the_hot_issue_title_again_from_the_erased_text(org, settings):
    # A name the masker cannot tell from other words: only the erasure knows it is the resident's.
    appeal = make_appeal(org, published=True, title="柳湖小区路灯坏了（秋生）", contact_name="秋生")
    actions.support(appeal, browser="b1")
    issue = HotMember.objects.get(pk=appeal.pk).hot_issue
    assert "秋生" in issue.title
    assert erase_personal_data(appeal.pk, again=True)
    issue.refresh_from_db()
    assert "秋生" not in issue.title
