"""The router trained on the demo district's confirmed appeals (history(300, seed=1)), and using it.

Every test here starts from the one training of `trained` (see conftest.py): this module may
hold no transactional test. The tests that train again judge the gate, which scores the held-out
rows whatever the folds: those trainings cross-validate on two folds, the least there is.
"""

import numpy as np
import pytest

from huying.demo.appeals import generate_appeal_texts
from huying.triage import router
from huying.triage.models import Head, RouterModel, Suggestion, TrainingExample
from huying.triage.tests.conftest import submit_text, train

pytestmark = pytest.mark.django_db


def test_training_on_confirmed_appeals_puts_models_live_with_a_cross_validated_report(trained):
    results = trained.results
    category = results[Head.CATEGORY]
    assert category.promoted and category.model.is_live
    assert category.cv["macro_f1"] >= 0.9
    assert category.cv["top3_accuracy"] >= 0.9
    assert len(category.cv["confusion"]) == len(category.cv["labels"]) == 15
    assert {row["label"] for row in category.cv["per_class"]} >= {"城乡建设", "环境保护", "纪检监察"}
    assert results[Head.DEPARTMENT].model.is_live
    assert results[Head.SUBCATEGORY].model.is_live
    stored = RouterModel.objects.get(kind=Head.CATEGORY, is_live=True)
    assert stored.metrics["cv"]["macro_f1"] == category.cv["macro_f1"]
    assert stored.trained_on == category.rows
    assert (router.models_dir() / stored.file_path).exists()


def test_a_model_worse_than_the_live_one_on_the_held_out_rows_is_not_promoted_unless_forced(trained):
    first = trained.results[Head.CATEGORY].model
    # Mislabel the history the next model learns from (the held-out rows keep their truth).
    examples = [e for e in TrainingExample.objects.order_by("id") if not router.is_held_out(f"example-{e.pk}")]
    categories = sorted({e.category_id for e in examples})
    for position, example in enumerate(examples):
        example.category_id = categories[position % len(categories)]
        example.save(update_fields=["category"])
    worse = train(folds=2)[Head.CATEGORY]
    assert not worse.promoted and worse.reason == "worse"
    assert worse.holdout["macro_f1"] < worse.live_holdout["macro_f1"]
    assert RouterModel.objects.get(kind=Head.CATEGORY, is_live=True) == first
    forced = train(folds=2, force=True)[Head.CATEGORY]
    live = RouterModel.objects.get(kind=Head.CATEGORY, is_live=True)
    assert forced.promoted and live == forced.model and live.forced


def test_a_new_model_as_good_as_the_live_one_goes_live(trained):
    first = trained.results[Head.CATEGORY].model
    second = train(folds=2)[Head.CATEGORY]
    assert second.promoted and second.reason == "not_worse"
    assert RouterModel.objects.get(kind=Head.CATEGORY, is_live=True).version == first.version + 1


def test_submitting_an_appeal_stores_calibrated_top_3_suggestions(trained, django_capture_on_commit_callbacks):
    district = trained.district
    text = next(t for t in generate_appeal_texts(60, seed=7) if t["category"] == "环境保护")
    with django_capture_on_commit_callbacks(execute=True):
        appeal = submit_text(district, text)
    suggestion = Suggestion.objects.get(appeal=appeal)
    assert [c["name"] for c in suggestion.categories][0] == "环境保护"
    assert len(suggestion.categories) == 3 and len(suggestion.departments) == 3
    probabilities = [c["p"] for c in suggestion.categories]
    assert probabilities == sorted(probabilities, reverse=True)
    assert 0 < sum(probabilities) <= 1.0001
    assert suggestion.departments[0]["id"] == district.leads["环境保护"].pk
    assert suggestion.subcategories and suggestion.subcategories[0]["name"].startswith("环境保护 > ")
    assert not suggestion.uncertain
    # The whole distribution is a probability distribution.
    classifier = router.load_classifier(RouterModel.objects.get(kind=Head.CATEGORY, is_live=True))
    proba = classifier.predict_proba([text["title"]], [text["description"]])
    assert proba.shape == (1, 15) and np.isclose(proba.sum(), 1)


def test_a_vague_appeal_is_marked_uncertain_and_a_clear_one_is_not(trained):
    from huying.triage.tasks import analyse_appeal

    district = trained.district
    vague = submit_text(
        district,
        generate_appeal_texts(1, seed=3)[0] | {"title": "反映问题", "description": "想反映一个情况，请帮忙看看。"},
    )
    clear = submit_text(district, generate_appeal_texts(1, seed=3)[0])
    analyse_appeal.call_local(vague.pk)
    analyse_appeal.call_local(clear.pk)
    assert Suggestion.objects.get(appeal=vague).uncertain
    assert not Suggestion.objects.get(appeal=clear).uncertain


def test_heads_reading_the_same_text_segment_it_once(trained, monkeypatch):
    live = router.live_models()
    assert {Head.CATEGORY, Head.SUBCATEGORY, Head.DEPARTMENT} <= set(live)
    read = []
    prepare = router.prepare
    monkeypatch.setattr(router, "prepare", lambda *args: read.append(args[1]) or prepare(*args))
    prediction = router.predict("路灯不亮", "小区门口的路灯坏了两个月", live, place="经二路街道")
    # The two category heads share one reading; the department head also reads the place.
    assert sorted(read) == ["小区门口的路灯坏了两个月", "小区门口的路灯坏了两个月\n经二路街道"]
    assert prediction.categories and prediction.subcategories and prediction.departments
