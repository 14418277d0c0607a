"""A district with the default taxonomy, the demo's bureaus and streets, and a history of
appeals whose category and lead department the dispatch centre confirmed.

The texts come from the demo generator (huying.demo.appeals): the project's own data.

Training the router on a 300-appeal history takes most of a minute on a CI machine, so the
tests that start from that trained history share one per module (`trained`): built once in a
transaction that each test runs inside (as a savepoint, rolled back after it), itself rolled
back after the module's last test, like Django's `setUpTestData`.
"""

import copy
import csv
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import _user, build_org
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
    return build_district(org)


def build_district(org) -> District:
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
        return record_history(district, dispatcher, n, seed)

    return make


def record_history(district, dispatcher, n, seed):
    appeals = []
    for text in generate_appeal_texts(n, seed):
        appeal = submit_text(district, text)
        category, lead = district.labels(text)
        actions.record_confirmed_choice(appeal.pk, category.pk, lead.pk, dispatcher.pk)
        appeals.append(appeal)
    return appeals


# One trained history per module -------------------------------------------------------------
@dataclass
class Trained:
    district: District
    dispatcher: object
    appeals: list  # history(300, seed=1)
    results: dict  # Head -> router.HeadResult of the training that put the models live
    var_dir: Path


@pytest.fixture(scope="module")
def _trained_module(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.db import transaction
    from django.test import override_settings
    from huey.contrib.djhuey import HUEY

    from huying.triage import router
    from huying.triage.text import forget_deployment_words

    var_dir = tmp_path_factory.mktemp("trained") / "var"
    var_dir.mkdir()
    HUEY.immediate = True  # as the root conftest sets it for every test
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
            with override_settings(VAR_DIR=var_dir, PASSWORD_HASHERS=hashers):
                org = build_org()
                dispatcher = _user("dispatcher", "dispatcher", org.dispatch_centre)
                district = build_district(org)
                appeals = record_history(district, dispatcher, 300, seed=1)
                # Three folds, as the tests' other trainings; the command uses five.
                results = {r.kind: r for r in router.train_router(progress=False, jobs=1, folds=3)}
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield Trained(district=district, dispatcher=dispatcher, appeals=appeals, results=results, var_dir=var_dir)
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
    forget_deployment_words()  # it holds the rolled-back district's names


@pytest.fixture
def trained(_trained_module, db, settings, tmp_path):
    """history(300, seed=1) with the router trained on it (folds=3, jobs=1) and live: what a
    test does to the database is rolled back after it, and it gets its own copy of the model
    files (settings.VAR_DIR) and of the training's results. A module that uses it must hold
    no transactional test: its tests all run inside the module's transaction."""
    settings.VAR_DIR = tmp_path / "var"
    shutil.copytree(_trained_module.var_dir, settings.VAR_DIR)
    return Trained(
        district=_trained_module.district,
        dispatcher=_trained_module.dispatcher,
        appeals=list(_trained_module.appeals),
        results=copy.deepcopy(_trained_module.results),
        var_dir=settings.VAR_DIR,
    )


def write_csv(path, texts):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["留言编号", "留言主题", "留言详情", "一级标签"])
        for number, text in enumerate(texts):
            writer.writerow([number, text["title"], text["description"], text["category"]])
    return path


def train(folds=3, **kwargs):
    """The router trained as the tests train it: three folds keep them quick; the command uses five."""
    from huying.triage import router

    return {r.kind: r for r in router.train_router(progress=False, jobs=1, folds=folds, **kwargs)}
