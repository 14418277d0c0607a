from huying.appeals.models import Kind
from huying.appeals.validators import normalise_id_number, normalise_phone
from huying.demo.appeals import CATEGORIES, generate_appeal_texts
from huying.demo.organisation import CATEGORY_LEADS, STREETS


def test_the_generator_gives_many_varied_repeatable_appeals_in_every_category_and_kind():
    texts = generate_appeal_texts(300, seed=7)
    assert texts == generate_appeal_texts(300, seed=7)
    assert texts != generate_appeal_texts(300, seed=8)
    assert {t["category"] for t in texts} == set(CATEGORY_LEADS) == set(CATEGORIES)
    assert {t["kind"] for t in texts} == set(Kind.values)
    assert len({t["description"] for t in texts}) >= 290
    for t in texts:
        assert t["community"] in STREETS[t["street"]]
        assert 4 <= len(t["title"]) <= 100 and 10 <= len(t["description"]) <= 3000
        normalise_phone(t["phone"])
        if t["id_number"]:
            normalise_id_number(t["id_number"])
        assert t["contact_name"] not in t["description"]


def test_each_category_has_its_own_vocabulary():
    texts = generate_appeal_texts(450, seed=3)
    words = {}
    for t in texts:
        words.setdefault(t["category"], set()).update(t["title"][i : i + 2] for i in range(len(t["title"]) - 1))
    for category, grams in words.items():
        others = set().union(*(g for c, g in words.items() if c != category))
        assert len(grams - others) >= 5, category
