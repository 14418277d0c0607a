"""The dispatch centre sees the suggestions as one-click choices; what it confirms is learnt.

Every test here starts from the one training of `trained` (see conftest.py): this module may
hold no transactional test. Its district and dispatcher are the trained history's.
"""

import pytest

from huying.demo.appeals import generate_appeal_texts
from huying.triage.models import Source, TrainingExample
from huying.triage.tests.conftest import submit_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(trained):
    return trained.district


@pytest.fixture
def dispatcher(trained):
    return trained.dispatcher


@pytest.fixture
def suggested(trained, district, django_capture_on_commit_callbacks):
    """A new appeal about traffic, analysed by a router trained on the history (`trained`)."""
    text = next(t for t in generate_appeal_texts(60, seed=11) if t["category"] == "交通运输")
    with django_capture_on_commit_callbacks(execute=True):
        appeal = submit_text(district, text)
    return appeal


def test_the_dispatch_form_offers_the_suggestions_as_one_click_choices(suggested, district, client_for, dispatcher):
    page = client_for(dispatcher).get(f"/staff/appeals/{suggested.pk}/").content.decode()
    traffic = district.roots["交通运输"]
    assert f'data-triage-field="category" data-value="{traffic.pk}"' in page
    assert f'data-triage-field="lead" data-value="{district.leads["交通运输"].pk}"' in page
    assert "triage/triage.js" in page


def test_the_dispatchers_confirmed_choice_becomes_a_training_example_linked_to_the_suggestion(
    suggested, district, client_for, dispatcher, django_capture_on_commit_callbacks
):
    before = TrainingExample.objects.count()
    category = district.roots["城乡建设"]  # the dispatcher disagrees with the router
    lead = district.leads["交通运输"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(dispatcher).post(
            f"/staff/appeals/{suggested.pk}/do/dispatch/",
            {"dispatch-category": category.pk, "dispatch-lead": lead.pk, "dispatch-co_handler_days": "3"},
        )
    assert response.status_code == 302
    assert TrainingExample.objects.count() == before + 1
    example = TrainingExample.objects.get(appeal=suggested)
    assert example.source == Source.CONFIRMED
    assert (example.category, example.department, example.confirmed_by) == (category, lead, dispatcher)
    assert example.suggestion == suggested.suggestion
    assert example.category_rank != 1 and example.department_rank == 1
    page = client_for(dispatcher).get("/triage/").content.decode()
    assert 'data-testid="suggestion-accuracy"' in page


def test_the_suggestions_fragment_waits_for_the_analysis_and_then_shows_it(trained, district, client_for, dispatcher):
    appeal = submit_text(district, generate_appeal_texts(1, seed=3)[0])  # not analysed yet
    client = client_for(dispatcher)
    waiting = client.get(f"/triage/appeals/{appeal.pk}/suggestions/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="load delay:2s"' in waiting
    from huying.triage.tasks import analyse_appeal

    analyse_appeal.call_local(appeal.pk)
    ready = client.get(f"/triage/appeals/{appeal.pk}/suggestions/?poll=1", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in ready and 'data-testid="triage-category"' in ready
