"""Scan every public page, the feed and the JSON for the demo district's real contact values."""

import re

import pytest

from huying.appeals.models import Appeal
from huying.lib.pii import to_halfwidth
from tests.conftest import seeded


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker):
    # The whole demo but its router: appeals reach the board through the lifecycle's actions.
    with seeded(django_db_blocker, skip={"router"}):
        yield


@pytest.fixture
def demo_district(_seeded, db):
    return list(Appeal.objects.all())


def public_texts(client):
    texts = {"/": client.get("/").content.decode()}
    page = 1
    while True:
        response = client.get("/board/", {"page": page})
        texts[f"/board/?page={page}"] = response.content.decode()
        data = client.get("/board/appeals.json", {"page": page}).json()
        texts[f"json page {page}"] = response.content.decode() + str(data)
        if page >= data["pages"]:
            break
        page += 1
    for appeal in Appeal.objects.published():
        texts[f"/board/{appeal.pk}/"] = client.get(f"/board/{appeal.pk}/").content.decode()
    texts["/board/feed/"] = client.get("/board/feed/").content.decode()
    for kind in ("complaint", "help", "enquiry"):
        texts[f"search {kind}"] = client.get("/board/", {"kind": kind, "q": "电话"}).content.decode()
    return texts


def spaced(number: str) -> re.Pattern:
    # However it was typed: spaces, dashes or dots between the digits.
    return re.compile(r"[\s\-.·]*".join(re.escape(ch) for ch in number))


def test_the_demo_district_has_varied_published_appeals_with_numbers_in_their_text(demo_district):
    published = Appeal.objects.published()
    assert published.count() >= 15
    assert published.values("street").distinct().count() >= 4
    assert Appeal.objects.values("kind").distinct().count() == 6
    assert Appeal.objects.values("category__parent").distinct().count() >= 10
    in_text = [a for a in demo_district if re.sub(r"\D", "", to_halfwidth(a.description)).find(a.phone) >= 0]
    assert in_text, "some demo appeals must carry their phone number in the text"
    assert any(a.id_number and a.id_number in a.description for a in demo_district)


def test_no_public_page_feed_or_json_shows_a_raw_phone_id_number_name_or_address(client, demo_district):
    texts = public_texts(client)
    secrets = []
    for appeal in demo_district:
        secrets.append(("phone", spaced(appeal.phone)))
        if appeal.id_number:
            secrets.append(("id", spaced(appeal.id_number)))
            secrets.append(("id", spaced(appeal.id_number[:17])))
        secrets.append(("name", re.compile(re.escape(appeal.contact_name))))
        if appeal.address:
            secrets.append(("address", re.compile(re.escape(appeal.address))))
    leaks = []
    for where, text in texts.items():
        normalised = to_halfwidth(text)
        for label, pattern in secrets:
            if pattern.search(normalised):
                leaks.append((where, label, pattern.pattern))
        if re.search(r"[\w.+-]+@example\.com", normalised) and re.search(r"resident\d+@", normalised):
            leaks.append((where, "email", ""))
    assert leaks == []
    assert any("139****" in t for t in texts.values())


def test_no_appeal_text_in_the_json_keeps_a_run_of_seven_digits(client, demo_district):
    data = client.get("/board/appeals.json").json()
    assert data["results"]
    for item in data["results"]:
        for field in ("title", "description", "submitter", "street", "community"):
            digits = re.sub(r"[\s\-.·]", "", to_halfwidth(item[field]))
            assert not re.search(r"\d{7,}", digits), item[field]


CANARIES = {
    "address": ("清渭花園8號樓3單元602室", ["602室", "8號樓3", "3單元6"]),
    "numerals": ("一三九四七二一八三六八", ["一三九四七二一八三六八", "13947218368", "四七二一"]),
    "spoken": ("幺三九 四七二幺 八三六八", ["幺三九", "四七二幺"]),
}


@pytest.mark.parametrize("way", list(CANARIES))
def test_a_canary_typed_in_either_script_or_in_numerals_shows_nowhere_and_is_not_searchable(client, org, way):
    from huying.appeals.tests.factories import make_appeal

    typed, hidden = CANARIES[way]
    appeal = make_appeal(
        org, published=True, title=f"反映{typed}的问题", description=f"我住在附近，联系{typed}，请处理。"
    )
    pages = [
        client.get("/board/").content.decode(),
        client.get(f"/board/{appeal.pk}/").content.decode(),
        client.get("/board/feed/").content.decode(),
        # The JSON's texts (its times and ids are digits of their own).
        str(
            [
                {k: v for k, v in item.items() if isinstance(v, str) and not k.endswith(("_at", "created", "url"))}
                for item in client.get("/board/appeals.json").json()["results"]
            ]
        ),
    ]
    for page in pages:
        for value in hidden:
            assert value not in page, (way, value)
    for value in hidden:
        found = client.get("/board/appeals.json", {"q": value}).json()["results"]
        assert found == [], (way, value)


def test_the_demo_board_shows_a_departments_public_number_in_a_reply(demo_district, client):
    from huying.accounts.models import Department
    from huying.workorders.models import Reply

    numbers = set(Department.objects.exclude(public_phone="").values_list("public_phone", flat=True))
    quoting = next(
        reply
        for reply in Reply.objects.filter(status="published", work_order__appeals__is_published=True)
        if any(n in reply.text for n in numbers)
    )
    appeal = quoting.work_order.appeals.filter(is_published=True).first()
    page = client.get(f"/board/{appeal.pk}/").content.decode()
    assert any(n in page for n in numbers if n in quoting.text)
