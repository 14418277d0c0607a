"""A 500 on user input is a bug: every URL of the project, as every role, with garbage.

The sweep walks `get_resolver()` (so a new URL is swept without anyone listing it), fills
each converter with real ids from the seeded demo district and with garbage ids, and asks
for every page with GET (also as HTMX), POST empty, and POST/GET with sampled garbage for
every form field found in the pages' HTML.  Values are sampled, not crossed, so the file
stays quick; the samples are seeded, so a failure repeats.
"""

import functools
import html
import inspect
import logging
import random
import re
import traceback
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.db.models import Q
from django.http import Http404
from django.test import Client, TestCase
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from huying.accounts.models import Department
from huying.appeals.access import TRACKED_SESSION_KEY
from huying.appeals.models import Appeal
from huying.audit.models import Event
from huying.workorders.models import Assignment

ROOT = Path(__file__).resolve().parent.parent / "huying"
LOGOUT_URL_END = "/logout/"  # the site's and the admin's
PUBLIC_PATHS = ("/appeals/", "/board/", "/rate/", "/accounts/login/", "/i18n/")

# Garbage for form fields, by the kind of field it is most likely to break.
HUGE = "测" * 50_000 + "x" * 50_000
TEXT_GARBAGE = [
    HUGE,
    "abc\x00def",
    "😀🏠👨‍👩‍👧" * 3,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '"><img src=x onerror=alert(1)>',
    "a\r\nSet-Cookie: x=1",
    "\u202eevil\u200b\ufeff",
    "../../../../etc/passwd",
    " ",
    "１２３４５６７８９０１２３４５６７８",
    "%00%0a",
]
# Unicode digits: str.isdigit() takes ², ① and ٣, int() refuses the first two.
UNICODE_DIGITS = ["²", "①", "2²", "٣", "১২"]
NUMBER_GARBAGE = [
    "-1", "0", "99999999999999999999999999", "1e309", "NaN", "１２", "3.5", "abc", "\x00", "9" * 5000, *UNICODE_DIGITS,
]  # fmt: skip
DATE_GARBAGE = ["0001-01-01", "9999-12-31", "2026-02-30", "10000-01-01", "31/12/2026", "abc", "0000-00-00", "\x00"]
CHOICE_GARBAGE = ["not-a-choice", "0", "-1", "99999999999999999999", "１", "abc\x00", "' OR 1=1 --", HUGE, "²", "①"]
GARBAGE = sorted({"", *TEXT_GARBAGE, *NUMBER_GARBAGE, *DATE_GARBAGE, *CHOICE_GARBAGE, "true", "on"})
POOLS = {
    "number": NUMBER_GARBAGE,
    "date": DATE_GARBAGE,
    "select": CHOICE_GARBAGE + NUMBER_GARBAGE,
    "radio": CHOICE_GARBAGE,
    "checkbox": ["off", "not-a-choice", "\x00", ""],
    "hidden": TEXT_GARBAGE + NUMBER_GARBAGE,
    "textarea": TEXT_GARBAGE,
}
GARBAGE_IDS = ["0", "999999999", "abc", "9" * 30, "1" * 5000, "%00", "%F0%9F%98%80", "１２", "-1"]
GARBAGE_TICKETS = [
    "0",
    "999999999",
    "abc",
    "x" * 5000,
    "%00",
    "%0A%0D",
    "%F0%9F%98%80",
    "２０２６",
    "..%2F..",
    "a b&c=d",
]
FOREIGN_CHARSETS = ["gbk", "utf-16", "big5"]
# Fields a sensible person would fill with a sentence, for the "mostly valid" posts.
PLAIN_TEXT = "小区门口的路灯坏了一个多月，晚上很黑，老人出门不方便，请尽快处理。"


# Pages' forms ---------------------------------------------------------------------------------
@dataclass
class Form:
    method: str
    action: str
    hx_get: str = ""
    hx_post: str = ""
    # name -> ("text" | "textarea" | "hidden" | "checkbox" | "radio" | "select" | "file" | ..., [values], multiple)
    fields: dict = field(default_factory=dict)


class FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form = None
        self._select = None

    def _add(self, name, kind, value=None, multiple=False):
        if self._form is None or not name:
            return
        _kind, values, _multiple = self._form.fields.setdefault(name, (kind, [], multiple))
        if value is not None:
            values.append(value)

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = Form(
                a.get("method", "get").lower(), a.get("action", ""), a.get("hx-get", ""), a.get("hx-post", "")
            )
            self.forms.append(self._form)
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                return
            self._add(a.get("name"), kind, a.get("value", "on" if kind in ("checkbox", "radio") else ""))
        elif tag == "textarea":
            self._add(a.get("name"), "textarea")
        elif tag == "select":
            self._select = a.get("name")
            self._add(self._select, "select", multiple="multiple" in a)
        elif tag == "option" and self._select:
            self._add(self._select, "select", a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def forms_in(response) -> list[Form]:
    if "html" not in response.get("Content-Type", ""):
        return []
    parser = FormParser()
    parser.feed(response.content.decode(errors="replace"))
    return parser.forms


def sensible_value(kind, values):
    if kind in ("select", "radio"):
        real = [v for v in values if v]
        return real[0] if real else ""
    if kind == "checkbox":
        return values[0] if values else "on"
    if kind == "textarea":
        return PLAIN_TEXT
    if kind == "number":
        return "3"
    if kind == "date":
        return "2026-11-01"
    if kind == "tel":
        return "13900001234"
    if kind == "file":
        return None
    if kind == "hidden":
        return values[0] if values else ""
    return values[0] if values and values[0] else "测试一下"


def garbage_file(rng):
    name, content = rng.choice(
        [
            ("photo.jpg", b"not really a jpeg"),
            ("empty.pdf", b""),
            ("../../../etc/passwd.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
            ("x" * 300 + ".jpg", b"\xff\xd8\xff\xe0" + b"garbage" * 10),
            ("无.exe", b"MZ" + b"\x00" * 100),
            ("😀.gif", b"GIF89a\x00"),
        ]
    )
    stream = BytesIO(content)
    stream.name = name
    return stream


def garbage_value(rng, kind="text"):
    pool = POOLS.get(kind, TEXT_GARBAGE + NUMBER_GARBAGE + DATE_GARBAGE)
    value = rng.choice(pool)
    # Duplicate keys: the same field given twice, differently.
    return [value, rng.choice(GARBAGE)] if rng.random() < 0.1 else value


def variants(form: Form, rng, per_field: int, extra_keys=()) -> list[dict]:
    """Data for a form: the sensible values with one field garbled at a time (`per_field`
    values each, drawn from the pool for its kind), then everything garbage at once, then
    every field with a NUL byte (`extra_keys`, read by the view itself, join the last two)."""
    base = {}
    for name, (kind, values, _multiple) in form.fields.items():
        value = sensible_value(kind, values)
        if value is not None:
            base[name] = value
    names = [n for n, (kind, _v, _m) in form.fields.items() if n != "csrfmiddlewaretoken" and kind != "file"]
    result = [dict(base)]
    for name in names:
        kind = form.fields[name][0]
        for _ in range(per_field):
            result.append({**base, name: garbage_value(rng, kind)})
    kinds = {n: form.fields[n][0] if n in form.fields else "textarea" for n in names + list(extra_keys)}
    result.append({n: garbage_value(rng, kind) for n, kind in kinds.items()})
    result.append({**base, **{n: "abc\x00def" for n, kind in kinds.items() if kind != "hidden"}})
    for name, (kind, _values, _multiple) in form.fields.items():
        if kind == "file":
            for data in result[:3]:
                data[name] = [garbage_file(rng) for _ in range(rng.choice([1, 2, 6]))]
    return result


def keys_read_by_views() -> dict[str, list[str]]:
    """Query and form keys the project's code reads straight from the request, not through a form."""
    found = {"GET": set(), "POST": set()}
    pattern = re.compile(r"request\.(GET|POST)\.(?:get|getlist)\(\s*[\"']([\w-]+)[\"']")
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for method, key in pattern.findall(path.read_text(encoding="utf-8")):
            found[method].add(key)
    return {method: sorted(keys) for method, keys in found.items()}


# The project's URLs ------------------------------------------------------------------------------
CONVERTER = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


def url_patterns(resolver=None, prefix="", namespace=()):
    """(route with converters, full URL name) of every URL, admin pages left out but its index."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace + ((pattern.namespace,) if pattern.namespace else ())
            yield from url_patterns(pattern, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = ":".join(namespace + (pattern.name or "",))
            if name.startswith("admin:") and name != "admin:index":
                continue
            yield prefix + str(pattern.pattern), name


def fill(route: str, values: dict) -> str:
    return "/" + CONVERTER.sub(lambda m: values[m.group("name")], route)


ACTION_NAMES = None


def action_names():
    from huying.workorders.views import SPECS

    return [*SPECS, "show_contact", "nope"]


def param_values(name: str, param: str, demo, role: str, rng) -> list[str]:
    """Real ids fitting the URL, plus a few garbage ones."""
    ids = demo.appeal_ids
    garbage = rng.sample(GARBAGE_IDS, 3)
    if param == "ticket_number":
        real = [demo.ticket_numbers[k] for k in ("wo_replied", "submitted", "merged") if k in demo.ticket_numbers]
        return real + rng.sample(GARBAGE_TICKETS, 3)
    if param == "name":
        return action_names()
    if name == "appeals:attachment":
        return [str(demo.attachment_id), *garbage]
    if name in HOT_ISSUE_URLS:
        return ([str(demo.hot_issue_id)] if demo.hot_issue_id else []) + garbage
    if name == "hot:unsubscribe":
        return ["no-such-token", "%00", "x" * 300]
    if name.startswith("triage:") and name != "triage:suggestions":
        return ([str(demo.router_model_id)] if demo.router_model_id else []) + garbage
    if name == "board:detail":
        return [str(ids["published"]), str(ids["report"]), str(ids["submitted"]), *garbage]
    if param in ("pk", "other"):
        return [str(pk) for pk in role_appeals(demo, role)[:2]] + garbage[:2]
    if name == "signin:password_reset_confirm":  # a real user's id, any token, and garbage
        return {"uidb64": ["MQ", "Mg", "!!", *garbage], "token": ["set-password", "abc-123", *garbage]}[param]
    raise AssertionError(f"The sweep does not know what to put in <{param}> of {name}: teach param_values().")


ROLE_APPEALS = {
    "anonymous": ["published", "submitted"],
    "resident": ["published", "submitted"],
    "dispatcher": ["submitted", "reviewed", "wo_returned", "wo_reply_review", "report", "merged"],
    "handler": ["handler_pending", "handler_accepted", "handler_own", "submitted"],
    "street": ["street_pending", "street_accepted", "street_own", "submitted"],
    "community": ["community_own", "street_own", "published"],
    "supervisor": ["wo_awaiting_decision", "wo_closed", "wo_replied"],
    "leader": ["wo_in_progress", "wo_replied", "report"],
    "moderator": ["published", "submitted"],
    "admin": ["wo_reopened", "wo_dispatched", "reviewed"],
    "outsider": ["handler_own", "street_own"],
}


def role_appeals(demo, role):
    return [demo.appeal_ids[label] for label in ROLE_APPEALS[role] if label in demo.appeal_ids]


# The sweep --------------------------------------------------------------------------------------
@dataclass
class Failure:
    method: str
    url: str
    data: str
    status: int
    error: str
    where: str

    def __str__(self):
        return f"{self.method} {self.url} [{self.data}] -> {self.status} {self.error} at {self.where}"


def short(value, limit=40) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(short(v, 20) for v in value) + "]"
    if hasattr(value, "read"):
        return f"<file {short(getattr(value, 'name', ''), 20)}>"
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}…({len(str(value))} chars)"


def summarise(data) -> str:
    if not data:
        return ""
    if isinstance(data, bytes):
        return short(data, 60)
    return ", ".join(f"{k}={short(v)}" for k, v in data.items() if k != "csrfmiddlewaretoken")


def where(exc) -> str:
    """The innermost frame in Huying's own code, else the innermost frame."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if f.filename.startswith(str(ROOT))]
    frame = (ours or frames or [None])[-1]
    if frame is None:
        return "?"
    return f"{Path(frame.filename).relative_to(ROOT.parent) if ours else frame.filename}:{frame.lineno} {frame.name}"


DJANGO_OWN_LOGS = ("django.request", "django.security")


class Swallowed(logging.Handler):
    """Exceptions caught and logged instead of raised: a background task's (Huey logs and goes
    on), a signal receiver's (send_robust).  Django's own 500 log is the request's, already counted."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.records = []

    def emit(self, record):
        # Django's own: the request's 500 (already counted) and refused suspicious input (a 400).
        if record.exc_info and record.exc_info[1] is not None and not record.name.startswith(DJANGO_OWN_LOGS):
            self.records.append(record)


class Sweep:
    def __init__(self, client, rng, *, staff, deep=True):
        self.client = client
        self.staff = staff
        self.deep = deep
        self.rng = rng
        self.failures: list[Failure] = []
        self.requests = 0
        self.seen_forms = set()
        self.read_keys = keys_read_by_views()
        self.swallowed = Swallowed()

    def ask(self, method, url, data=None, *, htmx=False, content_type=None, **extra):
        self.requests += 1
        headers = {"HX-Request": "true", "HX-Current-URL": "http://testserver/"} if htmx else {}
        # Files are read once per request; copy them so a retry reads them again.
        for value in (data if isinstance(data, dict) else {}).values():
            for item in value if isinstance(value, list) else [value]:
                if hasattr(item, "seek"):
                    item.seek(0)
        response = None
        try:
            # What a request leaves for after its commit (the background tasks, run at once
            # here) runs too: a task that chokes on what was typed is the same bug, later.
            with TestCase.captureOnCommitCallbacks(execute=True):
                if isinstance(data, bytes):
                    response = self.client.generic(method, url, data, content_type, headers=headers, **extra)
                elif method == "GET":
                    response = self.client.get(url, data, headers=headers, **extra)
                elif method == "POST":
                    response = self.client.post(url, data or {}, headers=headers, **extra)
                else:
                    response = self.client.generic(method, url, headers=headers, **extra)
        except Exception as exc:
            error = f"{type(exc).__name__}: {str(exc)[:160]}"
            if response is not None:
                error = f"after the response: {error}"
            self.failures.append(Failure(method, url, summarise(data), 500, error, where(exc)))
            return None
        finally:
            for record in self.swallowed.records:
                exc = record.exc_info[1]
                self.failures.append(
                    Failure(
                        method,
                        url,
                        summarise(data),
                        response.status_code if response is not None else 500,
                        f"swallowed and logged by {record.name} ({record.getMessage()[:80]}): {type(exc).__name__}: {str(exc)[:160]}",
                        where(exc),
                    )
                )
            self.swallowed.records.clear()
        if response.status_code >= 500:
            self.failures.append(Failure(method, url, summarise(data), response.status_code, "", ""))
        return response

    def try_forms(self, page_url, response):
        for form in forms_in(response):
            target = urljoin(page_url, html.unescape(form.hx_post or form.action or page_url))
            path, query = urlsplit(target).path, urlsplit(target).query
            key = (form.method, re.sub(r"\d+", "N", path), tuple(sorted(form.fields)))
            if path.endswith(LOGOUT_URL_END) or key in self.seen_forms:
                # Logging out would end the role's sweep early: the sweep logs out last.
                continue
            self.seen_forms.add(key)
            # The public forms are the residents' to break; staff only get them whole and all garbage.
            tries = variants(form, self.rng, per_field=1, extra_keys=self.read_keys[form.method.upper()])
            if (self.staff and path.startswith(PUBLIC_PATHS)) or not self.deep:
                tries = [tries[0], *tries[-2:]]
            if form.method == "post":
                for index, data in enumerate(tries):
                    self.ask("POST", path, data, htmx=bool(form.hx_post) and index % 2 == 0, QUERY_STRING=query)
                # The form as a browser set to another charset would send it.
                for charset in FOREIGN_CHARSETS:
                    body = urlencode(without_files(tries[0]), doseq=True, encoding=charset, errors="replace").encode(
                        "ascii"
                    )
                    self.ask("POST", path, body, content_type=f"application/x-www-form-urlencoded; charset={charset}")
            else:
                # Filters and searches, read straight from the query string.
                for data in tries:
                    self.ask("GET", path, {**dict(parse_qsl(query)), **without_files(data)})
            if form.hx_get:
                hx = urlsplit(urljoin(page_url, html.unescape(form.hx_get)))
                for data in tries:
                    self.ask("GET", hx.path, {**dict(parse_qsl(hx.query)), **without_files(data)}, htmx=True)


def without_files(data):
    return {k: v for k, v in data.items() if not (isinstance(v, list) and v and hasattr(v[0], "read"))}


def client_for_role(demo, role) -> Client:
    client = Client()
    if role in demo.users:
        client.force_login(demo.users[role])
    if role == "resident":
        # A resident who gave the query codes of a few appeals in this session.
        session = client.session
        session[TRACKED_SESSION_KEY] = list(demo.ticket_numbers.values())
        session.save()
    return client


def sweep(demo, role, seed) -> Sweep:
    rng = random.Random(f"{seed}-{role}")
    client = client_for_role(demo, role)
    client.raise_request_exception = True
    run = Sweep(client, rng, staff=role in demo.users, deep=role not in SHALLOW_ROLES)
    root = logging.getLogger()
    root.addHandler(run.swallowed)
    try:
        walk(run, demo, role, rng)
    finally:
        root.removeHandler(run.swallowed)
    return run


def walk(run, demo, role, rng):
    client = run.client
    routes = list(url_patterns())
    read = run.read_keys
    last = [r for r in routes if r[1] == "signin:logout"]
    raw_done = set()
    for route, name in [r for r in routes if r[1] != "signin:logout"] + last:
        if name == "signin:logout" and role in demo.users:
            # Still the role it set out as: garbage must not have logged it out on the way.
            assert client.session.get("_auth_user_id") == str(demo.users[role].pk), f"{role} was logged out"
        params = [m.group("name") for m in CONVERTER.finditer(route)]
        if not params:
            urls = [fill(route, {})]
        else:
            choices = {p: param_values(name, p, demo, role, rng) for p in params}
            if name == "workorders:act":
                # Every action (or a sample, for most roles) on one real appeal; a garbage id with a real action.
                names = choices["name"] if role in ALL_ACTIONS_ROLES else rng.sample(choices["name"], 6)
                urls = [fill(route, {"pk": choices["pk"][0], "name": n}) for n in names]
                urls += [fill(route, {"pk": pk, "name": rng.choice(choices["name"])}) for pk in choices["pk"][1:]]
            else:
                first = params[0]
                urls = []
                for value in choices[first]:
                    values = {p: (value if p == first else rng.choice(choices[p])) for p in params}
                    urls.append(fill(route, values))
        for url in urls:
            page = run.ask("GET", url)
            if reads_htmx(url):
                run.ask("GET", url, htmx=True)
            if page is not None and page.status_code == 200:
                # Keys the code reads straight from the query string; the pages' forms add the rest.
                run.ask("GET", url, {key: garbage_value(rng) for key in read["GET"]})
            run.ask("POST", url, {})
            if name != "workorders:act" or url.endswith("/nope/") or rng.random() < 0.3:
                data = {key: garbage_value(rng, "textarea") for key in read["POST"]}
                run.ask("POST", url, {**data, "field0": garbage_value(rng)}, htmx=rng.random() < 0.5)
            if page is not None and page.status_code == 200:
                run.try_forms(url, page)
            if role in RAW_ROLES and name not in raw_done:
                raw_done.add(name)
                # Bytes no form would send: broken encodings, too many fields, broken bodies, odd methods.
                run.ask("GET", f"{url}?q=%FF%FE&page=%C0%AF&tab=%00&ticket=%ED%A0%80")
                for body, content_type in RAW_BODIES:
                    run.ask("POST", url, body, content_type=content_type)
                for method in ("HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"):
                    run.ask(method, url)


ROLES = [
    "anonymous",
    "resident",
    "dispatcher",
    "handler",
    "street",
    "community",
    "supervisor",
    "leader",
    "moderator",
    "admin",
    "outsider",
]
# Roles whose forms are also another role's (the admin's are the dispatcher's, the outsider's a
# handler's, the moderator's the public's) get each form whole, all garbage and all NUL only.
SHALLOW_ROLES = {"admin", "outsider", "moderator"}
RAW_ROLES = {"anonymous", "dispatcher", "handler"}
RAW_BODIES = [
    (b"\xff\xfe=\xc0\xaf&note=%ff%00&text=\xed\xa0\x80&next=%2F%2Fevil.example", "application/x-www-form-urlencoded"),
    (b"&".join(b"f%d=1" % i for i in range(1200)), "application/x-www-form-urlencoded"),
    (b'--b\r\nContent-Disposition: form-data; name="note"\r\n\r\nunterminated', "multipart/form-data; boundary=b"),
    (
        b'--b\r\nContent-Disposition: form-data; name="attachments"; filename="../x.jpg"\r\n\r\n\xff\xd8--b--',
        "multipart/form-data; boundary=b",
    ),
    (b'{"note": "x", "broken', "application/json"),
]
ALL_ACTIONS_ROLES = {"dispatcher", "admin"}


def reads_htmx(url) -> bool:
    """Whether the view behind the URL answers HTMX differently (its source mentions it)."""
    try:
        func = resolve(urlsplit(url).path).func
    except Http404:
        return False
    return _reads_htmx(inspect.unwrap(getattr(func, "view_class", func)))


@functools.cache
def _reads_htmx(func) -> bool:
    try:
        return "htmx" in inspect.getsource(func)
    except (OSError, TypeError):
        return True


@pytest.mark.parametrize("role", ROLES)
def test_no_url_answers_a_server_error_to_garbage_from(role, demo_district, db):
    run = sweep(demo_district, role, seed=20261129)
    failures = run.failures
    assert run.requests > 100
    assert failures == [], "\n".join(str(f) for f in failures[:40])


# Bugs this sweep found, kept as precise reproductions: dates outside 1900-2999 in list
# filters, keys beyond 64 bits, NUL in merge notes.


def status_of(client, method, url, data=None):
    client.raise_request_exception = False
    response = client.get(url, data) if method == "GET" else client.post(url, data or {})
    return response.status_code


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("dispatcher", "/staff/"),
        ("dispatcher", "/staff/appeals/"),
        ("dispatcher", "/staff/follow-up/"),
        ("supervisor", "/staff/overdue/"),
        ("handler", "/staff/inbox/"),
    ],
)
def test_a_list_filtered_from_the_year_one_is_not_a_server_error(role, url, demo_district, db):
    client = client_for_role(demo_district, role)
    assert status_of(client, "GET", url, {"date_from": "0001-01-01"}) < 500


@pytest.mark.parametrize("how", ["preview", "dispatch"])
def test_a_dispatch_naming_an_impossible_co_handler_is_not_a_server_error(how, demo_district, db):
    client = client_for_role(demo_district, "dispatcher")
    pk = demo_district.appeal_ids["reviewed"]
    huge = "99999999999999999999"
    if how == "preview":
        assert status_of(client, "GET", f"/staff/appeals/{pk}/preview/", {"dispatch-co_handlers": huge}) < 500
    else:
        assert status_of(client, "POST", f"/staff/appeals/{pk}/do/dispatch/", {"dispatch-co_handlers": huge}) < 500


def mergeable_pair(client):
    """A merge form the dispatcher's duplicates panel offers, as its URL."""
    for pk in Appeal.objects.order_by("-id").values_list("pk", flat=True)[:60]:
        page = client.get(f"/duplicates/appeals/{pk}/").content.decode()
        found = re.search(r'action="(/duplicates/appeals/\d+/merge/\d+/)"', page)
        if found:
            return found.group(1)
    raise AssertionError("the demo district offers no merge")


def test_a_merge_note_with_a_nul_byte_is_not_a_server_error(demo_district, db):
    client = client_for_role(demo_district, "dispatcher")
    url = mergeable_pair(client)
    assert status_of(client, "POST", url, {"note": "a\x00b"}) < 500


@pytest.mark.parametrize(
    ("role", "url", "field"),
    [
        ("anonymous", "/appeals/submit/", "street"),
        ("dispatcher", "/staff/enter/", "community"),
        ("dispatcher", "/staff/appeals/{reviewed}/do/dispatch/", "dispatch-lead"),
        ("dispatcher", "/staff/appeals/{reviewed}/preview/", "dispatch-co_handlers"),
    ],
)
def test_a_choice_id_of_five_thousand_digits_is_a_form_error_not_a_server_error(role, url, field, demo_district, db):
    # Python refuses int() on more than 4300 digits: whatever reads the id must not try.
    client = client_for_role(demo_district, role)
    url = url.format(reviewed=demo_district.appeal_ids["reviewed"])
    method = "GET" if url.endswith("/preview/") else "POST"
    assert status_of(client, method, url, {field: "9" * 5000}) < 500


def test_the_sweep_notices_errors_that_are_logged_or_come_after_the_response(db, monkeypatch):
    from django.db import transaction
    from django.http import HttpResponse

    def logs_an_error(request, template):
        try:
            raise LookupError("swallowed")
        except LookupError:
            logging.getLogger("huying.demo").exception("a receiver failed")
        transaction.on_commit(lambda: 1 / 0)
        return HttpResponse("ok")

    monkeypatch.setattr("huying.core.views.render", logs_an_error)
    run = Sweep(Client(), random.Random(1), staff=False)
    logging.getLogger().addHandler(run.swallowed)
    try:
        response = run.ask("GET", "/")
    finally:
        logging.getLogger().removeHandler(run.swallowed)
    assert response is None
    errors = sorted(f.error.split(":")[0] for f in run.failures)
    assert errors == ["after the response", "swallowed and logged by huying.demo (a receiver failed)"]
    assert all("test_robustness.py" in f.where for f in run.failures)


def test_the_sweep_reaches_every_url_of_the_project(demo_district, db):
    names = {name for _route, name in url_patterns()}
    expected = {
        "core:home",
        "core:healthz",
        "core:favicon",
        "signin:login",
        "signin:logout",
        "signin:verify",
        "signin:enrol",
        "signin:security",
        "signin:renew_recovery_codes",
        "signin:password_change",
        "signin:password_reset",
        "signin:password_reset_done",
        "signin:password_reset_confirm",
        "signin:password_reset_complete",
        "admin_password_change",
        "accounts:home",
        "appeals:submit",
        "appeals:submitted",
        "appeals:track",
        "appeals:track_detail",
        "appeals:privacy",
        "appeals:attachment",
        "board:list",
        "board:detail",
        "board:feed",
        "board:json",
        "workorders:appeal",
        "workorders:act",
        "ratings:rate",
        "duplicates:panel",
        "duplicates:merge",
        "triage:models",
        "set_language",
        "admin:index",
    }
    assert expected <= names
    rng = random.Random(1)
    for route, name in url_patterns():
        for param in (m.group("name") for m in CONVERTER.finditer(route)):
            assert param_values(name, param, demo_district, "dispatcher", rng), (name, param)


# Who may not come in ------------------------------------------------------------------------------
STAFF_NAMESPACES = ("workorders:", "triage:", "duplicates:")
HOT_ISSUE_URLS = ("hot:list", "hot:detail", "hot:split", "hot:join")
STAFF_EXTRA = {
    *HOT_ISSUE_URLS,
    "admin_password_change",
    "appeals:attachment",
    "accounts:home",
    "signin:verify",
    "signin:enrol",
    "signin:security",
    "signin:renew_recovery_codes",
    "signin:password_change",
}
REFUSED = {403, 404}


def staff_routes():
    """(route, name) of every staff URL: the workbench, triage, duplicates, attachments, the staff home."""
    return [(route, name) for route, name in url_patterns() if name.startswith(STAFF_NAMESPACES) or name in STAFF_EXTRA]


def staff_urls(route, name, demo, pk, other, actions=None) -> list[str]:
    params = [m.group("name") for m in CONVERTER.finditer(route)]
    if not params:
        return [fill(route, {})]
    if name == "appeals:attachment":
        return [fill(route, {"pk": str(demo.attachment_id)})]
    if name in ("triage:model", "triage:make_live"):
        return [fill(route, {"pk": str(demo.router_model_id or 1)})]
    if name in HOT_ISSUE_URLS:
        return [fill(route, {"pk": str(demo.hot_issue_id or 1)})]
    if "name" in params:
        return [fill(route, {"pk": str(pk), "name": action}) for action in (actions or action_names())]
    return [fill(route, {"pk": str(pk), "other": str(other)})]


def test_the_staff_urls_are_the_ones_this_file_guards():
    names = {name for _route, name in staff_routes()}
    assert {
        "workorders:appeal",
        "workorders:act",
        "workorders:show_contact",
        "workorders:inbox",
        "triage:models",
        "triage:suggestions",
        "duplicates:panel",
        "duplicates:merge",
        "appeals:attachment",
        "accounts:home",
        "signin:security",
        "signin:password_change",
    } <= names
    # Every URL outside these is public on purpose.
    public = {name for _route, name in url_patterns()} - names
    assert public == {
        "core:home",
        "core:healthz",
        "core:favicon",
        "signin:login",
        "signin:logout",
        "signin:password_reset",
        "signin:password_reset_done",
        "signin:password_reset_confirm",
        "signin:password_reset_complete",
        "appeals:submit",
        "appeals:submitted",
        "appeals:track",
        "appeals:track_detail",
        "appeals:privacy",
        "board:list",
        "board:detail",
        "board:feed",
        "board:json",
        "hot:support",
        "hot:unsubscribe",
        "matters:list",
        "matters:detail",
        "ratings:rate",
        "set_language",
        "admin:index",
    }, "a new URL: add it to the staff or the public list"


def test_every_staff_url_sends_an_anonymous_visitor_to_log_in_or_refuses(demo_district, db, client):
    ids = demo_district.appeal_ids
    wrong = []
    for route, name in staff_routes():
        for url in staff_urls(route, name, demo_district, ids["wo_in_progress"], ids["submitted"]):
            answers = {}
            for method in ("GET", "POST"):
                for htmx in (False, True):
                    headers = {"HX-Request": "true"} if htmx else {}
                    response = (
                        client.get(url, headers=headers) if method == "GET" else client.post(url, {}, headers=headers)
                    )
                    status = response.status_code
                    to_login = status == 302 and response["Location"].startswith("/accounts/login/")
                    answers[method] = status
                    if not (to_login or status in REFUSED or status == 405):
                        wrong.append(
                            f"{method}{' (HTMX)' if htmx else ''} {url} -> {status} {response.get('Location', '')}"
                        )
            # 405 is right only for the method the view does not take; the other must be refused.
            if set(answers.values()) == {405}:
                wrong.append(f"{url} refuses both methods: not reached")
    assert wrong == []


def foreign_appeals(user, count=3):
    """Appeals the user's department never had a part in (not even one later replaced), of varied states."""
    scope = set()
    if user.department_id:
        scope = {
            user.department_id,
            *Department.objects.filter(parent_id=user.department_id).values_list("pk", flat=True),
        }
    touched = Assignment.objects.filter(Q(department_id__in=scope) | Q(forwarded_to_id__in=scope)).values(
        "work_order_id"
    )
    foreign = Appeal.objects.exclude(work_order_id__in=touched)
    picked = []
    for status in ("submitted", "dispatched", "in_progress", "replied", "closed", "merged"):
        pk = foreign.filter(status=status).order_by("id").values_list("pk", flat=True).first()
        if pk:
            picked.append(pk)
    return picked[:count]


def own_appeal(user):
    return Appeal.objects.visible_to(user).order_by("id").values_list("pk", flat=True).first()


@pytest.mark.parametrize("role", ["outsider", "handler", "street", "community", "moderator"])
def test_staff_cannot_open_or_act_on_appeals_outside_their_departments(role, demo_district, db):
    user = demo_district.users[role]
    client = client_for_role(demo_district, role)
    foreign = foreign_appeals(user)
    assert len(foreign) >= 3
    before = {a.pk: (a.status, a.work_order_id, a.is_published) for a in Appeal.objects.filter(pk__in=foreign)}
    events_before = Event.objects.filter(actor=user).count()
    mine = own_appeal(user) or foreign[0]
    wrong = []
    rng = random.Random(role)
    for index, pk in enumerate(foreign):
        other = foreign[(index + 1) % len(foreign)]
        actions = action_names() if index == 0 else rng.sample(action_names(), 5)
        for route, name in staff_routes():
            if not CONVERTER.search(route) or name.startswith("triage:model") or name == "triage:make_live":
                continue
            # merge/unmerge: a foreign appeal against another, and against one of the user's own.
            others = [other, mine] if name.startswith("duplicates:") else [other]
            for other_pk in others:
                for url in staff_urls(route, name, demo_district, pk, other_pk, actions):
                    answers = {
                        "GET": client.get(url).status_code,
                        "POST": client.post(url, {"note": "x", "text": "x", "reason": "x"}).status_code,
                    }
                    if not set(answers.values()) <= REFUSED | {405} or set(answers.values()) == {405}:
                        wrong.append(f"{url} -> {answers}")
    assert wrong == [], "\n".join(wrong[:30])
    after = {a.pk: (a.status, a.work_order_id, a.is_published) for a in Appeal.objects.filter(pk__in=foreign)}
    assert after == before
    assert Event.objects.filter(actor=user).count() == events_before
    # Their lists do not link to the foreign appeals either.
    for url in ("/staff/appeals/", "/staff/inbox/"):
        for page in range(1, 30):
            response = client.get(url, {"page": page})
            if response.status_code != 200:
                break
            text = response.content.decode()
            assert not [pk for pk in foreign if f"/staff/appeals/{pk}/" in text], url
            if f"page={page + 1}" not in text:
                break
    # Not a blanket refusal: a handler does open what is theirs.
    if role != "moderator" and own_appeal(user):
        assert client.get(f"/staff/appeals/{own_appeal(user)}/").status_code == 200
