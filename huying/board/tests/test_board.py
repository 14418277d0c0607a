import json
import re

import pytest

from huying.appeals.models import Appeal, Kind
from huying.appeals.tests.factories import make_appeal
from huying.lib.pii import mask_text

# The public text is what the personal-data detector leaves: compare against that.
LAMP = mask_text("渭工路路灯不亮")
LIFT = mask_text("小區電梯故障")


@pytest.fixture
def board(org):
    lamp = make_appeal(org, published=True, title="渭工路路灯不亮", description="路灯坏了两个多月，电话13900001234。")
    lift = make_appeal(
        org,
        published=True,
        kind=Kind.HELP,
        title="小區電梯故障",
        description="電梯經常停運，老人上下樓困難。",
        street=org.other_street,
        community=org.other_community,
        phone="13900005678",
    )
    hidden = make_appeal(org, published=False, title="未公开的诉求标题", description="不应出现在留言板上的内容。")
    report = make_appeal(org, kind=Kind.REPORT, title="举报棋牌室赌博", description="举报内容不公开。")
    no_consent = make_appeal(org, title="不同意公开的诉求", description="居民没有同意公开。", allow_publish=False)
    # The actions refuse to publish these; a slip (or an old row) must still keep them off.
    Appeal.objects.filter(pk__in=[report.pk, no_consent.pk]).update(is_published=True)
    return {"lamp": lamp, "lift": lift, "hidden": hidden, "report": report, "no_consent": no_consent}


def test_the_board_lists_only_published_consented_appeals_and_never_reports(client, board):
    html = client.get("/board/").content.decode()
    assert LAMP in html and LIFT in html
    for absent in ("未公开的诉求标题", "举报棋牌室赌博", "不同意公开的诉求"):
        assert absent not in html
    assert html.index(LIFT) < html.index(LAMP)  # newest first


def test_the_board_masks_names_numbers_and_stops_the_place_at_the_community(client, board, org):
    html = client.get("/board/").content.decode() + client.get(f"/board/{board['lamp'].pk}/").content.decode()
    assert "13900001234" not in html and "139****1234" in html
    assert "张建华" not in html and "张某" in html
    assert "渭工路18号院3号楼" not in html and "18号院" not in html
    assert org.community.name in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("路灯", "lamp"),
        ("路燈", "lamp"),
        ("电梯", "lift"),
        ("電梯", "lift"),
        ("老人 上下楼", "lift"),
        ("ＬＩＦＴ", None),
    ],
)
def test_search_finds_simplified_and_traditional_text_either_way(client, board, query, expected):
    html = client.get("/board/", {"q": query}).content.decode()
    titles = {"lamp": LAMP, "lift": LIFT}
    for key, title in titles.items():
        assert (title in html) == (key == expected), (query, key)


def test_search_never_matches_a_phone_number(client, board):
    html = client.get("/board/", {"q": "13900001234"}).content.decode()
    assert LAMP not in html


def test_filters_by_kind_category_and_street(client, board, org):
    from huying.taxonomy.models import Category

    root = Category.objects.create(name="城乡建设", level=1)
    child = Category.objects.create(name="城市建设和市政管理", level=2, parent=root)
    Appeal.objects.filter(pk=board["lamp"].pk).update(category=child)
    by_kind = client.get("/board/", {"kind": "help"}).content.decode()
    assert LIFT in by_kind and LAMP not in by_kind
    by_category = client.get("/board/", {"category": root.pk}).content.decode()
    assert LAMP in by_category and LIFT not in by_category
    by_street = client.get("/board/", {"street": org.other_street.pk}).content.decode()
    assert LIFT in by_street and LAMP not in by_street
    reports = client.get("/board/", {"kind": "report"}).content.decode()
    assert "举报棋牌室赌博" not in reports


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "99999"},
        {"category": "x"},
        {"street": "9" * 40},
        {"kind": "<script>"},
        {"q": "x" * 100_000},
        {"q": "\x00"},
        {"q": "%"},
        {"q": "_"},
        {"category": "-1"},
    ],
)
def test_odd_board_parameters_never_cause_a_server_error(client, board, params):
    assert client.get("/board/", params).status_code == 200
    assert client.get("/board/appeals.json", params).status_code == 200


def test_a_percent_sign_is_searched_literally(client, board):
    assert LAMP not in client.get("/board/", {"q": "%"}).content.decode()


def test_the_detail_page_shows_only_published_appeals(client, board):
    assert client.get(f"/board/{board['lamp'].pk}/").status_code == 200
    for key in ("hidden", "report", "no_consent"):
        assert client.get(f"/board/{board[key].pk}/").status_code == 404
    assert client.get("/board/99999999/").status_code == 404
    assert client.get("/board/" + "9" * 40 + "/").status_code == 404


def test_board_pages_refuse_writes(client, board):
    for url in ("/board/", f"/board/{board['lamp'].pk}/", "/board/feed/", "/board/appeals.json"):
        assert client.post(url).status_code == 405


def test_the_feed_and_json_are_masked_and_leave_out_what_is_not_public(client, board):
    feed = client.get("/board/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    data = client.get("/board/appeals.json").json()
    text = feed.content.decode() + json.dumps(data, ensure_ascii=False)
    assert LAMP in text and LIFT in text
    for absent in ("13900001234", "张建华", "渭工路18号院", "未公开的诉求标题", "举报棋牌室赌博", "不同意公开的诉求"):
        assert absent not in text
    assert data["count"] == 2
    assert {"id", "title", "description", "kind", "street", "community", "submitter"} <= set(data["results"][0])
    assert "address" not in data["results"][0] and "phone" not in data["results"][0]


def test_the_detail_page_has_the_work_order_include_point():
    from pathlib import Path

    from django.conf import settings

    template = Path(settings.BASE_DIR, "huying/board/templates/board/detail.html").read_text()
    assert '{% include "workorders/public_replies.html" %}' in template


def test_the_list_feed_and_json_need_a_fixed_number_of_queries(client, org, django_assert_max_num_queries):
    from huying.taxonomy.models import Category

    root = Category.objects.create(name="城乡建设", level=1)
    child = Category.objects.create(name="城市建设和市政管理", level=2, parent=root)
    leaf = Category.objects.create(name="小区管理", level=3, parent=child)
    for n in range(25):
        make_appeal(org, published=True, title=f"第{n}件诉求", phone=f"1390000{n:04d}", category=leaf)
    for url in ("/board/", "/board/?q=诉求&page=2", "/board/appeals.json", "/board/feed/"):
        with django_assert_max_num_queries(6):
            assert client.get(url).status_code == 200
    # The appeal, its replies, its supports ("我也遇到了") and this browser's.
    with django_assert_max_num_queries(5):
        client.get(f"/board/{Appeal.objects.first().pk}/")


def test_pages_link_to_each_other_keeping_the_filters(client, org):
    for n in range(25):
        make_appeal(org, published=True, title=f"第{n}件诉求", phone=f"1390000{n:04d}")
    html = client.get("/board/", {"q": "诉求"}).content.decode()
    assert re.search(r'href="\?q=%E8%AF%89%E6%B1%82&amp;page=2"', html)


@pytest.mark.parametrize("value", ["²", "①", "2²", "٣", "9" * 40])
@pytest.mark.parametrize("url", ["/board/", "/board/appeals.json"])
@pytest.mark.parametrize("key", ["category", "street"])
def test_a_filter_of_unicode_digits_is_no_filter_not_a_500(client, db, url, key, value):
    assert client.get(url, {key: value}).status_code == 200


def board_texts(client, *appeals):
    pages = [
        client.get("/board/").content.decode(),
        json.dumps(client.get("/board/appeals.json").json(), ensure_ascii=False),
    ]
    return pages + [client.get(f"/board/{a.pk}/").content.decode() for a in appeals]


def test_an_enterprise_s_appeal_shows_the_enterprise_s_name_never_the_person_who_wrote(client, org):
    appeal = make_appeal(
        org, published=True, submitter_type="enterprise", enterprise_name="清渭精密机械有限公司", contact_name="何志强"
    )
    list_page, data, detail = board_texts(client, appeal)
    assert "清渭精密机械有限公司" in list_page and "清渭精密机械有限公司" in detail
    assert '"submitter": "清渭精密机械有限公司"' in data
    for text in (list_page, data, detail):
        assert "何志强" not in text and "何某" not in text and "企业名称" not in text


def test_an_enterprise_s_appeal_without_its_name_shows_no_submitter(client, org):
    appeal = make_appeal(org, published=True, submitter_type="enterprise", enterprise_name="", contact_name="何志强")
    list_page, data, detail = board_texts(client, appeal)
    assert '"submitter": ""' in data
    assert "反映人" not in detail  # no "From" row at all
    for text in (list_page, data, detail):
        assert "何志强" not in text and "何某" not in text and "企业" not in text


def test_a_sole_trader_s_own_name_in_the_enterprise_s_name_is_masked(client, org):
    appeal = make_appeal(
        org,
        published=True,
        submitter_type="enterprise",
        enterprise_name="何志强五金店（电话13900005678）",
        contact_name="何志强",
    )
    for text in board_texts(client, appeal):
        assert "何志强" not in text and "13900005678" not in text
        assert "何某五金店" in text


def test_a_resident_s_appeal_still_shows_only_the_surname(client, org):
    appeal = make_appeal(org, published=True, contact_name="何志强")
    list_page, data, detail = board_texts(client, appeal)
    assert "何某" in list_page and "何某" in detail and '"submitter": "何某"' in data
    assert all("何志强" not in text for text in (list_page, data, detail))
