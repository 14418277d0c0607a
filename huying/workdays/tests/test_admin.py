from datetime import date

from django.template import Context, Template
from django.urls import reverse, reverse_lazy

from huying.audit.models import Event
from huying.workdays.calendar import is_working_day
from huying.workdays.models import CalendarDay, KindLimit

ENTER = reverse_lazy("admin:workdays_calendarday_enter")

NOTICE_2027 = """
# 国务院办公厅关于2027年部分节假日安排的通知
2027-01-01 holiday 元旦
2027-02-05..2027-02-11 休 春节
2027-02-14 workday 春节调休
２０２７－０２－２０ 班 全角也行
"""


def test_an_admin_enters_a_year_from_the_notice(admin_user, client_for):
    client = client_for(admin_user)
    assert client.get(ENTER).status_code == 200
    response = client.post(ENTER, {"lines": NOTICE_2027})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:workdays_calendarday_changelist")
    assert CalendarDay.objects.count() == 10
    assert not is_working_day(date(2027, 1, 1))
    assert not is_working_day(date(2027, 2, 8))
    assert is_working_day(date(2027, 2, 14))  # a Sunday made a workday
    assert is_working_day(date(2027, 2, 20))
    assert CalendarDay.objects.get(date=date(2027, 2, 7)).note == "春节"
    assert Event.objects.filter(action="calendar_day_entered", actor=admin_user).count() == 10


def test_entering_the_same_notice_twice_changes_nothing(admin_user, client_for):
    client = client_for(admin_user)
    client.post(ENTER, {"lines": NOTICE_2027})
    response = client.post(ENTER, {"lines": NOTICE_2027}, follow=True)
    assert "已保存 0 天" in response.content.decode()
    assert Event.objects.filter(action="calendar_day_entered").count() == 10


def test_a_day_can_be_changed_by_entering_it_again(admin_user, client_for):
    CalendarDay.objects.create(date=date(2027, 1, 1), is_working_day=True)
    client_for(admin_user).post(ENTER, {"lines": "2027-01-01 holiday 元旦"})
    assert CalendarDay.objects.get(date=date(2027, 1, 1)).is_working_day is False
    event = Event.objects.get(action="calendar_day_entered")
    assert (event.from_state, event.to_state) == ("workday", "holiday")


def test_bad_lines_are_named_in_chinese_and_the_text_is_kept(admin_user, client_for):
    text = "2027-01-01 holiday 元旦\n2027-13-01 holiday\n2027-01-02 maybe\n2027-02-11..2027-02-05 休"
    response = client_for(admin_user).post(ENTER, {"lines": text})
    assert response.status_code == 200
    html = response.content.decode()
    assert "第 2 行" in html
    assert "第 3 行" in html
    assert "第 4 行" in html
    assert "2027-13-01 holiday" in html  # what was typed is still in the box
    assert CalendarDay.objects.count() == 0


def test_an_empty_paste_is_refused(admin_user, client_for):
    response = client_for(admin_user).post(ENTER, {"lines": "# nothing\n\n"})
    assert response.status_code == 200
    assert "请至少输入一个日期" in response.content.decode()


def test_a_handler_cannot_enter_days(handler_a, client_for):
    response = client_for(handler_a).get(ENTER)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_the_calendar_day_list_links_to_the_entry_form(admin_user, client_for):
    CalendarDay.objects.create(date=date(2027, 1, 1), is_working_day=False, note="元旦")
    response = client_for(admin_user).get(reverse("admin:workdays_calendarday_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert str(ENTER) in html
    assert "元旦" in html


def test_limits_per_kind_are_edited_in_the_admin(admin_user, client_for):
    client = client_for(admin_user)
    response = client.post(
        reverse("admin:workdays_kindlimit_add"),
        {"kind": "help", "accept_days": "2", "reply_days": "7", "co_handler_days": "3"},
    )
    assert response.status_code == 302
    assert KindLimit.objects.get(kind="help").reply_days == 7
    response = client.post(
        reverse("admin:workdays_kindlimit_add"),
        {"kind": "complaint", "accept_days": "0", "reply_days": "7", "co_handler_days": "3"},
    )
    assert response.status_code == 200  # a zero limit is refused
    assert not KindLimit.objects.filter(kind="complaint").exists()


class TestBanner:
    def test_the_admin_home_shows_the_banner_within_60_days_of_the_end(self, admin_user, client_for, freeze_time):
        freeze_time("2026-11-15 09:00")
        response = client_for(admin_user).get(reverse("admin:index"))
        assert response.status_code == 200
        html = response.content.decode()
        assert 'data-testid="calendar-banner"' in html
        assert "2027" in html
        assert str(ENTER) in html

    def test_the_admin_home_has_no_banner_earlier(self, admin_user, client_for, freeze_time):
        freeze_time("2026-06-01 09:00")
        response = client_for(admin_user).get(reverse("admin:index"))
        assert response.status_code == 200
        assert 'data-testid="calendar-banner"' not in response.content.decode()

    def test_the_dispatchers_home_shows_the_banner(self, dispatcher, client_for, freeze_time):
        freeze_time("2026-12-20 09:00")
        html = client_for(dispatcher).get("/staff/").content.decode()
        html = html[html.index('data-testid="calendar-banner"') :]
        html = html[: html.index("</div>")]
        assert "2026年12月31日" in html
        assert "11 天" in html
        assert "admin/" not in html  # a dispatcher is not an admin: no link

    def test_the_dispatchers_home_has_no_banner_when_the_calendar_is_known(self, dispatcher, client_for, freeze_time):
        freeze_time("2026-03-01 09:00")
        assert 'data-testid="calendar-banner"' not in client_for(dispatcher).get("/staff/").content.decode()


def test_the_due_badge_marks_due_soon_in_yellow_and_overdue_in_red(db, freeze_time):
    from datetime import datetime

    from huying.workdays.calendar import SHANGHAI

    freeze_time("2026-03-04 10:00")
    template = Template("{% load workdays %}{% due_badge due %}|{{ due|due_status }}")

    def render(day):
        due = datetime(2026, 3, day, 23, 59, 59, tzinfo=SHANGHAI)
        return template.render(Context({"due": due}))

    assert 'class="badge red"' in render(3) and render(3).endswith("|overdue")
    assert 'class="badge yellow"' in render(5) and render(5).endswith("|due_soon")
    assert "badge" not in render(10) and render(10).endswith("|ok")
    assert "2026-03-10" in render(10)
    assert "—" in template.render(Context({"due": None}))


def test_the_parser_reads_ranges_with_a_tilde_or_至_and_refuses_long_ones():
    import pytest
    from django.core.exceptions import ValidationError

    from huying.workdays.actions import parse_calendar_lines

    assert len(parse_calendar_lines("2027-10-01~2027-10-07 休 国庆")) == 7
    assert len(parse_calendar_lines("2027/10/01至2027/10/03 holiday")) == 3
    with pytest.raises(ValidationError, match="31"):
        parse_calendar_lines("2027-01-01..2027-03-01 holiday")
