import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from huying.audit.actions import record_event
from huying.audit.events import EventName
from huying.audit.models import AppendOnlyError, Event


def rename(department, name, actor, fail=False):
    """A stand-in for an action: one change and its event in one transaction."""
    with transaction.atomic():
        old = department.name
        department.name = name
        department.save(update_fields=["name"])
        record_event(
            department, EventName.ADD_NOTE, actor=actor, from_state=old, to_state=name, reason="更名 13812345678"
        )
        if fail:
            raise RuntimeError("the change failed after its event was written")


def test_an_event_records_who_when_what_and_why(org, dispatcher):
    rename(org.bureau_a, "城建局", dispatcher)
    event = Event.objects.for_object(org.bureau_a).get()
    assert event.actor == dispatcher
    assert event.actor_role == "dispatcher"
    assert (event.action, event.from_state, event.to_state) == ("add_note", "住建局", "城建局")
    assert event.created is not None


def test_a_reason_never_keeps_a_phone_number(org, dispatcher):
    rename(org.bureau_a, "城建局", dispatcher)
    event = Event.objects.for_object(org.bureau_a).get()
    assert "13812345678" not in event.reason
    assert "138****5678" in event.reason


def test_the_event_rolls_back_with_a_failed_change(org, dispatcher):
    with pytest.raises(RuntimeError):
        rename(org.bureau_a, "城建局", dispatcher, fail=True)
    org.bureau_a.refresh_from_db()
    assert org.bureau_a.name == "住建局"
    assert not Event.objects.exists()


def test_the_change_rolls_back_when_its_event_cannot_be_written(org, dispatcher, monkeypatch):
    def broken_save(self, *args, **kwargs):
        raise IntegrityError("event table unavailable")

    monkeypatch.setattr(Event, "save", broken_save)
    with pytest.raises(IntegrityError):
        rename(org.bureau_a, "城建局", dispatcher)
    org.bureau_a.refresh_from_db()
    assert org.bureau_a.name == "住建局"


@pytest.mark.django_db(transaction=True)
def test_an_event_outside_a_transaction_is_refused(org, dispatcher):
    with pytest.raises(RuntimeError):
        record_event(org.bureau_a, EventName.ADD_NOTE, actor=dispatcher)


def test_the_orm_never_updates_or_deletes_events(org, dispatcher):
    rename(org.bureau_a, "城建局", dispatcher)
    event = Event.objects.get()
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.update(reason="")
    with pytest.raises(AppendOnlyError):
        Event.objects.all().delete()


def test_the_database_refuses_update_and_delete_on_postgresql(org, dispatcher):
    """On PostgreSQL a trigger refuses raw SQL too; SQLite relies on the ORM guards above."""
    rename(org.bureau_a, "城建局", dispatcher)
    if connection.vendor != "postgresql":
        assert connection.vendor == "sqlite"
        return
    for sql in ("UPDATE audit_event SET reason = 'x'", "DELETE FROM audit_event"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as c:
            c.execute(sql)
    assert Event.objects.get().reason != "x"


def test_users_with_events_cannot_be_deleted(org, dispatcher):
    from django.db.models import ProtectedError

    rename(org.bureau_a, "城建局", dispatcher)
    with pytest.raises(ProtectedError):
        dispatcher.delete()


def test_an_event_name_outside_the_vocabulary_is_refused(org, dispatcher):
    with pytest.raises(ValueError), transaction.atomic():
        record_event(org.bureau_a, "renamed", actor=dispatcher)
    assert not Event.objects.exists()
