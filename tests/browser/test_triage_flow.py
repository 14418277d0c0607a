"""Smart triage in the browser: a router trained on the demo generator's appeals suggests a
category and lead for a resident's appeal; the dispatcher sees it in the review queue and
dispatches it in one click (the choice is learnt); a near-identical second appeal shows
the first as a likely duplicate and is merged into its work order."""

import os

import pytest

from huying.demo.appeals import generate_appeal_texts
from huying.triage import router
from huying.triage.tests.conftest import district, history  # noqa: F401  (the triage tests' fixtures)
from tests.browser.session import leave, log_in

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("HUYING_SCREENSHOTS", "")
PHONE = "13800007777"


def shot(page, name):
    # Screenshots only when asked for (HUYING_SCREENSHOTS=/some/dir), to look at the pages.
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def submit(page, text) -> str:
    leave(page)
    page.goto("/appeals/submit/")
    page.get_by_label("投诉").check()
    page.get_by_label("标题").fill(text["title"])
    page.get_by_label("诉求内容").fill(text["description"])
    page.get_by_label("街道（镇）").select_option(label=text["street"])
    page.get_by_label("社区").select_option(label=text["community"])
    page.get_by_label("您的姓名").fill("张建华")
    page.get_by_label("联系电话").fill(PHONE)
    page.get_by_test_id("submit-appeal").click()
    return page.get_by_test_id("ticket-number").inner_text().strip()


@pytest.fixture
def trained(history):  # noqa: F811
    """A live router trained on the generator's appeals; the history itself leaves the queue."""
    from huying.appeals.models import Appeal

    appeals = history(200, seed=1)
    router.train_router(progress=False, jobs=1, folds=3)
    Appeal.objects.filter(pk__in=[a.pk for a in appeals]).delete()


def test_a_suggested_appeal_is_dispatched_in_one_click_and_its_near_duplicate_merged(
    page,
    trained,
    district,  # noqa: F811
    dispatcher,  # noqa: F811
):
    from huying.appeals.models import Appeal
    from huying.triage.models import TrainingExample

    text = next(t for t in generate_appeal_texts(60, seed=11) if t["category"] == "交通运输")
    expected_lead = district.leads["交通运输"]

    # A resident submits; the router reads it in the background (immediately, in tests).
    ticket = submit(page, text)
    first = Appeal.objects.get(ticket_number=ticket)
    suggestion = first.suggestion
    assert suggestion.categories[0]["name"] == "交通运输"
    assert suggestion.departments[0]["id"] == expected_lead.pk

    # The dispatcher sees the suggestion in the review queue.
    log_in(page, dispatcher)
    row = page.get_by_test_id("appeal-row").filter(has_text=ticket)
    assert "交通运输" in row.get_by_test_id("queue-suggested-category").inner_text()
    assert "%" in row.get_by_test_id("queue-suggested-category").inner_text()
    assert expected_lead.name in row.get_by_test_id("queue-suggested-department").inner_text()
    shot(page, "triage-1-queue")

    # One click dispatches it (HTMX, in place) and the choice is learnt as rank 1.
    row.get_by_test_id("dispatch-as-suggested").click()
    done = row.get_by_test_id("suggested-dispatch-done")
    done.wait_for()
    assert "已按建议派单" in done.inner_text()
    shot(page, "triage-2-dispatched")
    first.refresh_from_db()
    assert first.work_order is not None
    assert first.work_order.lead_department_id == expected_lead.pk
    example = TrainingExample.objects.get(appeal=first)
    assert (example.category_id, example.department_id) == (suggestion.categories[0]["id"], expected_lead.pk)
    assert (example.category_rank, example.department_rank, example.confirmed_by_id) == (1, 1, dispatcher.pk)

    # The same resident sends the same appeal again: its page shows the first as a likely duplicate.
    second_ticket = submit(page, text)
    second = Appeal.objects.get(ticket_number=second_ticket)
    log_in(page, dispatcher)
    page.goto(f"/staff/appeals/{second.pk}/")
    pair = page.get_by_test_id("duplicate-pair").filter(has_text=ticket)
    assert "相似度" in pair.get_by_test_id("similarity").inner_text()
    shot(page, "triage-3-duplicate")
    pair.get_by_test_id("merge").click()
    page.get_by_test_id("unmerge").wait_for()
    second.refresh_from_db()
    assert second.work_order_id == first.work_order_id
