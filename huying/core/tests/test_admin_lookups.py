"""No admin list answers a 500 to a date filter the database cannot run."""

import pytest
from django.contrib import admin
from django.db import models
from django.test import Client

from huying.lib.admin import SafeLookups


def dated_lists():
    for model, model_admin in admin.site._registry.items():
        for field in model._meta.get_fields():
            if isinstance(field, models.DateField) and not field.is_relation:
                yield model, model_admin, field.name


def test_every_registered_admin_with_dates_has_the_safe_lookups():
    assert [model for model, model_admin, _name in dated_lists() if not isinstance(model_admin, SafeLookups)] == []


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "0001-01-01 00:00:00", "2026-02-30", "abc", "²"])
def test_an_impossible_date_filter_sends_the_admin_back_to_the_list(admin_user, value):
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    wrong = []
    for model, _model_admin, name in dated_lists():
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for lookup in ("gte", "lte", "exact"):
            response = client.get(url, {f"{name}__{lookup}": value})
            if response.status_code >= 500:
                wrong.append((url, name, lookup))
    assert wrong == []
