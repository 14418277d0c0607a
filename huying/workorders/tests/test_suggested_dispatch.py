"""The review queue shows the router's suggestion and dispatches it in one click."""

import pytest

from huying.appeals.models import Kind
from huying.triage.models import Suggestion, TrainingExample
from huying.workorders.models import State

pytestmark = pytest.mark.django_db


def suggest(appeal, category, lead, *, p=0.91, uncertain=False):
    return Suggestion.objects.create(
        appeal=appeal,
        categories=[{"id": category.pk, "name": category.name, "p": p}, {"id": 999999, "name": "其他", "p": 0.05}],
        departments=[{"id": lead.pk, "name": lead.name, "p": 0.88}],
        category_version=1,
        department_version=1,
        uncertain=uncertain,
    )


@pytest.fixture
def suggested(world):
    appeal = world.appeal(title="渭工路路灯不亮", category=None)
    suggest(appeal, world.category.parent, world.org.bureau_a)
    return appeal


def test_the_review_queue_shows_the_top_category_and_department_with_their_probability(world, suggested, client_for):
    page = client_for(world.dispatcher).get("/staff/").content.decode()
    assert 'data-testid="queue-suggestion"' in page
    assert "城乡建设" in page and "91%" in page
    assert "住建局" in page and "88%" in page
    assert 'data-testid="dispatch-as-suggested"' in page
    assert 'data-testid="queue-suggestion-uncertain"' not in page


def test_an_uncertain_suggestion_is_marked_and_one_without_a_department_has_no_button(world, client_for):
    appeal = world.appeal(category=None)
    Suggestion.objects.create(
        appeal=appeal, categories=[{"id": world.category.parent.pk, "name": "城乡建设", "p": 0.4}], uncertain=True
    )
    page = client_for(world.dispatcher).get("/staff/").content.decode()
    assert 'data-testid="queue-suggestion-uncertain"' in page
    assert "40%" in page
    assert 'data-testid="dispatch-as-suggested"' not in page


def test_other_tabs_do_not_show_the_suggestion_column(world, suggested, client_for):
    page = client_for(world.dispatcher).get("/staff/?tab=returned").content.decode()
    assert 'data-testid="queue-suggestion"' not in page


@pytest.mark.parametrize("count", [5, 30])
def test_the_review_queue_with_suggestions_runs_a_bounded_number_of_queries(
    world, client_for, django_assert_max_num_queries, count
):
    for _ in range(count):
        suggest(world.appeal(category=None), world.category.parent, world.org.bureau_a)
    client = client_for(world.dispatcher)
    with django_assert_max_num_queries(16):
        response = client.get("/staff/")
    assert response.content.decode().count('data-testid="dispatch-as-suggested"') == min(count, 20)


def test_one_click_dispatches_as_suggested_and_records_the_choice_as_rank_one(
    world, suggested, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.dispatcher).post(
            f"/staff/appeals/{suggested.pk}/dispatch-as-suggested/", HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 200
    assert "已按建议派单至住建局" in response.content.decode()
    fresh = world.refresh(suggested)
    work_order = fresh.work_order
    assert work_order.state == State.DISPATCHED
    assert (work_order.category, work_order.lead_department) == (world.category.parent, world.org.bureau_a)
    assert [a.department for a in work_order.assignments.all()] == [world.org.bureau_a]  # no co-handlers
    example = TrainingExample.objects.get(appeal=suggested)
    assert (example.category_rank, example.department_rank) == (1, 1)
    assert example.confirmed_by == world.dispatcher
    assert example.suggestion == suggested.suggestion


def test_without_htmx_one_click_redirects_back_to_the_queue_with_a_message(world, suggested, client_for):
    response = client_for(world.dispatcher).post(f"/staff/appeals/{suggested.pk}/dispatch-as-suggested/", follow=True)
    assert response.redirect_chain[-1][0] == "/staff/"
    assert world.refresh(suggested).work_order.lead_department == world.org.bureau_a


def test_a_report_naming_the_suggested_department_is_sent_to_the_full_page_to_confirm(world, client_for):
    report = world.appeal(kind=Kind.REPORT, category=None, title="举报住建局工作人员", description="住建局有人收钱。")
    suggest(report, world.category.parent, world.org.bureau_a)
    response = client_for(world.dispatcher).post(
        f"/staff/appeals/{report.pk}/dispatch-as-suggested/", HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="suggested-dispatch-error"' in page and "住建局" in page and "请在诉求页面确认" in page
    assert f'href="/staff/appeals/{report.pk}/"' in page
    assert world.refresh(report).work_order_id is None


def test_an_appeal_already_dispatched_is_refused_with_a_message(world, suggested, client_for):
    world.dispatch(suggested)
    response = client_for(world.dispatcher).post(
        f"/staff/appeals/{suggested.pk}/dispatch-as-suggested/", HTTP_HX_REQUEST="true"
    )
    assert 'data-testid="suggested-dispatch-error"' in response.content.decode()


def test_an_appeal_without_a_suggestion_is_refused_with_a_message(world, client_for):
    appeal = world.appeal()
    response = client_for(world.dispatcher).post(
        f"/staff/appeals/{appeal.pk}/dispatch-as-suggested/", HTTP_HX_REQUEST="true"
    )
    assert 'data-testid="suggested-dispatch-error"' in response.content.decode()
    assert world.refresh(appeal).work_order_id is None


@pytest.mark.parametrize("who", ["co_a", "lead", "supervisor", "leader", "moderator", "outsider"])
def test_only_the_dispatch_centre_may_dispatch_as_suggested(world, suggested, client_for, who):
    response = client_for(getattr(world, who)).post(f"/staff/appeals/{suggested.pk}/dispatch-as-suggested/")
    assert response.status_code in (403, 404)
    assert world.refresh(suggested).work_order_id is None


def test_a_resident_is_sent_to_log_in_and_a_get_is_not_allowed(world, suggested, client, client_for):
    response = client.post(f"/staff/appeals/{suggested.pk}/dispatch-as-suggested/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client_for(world.dispatcher).get(f"/staff/appeals/{suggested.pk}/dispatch-as-suggested/")
    assert response.status_code == 405
    assert world.refresh(suggested).work_order_id is None
