"""How the forms read: the resident's rating radios each inside their label, the category
select grouped under each parent, the staff navigation's link to the router's page."""

import copy

import pytest
from django.db import connection
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext

from huying.taxonomy.models import Category
from huying.workorders.models import State
from huying.workorders.tests.pagetree import elements, text_of

PEOPLE = ["dispatcher", "lead", "co_a", "co_c", "community", "supervisor", "outsider", "leader", "moderator", "admin"]
ROUTER_PAGE = "/triage/"


class TestTheRatingForm:
    def test_each_radio_sits_inside_its_own_label_with_its_words(self, world, client):
        appeal = world.in_state(State.REPLIED)
        client.post("/appeals/track/", {"ticket_number": appeal.ticket_number, "query_code": appeal.query_code})
        html = client.get(f"/appeals/track/{appeal.ticket_number}/").content.decode()
        [rate] = [e for e, _a in elements(parse_html(html)) if dict(e.attributes).get("data-testid") == "rate"]
        radios = [(e, a) for e, a in elements(rate) if e.name == "input" and dict(e.attributes).get("type") == "radio"]
        assert len(radios) == 3
        words = []
        for radio, ancestors in radios:
            labels = [a for a in ancestors if a.name == "label"]
            assert len(labels) == 1, dict(radio.attributes)
            assert dict(labels[0].attributes).get("for") == dict(radio.attributes)["id"]
            words.append(text_of(labels[0]).strip())
        assert words == ["满意", "基本满意", "不满意"]


def optgroups(html: str, name: str) -> list[tuple[str, list[str]]]:
    [select] = [
        e for e, _a in elements(parse_html(html)) if e.name == "select" and dict(e.attributes).get("name") == name
    ]
    return [
        (dict(g.attributes)["label"], [text_of(o).strip() for o in g.children if not isinstance(o, str)])
        for g in select.children
        if not isinstance(g, str) and g.name == "optgroup"
    ]


@pytest.fixture
def taxonomy(db):
    """Two roots; level-3 categories created in an order that interleaves their parents."""

    def make(name, parent=None, sort_order=0, **extra):
        level = 1 if parent is None else parent.level + 1
        return Category.objects.create(name=name, level=level, parent=parent, sort_order=sort_order, **extra)

    housing = make("住房保障", sort_order=2)
    traffic = make("交通运输", sort_order=1)
    safety = make("安全生产", housing, sort_order=2)
    estate = make("物业管理", housing, sort_order=1)
    make("其他", safety, sort_order=3)
    make("电梯维修", estate, sort_order=1)
    make("事故处理", safety, sort_order=1)
    make("其他", estate, sort_order=2)
    make("公交线路", traffic)
    make("已停用", estate, is_active=False)
    return {"housing": housing, "estate": estate}


class TestTheCategorySelect:
    EXPECTED = [
        ("城乡建设", ["城乡建设（综合）", "市政设施"]),  # the world's own, a level 2 without children
        ("交通运输", ["交通运输（综合）", "公交线路"]),
        ("住房保障", ["住房保障（综合）"]),
        ("住房保障 > 物业管理", ["物业管理（综合）", "物业管理 > 电梯维修", "物业管理 > 其他"]),
        ("住房保障 > 安全生产", ["安全生产（综合）", "安全生产 > 事故处理", "安全生产 > 其他"]),
    ]

    def test_level_3_categories_are_grouped_under_their_parent_in_order(self, world, client_for, taxonomy):
        appeal = world.appeal(category=taxonomy["housing"])
        html = client_for(world.dispatcher).get(f"/staff/appeals/{appeal.pk}/").content.decode()
        assert optgroups(html, "dispatch-category") == self.EXPECTED

    def test_the_redispatch_form_groups_them_the_same_way(self, world, client_for, taxonomy):
        appeal = world.in_state(State.RETURNED)
        html = client_for(world.dispatcher).get(f"/staff/appeals/{appeal.pk}/").content.decode()
        groups = optgroups(html, "redispatch-category")
        assert groups == self.EXPECTED

    def test_a_level_3_category_chosen_in_its_group_dispatches(self, world, client_for, taxonomy):
        appeal = world.appeal()
        lift = Category.objects.get(name="电梯维修")
        response = client_for(world.dispatcher).post(
            f"/staff/appeals/{appeal.pk}/do/dispatch/",
            {"dispatch-category": lift.pk, "dispatch-lead": world.org.street.pk},
        )
        assert response.status_code == 302
        assert world.refresh(appeal).work_order.category == lift

    def test_more_categories_run_no_more_queries(self, world, client_for, taxonomy):
        appeal = world.appeal()
        client = client_for(world.dispatcher)
        url = f"/staff/appeals/{appeal.pk}/"

        def queries():
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            return len(captured)

        before = queries()
        for parent in Category.objects.filter(level=2):
            for i in range(15):
                Category.objects.create(name=f"细类{i}", level=3, parent=parent, sort_order=i)
        assert queries() == before


class TestTheRouterLink:
    def test_the_staff_navigation_links_to_the_router_page_for_exactly_those_who_may_open_it(self, world, client_for):
        linked, may_open = set(), set()
        for person in PEOPLE:
            client = client_for(getattr(world, person))
            if f'href="{ROUTER_PAGE}"' in client.get("/staff/appeals/").content.decode():
                linked.add(person)
            if client.get(ROUTER_PAGE).status_code == 200:
                may_open.add(person)
        assert linked == may_open == {"dispatcher", "leader", "admin"}

    @pytest.mark.parametrize(("person", "page"), [("leader", "/staff/overdue/"), ("lead", "/staff/inbox/")])
    def test_the_link_adds_no_query(self, world, client_for, settings, person, page):
        client = client_for(getattr(world, person))

        def queries():
            client.get(page)  # the session's first request writes it
            with CaptureQueriesContext(connection) as captured:
                response = client.get(page)
            return len(captured), f'href="{ROUTER_PAGE}"' in response.content.decode()

        count, linked = queries()
        assert linked == (person == "leader")
        # The same page without the navigation's question runs exactly as many queries.
        templates = copy.deepcopy(settings.TEMPLATES)
        templates[0]["OPTIONS"]["context_processors"].remove("huying.triage.context_processors.router_link")
        settings.TEMPLATES = templates
        assert queries() == (count, False)
