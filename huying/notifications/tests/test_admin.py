from django.db import transaction
from django.urls import reverse, reverse_lazy

from huying.audit.models import Event
from huying.notifications import actions
from huying.notifications.actions import queue_notification
from huying.notifications.models import Outbox

from .conftest import PHONE

CHANGELIST = reverse_lazy("admin:notifications_outbox_changelist")


def queue_sms(appeal=None, body="您的诉求已受理"):
    with transaction.atomic():
        return queue_notification(channel="sms", recipient=PHONE, body=body, appeal=appeal)


def test_the_outbox_list_shows_masked_recipients_only(appeal, admin_user, client_for, django_assert_max_num_queries):
    for _ in range(5):
        queue_sms(appeal, body=f"请回电 {PHONE}")
    client = client_for(admin_user)
    with django_assert_max_num_queries(12):
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "138****5678" in html
    assert PHONE not in html
    assert "HY20260305001" in html


def test_the_outbox_list_filters_by_status(appeal, admin_user, client_for):
    queue_sms(appeal)
    response = client_for(admin_user).get(CHANGELIST, {"status__exact": "given_up"})
    assert response.status_code == 200
    assert "138****5678" not in response.content.decode()


def test_a_message_s_page_is_read_only_and_masked(appeal, admin_user, client_for):
    outbox = queue_sms(appeal, body=f"请回电 {PHONE}")
    response = client_for(admin_user).get(reverse("admin:notifications_outbox_change", args=[outbox.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "请回电 138****5678" in html
    assert PHONE not in html
    assert 'name="_save"' not in html


def test_nobody_adds_or_deletes_messages_by_hand(appeal, admin_user, client_for):
    outbox = queue_sms(appeal)
    client = client_for(admin_user)
    assert client.get(reverse("admin:notifications_outbox_add")).status_code == 403
    assert client.get(reverse("admin:notifications_outbox_delete", args=[outbox.pk])).status_code == 403


def test_a_handler_is_refused_the_outbox(appeal, handler_a, client_for):
    queue_sms(appeal)
    response = client_for(handler_a).get(CHANGELIST)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_an_admin_sends_given_up_messages_again(
    appeal, admin_user, client_for, flaky_sms, monkeypatch, django_capture_on_commit_callbacks
):
    outbox = queue_sms(appeal)
    sent = queue_sms(appeal)
    Outbox.objects.filter(pk=outbox.pk).update(status="given_up", attempts=actions.MAX_ATTEMPTS)
    Outbox.objects.filter(pk=sent.pk).update(status="sent", body_encrypted="")
    from huying.notifications import senders

    delivered = []
    monkeypatch.setitem(senders.SMS_BACKENDS, "console", lambda o: delivered.append(o.pk))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin_user).post(
            CHANGELIST, {"action": "retry_selected", "_selected_action": [outbox.pk, sent.pk]}
        )
    assert response.status_code == 302
    assert delivered == [outbox.pk]
    row = Outbox.objects.get(pk=outbox.pk)
    assert (row.status, row.attempts) == ("sent", 1)
    (event,) = Event.objects.filter(action="notification_retried")
    assert (event.actor, event.from_state, event.to_state) == (admin_user, "given_up", "pending")
