from huying.appeals.models import Kind
from huying.appeals.tests.factories import make_appeal


def test_the_dispatcher_sees_the_duplicates_panel_on_an_appeal(org, dispatcher, client_for):
    appeal = make_appeal(org)
    html = client_for(dispatcher).get(f"/staff/appeals/{appeal.pk}/").content.decode()
    assert f"/duplicates/appeals/{appeal.pk}/" in html


def test_a_report_of_wrongdoing_shows_no_duplicates_panel(org, dispatcher, client_for):
    appeal = make_appeal(org, kind=Kind.REPORT, allow_publish=False)
    html = client_for(dispatcher).get(f"/staff/appeals/{appeal.pk}/").content.decode()
    assert "/duplicates/appeals/" not in html
