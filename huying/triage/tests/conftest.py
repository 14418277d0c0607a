"""A district with the default taxonomy, the demo's bureaus and streets, and a history of
appeals whose category and lead department the dispatch centre confirmed.

The texts come from the demo generator (huying.demo.appeals): the project's own data.
"""

import csv
from dataclasses import dataclass, field

import pytest

from huying.accounts.models import Department
from huying.appeals.tests.factories import make_appeal
from huying.demo.appeals import generate_appeal_texts
from huying.demo.organisation import CATEGORY_LEADS, STREETS
from huying.taxonomy.loading import load_taxonomy
from huying.taxonomy.models import Category
from huying.triage import actions


@dataclass
class District:
    org: object
    roots: dict
    subs: dict
    leads: dict  # level-1 category name -> lead department
    streets: dict = field(default_factory=dict)  # street name -> Department
    communities: dict = field(default_factory=dict)  # (street, community) -> Department

    def labels(self, text: dict):
        """The category (level 2 when the taxonomy has it) and lead a dispatcher would choose."""
        category = self.subs.get((text["category"], text["subcategory"])) or self.roots[text["category"]]
        return category, self.leads[text["category"]]


@pytest.fixture
def district(org, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()
    load_taxonomy()
    K = Department.Kind
    leads = {}
    for category, short in CATEGORY_LEADS.items():
        leads[category], _ = Department.objects.get_or_create(
            name=f"区{short}", parent=org.district, defaults={"kind": K.BUREAU, "short_name": short}
        )
    found = District(
        org=org,
        roots={c.name: c for c in Category.objects.roots()},
        subs={(c.parent.name, c.name): c for c in Category.objects.filter(level=2).select_related("parent")},
        leads=leads,
    )
    for street_name, communities in STREETS.items():
        street = Department.objects.create(name=street_name, kind=K.STREET, parent=org.district)
        found.streets[street_name] = street
        for name in communities:
            found.communities[(street_name, name)] = Department.objects.create(
                name=name, kind=K.COMMUNITY, parent=street
            )
    return found


def submit_text(district, text):
    street = district.streets[text["street"]]
    return make_appeal(
        district.org,
        kind=text["kind"],
        title=text["title"],
        description=text["description"],
        street=street,
        community=district.communities[(text["street"], text["community"])],
        phone="13900001234",
        triage=True,
    )


@pytest.fixture
def history(district, dispatcher):
    """history(n, seed) -> appeals dispatched with the generator's labels, as training examples."""

    def make(n=300, seed=1):
        appeals = []
        for text in generate_appeal_texts(n, seed):
            appeal = submit_text(district, text)
            category, lead = district.labels(text)
            actions.record_confirmed_choice(appeal.pk, category.pk, lead.pk, dispatcher.pk)
            appeals.append(appeal)
        return appeals

    return make


def write_csv(path, texts):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["留言编号", "留言主题", "留言详情", "一级标签"])
        for number, text in enumerate(texts):
            writer.writerow([number, text["title"], text["description"], text["category"]])
    return path
