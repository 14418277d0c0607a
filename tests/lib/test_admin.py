"""Rows written only by actions are read-only in Django admin, even for a superuser."""

import pytest
from django.contrib import admin

from huying.audit.models import Event
from huying.lib.admin import ReadOnlyModelAdmin
from huying.notifications.models import Outbox
from huying.triage.models import RouterModel, Suggestion, TrainingExample

READ_ONLY = [Event, Outbox, RouterModel, TrainingExample, Suggestion]


@pytest.mark.parametrize("model", READ_ONLY, ids=lambda m: m._meta.label)
def test_admin_cannot_add_change_or_delete_rows_written_by_actions(model, rf, admin_user):
    model_admin = admin.site._registry[model]
    assert isinstance(model_admin, ReadOnlyModelAdmin)
    request = rf.get("/admin/")
    request.user = admin_user
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert model_admin.has_view_permission(request)


def test_an_event_cannot_be_deleted_through_the_admin(client_for, admin_user, dispatcher):
    from django.db import transaction

    from huying.audit.actions import record_event

    with transaction.atomic():
        event = record_event(dispatcher, "add_note", actor=dispatcher, reason="x")
    client = client_for(admin_user)
    assert client.post(f"/admin/audit/event/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"/admin/audit/event/{event.pk}/change/", {"reason": "rewritten"}).status_code == 403
    assert Event.objects.filter(pk=event.pk, reason="x").exists()
