"""The score: rare content words in common, titles, and places that differ (project-made letters)."""

import numpy as np
import pytest

from huying.duplicates import index
from huying.duplicates.actions import prune_index
from huying.duplicates.models import WordCount
from huying.duplicates.tests.conftest import DAYS, LAMP, NOISE
from huying.duplicates.text import content_words, place_bigrams, place_names, prepare

MIXER = (
    "丽发新城小区附近搅拌站噪音扰民",
    "尊敬的领导您好！丽发新城小区旁边的搅拌站每天晚上机器轰鸣，灰尘很大，居民无法休息，希望有关部门尽快解决。",
)
# The same problem, written independently by another resident: few words, no bigram run in common.
MIXER_AGAIN = (
    "投诉在建搅拌站",
    "我是丽发新城的业主，家门口建了个大型搅拌站，整天轰鸣吵死人，扬尘也多，孩子晚上睡不着。",
)
# The same estate, another problem.
MIXER_ESTATE_PARKING = (
    "丽发新城小区停车费太贵",
    "丽发新城小区物业把停车费涨到每月三百元，业主不同意，希望有关部门尽快解决。",
)
# The same complaint about another estate.
OTHER_ESTATE_MIXER = (
    "燕联小区附近搅拌站噪音扰民",
    "燕联小区旁边的搅拌站每天晚上机器轰鸣，灰尘很大，居民无法休息，希望有关部门尽快解决。",
)
BACKGROUND = [
    ("渭工路小区门口路灯坏了", "渭工路小区门口的路灯坏了一个多月，晚上很黑，希望有关部门尽快解决。"),
    ("新河路工地夜间施工扰民", "新河路工地每天晚上打桩，居民无法休息，希望有关部门尽快解决。"),
    ("幼儿园收费太高", "小区配套幼儿园每月收费两千元，业主负担很重，希望有关部门尽快解决。"),
    ("公交线路调整后出行不便", "808路公交改线后孩子上学要走很远，希望有关部门尽快解决。"),
]


def scores(submit, appeal_texts, query):
    for title, description in BACKGROUND:
        submit(title, description, phone="13900000000")
    earlier = [submit(*texts, phone=f"1380000{n:04d}") for n, texts in enumerate(appeal_texts)]
    later = submit(*query, phone="13700000000")
    found = {other.pk: score for other, score, _reason in index.find_duplicates(later)}
    by_pk = {appeal.pk: found.get(appeal.pk, 0.0) for appeal in earlier}
    return [by_pk[appeal.pk] for appeal in earlier]


def test_content_words_leave_out_the_letter_writing_and_the_function_words():
    words = content_words(prepare("尊敬的领导您好！丽发新城小区附近的搅拌站噪音很大，希望有关部门尽快解决。"))
    assert {"搅拌站", "噪音"} <= set(words)
    assert not {"领导", "您好", "希望", "有关", "部门", "尽快", "解决", "的"} & set(words)


def test_place_names_are_found_after_the_district_and_the_asking():
    assert place_names(prepare("举报A市A3区柏家塘小区私营KTV严重扰民")) == {"柏家塘"}
    # Rough by design (a name may keep words before it): names are compared by bigrams.
    assert "望仙" in place_bigrams(place_names(prepare("建议合理配置望仙路交通信号灯")))
    assert place_names(prepare("路灯坏了很久")) == set()


def test_a_letter_restating_the_problem_in_other_words_scores_above_the_threshold(submit):
    [same_problem] = scores(submit, [MIXER], MIXER_AGAIN)
    assert same_problem >= index.MIN_SCORE


def test_the_same_estate_with_another_problem_scores_below_the_threshold(submit):
    [other_problem] = scores(submit, [MIXER_ESTATE_PARKING], MIXER_AGAIN)
    assert other_problem < index.MIN_SCORE


def test_the_same_complaint_about_another_estate_counts_half():
    mixer, other = index.sketch(*MIXER), index.sketch(*OTHER_ESTATE_MIXER)
    assert index.places_conflict(mixer.title_places, mixer.places, other.title_places, other.places)
    again = index.sketch(*MIXER_AGAIN)  # names no place in its title: no conflict
    assert not index.places_conflict(mixer.title_places, mixer.places, again.title_places, again.places)
    index.weigh(mixer, 10, {})
    index.weigh(other, 10, {})
    cosine = index.word_cosine(mixer.words, mixer.weights, other.words, other.weights)
    assert index.score(mixer, other) == index.PLACE_CONFLICT_FACTOR * max(
        cosine, index.TITLE_WEIGHT * index.jaccard(mixer.title, other.title)
    )


def test_a_word_every_appeal_contains_weighs_less_than_a_rare_one():
    sk = index.sketch("搅拌站扰民", "搅拌站扰民")
    common, rare = (int(k) for k in sk.words[:2])
    index.weigh(sk, 100, {common: 100, rare: 1})
    assert sk.weights[0] < sk.weights[1]
    assert np.isclose(float(sk.weights @ sk.weights), 1.0)


def test_word_counts_follow_indexing_reindexing_and_pruning(submit):
    from huying.duplicates.actions import index_appeal

    def appeals_counted():
        return WordCount.objects.get(key=index.APPEALS_KEY).appeals

    old = submit(*LAMP, age=200 * DAYS)
    submit(*NOISE)
    assert appeals_counted() == 2
    lamp_word = int(index.sketch(*LAMP).words[0])
    assert WordCount.objects.get(key=lamp_word).appeals == 1
    index_appeal(old.pk)  # indexing again replaces, never counts twice
    assert appeals_counted() == 2
    prune_index()
    assert appeals_counted() == 1
    assert WordCount.objects.get(key=lamp_word).appeals == 0


def test_the_reindex_command_counts_every_word_once(submit):
    from django.core.management import call_command

    submit(*LAMP)
    submit(*NOISE)
    before = dict(WordCount.objects.values_list("key", "appeals"))
    WordCount.objects.all().delete()
    call_command("duplicates_reindex", verbosity=0)
    assert dict(WordCount.objects.values_list("key", "appeals")) == before


def test_scoring_many_stored_sketches_at_once_gives_each_its_own_score():
    texts = [MIXER, MIXER_AGAIN, MIXER_ESTATE_PARKING, OTHER_ESTATE_MIXER, ("", "无标题的信"), ("停车", "")]
    sketches = index.sketch_many(texts)
    for sk in sketches:
        index.weigh(sk, 100, {})
    for sk in sketches:
        stored = [
            (o.title_bytes(), o.word_bytes(), o.weight_bytes(), o.title_place_bytes(), o.place_bytes())
            for o in sketches
        ]
        values, elsewhere = index.score_many(sk, stored)
        for other, value, away in zip(sketches, values, elsewhere, strict=True):
            assert value == pytest.approx(index.score(sk, other), abs=1e-6)
            assert away == index.places_conflict(sk.title_places, sk.places, other.title_places, other.places)
    assert index.score_many(sketches[0], [])[0].size == 0
