"""Personal data never reaches the public: not on a page, in the feed or the JSON, nor in HTML source.

The demo district is seeded (every state, published replies, merged duplicates, a
confidential report); then every page an anonymous visitor can open is fetched - found by
walking the URL resolver, the board under every filter and on every page, every published
appeal - and searched for each resident's real name, phone, ID-card number, address and
any long number or e-mail address typed into a title or description, however it is
spaced, in full-width digits too.  Reports of wrongdoing never appear, and a resident's
tracking page shows their own appeal and no one else's details.
"""

import html
import json
import re
from dataclasses import dataclass

import pytest
from django.db.models import Count
from django.test import Client

from huying.appeals.access import TRACKED_SESSION_KEY
from huying.appeals.models import Appeal, Kind
from huying.board.public import PUBLIC_KINDS
from huying.lib.pii import to_halfwidth
from tests.test_robustness import CONVERTER, fill, url_patterns

SEPARATORS = r"[\s\-.·()（）]*"
LONG_NUMBER = re.compile(r"\d(?:[\s\-.·]?\d){6,}")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Search words that find many published appeals, and the phrases residents put numbers after.
SEARCHES = ["小区", "路", "电话", "手机", "身份证", "邮件"]


@dataclass(frozen=True)
class Secret:
    kind: str
    appeal_id: int
    value: str
    pattern: re.Pattern

    def __str__(self):
        return f"{self.kind} of appeal {self.appeal_id}: {self.value}"


def spaced(number: str) -> re.Pattern:
    """The digits however they are typed: spaces, dashes, dots or brackets between them."""
    return re.compile(SEPARATORS.join(re.escape(ch) for ch in number))


def secrets_of(appeal) -> list[Secret]:
    found = [Secret("name", appeal.pk, appeal.contact_name, re.compile(re.escape(appeal.contact_name)))]
    if appeal.phone:
        found.append(Secret("phone", appeal.pk, appeal.phone, spaced(re.sub(r"\D", "", appeal.phone))))
    if appeal.id_number:
        found.append(Secret("id number", appeal.pk, appeal.id_number, spaced(appeal.id_number)))
        # All but the check character is as good as the whole number.
        found.append(Secret("id number", appeal.pk, appeal.id_number[:17], spaced(appeal.id_number[:17])))
    if appeal.address:
        found.append(Secret("address", appeal.pk, appeal.address, re.compile(re.escape(to_halfwidth(appeal.address)))))
    typed = to_halfwidth(f"{appeal.title}\n{appeal.description}")
    for number in LONG_NUMBER.findall(typed):
        digits = re.sub(r"\D", "", number)
        found.append(Secret("number in the text", appeal.pk, digits, spaced(digits)))
    for email in EMAIL.findall(typed):
        found.append(Secret("e-mail in the text", appeal.pk, email, re.compile(re.escape(email), re.IGNORECASE)))
    return found


def all_secrets() -> list[Secret]:
    appeals = Appeal.objects.exclude(personal_data_erased_at__isnull=False)
    return [secret for appeal in appeals for secret in secrets_of(appeal)]


def readable(response) -> str:
    """The response as a person or a program reads it: entities and JSON escapes undone, full-width folded."""
    text = response.content.decode("utf-8", errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        text += json.dumps(response.json(), ensure_ascii=False)
    return to_halfwidth(html.unescape(html.unescape(text)))


def leaks_in(pages: dict[str, str], secrets: list[Secret], *, except_appeal=None) -> list[str]:
    leaks = []
    for where, text in pages.items():
        for secret in secrets:
            if secret.appeal_id != except_appeal and secret.pattern.search(text):
                leaks.append(f"{where}: {secret}")
    return leaks


# The crawl ------------------------------------------------------------------------------------
def board_filters(client) -> list[dict]:
    """Every filter the board offers, one at a time, and a few searches."""
    page = client.get("/board/").content.decode()
    select = {
        name: re.findall(r'<option value="([^"]+)"', body)
        for name, body in re.findall(r'<select[^>]*name="(\w+)"[^>]*>(.*?)</select>', page, re.S)
    }
    assert select.get("category") and select.get("street"), "the board's filter form changed: teach the crawl"
    filters = [{}]
    filters += [{"kind": kind} for kind in [*select.get("kind", []), Kind.REPORT]]
    filters += [{"category": c} for c in select["category"]]
    filters += [{"street": s} for s in select["street"]]
    filters += [{"q": word} for word in SEARCHES]
    return filters


def crawl_public(client) -> dict[str, str]:
    pages = {}

    def get(url, data=None, **extra):
        response = client.get(url, data, **extra)
        key = url + ("?" + "&".join(f"{k}={v}" for k, v in data.items()) if data else "")
        if response.status_code == 200:
            pages[key] = readable(response)
        return response

    # Every page an anonymous visitor can open, found by walking the URL patterns; pages
    # that take an id get every published appeal's (and some that are not published).
    published = list(Appeal.objects.published().values_list("pk", flat=True))
    hidden = list(Appeal.objects.exclude(pk__in=published).order_by("id").values_list("pk", flat=True)[:40])
    tickets = list(Appeal.objects.order_by("id").values_list("ticket_number", flat=True)[:20])
    for route, name in url_patterns():
        params = [m.group("name") for m in CONVERTER.finditer(route)]
        if name.startswith("admin:"):
            continue
        if not params:
            get(fill(route, {}))
        elif params == ["pk"]:
            # A page that answers an anonymous visitor for a published appeal gets them all.
            if get(fill(route, {"pk": str(published[0])})).status_code == 200:
                for pk in published[1:] + hidden:
                    get(fill(route, {"pk": str(pk)}))
        elif params == ["ticket_number"]:
            if get(fill(route, {"ticket_number": tickets[0]})).status_code == 200:
                for ticket in tickets[1:]:
                    get(fill(route, {"ticket_number": ticket}))
        else:
            # Staff pages with two ids: a sample is enough, they answer anonymous visitors with a login.
            values = {p: str(published[0]) if p in ("pk", "other") else "review" for p in params}
            get(fill(route, values))
    # The board, the feed and the JSON under every filter, every page.
    for filters in board_filters(client):
        first = client.get("/board/appeals.json", filters).json()
        for number in range(1, first["pages"] + 1):
            get("/board/", {**filters, "page": number})
            get("/board/appeals.json", {**filters, "page": number})
    get("/board/feed/")
    get("/board/", {"page": 1}, HTTP_HX_REQUEST="true")
    get("/board/", HTTP_ACCEPT_LANGUAGE="en")
    get("/board/", HTTP_ACCEPT_LANGUAGE="zh-hant")
    return pages


def test_no_public_page_feed_or_json_shows_a_residents_personal_data(public_demo_district, db, client):
    secrets = all_secrets()
    kinds = {s.kind for s in secrets}
    assert {"name", "phone", "id number", "address", "number in the text", "e-mail in the text"} <= kinds
    pages = crawl_public(client)
    published = Appeal.objects.published().count()
    assert published >= 20
    assert sum(url.startswith("/board/") and url[7:-1].isdigit() for url in pages) == published
    assert any(url.startswith("/board/appeals.json") for url in pages)
    assert any(url.startswith("/board/feed/") for url in pages)
    assert {"/", "/appeals/submit/", "/appeals/track/", "/appeals/privacy/"} <= set(pages)
    leaks = leaks_in(pages, secrets)
    assert leaks == [], f"{len(leaks)} leaks, e.g.\n" + "\n".join(leaks[:30])
    # The masked forms are what the public sees instead.
    assert any("某" in text for url, text in pages.items() if url.startswith("/board/"))


def test_the_leak_check_finds_personal_data_where_it_is_shown(public_demo_district, db, client_for):
    # The staff's revealed contact shows everything: the check must see it there, or it proves nothing.
    appeal = next(a for a in Appeal.objects.exclude(id_number_encrypted="").order_by("id") if a.address)
    client = client_for(public_demo_district.users["dispatcher"])
    revealed = client.post(f"/staff/appeals/{appeal.pk}/contact/")
    assert revealed.status_code == 200
    leaks = leaks_in({"revealed": readable(revealed)}, secrets_of(appeal))
    assert {leak.split(": ")[1].split(" of ")[0] for leak in leaks} >= {"name", "phone", "id number", "address"}
    # Full-width digits and entities are read as what they are.
    fullwidth = appeal.phone.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert leaks_in(
        {"typed": to_halfwidth(html.unescape(f"&#x{ord(fullwidth[0]):x};{fullwidth[1:]}"))}, secrets_of(appeal)
    )


def test_the_boards_search_does_not_find_an_appeal_by_its_residents_name_phone_or_id_number(
    public_demo_district, db, client
):
    # Found by a personal detail, an appeal would tell who wrote it, masked or not.
    found = []
    for appeal in Appeal.objects.published().order_by("id")[:40]:
        for secret in secrets_of(appeal):
            if secret.kind in ("address",):
                continue  # addresses stop at the community in public; the road alone is fair to search
            data = client.get("/board/appeals.json", {"q": secret.value}).json()
            if any(item["id"] == appeal.pk for item in data["results"]):
                found.append(str(secret))
    assert found == []


# Reports of wrongdoing ----------------------------------------------------------------------
def public_ids(client) -> set[int]:
    ids = set()
    for filters in ({}, {"kind": Kind.REPORT}):
        page = 1
        while True:
            data = client.get("/board/appeals.json", {**filters, "page": page}).json()
            ids |= {item["id"] for item in data["results"]}
            if page >= data["pages"]:
                break
            page += 1
    return ids


def test_a_report_of_wrongdoing_never_appears_on_the_board(public_demo_district, db, client):
    reports = list(Appeal.objects.filter(kind=Kind.REPORT))
    assert reports, "the demo district has reports of wrongdoing"
    # Even one marked published with the resident's consent (by a slip, or an old row) stays off.
    slipped = reports[0]
    Appeal.objects.filter(pk=slipped.pk).update(is_published=True, allow_publish=True)
    ids = public_ids(client)
    assert ids, "the board shows appeals"
    assert not ids & {r.pk for r in reports}
    assert client.get(f"/board/{slipped.pk}/").status_code == 404
    feed = client.get("/board/feed/").content.decode()
    board = client.get("/board/", {"kind": Kind.REPORT}).content.decode()
    for report in reports:
        assert f"/board/{report.pk}/" not in feed
        assert f"/board/{report.pk}/" not in board
    assert Kind.REPORT not in {value for value, _label in PUBLIC_KINDS}
    assert 'value="report"' not in board


# The resident's tracking page -------------------------------------------------------------------
def track(client, appeal, code="QA2026TRACK") -> str:
    """Give the appeal a known query code (only its hash is kept), then track it as a resident would."""
    from huying.lib import crypto

    Appeal.objects.filter(pk=appeal.pk).update(query_code_hash=crypto.keyed_hash(code))
    response = client.post("/appeals/track/", {"ticket_number": appeal.ticket_number, "query_code": code.lower()})
    assert response.status_code == 302, response.content.decode()[:500]
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    return readable(detail)


def tracked_examples():
    """Appeals whose tracking page draws on others': merged ones, and those sharing a work order."""
    merged = list(Appeal.objects.filter(status="merged").exclude(duplicate_of=None).order_by("id")[:3])
    shared_work_orders = (
        Appeal.objects.exclude(work_order=None).values("work_order").annotate(n=Count("id")).filter(n__gt=1)
    )
    shared = list(Appeal.objects.filter(work_order__in=shared_work_orders.values("work_order")).order_by("id")[:3])
    replied = list(Appeal.objects.filter(work_order__replies__status="published").distinct().order_by("id")[:3])
    report = list(Appeal.objects.filter(kind=Kind.REPORT).order_by("id")[:1])
    return list({a.pk: a for a in merged + shared + replied + report}.values())


def test_a_residents_tracking_page_shows_their_own_appeal_and_no_one_elses_details(public_demo_district, db):
    examples = tracked_examples()
    assert len(examples) >= 6
    secrets = all_secrets()
    checked = 0
    for appeal in examples:
        client = Client()
        text = track(client, appeal)
        assert appeal.ticket_number in text
        # The same person may have written other appeals: their own details are not someone else's.
        own = {s.value for s in secrets_of(appeal)}
        others = [s for s in secrets if s.value not in own]
        leaks = leaks_in({appeal.ticket_number: text}, others, except_appeal=appeal.pk)
        assert leaks == [], "\n".join(leaks[:20])
        # The session tracks this appeal and no other.
        assert client.session[TRACKED_SESSION_KEY] == [appeal.ticket_number]
        other = Appeal.objects.exclude(pk=appeal.pk).exclude(ticket_number=appeal.ticket_number).first()
        assert client.get(f"/appeals/track/{other.ticket_number}/").status_code == 302
        checked += 1
    assert checked == len(examples)


def test_a_tracking_page_shows_the_residents_own_phone_and_id_number_masked_too(public_demo_district, db):
    # What the resident typed comes back masked as well: the page may be open on a shared screen.
    appeal = next(
        a for a in Appeal.objects.exclude(id_number_encrypted="").order_by("id") if a.id_number in a.description
    )
    text = track(Client(), appeal)
    leaks = leaks_in({"tracking": text}, [s for s in secrets_of(appeal) if s.kind != "name"])
    assert leaks == []


def test_a_reply_that_repeats_personal_data_is_masked_on_the_board_and_the_tracking_page(
    public_demo_district, db, client, client_for
):
    from huying.workorders.models import Reply

    appeal = (
        Appeal.objects.filter(work_order__state="reply_review", allow_publish=True)
        .exclude(kind=Kind.REPORT)
        .exclude(id_number_encrypted="")
        .order_by("id")
        .first()
        or Appeal.objects.filter(work_order__state="reply_review", allow_publish=True)
        .exclude(kind=Kind.REPORT)
        .order_by("id")
        .first()
    )
    assert appeal is not None, "the demo district has a reply waiting for review"
    neighbour = Appeal.objects.exclude(pk=appeal.pk).exclude(contact_name=appeal.contact_name).order_by("id").first()
    # What a department might well write back: whom it called, on which number, and where it went.
    text = (
        f"经联系反映人{appeal.contact_name}（电话{appeal.phone}"
        f"{'，身份证号' + appeal.id_number if appeal.id_number else ''}），已到{appeal.address}现场查看。"
        f"另，邻居{neighbour.contact_name}（{neighbour.phone}）也反映了同样的问题。"
    )
    Reply.objects.filter(work_order=appeal.work_order_id, status=Reply.Status.PENDING).update(text=text)
    dispatcher = client_for(public_demo_district.users["dispatcher"])
    response = dispatcher.post(
        f"/staff/appeals/{appeal.pk}/do/publish_reply/", {"publish_reply-note": "", "publish_reply-also_publish": "on"}
    )
    assert response.status_code == 302, response.content.decode()[:300]
    assert Appeal.objects.published().filter(pk=appeal.pk).exists()
    pages = {
        "board": readable(client.get(f"/board/{appeal.pk}/")),
        "json": readable(client.get("/board/appeals.json")),
        "feed": readable(client.get("/board/feed/")),
        "tracking": track(Client(), appeal),
    }
    assert "经联系反映人" in pages["board"] and "经联系反映人" in pages["tracking"], "the reply is shown"
    secrets = [s for s in secrets_of(appeal) + secrets_of(neighbour) if s.kind in ("name", "phone", "id number")]
    leaks = leaks_in(pages, secrets)
    assert leaks == [], "\n".join(leaks)


def test_an_exact_address_typed_into_the_text_is_masked_on_the_board(public_demo_district, db, client):
    from huying.workorders.models import Reply

    # A resident who writes where the trouble is, and consents to publishing: the demo has such appeals.
    typed = next(
        a
        for a in Appeal.objects.filter(allow_publish=True).exclude(kind=Kind.REPORT).order_by("id")
        if a.address and a.address in a.description
    )
    Appeal.objects.filter(pk=typed.pk).update(is_published=True)
    # A department's reply saying where it went.
    replied = Appeal.objects.published().filter(work_order__replies__status="published").exclude(address="")
    replied = replied.exclude(pk=typed.pk).order_by("id").first()
    Reply.objects.filter(work_order=replied.work_order_id, status="published").update(
        text=f"我单位已于本周到{replied.address}现场查看并完成整改。"
    )
    pages = {}
    for appeal in (typed, replied):
        pages[f"/board/{appeal.pk}/"] = readable(client.get(f"/board/{appeal.pk}/"))
    pages["json"] = readable(client.get("/board/appeals.json"))
    pages["feed"] = readable(client.get("/board/feed/"))
    addresses = [s for a in (typed, replied) for s in secrets_of(a) if s.kind == "address"]
    assert leaks_in(pages, addresses) == []


@pytest.mark.parametrize("url", ["/board/appeals.json", "/board/feed/"])
def test_the_machine_readable_board_carries_no_field_for_personal_data(url, public_demo_district, db, client):
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    for field in ("contact_name", "phone", "id_number", "address", "ticket_number", "email"):
        assert f'"{field}"' not in text and f"<{field}" not in text
