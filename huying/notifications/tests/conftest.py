import pytest

from huying.appeals.models import Appeal

PHONE = "13812345678"


@pytest.fixture
def make_appeal(db):
    def make(**fields):
        appeal = Appeal(
            ticket_number=fields.pop("ticket_number", "HY20260305001"),
            query_code_hash="x",
            kind=fields.pop("kind", "complaint"),
            title=fields.pop("title", "小区电梯停运"),
            description="电梯停了三天",
            contact_name="张三",
            **fields,
        )
        appeal.phone = PHONE
        appeal.save()
        return appeal

    return make


@pytest.fixture
def appeal(make_appeal):
    return make_appeal()


@pytest.fixture
def flaky_sms(monkeypatch):
    """An SMS backend that fails with an error naming the number, counting its calls."""
    from huying.notifications import senders

    calls = []

    def fail(outbox):
        calls.append(outbox.pk)
        raise OSError(f"gateway refused {outbox.recipient}")

    from huey.contrib.djhuey import HUEY

    monkeypatch.setitem(senders.SMS_BACKENDS, "console", fail)
    HUEY.flush()
    yield calls
    HUEY.flush()  # the retries Huey scheduled must not reach other tests


@pytest.fixture
def sent_sms(monkeypatch):
    """Captures (recipient, body) of each SMS instead of logging it."""
    from huying.notifications import senders

    sent = []
    monkeypatch.setitem(senders.SMS_BACKENDS, "console", lambda o: sent.append((o.recipient, o.body)))
    return sent
