"""The workbench through HTTP: each role's home, access denied to others, lists with
bounded queries, the appeal's page and its forms, the phone-entry form, the reveal."""

import pytest

from huying.audit.models import Event
from huying.notifications.models import Outbox
from huying.workorders.models import State
from huying.workorders.tests.conftest import work_order_of
from huying.workorders.transitions import state_of

# The administrator (a superuser) opens every page, as everywhere in Huying.
STAFF_PAGES = {
    "/staff/": {"dispatcher", "admin"},
    "/staff/follow-up/": {"dispatcher", "admin"},
    "/staff/enter/": {"dispatcher", "admin"},
    "/staff/inbox/": {"lead", "co_a", "co_c", "community", "outsider", "admin"},
    "/staff/overdue/": {"dispatcher", "supervisor", "leader", "admin"},
    "/staff/appeals/": {"dispatcher", "lead", "co_a", "co_c", "community", "outsider", "supervisor", "leader", "admin"},
}
PEOPLE = ["dispatcher", "lead", "co_a", "co_c", "community", "supervisor", "outsider", "leader", "moderator", "admin"]


class TestHomes:
    @pytest.mark.parametrize(
        ("person", "home"),
        [
            ("dispatcher", "/staff/"),
            ("lead", "/staff/inbox/"),
            ("supervisor", "/staff/overdue/"),
            ("leader", "/staff/overdue/"),
        ],
    )
    def test_each_role_lands_on_its_own_home(self, world, client_for, person, home):
        response = client_for(getattr(world, person)).get("/accounts/home/")
        assert response.status_code == 302 and response["Location"] == home

    @pytest.mark.parametrize("url", list(STAFF_PAGES))
    def test_a_visitor_without_login_is_sent_to_log_in(self, client, url):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    @pytest.mark.parametrize("url", list(STAFF_PAGES))
    def test_each_page_opens_for_its_roles_and_is_refused_to_the_others(self, world, client_for, url):
        for person in PEOPLE:
            status = client_for(getattr(world, person)).get(url).status_code
            assert status == (200 if person in STAFF_PAGES[url] else 403), (person, status)

    def test_the_dispatchers_home_shows_the_calendar_banner_when_the_calendar_runs_out(
        self, world, client_for, freeze_time
    ):
        freeze_time("2026-12-01 09:00")
        page = client_for(world.dispatcher).get("/staff/").content.decode()
        assert 'data-testid="calendar-banner"' in page


class TestLists:
    def test_the_review_queue_shows_new_appeals_newest_first(self, world, client_for):
        older = world.appeal(title="第一条诉求标题")
        newer = world.appeal(title="第二条诉求标题")
        page = client_for(world.dispatcher).get("/staff/").content.decode()
        assert page.index(newer.ticket_number) < page.index(older.ticket_number)

    @pytest.mark.parametrize("count", [5, 30])
    def test_the_review_queue_runs_a_bounded_number_of_queries(
        self, world, client_for, django_assert_max_num_queries, count
    ):
        for _ in range(count):
            world.appeal()
        client = client_for(world.dispatcher)
        with django_assert_max_num_queries(16):
            assert client.get("/staff/").status_code == 200

    @pytest.mark.parametrize("count", [5, 30])
    def test_the_list_of_all_appeals_runs_a_bounded_number_of_queries(
        self, world, client_for, django_assert_max_num_queries, count
    ):
        for i in range(count):
            appeal = world.appeal()
            if i % 2:
                world.dispatch(appeal)
        client = client_for(world.supervisor)
        with django_assert_max_num_queries(14):
            response = client.get("/staff/appeals/?kind=complaint")
        assert response.status_code == 200
        assert response.content.decode().count('data-testid="appeal-row"') == min(count, 20)

    @pytest.mark.parametrize("count", [5, 30])
    def test_the_inbox_runs_a_bounded_number_of_queries(self, world, client_for, django_assert_max_num_queries, count):
        for _ in range(count):
            world.dispatch(world.appeal())
        client = client_for(world.lead)
        with django_assert_max_num_queries(16):
            response = client.get("/staff/inbox/")
        assert response.content.decode().count('data-testid="inbox-row"') == min(count, 20)

    @pytest.mark.parametrize("count", [5, 30])
    def test_the_overdue_list_runs_a_bounded_number_of_queries(
        self, world, client_for, django_assert_max_num_queries, freeze_time, count
    ):
        freeze_time("2026-03-02 09:00")
        for _ in range(count):
            world.dispatch(world.appeal())
        freeze_time("2026-03-20 09:00")
        client = client_for(world.supervisor)  # logged in at the frozen time
        with django_assert_max_num_queries(16):
            response = client.get("/staff/overdue/")
        page = response.content.decode()
        assert page.count('data-testid="appeal-row"') == min(count, 20)
        assert 'data-testid="overdue-mark"' in page

    def test_the_inbox_marks_due_soon_and_overdue(self, world, client_for, freeze_time):
        freeze_time("2026-03-02 09:00")  # Monday: acceptance due Tuesday night
        world.dispatch(world.appeal())
        # Logged in after each jump of the clock: a session lasts 30 idle minutes.
        freeze_time("2026-03-03 09:00")
        page = client_for(world.lead).get("/staff/inbox/?tab=due_soon").content.decode()
        assert 'data-testid="due-soon-mark"' in page and 'data-testid="inbox-row"' in page
        freeze_time("2026-03-04 09:00")
        page = client_for(world.lead).get("/staff/inbox/?tab=overdue").content.decode()
        assert 'data-testid="overdue-mark"' in page and 'data-testid="inbox-row"' in page

    def test_lists_filter_by_state_department_category_kind_channel_street_and_date(self, world, client_for):
        a = world.dispatch(world.appeal(kind="complaint", title="投诉噪音扰民问题"))
        b = world.appeal(
            kind="suggestion",
            title="建议增设公交站点",
            street=world.org.other_street,
            community=world.org.other_community,
        )
        client = client_for(world.dispatcher)

        def shown(query):
            page = client.get("/staff/appeals/?" + query).content.decode()
            return {t for t in (a.ticket_number, b.ticket_number) if t in page}

        assert shown("state=dispatched") == {a.ticket_number}
        assert shown("state=submitted") == {b.ticket_number}
        assert shown(f"department={world.org.street.pk}") == {a.ticket_number}
        assert shown(f"category={world.category.parent_id}") == {a.ticket_number, b.ticket_number}
        assert shown("kind=suggestion") == {b.ticket_number}
        assert shown("channel=phone") == set()
        assert shown(f"street={world.org.other_street.pk}") == {b.ticket_number}
        assert shown("date_from=2000-01-01&date_to=2000-01-02") == set()
        assert shown("date_from=not-a-date&kind=complaint") == {a.ticket_number}

    def test_a_handler_lists_only_its_own_work_orders(self, world, client_for):
        mine = world.dispatch(world.appeal())
        other = world.dispatch(world.appeal(), lead=world.org.bureau_b, co_handlers=[])
        page = client_for(world.co_a).get("/staff/appeals/").content.decode()
        assert mine.ticket_number in page and other.ticket_number not in page


class TestAppealPage:
    def test_a_handler_of_another_department_gets_404(self, world, client_for):
        appeal = world.in_state(State.IN_PROGRESS)
        assert client_for(world.outsider).get(f"/staff/appeals/{appeal.pk}/").status_code == 404
        assert (
            client_for(world.outsider)
            .post(f"/staff/appeals/{appeal.pk}/do/add_note/", {"add_note-text": "x"})
            .status_code
            == 404
        )

    def test_a_community_sees_only_what_its_street_forwarded_to_it(self, world, client_for):
        forwarded = world.in_state(State.ACCEPTED)
        not_forwarded = world.dispatch(world.appeal())
        client = client_for(world.community)
        assert client.get(f"/staff/appeals/{forwarded.pk}/").status_code == 200
        assert client.get(f"/staff/appeals/{not_forwarded.pk}/").status_code == 404
        page = client.get("/staff/appeals/").content.decode()
        assert forwarded.ticket_number in page and not_forwarded.ticket_number not in page

    def test_a_street_sees_the_work_its_community_records(self, world, client_for):
        appeal = world.in_state(State.IN_PROGRESS)
        response = client_for(world.community).post(
            f"/staff/appeals/{appeal.pk}/do/add_note/", {"add_note-text": "社区已上门查看"}
        )
        assert response.status_code == 302
        assert "社区已上门查看" in client_for(world.lead).get(f"/staff/appeals/{appeal.pk}/").content.decode()

    def test_the_page_shows_text_deadlines_input_replies_follow_ups_and_timeline(self, world, client_for):
        appeal = world.in_state(State.REOPENED)
        page = client_for(world.dispatcher).get(f"/staff/appeals/{appeal.pk}/").content.decode()
        for part in (
            'data-testid="resident-text"',
            'data-testid="work-order"',
            'data-testid="inputs"',
            'data-testid="replies"',
            'data-testid="follow-ups"',
            'data-testid="timeline"',
            "住建局：已安排检修。",
            "经核实，路灯已于本周修复。",
        ):
            assert part in page, part

    def test_contact_and_numbers_in_the_text_are_masked_until_show_contact(self, world, client_for):
        appeal = world.in_state(State.IN_PROGRESS, description="我的电话13912345678，身份证号码在材料里。")
        client = client_for(world.lead)
        page = client.get(f"/staff/appeals/{appeal.pk}/").content.decode()
        assert "13912345678" not in page and "13900001234" not in page and "张建华" not in page
        assert "139****5678" in page
        revealed = client.post(f"/staff/appeals/{appeal.pk}/contact/", HTTP_HX_REQUEST="true").content.decode()
        assert "13912345678" in revealed and "13900001234" in revealed and "张建华" in revealed
        assert Event.objects.filter(action="show_contact", actor=world.lead).count() == 1

    def test_a_reporters_identity_never_reaches_a_handlers_page(self, world, client_for):
        appeal = world.in_state(
            State.IN_PROGRESS, kind="report", title="举报某收费站违规收费", description="某收费站违规收费。"
        )
        client = client_for(world.lead)
        page = client.get(f"/staff/appeals/{appeal.pk}/").content.decode()
        assert 'data-testid="confidential"' in page and "张" not in page.split('data-testid="resident-text"')[1][:600]
        refused = client.post(f"/staff/appeals/{appeal.pk}/contact/", HTTP_HX_REQUEST="true").content.decode()
        assert "13900001234" not in refused
        assert (
            "13900001234"
            in client_for(world.dispatcher)
            .post(f"/staff/appeals/{appeal.pk}/contact/", HTTP_HX_REQUEST="true")
            .content.decode()
        )

    def test_a_refused_action_shows_why_and_keeps_what_was_typed(self, world, client_for):
        appeal = world.in_state(State.IN_PROGRESS)
        response = client_for(world.lead).post(
            f"/staff/appeals/{appeal.pk}/do/reply/", {"reply-text": "我们的答复草稿"}
        )
        assert response.status_code == 400
        page = response.content.decode()
        assert 'data-testid="action-error"' in page and "我们的答复草稿" in page

    def test_an_action_not_in_the_table_is_refused_with_a_message_not_an_error_page(self, world, client_for):
        appeal = world.in_state(State.SUBMITTED)
        response = client_for(world.dispatcher).post(f"/staff/appeals/{appeal.pk}/do/close/")
        assert response.status_code == 400
        assert state_of(world.refresh(appeal)) == State.SUBMITTED
        assert client_for(world.dispatcher).post(f"/staff/appeals/{appeal.pk}/do/nonsense/").status_code == 404

    def test_the_dispatch_form_dispatches_and_the_preview_shows_the_deadlines(self, world, client_for, freeze_time):
        freeze_time("2026-02-13 10:00")
        appeal = world.appeal()
        client = client_for(world.dispatcher)
        page = client.get(f"/staff/appeals/{appeal.pk}/").content.decode()
        assert 'data-testid="action-dispatch"' in page
        preview = client.get(
            f"/staff/appeals/{appeal.pk}/preview/",
            {"dispatch-category": world.category.pk, "dispatch-lead": world.org.bureau_a.pk},
            HTTP_HX_REQUEST="true",
        ).content.decode()
        assert "2026-02-27" in preview  # five working days over the Spring Festival
        response = client.post(
            f"/staff/appeals/{appeal.pk}/do/dispatch/",
            {
                "dispatch-category": world.category.pk,
                "dispatch-lead": world.org.bureau_a.pk,
                "dispatch-co_handlers": [world.org.bureau_b.pk],
                "dispatch-co_handler_days": "3",
            },
        )
        assert response.status_code == 302
        work_order = work_order_of(world.refresh(appeal))
        assert work_order.lead_department == world.org.bureau_a
        assert [a.department for a in work_order.co_assignments] == [world.org.bureau_b]

    def test_dispatching_a_report_that_names_the_department_needs_confirmation(self, world, client_for):
        appeal = world.appeal(kind="report", title="举报住建局工作人员", description="住建局某人收受好处。")
        client = client_for(world.dispatcher)
        data = {"dispatch-category": world.category.pk, "dispatch-lead": world.org.bureau_a.pk}
        preview = client.get(f"/staff/appeals/{appeal.pk}/preview/", data).content.decode()
        assert 'data-testid="named-warning"' in preview
        response = client.post(f"/staff/appeals/{appeal.pk}/do/dispatch/", data)
        assert response.status_code == 400 and "住建局" in response.content.decode()
        assert 'name="dispatch-confirm_named"' in response.content.decode()
        response = client.post(f"/staff/appeals/{appeal.pk}/do/dispatch/", data | {"dispatch-confirm_named": "on"})
        assert response.status_code == 302

    def test_the_inbox_accepts_without_leaving_the_page(self, world, client_for):
        appeal = world.dispatch(world.appeal())
        response = client_for(world.lead).post(
            f"/staff/appeals/{appeal.pk}/do/accept/", {"from": "inbox"}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 200
        assert 'data-testid="inbox-row"' in response.content.decode()
        assert "<html" not in response.content.decode()
        assert work_order_of(appeal).lead_assignment.is_accepted

    def test_the_inbox_returns_with_a_reason_and_refuses_without_one(self, world, client_for):
        appeal = world.dispatch(world.appeal())
        client = client_for(world.lead)
        refused = client.post(
            f"/staff/appeals/{appeal.pk}/do/return/", {"from": "inbox", "return-reason": ""}, HTTP_HX_REQUEST="true"
        )
        assert refused.status_code == 200 and "field-error" in refused.content.decode()
        client.post(
            f"/staff/appeals/{appeal.pk}/do/return/",
            {"from": "inbox", "return-reason": "不归我们管"},
            HTTP_HX_REQUEST="true",
        )
        assert state_of(world.refresh(appeal)) == State.RETURNED

    def test_the_attachments_link_to_the_checked_download(self, world, client_for):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from huying.appeals.models import Attachment

        appeal = world.in_state(State.IN_PROGRESS)
        attachment = Attachment.objects.create(
            appeal=appeal,
            file=SimpleUploadedFile("a.pdf", b"%PDF-1.4"),
            original_name="现场.pdf",
            content_type="application/pdf",
            size=8,
        )
        page = client_for(world.lead).get(f"/staff/appeals/{appeal.pk}/").content.decode()
        assert f"/appeals/attachments/{attachment.pk}/" in page


class TestEnter:
    def test_the_dispatcher_enters_a_phone_call_and_the_caller_gets_an_sms(self, world, client_for):
        client = client_for(world.dispatcher)
        response = client.post(
            "/staff/enter/",
            {
                "channel": "phone",
                "kind": "help",
                "title": "独居老人需要帮助",
                "submitter_type": "resident",
                "description": "我家隔壁的独居老人腿脚不便，家里断水两天了，请社区帮忙。",
                "street": world.org.street.pk,
                "community": world.org.community.pk,
                "contact_name": "王芳",
                "phone": "13600002222",
            },
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert 'data-testid="query-code"' in page
        from huying.appeals.models import Appeal

        appeal = Appeal.objects.get(contact_name="王芳")
        assert (appeal.channel, appeal.entered_by) == ("phone", world.dispatcher)
        sms = Outbox.objects.get(appeal=appeal, channel="sms")
        code = page.split('data-testid="query-code">')[1].split("<")[0]
        assert appeal.ticket_number in sms.body and code not in sms.body and code not in sms.preview

    def test_a_wrong_entry_keeps_what_was_typed(self, world, client_for):
        response = client_for(world.dispatcher).post(
            "/staff/enter/",
            {
                "channel": "letter",
                "kind": "help",
                "title": "独居老人需要帮助",
                "description": "太短",
                "contact_name": "王芳",
                "phone": "123",
            },
        )
        assert response.status_code == 400
        page = response.content.decode()
        assert "独居老人需要帮助" in page and "王芳" in page


class TestResidentSide:
    def _track(self, client, appeal):
        response = client.post(
            "/appeals/track/", {"ticket_number": appeal.ticket_number, "query_code": appeal.query_code}
        )
        assert response.status_code == 302
        return client.get(f"/appeals/track/{appeal.ticket_number}/").content.decode()

    def test_the_resident_sees_published_replies_only_and_rates(self, world, client):
        appeal = world.in_state(State.REPLIED)
        page = self._track(client, appeal)
        assert "经核实，路灯已于本周修复。" in page and 'data-testid="rate"' in page
        response = client.post(f"/rate/{appeal.ticket_number}/", {"satisfaction": "satisfied"})
        assert response.status_code == 302
        assert state_of(world.refresh(appeal)) == State.FOLLOWED_UP

    def test_a_reply_under_review_is_not_shown_to_the_resident(self, world, client):
        appeal = world.in_state(State.REPLY_REVIEW)
        page = self._track(client, appeal)
        assert "经核实，路灯已于本周修复。" not in page and 'data-testid="rate"' not in page

    def test_rating_without_the_query_code_in_this_session_does_nothing(self, world, client):
        appeal = world.in_state(State.REPLIED)
        response = client.post(f"/rate/{appeal.ticket_number}/", {"satisfaction": "unsatisfied"})
        assert response.status_code == 302 and "/appeals/track/" in response["Location"]
        assert state_of(world.refresh(appeal)) == State.REPLIED

    def test_the_public_board_shows_the_final_reply_masked(self, world, client):
        from huying.board import actions as board_actions

        appeal = world.in_state(State.REPLIED)
        board_actions.publish(world.dispatcher, appeal)
        page = client.get(f"/board/{appeal.pk}/").content.decode()
        assert "经核实，路灯已于本周修复。" in page
        assert "13900001234" not in page and "张建华" not in page


class TestMoreAccess:
    def test_the_follow_up_queue_runs_a_bounded_number_of_queries(
        self, world, client_for, django_assert_max_num_queries
    ):
        for _ in range(3):
            world.in_state(State.REPLIED)
        client = client_for(world.dispatcher)
        with django_assert_max_num_queries(14):
            page = client.get("/staff/follow-up/").content.decode()
        assert page.count('data-testid="appeal-row"') == 3

    def test_only_the_dispatch_centre_previews_a_dispatch(self, world, client_for):
        appeal = world.appeal()
        for user in (world.lead, world.supervisor, world.moderator):
            assert client_for(user).get(f"/staff/appeals/{appeal.pk}/preview/").status_code == 403

    def test_a_handler_outside_the_work_order_cannot_reveal_its_contact(self, world, client_for):
        appeal = world.in_state(State.IN_PROGRESS)
        assert client_for(world.outsider).post(f"/staff/appeals/{appeal.pk}/contact/").status_code == 404
        assert client_for(world.moderator).post(f"/staff/appeals/{appeal.pk}/contact/").status_code == 404
        assert not Event.objects.filter(action="show_contact").exists()

    def test_a_visitor_without_login_can_neither_act_nor_reveal(self, world, client):
        appeal = world.in_state(State.IN_PROGRESS)
        for url in (
            f"/staff/appeals/{appeal.pk}/",
            f"/staff/appeals/{appeal.pk}/do/add_note/",
            f"/staff/appeals/{appeal.pk}/contact/",
        ):
            response = client.post(url) if "do" in url or "contact" in url else client.get(url)
            assert response.status_code in (302, 405)
            if response.status_code == 302:
                assert "/accounts/login/" in response["Location"]


class TestNoErrorPages:
    def test_garbage_in_lists_forms_and_previews_never_gives_a_500(self, world, client_for):
        appeal = world.appeal()
        dispatcher = client_for(world.dispatcher)
        for url in (
            "/staff/?page=abc&tab=nope",
            "/staff/appeals/?department=abc&category=-1&street=x&state=zz&date_from=2026-13-45&kind=<b>&channel=%00",
            "/staff/inbox/?tab=x&page=99999",
            f"/staff/appeals/{appeal.pk}/preview/?dispatch-co_handler_days=abc&dispatch-lead=zz"
            "&dispatch-category=999999&prefix=evil",
        ):
            assert client_for(world.lead if "inbox" in url else world.dispatcher).get(url).status_code == 200, url
        for data in (
            {"dispatch-lead": "999999", "dispatch-category": "abc", "dispatch-co_handlers": ["x"]},
            {"dispatch-lead": str(world.org.community.pk), "dispatch-category": str(world.category.pk)},
            {"dispatch-co_handler_days": "0"},
        ):
            assert dispatcher.post(f"/staff/appeals/{appeal.pk}/do/dispatch/", data).status_code == 400
        assert (
            dispatcher.post(
                f"/staff/appeals/{appeal.pk}/do/reject_duplicate/", {"reject_duplicate-duplicate_of": "不是受理号"}
            ).status_code
            == 400
        )
        assert dispatcher.post(f"/staff/appeals/{appeal.pk}/do/join/", {"join-into": "不是受理号"}).status_code == 400
        assert client_for(world.dispatcher).post("/staff/appeals/abc/do/review/").status_code == 404
