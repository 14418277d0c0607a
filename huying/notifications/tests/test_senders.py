import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.db import transaction

from huying.notifications import actions
from huying.notifications.actions import deliver, queue_notification
from huying.notifications.models import Outbox

from .conftest import PHONE


@pytest.fixture
def sms_gateway(settings):
    """A local HTTP server standing in for the SMS gateway; set `.status` to make it fail."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            received.append(json.loads(self.rfile.read(length)))
            self.send_response(server.status)
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    server.status = 200
    server.received = received
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.HUYING_SMS_BACKEND = "http"
    settings.HUYING_SMS_URL = f"http://127.0.0.1:{server.server_port}/send"
    yield server
    server.shutdown()
    server.server_close()


def queue_sms(body="您的诉求已受理"):
    with transaction.atomic():
        return queue_notification(channel="sms", recipient=PHONE, body=body)


def test_the_http_backend_posts_json_to_the_gateway(db, sms_gateway):
    outbox = queue_sms()
    assert deliver(outbox.pk) == "sent"
    assert sms_gateway.received == [{"id": outbox.pk, "to": PHONE, "text": "您的诉求已受理"}]


def test_a_gateway_error_is_retried(db, sms_gateway):
    sms_gateway.status = 503
    outbox = queue_sms()
    with pytest.raises(actions.SendFailed):
        deliver(outbox.pk)
    row = Outbox.objects.get(pk=outbox.pk)
    assert row.status == "failed"
    assert "503" in row.last_error
    sms_gateway.status = 200
    assert deliver(outbox.pk) == "sent"


def test_an_unreachable_gateway_is_retried(db, settings):
    settings.HUYING_SMS_BACKEND = "http"
    settings.HUYING_SMS_URL = "http://127.0.0.1:9/unreachable"
    outbox = queue_sms()
    with pytest.raises(actions.SendFailed):
        deliver(outbox.pk)
    assert Outbox.objects.get(pk=outbox.pk).status == "failed"


def test_an_http_backend_without_a_url_gives_up_at_once(db, settings):
    settings.HUYING_SMS_BACKEND = "http"
    settings.HUYING_SMS_URL = ""
    outbox = queue_sms()
    assert deliver(outbox.pk) == "given_up"
    assert "HUYING_SMS_URL" in Outbox.objects.get(pk=outbox.pk).last_error


def test_the_disabled_backend_gives_up_without_retrying(db, settings):
    settings.HUYING_SMS_BACKEND = "disabled"
    outbox = queue_sms()
    assert deliver(outbox.pk) == "given_up"
    row = Outbox.objects.get(pk=outbox.pk)
    assert row.attempts == 1
    assert "disabled" in row.last_error
