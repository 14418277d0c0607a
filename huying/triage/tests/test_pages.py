"""The smart-triage workbench page: who may see it, and what it shows."""

import re

import pytest

from huying.triage import actions
from huying.triage.models import Head, RouterModel

pytestmark = pytest.mark.django_db

METRICS = {
    "cv": {
        "rows": 10,
        "accuracy": 0.9,
        "macro_f1": 0.875,
        "top3_accuracy": 1.0,
        "log_loss": 0.3,
        "labels": ["城乡建设", "环境保护"],
        "label_ids": [1, 2],
        "per_class": [
            {"label": "城乡建设", "precision": 0.8, "recall": 1.0, "f1": 0.889, "support": 4},
            {"label": "环境保护", "precision": 1.0, "recall": 0.833, "f1": 0.909, "support": 6},
        ],
        "confusion": [[4, 0], [1, 5]],
    },
    "holdout": {"rows": 3, "accuracy": 1.0, "macro_f1": 1.0, "top3_accuracy": 1.0},
    "reason": "first",
}


@pytest.fixture
def models(db):
    live = actions.register_model(
        version=1,
        kind=Head.CATEGORY,
        file_path="router-v1-category.joblib",
        metrics=METRICS,
        trained_on=10,
        live=True,
        forced=False,
    )
    spare = actions.register_model(
        version=2,
        kind=Head.CATEGORY,
        file_path="router-v2-category.joblib",
        metrics=METRICS | {"reason": "worse"},
        trained_on=10,
        live=False,
        forced=False,
    )
    return live, spare


@pytest.mark.parametrize("who", ["dispatcher", "leader", "admin_user"])
def test_the_dispatch_centre_leaders_and_admins_see_the_live_model_and_its_metrics(who, request, client_for, models):
    page = client_for(request.getfixturevalue(who)).get("/triage/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="live-version">' in html and "1" in html
    assert "0.875" in html
    assert 'data-kind="confusion"' in html and "echarts" in html
    assert "[[4, 0], [1, 5]]" in html


@pytest.mark.parametrize(
    "who", ["handler_a", "outsider", "street_handler", "community_handler", "supervisor", "moderator"]
)
def test_others_may_not_see_the_router_pages(who, request, client_for, models):
    client = client_for(request.getfixturevalue(who))
    live, spare = models
    assert client.get("/triage/").status_code == 403
    assert client.get(f"/triage/models/{live.pk}/").status_code == 403
    assert client.post(f"/triage/models/{spare.pk}/live/").status_code == 403


def test_residents_are_sent_to_log_in(client, models):
    response = client.get("/triage/")
    assert response.status_code == 302 and "/accounts/" in response["Location"]


@pytest.mark.parametrize("versions", [0, 12])
def test_the_page_runs_a_bounded_number_of_queries(
    client_for, dispatcher, models, versions, django_assert_max_num_queries
):
    for version in range(3, 3 + versions):
        actions.register_model(
            version=version,
            kind=Head.DEPARTMENT,
            file_path="x.joblib",
            metrics=METRICS,
            trained_on=1,
            live=True,
            forced=False,
        )
    client = client_for(dispatcher)
    with django_assert_max_num_queries(10):
        assert client.get("/triage/").status_code == 200


def test_a_model_version_page_shows_its_metrics_and_an_unknown_one_is_not_found(client_for, dispatcher, models):
    live, spare = models
    client = client_for(dispatcher)
    html = client.get(f"/triage/models/{spare.pk}/").content.decode()
    assert "0.875" in html
    assert 'data-testid="make-live"' not in html  # only admins may force
    assert client.get("/triage/models/999999/").status_code == 404


def test_a_model_version_page_says_how_many_rows_were_held_out_for_the_comparison(client_for, dispatcher, models):
    def page(version, **metrics):
        model = actions.register_model(
            version=version,
            kind=Head.DEPARTMENT,
            file_path=f"router-v{version}-department.joblib",
            metrics=METRICS | {"held_out_rows": 3, **metrics},
            trained_on=13 if metrics.get("gate_file") else 10,
            live=False,
            forced=False,
        )
        html = client_for(dispatcher).get(f"/triage/models/{model.pk}/").content.decode()
        return re.search(r'data-testid="held-out">([^<]*)<', html).group(1)

    # Fitted again on every row after the gate: the held-out rows are among those it learnt.
    assert page(3, gate_file="router-v3-department-gate.joblib") == "其中 3 条先作为留出样本，用于与在用模型比较。"
    assert page(4, gate_file="router-v4-department.joblib") == "另有 3 条作为留出样本，用于与在用模型比较。"


def test_only_an_admin_may_put_a_version_live_by_hand(client_for, dispatcher, admin_user, models):
    live, spare = models
    assert client_for(dispatcher).post(f"/triage/models/{spare.pk}/live/").status_code == 403
    client = client_for(admin_user)
    assert 'data-testid="make-live"' in client.get(f"/triage/models/{spare.pk}/").content.decode()
    assert client.post(f"/triage/models/{spare.pk}/live/").status_code == 302
    spare.refresh_from_db()
    live.refresh_from_db()
    assert spare.is_live and spare.forced and not live.is_live
    assert RouterModel.objects.live().count() == 1


def test_the_suggestions_fragment_is_for_the_dispatch_centre(client_for, handler_a, dispatcher, org):
    from huying.appeals.tests.factories import make_appeal

    appeal = make_appeal(org)
    assert client_for(handler_a).get(f"/triage/appeals/{appeal.pk}/suggestions/").status_code == 403
    assert client_for(dispatcher).get(f"/triage/appeals/{appeal.pk}/suggestions/").status_code == 200
    assert client_for(dispatcher).get("/triage/appeals/999999/suggestions/").status_code == 404


def test_administrators_can_look_at_models_examples_and_suggestions_in_the_admin(client_for, admin_user, models):
    client = client_for(admin_user)
    for name in ("routermodel", "trainingexample", "suggestion"):
        assert client.get(f"/admin/triage/{name}/").status_code == 200
    assert client.get(f"/admin/triage/routermodel/{models[0].pk}/change/").status_code == 200
