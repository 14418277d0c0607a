import numpy as np
from django.utils import timezone

from huying.appeals.models import Appeal
from huying.duplicates import index
from huying.duplicates.actions import index_appeal, prune_index
from huying.duplicates.models import AppealBand, AppealSketch, DuplicateCandidate
from huying.duplicates.tests.conftest import DAYS, LAMP, LAMP_AGAIN, NOISE


def found(appeal):
    return [(other.pk, reason) for other, _score, reason in index.find_duplicates(appeal)]


def test_a_near_identical_appeal_from_the_same_phone_on_another_street_is_found(submit, org):
    first = submit(*LAMP)
    second = submit(*LAMP_AGAIN, street=org.other_street, community=org.other_community)
    assert found(second) == [(first.pk, "same_phone")]


def test_a_near_identical_appeal_about_the_same_street_from_another_phone_is_found(submit, org):
    first = submit(*LAMP)
    second = submit(*LAMP_AGAIN, phone="13800005678", community=org.community_2)
    assert found(second) == [(first.pk, "same_place")]


def test_an_unrelated_appeal_on_the_same_street_and_phone_is_not_found(submit):
    submit(*NOISE)
    second = submit(*LAMP)
    assert found(second) == []


def test_a_similar_appeal_about_another_street_from_another_phone_is_not_found(submit, org):
    submit(*LAMP)
    second = submit(*LAMP_AGAIN, phone="13800005678", street=org.other_street, community=org.other_community)
    assert found(second) == []


def test_an_appeal_older_than_the_window_is_not_found(submit, settings):
    settings.HUYING_DUPLICATE_WINDOW_DAYS = 30
    submit(*LAMP, age=31 * DAYS)
    recent = submit(*LAMP, age=10 * DAYS)
    second = submit(*LAMP_AGAIN)
    assert found(second) == [(recent.pk, "same_phone")]


def test_the_window_follows_the_setting(submit, settings):
    settings.HUYING_DUPLICATE_WINDOW_DAYS = 7
    submit(*LAMP, age=10 * DAYS)
    assert found(submit(*LAMP_AGAIN)) == []


def test_an_appeal_in_traditional_characters_matches_its_simplified_twin(submit, org):
    first = submit(*LAMP)
    second = submit(
        "小區門口路燈壞了", "渭工路小區門口的三盞路燈壞了一個多月，晚上很黑，老人出門不方便。", phone="13800005678"
    )
    [(other, score, reason)] = index.find_duplicates(second)
    assert (other.pk, score, reason) == (first.pk, 1.0, "same_place")


def test_full_width_letters_and_punctuation_do_not_matter():
    plain = index.sketch("A3区路灯坏了", "路灯坏了，123号楼。")
    wide = index.sketch("Ａ３区 路灯坏了！", "路灯坏了 １２３号楼")
    assert index.similarity(plain, wide.title, wide.text) == 1.0


def test_an_appeal_naming_only_its_community_counts_for_the_communitys_street(submit, org):
    # Staff may correct the place later; the index then reads the community's street.
    first = submit(*LAMP)
    second = submit(*LAMP_AGAIN, phone="13800005678", community=org.community_2)
    Appeal.objects.filter(pk=second.pk).update(street=None)
    index_appeal(second.pk)
    second = Appeal.objects.select_related("community__parent").get(pk=second.pk)
    assert found(second) == [(first.pk, "same_place")]


def test_submitting_indexes_the_appeal_and_records_the_earlier_one_as_a_candidate(submit):
    first = submit(*LAMP)
    assert AppealSketch.objects.filter(pk=first.pk).exists()
    assert AppealBand.objects.filter(appeal=first).count() == 32
    second = submit(*LAMP_AGAIN)
    [candidate] = DuplicateCandidate.objects.all()
    assert (candidate.appeal_id, candidate.candidate_id, candidate.reason) == (second.pk, first.pk, "same_phone")
    assert 0.3 < candidate.score <= 1


def test_indexing_an_older_appeal_late_still_records_the_pair_from_the_later_one(submit):
    later = submit(*LAMP_AGAIN)
    earlier = submit(*LAMP, age=2 * DAYS)
    [candidate] = DuplicateCandidate.objects.all()
    assert (candidate.appeal_id, candidate.candidate_id) == (later.pk, earlier.pk)


def test_indexing_twice_replaces_the_rows(submit):
    first = submit(*LAMP)
    index_appeal(first.pk)
    assert AppealBand.objects.filter(appeal=first).count() == 32
    assert AppealSketch.objects.count() == 1


def test_an_appeal_without_a_street_is_matched_by_phone_only(submit):
    first = submit(*LAMP, street=None, community=None)
    assert not AppealBand.objects.filter(appeal=first).exists()
    second = submit(*LAMP_AGAIN, street=None, community=None)
    assert found(second) == [(first.pk, "same_phone")]


def test_old_index_rows_are_pruned_and_recent_ones_kept(submit):
    old = submit(*LAMP, age=200 * DAYS)
    recent = submit(*NOISE)
    prune_index()
    assert list(AppealSketch.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not AppealBand.objects.filter(appeal=old).exists()


def test_hashing_is_fixed_so_that_every_process_reads_the_same_index():
    # The index outlives processes and upgrades: these numbers must never change silently.
    sk = index.sketch("路灯坏了", "渭工路小区门口的路灯坏了")
    assert index.band_keys(sk, 7)[:2] == [8509958355277150565, -1970867433303098558]
    assert sk.mins.dtype == np.uint32 and sk.mins.shape == (32,)


def test_an_empty_text_has_no_band_keys_and_no_duplicates(submit):
    sk = index.sketch("", "！！！")
    assert index.band_keys(sk, 1) == []
    assert index.lookup(sk, around=timezone.now(), street_id=1, phone_hash="x") == []


def test_bottom_k_similarity_is_exact_for_small_sets_and_close_for_large_ones():
    rng = np.random.default_rng(1)
    universe = rng.permutation(np.unique(rng.integers(0, 2**32, size=5000, dtype=np.uint64).astype(np.uint32)))
    a, b = np.sort(universe[:3000]), np.sort(universe[1000:4000])  # true Jaccard 2000 / 4000
    sketch_a, sketch_b = a[: index.TEXT_SKETCH_SIZE], b[: index.TEXT_SKETCH_SIZE]
    assert abs(index.jaccard(sketch_a, sketch_b, index.TEXT_SKETCH_SIZE) - 0.5) < 0.1
    assert index.jaccard(a[:100], a[50:150]) == 50 / 150


def test_the_reindex_command_rebuilds_a_lost_index(submit):
    from django.core.management import call_command

    first = submit(*LAMP)
    second = submit(*LAMP_AGAIN)
    AppealBand.objects.all().delete()
    AppealSketch.objects.all().delete()
    call_command("duplicates_reindex", verbosity=0)
    assert AppealSketch.objects.count() == 2
    assert found(second) == [(first.pk, "same_phone")]
