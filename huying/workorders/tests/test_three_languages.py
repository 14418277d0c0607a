"""A walk through the resident pages and the staff workbench in each of the three languages.

zh-Hant (a zh-TW browser): no simplified character outside what residents and staff typed,
the names the system owns converted.  zh-Hans: no English left.  English: no Chinese left
but the names the district gave its departments, streets and categories and what people typed.
The typed texts here are written in traditional characters (and the staff's names too), so
that every simplified character on a zh-Hant page is the interface's.
"""

import functools
import re
from html.parser import HTMLParser
from pathlib import Path

import opencc
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from huying.accounts.models import Department, User
from huying.board.actions import publish
from huying.taxonomy.models import Category
from huying.workorders import actions
from huying.workorders.models import State

BROWSERS = {"zh-hant": "zh-TW,zh;q=0.9,en;q=0.8", "zh-hans": "zh-CN,zh;q=0.9", "en": "en-GB,en;q=0.9"}
TYPED = {
    "title": "門口路燈壞了",
    "description": "門口的三盞路燈壞了一個多月，晚上很黑，老人出門不方便。",
    "address": "渭工路18號院3號樓",
    "contact_name": "陳大文",
}
REPLY = "經核實，路燈已於本週修復。"
INPUTS = ["已安排檢修。", "配合現場協調。"]
HAN = re.compile(r"[\u3400-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Words that are the same in every language: units, formats, our own name for the standard.
LATIN_ALLOWED = {
    "ID",
    "PDF",
    "JPEG",
    "PNG",
    "MB",
    "KB",
    "SMS",
    "TOTP",
    "URL",
    "HTTPS",
    "IP",
    "CSV",
    "Excel",
    "Atom",
    "JSON",
    "Ctrl",
}


class _Text(HTMLParser):
    """What a reader sees of a page: text and the attributes read aloud or shown."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # Each language's own name is written in its own script (the footer's selector).
        # Commands and keys in <code> are the same in every language.
        if tag in ("script", "style", "code") or (tag == "select" and attrs.get("name") == "language"):
            self._skip += 1
        for name in ("title", "placeholder", "aria-label", "alt"):
            if attrs.get(name):
                self.parts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code", "select") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def seen(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)


@functools.cache
def _simplified_only() -> frozenset[str]:
    """Characters only simplified text uses: s2t changes them, and no traditional standard
    (OpenCC's, Taiwan's, Hong Kong's) writes them (群 is Taiwan's 羣, not a simplified one)."""
    folder = Path(opencc.__file__).parent / "dictionary"

    def pairs(name):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            key, _tab, values = line.partition("\t")
            yield key, values.split(" ")

    traditional = {v for _k, vs in pairs("STCharacters.txt") for v in vs}
    traditional |= {k for k, _vs in pairs("TSCharacters.txt")}
    for name in ("TWVariants.txt", "HKVariants.txt"):
        traditional |= {v for _k, vs in pairs(name) for v in vs}
    return frozenset(k for k, vs in pairs("STCharacters.txt") if k not in vs and k not in traditional)


def simplified_characters(text: str) -> set[str]:
    return set(HAN.findall(text)) & _simplified_only()


@pytest.fixture
def walk(world, settings):
    """Appeals in the states whose pages differ, reached through the actions, and the pages."""
    settings.HUYING_DISTRICT_NAME = "清渭区人民政府"
    User.objects.update(last_name="陳", first_name="大文")
    # Names with simplified characters, as real ones have (住建局 and 甲街道 have none).
    for department, name in ((world.org.bureau_a, "区住房和城乡建设局"), (world.org.street, "经二路街道办事处")):
        Department.objects.filter(pk=department.pk).update(name=name)
        department.name = name
    leaf = Category.objects.create(name="路灯照明", level=3, parent=world.category)
    waiting = world.appeal(**TYPED)
    dispatched = world.dispatch(world.appeal(**TYPED), category=leaf)
    handled = world.dispatch(world.appeal(**TYPED), category=leaf)
    for user in (world.co_a, world.lead, world.co_c):
        actions.accept(user, handled)
    replied = world.dispatch(world.appeal(**TYPED), category=leaf)
    for user in (world.co_a, world.lead, world.co_c):
        actions.accept(user, replied)
    actions.give_input(world.co_a, replied, text=INPUTS[0])
    actions.give_input(world.co_c, replied, text=INPUTS[1])
    actions.reply(world.lead, replied, text=REPLY)
    actions.publish_reply(world.dispatcher, replied)
    publish(world.dispatcher, world.refresh(replied))
    names = [n for d in Department.objects.all() for n in (d.name, d.short_name) if n]
    names += [c.name for c in Category.objects.all()]
    names += [settings.HUYING_DISTRICT_NAME]
    resident_pages = [
        reverse("core:home"),
        reverse("appeals:submit"),
        reverse("appeals:track"),
        reverse("appeals:privacy"),
        reverse("board:list"),
        reverse("board:detail", args=[replied.pk]),
        reverse("signin:login"),
        reverse("signin:password_reset"),
        "/no-such-page/",
    ]
    staff_pages = {
        world.dispatcher: [
            reverse("workorders:review_queue"),
            reverse("workorders:appeal_list"),
            reverse("workorders:overdue"),
            reverse("workorders:follow_up_queue"),
            reverse("workorders:enter"),
            reverse("workorders:appeal", args=[waiting.pk]),
            reverse("workorders:appeal", args=[dispatched.pk]),
            reverse("workorders:appeal", args=[replied.pk]),
            reverse("signin:security"),
            reverse("signin:password_change"),
        ],
        world.lead: [
            reverse("workorders:inbox"),
            reverse("workorders:appeal", args=[dispatched.pk]),
            reverse("workorders:appeal", args=[handled.pk]),
        ],
        world.co_a: [reverse("workorders:inbox"), reverse("workorders:appeal", args=[handled.pk])],
        world.supervisor: [reverse("workorders:appeal_list")],
        world.admin: [
            reverse("triage:models"),
            reverse("admin:index"),
            # The department and category lists show the names as the administrators typed them.
            reverse("admin:accounts_user_changelist"),
            reverse("admin:workdays_calendarday_changelist"),
            reverse("admin:audit_event_changelist"),
        ],
    }
    return {"world": world, "replied": replied, "names": names, "resident": resident_pages, "staff": staff_pages}


def _pages(walk, language):
    """(address, what a reader sees) of every page of the walk, in a browser of `language`."""
    header = {"HTTP_ACCEPT_LANGUAGE": BROWSERS[language]}
    resident = Client(**header)
    for url in walk["resident"]:
        yield url, resident
    world, replied = walk["world"], walk["replied"]
    resident.post(
        reverse("appeals:track"), {"ticket_number": replied.ticket_number, "query_code": world.codes[replied.pk]}
    )
    yield reverse("appeals:track_detail", args=[replied.ticket_number]), resident
    for user, urls in walk["staff"].items():
        staff = Client(**header)
        staff.force_login(user)
        for url in urls:
            yield url, staff


def _walk(walk, language):
    for url, client in _pages(walk, language):
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        assert response.headers["Content-Language"] == language, url
        yield url, seen(response.content.decode())


def _without(text: str, phrases) -> str:
    for phrase in sorted(phrases, key=len, reverse=True):
        text = text.replace(phrase, " ")
    return text


def test_a_zh_tw_browser_reads_no_simplified_character_but_what_people_typed(walk):
    for url, text in _walk(walk, "zh-hant"):
        found = simplified_characters(text)
        assert not found, (url, [line for line in text.splitlines() if found & set(line)])


def test_the_names_the_system_owns_are_converted_for_a_zh_hant_reader(walk):
    pages = dict(_walk(walk, "zh-hant"))
    detail = pages[reverse("workorders:appeal", args=[walk["replied"].pk])]
    assert (
        "經二路街道辦事處" in detail and "區住房和城鄉建設局" in detail and "一社區" in detail and "市政設施" in detail
    )
    assert "清渭區人民政府" in pages[reverse("core:home")]
    board = pages[reverse("board:detail", args=[walk["replied"].pk])]
    assert "一社區" in board and "一社区" not in board
    # What was typed is shown as typed.
    assert REPLY in board and TYPED["title"] in board


def test_a_zh_hans_browser_reads_no_english(walk):
    usernames = set(User.objects.values_list("username", flat=True))
    for url, text in _walk(walk, "zh-hans"):
        if url.startswith("/admin/"):
            continue  # django-axes ships no zh-Hans, and Django 5.2's lacks a few new strings
        words = set(LATIN_WORD.findall(text)) - LATIN_ALLOWED - usernames
        assert not words, (url, [line for line in text.splitlines() if words & set(LATIN_WORD.findall(line))])


def test_an_english_browser_reads_no_chinese_but_names_and_what_people_typed(walk):
    # 呼 is the brand's mark; “surname + 某” is how every language masks a name.
    typed = [*TYPED.values(), REPLY, *INPUTS, "陳大文", "陳某", "大文", "陳", "呼", "某"]
    for url, text in _walk(walk, "en"):
        left = set(HAN.findall(_without(text, walk["names"] + typed)))
        assert not left, (url, [line for line in text.splitlines() if left & set(line)])


def test_a_refusal_names_the_departments_in_the_reader_s_script(world, client_for):
    Department.objects.filter(pk=world.org.bureau_a.pk).update(name="区住房和城乡建设局")
    appeal = world.in_state(State.IN_PROGRESS)  # no co-handler has given input yet
    url = f"/staff/appeals/{appeal.pk}/do/reply/"
    page = client_for(world.lead).post(url, {"reply-text": "草稿"}, HTTP_ACCEPT_LANGUAGE="zh-TW").content.decode()
    assert "區住房和城鄉建設局" in page and "区住房和城乡建设局" not in seen(page)


def test_the_router_s_charts_and_tables_name_categories_in_the_reader_s_script(db):
    from huying.triage.models import RouterModel
    from huying.triage.presenting import model_charts

    cv = {
        "labels": ["城乡建设"],
        "per_class": [{"label": "城乡建设", "precision": 1, "recall": 1, "f1": 1, "support": 3}],
    }
    model = RouterModel(version=1, kind="category", metrics={"cv": cv})
    with translation.override("zh-hant"):
        charts = model_charts(model)
    assert charts["labels"] == ["城鄉建設"] and charts["per_class"][0]["label"] == "城鄉建設"
    with translation.override("zh-hans"):
        assert model_charts(model)["labels"] == ["城乡建设"]
