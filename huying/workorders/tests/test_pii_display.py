"""What staff see of a resident's words: personal data marked and masked until the one
audited "show contact"; abuse flags in the review queue and on the appeal's page."""

import re

import pytest

from huying.audit.models import Event
from huying.workorders.models import State

SPAM_TITLE = "免费领取贷款秒批"
SPAM_TEXT = "代开发票，详情请访问 http://t.cn/A6xYz 或 www.daikai-fapiao.xyz 加微信 vx: fapiao8888"
PHONE_TEXT = "路灯坏了一个多月。请打电话13812345678联系我，我叫李明。"


@pytest.fixture
def scored(world, django_capture_on_commit_callbacks):
    """An appeal submitted the real way, with its background tasks run (the abuse score)."""

    def make(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            appeal = world.appeal(triage=True, **overrides)
        return world.refresh(appeal)

    return make


def _row_of(page, appeal):
    rows = re.findall(r'<tr data-testid="appeal-row">.*?</tr>', page, re.DOTALL)
    return next(row for row in rows if appeal.ticket_number in row)


class TestAbuseFlags:
    def test_a_spammy_appeal_is_flagged_in_the_review_queue_and_still_listed(self, world, scored, client_for):
        spam = scored(title=SPAM_TITLE, description=SPAM_TEXT)
        page = client_for(world.dispatcher).get("/staff/").content.decode()
        row = _row_of(page, spam)
        assert 'data-testid="abuse-flag"' in row and 'class="abuse-badge abuse-high"' in row
        assert "疑似滥用" in row and "含网址链接" in row and "含广告或诈骗用语" in row

    def test_a_clean_appeal_is_not_flagged(self, world, scored, client_for):
        clean = scored()
        page = client_for(world.dispatcher).get("/staff/").content.decode()
        assert 'data-testid="abuse-flag"' not in _row_of(page, clean)
        detail = client_for(world.dispatcher).get(f"/staff/appeals/{clean.pk}/").content.decode()
        assert "abuse-badge" not in detail

    def test_flagged_only_lists_the_flagged_appeals_and_all_lists_both(self, world, scored, client_for):
        spam = scored(title=SPAM_TITLE, description=SPAM_TEXT)
        clean = scored()
        client = client_for(world.dispatcher)
        flagged = client.get("/staff/?abuse=flagged").content.decode()
        assert spam.ticket_number in flagged and clean.ticket_number not in flagged
        everything = client.get("/staff/").content.decode()
        assert spam.ticket_number in everything and clean.ticket_number in everything
        assert 'value="flagged"' in everything  # the filter is offered

    def test_an_unknown_abuse_filter_value_is_ignored(self, world, scored, client_for):
        clean = scored()
        response = client_for(world.dispatcher).get("/staff/?abuse=%3Cscript%3E")
        assert response.status_code == 200 and clean.ticket_number in response.content.decode()

    def test_the_appeal_page_shows_the_flag_with_its_reasons(self, world, scored, client_for):
        spam = scored(title=SPAM_TITLE, description=SPAM_TEXT)
        page = client_for(world.dispatcher).get(f"/staff/appeals/{spam.pk}/").content.decode()
        header = page.split('data-testid="appeal-header"')[1].split("</header>")[0]
        assert 'data-testid="abuse-flag"' in header and "含网址链接" in header
        assert "疑似滥用" in page.split('data-testid="timeline"')[1]  # the flag is in the staff timeline

    @pytest.mark.parametrize("count", [5, 30])
    def test_the_review_queue_with_flagged_appeals_runs_a_bounded_number_of_queries(
        self, world, scored, client_for, django_assert_max_num_queries, count
    ):
        for i in range(count):
            # Each from its own phone: thirty from one phone in a day would all be flagged as repeats.
            text = {"title": SPAM_TITLE, "description": SPAM_TEXT} if i % 2 else {}
            scored(phone=f"139{i:08d}", **text)
        client = client_for(world.dispatcher)
        with django_assert_max_num_queries(16):
            response = client.get("/staff/")
        page = response.content.decode()
        assert page.count('data-testid="appeal-row"') == min(count, 20)
        assert page.count('data-testid="abuse-flag"') == min(count, 20) // 2


class TestPersonalDataInTheText:
    def test_a_phone_number_in_the_description_is_marked_and_masked_until_show_contact(self, world, client_for):
        appeal = world.in_state(State.IN_PROGRESS, description=PHONE_TEXT)
        client = client_for(world.lead)
        page = client.get(f"/staff/appeals/{appeal.pk}/").content.decode()
        assert '<mark class="pii pii-mobile">138****5678</mark>' in page
        assert "13812345678" not in page
        assert Event.objects.filter(action="show_contact").count() == 0

        revealed = client.post(f"/staff/appeals/{appeal.pk}/contact/").content.decode()
        assert '<mark class="pii pii-mobile">13812345678</mark>' in revealed
        assert "13900001234" in revealed  # the contact fields, by the same reveal
        assert Event.objects.filter(action="show_contact").count() == 1
        event = Event.objects.get(action="show_contact")
        assert event.actor == world.lead and event.object_id == str(appeal.pk)

    def test_the_htmx_reveal_swaps_in_the_marked_raw_text_with_one_event(self, world, client_for):
        appeal = world.in_state(State.IN_PROGRESS, description=PHONE_TEXT)
        client = client_for(world.dispatcher)
        fragment = client.post(f"/staff/appeals/{appeal.pk}/contact/", HTTP_HX_REQUEST="true").content.decode()
        assert fragment.startswith('<section class="card" id="resident-text"')
        assert '<mark class="pii pii-mobile">13812345678</mark>' in fragment
        assert '<mark class="pii pii-name">李明</mark>' in fragment
        assert Event.objects.filter(action="show_contact", actor=world.dispatcher).count() == 1

    def test_a_number_in_the_title_is_masked_in_the_header_and_the_lists(self, world, client_for):
        appeal = world.appeal(title="回电13812345678路灯坏了")
        client = client_for(world.dispatcher)
        for url in (f"/staff/appeals/{appeal.pk}/", "/staff/"):
            page = client.get(url).content.decode()
            assert "13812345678" not in page, url
            assert '<mark class="pii pii-mobile">138****5678</mark>' in page, url

    def test_the_residents_text_is_escaped_around_the_marks(self, world, client_for):
        appeal = world.appeal(description="<script>alert(1)</script>电话13812345678")
        page = client_for(world.dispatcher).get(f"/staff/appeals/{appeal.pk}/").content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page

    def test_a_handler_without_access_gets_404_and_no_event_is_written(self, world, client_for):
        appeal = world.in_state(State.IN_PROGRESS, description=PHONE_TEXT)
        client = client_for(world.outsider)
        assert client.get(f"/staff/appeals/{appeal.pk}/").status_code == 404
        assert client.post(f"/staff/appeals/{appeal.pk}/contact/").status_code == 404
        assert client.post(f"/staff/appeals/{appeal.pk}/contact/", HTTP_HX_REQUEST="true").status_code == 404
        assert not Event.objects.filter(action="show_contact").exists()

    def test_a_reports_text_stays_masked_for_a_handler_whose_reveal_is_refused(self, world, client_for):
        appeal = world.in_state(State.IN_PROGRESS, kind="report", description=PHONE_TEXT)
        fragment = (
            client_for(world.lead).post(f"/staff/appeals/{appeal.pk}/contact/", HTTP_HX_REQUEST="true").content.decode()
        )
        assert "13812345678" not in fragment and '<mark class="pii pii-mobile">138****5678</mark>' in fragment
        assert not Event.objects.filter(action="show_contact").exists()
