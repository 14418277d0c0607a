"""Every write of the duplicate finder: indexing and recording candidates.

Acting on a duplicate is the lifecycle's: joining an earlier appeal's work order and
leaving it again are huying.workorders.actions.join and leave, offered by the panel.
"""

import logging
from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from huying.appeals.models import Appeal
from huying.audit.actions import SYSTEM, record_event
from huying.audit.events import EventName
from huying.duplicates import index
from huying.duplicates.models import AppealBand, AppealSketch, DuplicateCandidate, WordCount
from huying.duplicates.signals import appeal_indexed

logger = logging.getLogger(__name__)

# How many likely duplicates to keep per appeal: the dispatcher reads them side by side.
CANDIDATES_KEPT = 5
# Rows older than this are never looked up again (lookups reach one window back and forth
# around an appeal); kept a while longer for panels of older appeals.
INDEX_KEPT_WINDOWS = 4


# Indexing ------------------------------------------------------------------------------------
_KEYS_PER_QUERY = 5000


def count_words(word_sets, sign: int = 1) -> None:
    """Add appeals' content words to the word counts (or take them away, with sign=-1).

    Increments in the database (not read-modify-write), so that concurrent indexing of two
    appeals cannot lose a count.
    """
    if not word_sets:
        return
    totals: Counter[int] = Counter()
    for words in word_sets:
        totals.update(int(key) for key in words)
    totals[index.APPEALS_KEY] += len(word_sets)
    keys = list(totals)
    for start in range(0, len(keys), _KEYS_PER_QUERY):
        WordCount.objects.bulk_create(
            [WordCount(key=key, appeals=0) for key in keys[start : start + _KEYS_PER_QUERY]], ignore_conflicts=True
        )
    by_amount = defaultdict(list)
    for key, amount in totals.items():
        by_amount[amount].append(key)
    for amount, same in by_amount.items():
        for start in range(0, len(same), _KEYS_PER_QUERY):
            WordCount.objects.filter(key__in=same[start : start + _KEYS_PER_QUERY]).update(
                appeals=F("appeals") + sign * amount
            )


def store_sketch(appeal_id, *, created, phone_hash, street_id, sk, count=True) -> None:
    """Replace an appeal's index rows: its sketch, its band keys and its words' counts.

    With count=False the words are taken as counted already (a rebuild counts them all first).
    """
    if count:
        old = AppealSketch.objects.filter(pk=appeal_id).values_list("word_hashes", flat=True).first()
        if old:
            count_words([index.from_bytes(old)], sign=-1)
        count_words([sk.words])
    index.weighed(sk)
    AppealBand.objects.filter(appeal_id=appeal_id).delete()
    AppealSketch.objects.update_or_create(
        appeal_id=appeal_id,
        defaults={
            "created": created,
            "phone_hash": phone_hash or "",
            "street_id": street_id,
            "title_hashes": sk.title_bytes(),
            "text_hashes": sk.text_bytes(),
            "word_hashes": sk.word_bytes(),
            "word_weights": sk.weight_bytes(),
            "title_places": sk.title_place_bytes(),
            "places": sk.place_bytes(),
        },
    )
    AppealBand.objects.bulk_create(
        AppealBand(band_key=key, appeal_id=appeal_id, created=created) for key in index.band_keys(sk, street_id)
    )


def index_appeal(appeal_id: int) -> list[DuplicateCandidate]:
    """Index one appeal and record the likely duplicates among its neighbours in time."""
    appeal = Appeal.objects.select_related("community__parent").filter(pk=appeal_id).first()
    if appeal is None:
        return []
    sk = index.sketch(appeal.title, appeal.description)
    street_id = index.street_of(appeal)
    with transaction.atomic():
        store_sketch(appeal.pk, created=appeal.created, phone_hash=appeal.phone_hash, street_id=street_id, sk=sk)
        matches = index.lookup(
            sk,
            around=appeal.created,
            street_id=street_id,
            phone_hash=appeal.phone_hash,
            exclude_id=appeal.pk,
            limit=CANDIDATES_KEPT,
        )
        found = record_candidates(appeal, matches)
    for receiver, result in appeal_indexed.send_robust(sender=AppealSketch, appeal_id=appeal.pk, sketch=sk):
        if isinstance(result, Exception):
            logger.error("appeal_indexed listener %r failed for appeal %s", receiver, appeal.pk, exc_info=result)
    return found


def record_candidates(appeal, matches) -> list[DuplicateCandidate]:
    """Keep the matches as candidates, always from the later appeal to the earlier one."""
    if not matches:
        return []
    found = Appeal.objects.filter(pk__in=[m.appeal_id for m in matches]).values_list("pk", "created", "ticket_number")
    created_of = {pk: created for pk, created, _ticket in found}
    tickets = {pk: ticket for pk, _created, ticket in found}
    rows = []
    for match in matches:
        other = match.appeal_id
        if other not in created_of:
            continue
        later_first = (created_of[other], other) > (appeal.created, appeal.pk)
        pair = (
            {"appeal_id": other, "candidate_id": appeal.pk}
            if later_first
            else {
                "appeal_id": appeal.pk,
                "candidate_id": other,
            }
        )
        row, _created = DuplicateCandidate.objects.update_or_create(
            **pair, defaults={"score": match.score, "reason": match.reason}
        )
        rows.append(row)
    seen = [tickets[m.appeal_id] for m in matches if m.appeal_id in tickets]
    record_event(appeal, EventName.DUPLICATES_FOUND, actor_role=SYSTEM, reason="、".join(seen))
    return rows


def forget_sketch(appeal_id: int) -> None:
    """Take an appeal out of the index: its sketch, its band keys and its words' counts."""
    words = AppealSketch.objects.filter(pk=appeal_id).values_list("word_hashes", flat=True).first()
    if words:
        count_words([index.from_bytes(words)], sign=-1)
    AppealBand.objects.filter(appeal_id=appeal_id).delete()
    AppealSketch.objects.filter(pk=appeal_id).delete()


def prune_index(now=None) -> int:
    """Drop index rows too old to be looked up; candidates and merges stay."""
    now = now or timezone.now()
    cutoff = now - INDEX_KEPT_WINDOWS * index.window()
    with transaction.atomic():
        AppealBand.objects.filter(created__lt=cutoff).delete()
        old = AppealSketch.objects.filter(created__lt=cutoff)
        count_words(
            [index.from_bytes(words) for words in old.values_list("word_hashes", flat=True).iterator() if words],
            sign=-1,
        )
        deleted, _per_model = old.delete()
    return deleted


def _batches(batch_size):
    queryset = Appeal.objects.select_related("community__parent").order_by("pk")
    last_pk = 0
    while batch := list(queryset.filter(pk__gt=last_pk)[:batch_size]):
        yield batch, index.sketch_many([(a.title, a.description) for a in batch])
        last_pk = batch[-1].pk


def reindex_all(batch_size: int = 500, progress=None) -> int:
    """Rebuild the whole index (after a change of the hashing), in numpy batches.

    Two passes: the words of every appeal are counted first, so that every appeal's word
    weights come from the same, complete counts.  `progress` is told the appeals done in
    both passes (twice the number of appeals in all).
    """
    done = 0
    with transaction.atomic():
        WordCount.objects.all().delete()
        for batch, sketches in _batches(batch_size):
            count_words([sk.words for sk in sketches])
            done += len(batch)
            if progress is not None:
                progress(done)
    for batch, sketches in _batches(batch_size):
        with transaction.atomic():
            for appeal, sk in zip(batch, sketches, strict=True):
                store_sketch(
                    appeal.pk,
                    created=appeal.created,
                    phone_hash=appeal.phone_hash,
                    street_id=index.street_of(appeal),
                    sk=sk,
                    count=False,
                )
        done += len(batch)
        if progress is not None:
            progress(done)
    return done // 2
