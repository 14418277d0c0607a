"""Abuse scores: enqueued when an appeal arrives, stored by the task, flagged, never dropped."""

import datetime

import pytest
from django.urls import reverse

from huying.appeals.actions import record_abuse_score, submit_appeal
from huying.appeals.models import Appeal
from huying.appeals.states import State
from huying.appeals.tests.factories import appeal_data, form_data, make_appeal
from huying.appeals.timeline import timeline_for
from huying.audit.models import Event
from huying.lib.abuse import abuse_score

SPAM_TITLE = "免费领取贷款秒批"
SPAM_TEXT = "代开发票，详情请访问 http://t.cn/A6xYz 或 www.daikai-fapiao.xyz 加微信 vx: fapiao8888"


def test_an_appeal_arriving_only_enqueues_the_scoring(org, monkeypatch, django_capture_on_commit_callbacks):
    enqueued = []
    monkeypatch.setattr("huying.appeals.tasks.score_abuse", enqueued.append)
    with django_capture_on_commit_callbacks(execute=True):
        appeal = make_appeal(org, title=SPAM_TITLE, description=SPAM_TEXT, triage=True)
    assert enqueued == [appeal.pk]
    appeal.refresh_from_db()
    assert appeal.abuse_checked_at is None and appeal.abuse_score == 0 and appeal.abuse_reasons == []


def test_a_spammy_appeal_submitted_online_is_scored_and_flagged_but_kept(
    client, org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("appeals:submit"), form_data(org, title=SPAM_TITLE, description=SPAM_TEXT))
    assert response.status_code == 302  # the resident got the receipt
    appeal = Appeal.objects.get()
    assert appeal.status == State.SUBMITTED
    assert appeal.abuse_score >= 0.5 and appeal.abuse.flagged
    assert {"links", "spam_words"} <= set(appeal.abuse_reasons)
    assert appeal.abuse_checked_at is not None
    event = Event.objects.for_object(appeal).get(action="flagged_for_abuse")
    assert event.actor is None and event.actor_role == "system" and "含网址链接" in event.reason
    assert Appeal.objects.flagged_for_abuse().get() == appeal


def test_a_clean_appeal_is_scored_zero_and_not_flagged(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appeal = make_appeal(org, triage=True)
    appeal.refresh_from_db()
    assert appeal.abuse_checked_at is not None
    assert (appeal.abuse_score, appeal.abuse_reasons, appeal.abuse.flagged) == (0, [], False)
    assert not Event.objects.filter(action="flagged_for_abuse").exists()
    assert not Appeal.objects.flagged_for_abuse().exists()


def test_an_appeal_entered_by_staff_is_scored_too(org, dispatcher, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(dispatcher).post(
            "/staff/enter/",
            {
                "channel": "phone",
                "kind": "help",
                "title": SPAM_TITLE,
                "description": SPAM_TEXT,
                "submitter_type": "resident",
                "street": org.street.pk,
                "community": org.community.pk,
                "contact_name": "王芳",
                "phone": "13600002222",
            },
        )
    assert response.status_code == 200
    appeal = Appeal.objects.get(contact_name="王芳")
    assert appeal.entered_by == dispatcher and appeal.abuse.flagged


def test_repeats_count_the_same_phone_in_the_day_before_the_appeal_only(org):
    now = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)

    def submit(hours_before, phone="13900001234"):
        data = appeal_data(org, phone=phone)
        return submit_appeal(data, enforce_limits=False, submitted_at=now - datetime.timedelta(hours=hours_before))

    submit(30)  # more than a day before: not a repeat
    submit(5, phone="13700005555")  # another phone
    for hours in (20, 10, 3, 1):
        submit(hours)
    appeal = submit(0).appeal
    submit(-2)  # afterwards: not counted for this one

    result = record_abuse_score(appeal.pk)
    appeal.refresh_from_db()
    assert appeal.abuse_reasons == ["repeated_phone"]
    assert appeal.abuse_score == result.score == abuse_score("", recent_submissions_same_phone=4).score


def test_scoring_again_keeps_one_flag_event(org):
    appeal = make_appeal(org, title=SPAM_TITLE, description=SPAM_TEXT, triage=True)
    first = record_abuse_score(appeal.pk)
    second = record_abuse_score(appeal.pk)
    assert first == second and first.flagged
    assert Event.objects.for_object(appeal).filter(action="flagged_for_abuse").count() == 1


def test_scoring_a_missing_appeal_does_nothing(db):
    assert record_abuse_score(987654) is None


def test_the_resident_never_sees_the_flag_in_the_timeline(org):
    appeal = make_appeal(org, title=SPAM_TITLE, description=SPAM_TEXT, triage=True)
    record_abuse_score(appeal.pk)
    labels = [step.label for step in timeline_for(appeal)]
    assert labels and all("abuse" not in label.lower() and "滥用" not in label for label in labels)


@pytest.mark.parametrize("text", ["", "路灯坏了" * 3000, "！！！" * 5000])
def test_empty_and_huge_texts_are_scored_without_error(org, text):
    appeal = make_appeal(org, triage=True)
    Appeal.objects.filter(pk=appeal.pk).update(description=text)
    assert record_abuse_score(appeal.pk) is not None
