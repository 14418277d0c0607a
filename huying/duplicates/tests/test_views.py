"""The dispatcher's duplicates panel: side by side with a score, join and leave by HTMX."""

import pytest

from huying.appeals.models import Appeal
from huying.duplicates.tests.conftest import LAMP, LAMP_AGAIN, NOISE

HTMX = {"HX-Request": "true"}


@pytest.fixture
def pair(world, submit):
    """An earlier appeal dispatched, and a near-identical later one from another resident."""
    earlier = world.dispatch(submit(*LAMP, category=world.category))
    later = submit(*LAMP_AGAIN, phone="13800005678", contact_name="李秀英")
    return earlier, later


def panel_url(appeal):
    return f"/duplicates/appeals/{appeal.pk}/"


def test_the_dispatcher_sees_the_likely_duplicate_side_by_side_with_its_similarity(world, pair, client_for):
    earlier, later = pair
    response = client_for(world.dispatcher).get(panel_url(later))
    assert response.status_code == 200
    html = response.content.decode()
    assert later.ticket_number in html and earlier.ticket_number in html
    assert 'data-testid="similarity"' in html and "%" in html
    assert 'data-testid="merge"' in html


def test_the_panel_is_an_htmx_fragment_when_asked_by_htmx(world, pair, client_for):
    _earlier, later = pair
    html = client_for(world.dispatcher).get(panel_url(later), headers=HTMX).content.decode()
    assert "<html" not in html and 'data-testid="duplicates-panel"' in html


def test_the_include_loads_the_panel_lazily(world, pair):
    from django.template.loader import render_to_string

    _earlier, later = pair
    html = render_to_string("duplicates/panel.html", {"appeal": later})
    assert f'hx-get="{panel_url(later)}"' in html


def test_numbers_in_the_text_are_masked_on_the_panel(world, submit, client_for):
    earlier = world.dispatch(submit(LAMP[0], LAMP[1] + "联系我13912345678", category=world.category))
    later = submit(LAMP_AGAIN[0], LAMP_AGAIN[1] + "联系我13912345678", phone="13800005678")
    html = client_for(world.dispatcher).get(panel_url(later)).content.decode()
    assert earlier.ticket_number in html
    assert "13912345678" not in html and "139****5678" in html


def test_an_appeal_without_duplicates_says_so(world, submit, client_for):
    alone = submit(*NOISE)
    html = client_for(world.dispatcher).get(panel_url(alone)).content.decode()
    assert 'data-testid="duplicate-pair"' not in html
    assert "30" in html


def test_merging_from_the_panel_joins_the_work_order_and_shows_it_merged(world, pair, client_for):
    earlier, later = pair
    client = client_for(world.dispatcher)
    response = client.post(f"/duplicates/appeals/{later.pk}/merge/{earlier.pk}/", headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="unmerge"' in html
    assert world.refresh(later).work_order_id == earlier.work_order_id
    response = client.post(f"/duplicates/appeals/{later.pk}/unmerge/{earlier.pk}/", headers=HTMX)
    assert 'data-testid="merge"' in response.content.decode()
    assert world.refresh(later).work_order_id is None


def test_merging_without_htmx_redirects_back_to_the_panel(world, pair, client_for):
    earlier, later = pair
    response = client_for(world.dispatcher).post(f"/duplicates/appeals/{later.pk}/merge/{earlier.pk}/")
    assert response.status_code == 302 and response["Location"] == panel_url(later)
    assert Appeal.objects.get(pk=later.pk).is_joined


def test_a_refused_merge_shows_why_and_changes_nothing(world, submit, client_for):
    earlier = submit(*LAMP)  # not dispatched: it has no work order to join
    later = submit(*LAMP_AGAIN, phone="13800005678")
    html = client_for(world.dispatcher).get(panel_url(later)).content.decode()
    assert 'data-testid="merge-refusal"' in html
    response = client_for(world.dispatcher).post(f"/duplicates/appeals/{later.pk}/merge/{earlier.pk}/", headers=HTMX)
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not Appeal.objects.filter(pk=later.pk, work_order__isnull=False).exists()


@pytest.mark.parametrize("name", ["handler_a", "outsider", "street_handler", "supervisor", "leader", "moderator"])
def test_other_staff_cannot_see_the_panel_nor_merge(world, pair, client_for, request, name):
    earlier, later = pair
    client = client_for(request.getfixturevalue(name))
    assert client.get(panel_url(later)).status_code in (403, 404)
    assert client.post(f"/duplicates/appeals/{later.pk}/merge/{earlier.pk}/").status_code in (403, 404)
    assert client.post(f"/duplicates/appeals/{later.pk}/unmerge/{earlier.pk}/").status_code in (403, 404)
    assert not Appeal.objects.filter(pk=later.pk, work_order__isnull=False).exists()


def test_residents_are_sent_to_the_login(pair, client):
    _earlier, later = pair
    response = client.get(panel_url(later))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unknown_appeal_is_not_found(world, client_for):
    assert client_for(world.dispatcher).get("/duplicates/appeals/999999/").status_code == 404


def test_the_panel_runs_a_bounded_number_of_queries(world, submit, client_for, django_assert_max_num_queries):
    world.dispatch(submit(*LAMP, category=world.category))
    later = submit(*LAMP_AGAIN, phone="13800005678")
    client = client_for(world.dispatcher)
    with django_assert_max_num_queries(16) as one:
        client.get(panel_url(later))
    for n in range(6):
        submit(LAMP_AGAIN[0], LAMP_AGAIN[1] + f"第{n}次反映。", phone=f"1370000{n:04d}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get(panel_url(later)).content.decode()
    assert html.count('data-testid="duplicate-pair"') == 5  # the limit: the best five


def test_leaving_from_the_panel_takes_off_the_appeal_that_joined_never_a_sibling(world, pair, submit, client_for):
    from huying.workorders import actions

    earlier, later = pair
    third = submit(LAMP_AGAIN[0], LAMP_AGAIN[1] + "第三位。", phone="13700009999")
    actions.join(world.dispatcher, later, into=earlier)
    actions.join(world.dispatcher, third, into=earlier)
    client = client_for(world.dispatcher)
    # On the later one's panel: the earlier one's card offers to take the later one off;
    # the third (a sibling that joined the same work order) offers nothing.
    html = client.get(panel_url(later)).content.decode()
    assert html.count('data-testid="unmerge"') == 1
    response = client.post(f"/duplicates/appeals/{later.pk}/unmerge/{third.pk}/", headers=HTMX)
    assert 'role="alert"' in response.content.decode()
    assert world.refresh(third).is_joined and world.refresh(later).is_joined
    client.post(f"/duplicates/appeals/{earlier.pk}/unmerge/{third.pk}/", headers=HTMX)
    assert not world.refresh(third).is_joined and world.refresh(later).is_joined


def test_a_join_from_the_panel_on_the_appeals_page_reloads_that_page(world, pair, client_for):
    earlier, later = pair
    response = client_for(world.dispatcher).post(
        f"/duplicates/appeals/{later.pk}/merge/{earlier.pk}/",
        headers={**HTMX, "HX-Current-URL": f"http://testserver/staff/appeals/{later.pk}/"},
    )
    assert response["HX-Refresh"] == "true"
