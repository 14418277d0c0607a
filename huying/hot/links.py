"""The links a hot issue is grouped from: appeals the duplicate index scores alike.

Found once, when an appeal is indexed (it looks back over the horizon: the longest window
the page offers), and kept (`HotLink`): a regrouping then reads links, never text.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import transaction

from huying.duplicates import index
from huying.duplicates.models import AppealBand, AppealSketch
from huying.hot.grouping import MIN_LINK
from huying.hot.models import HotLink

# The best links kept per appeal: enough to join a group, few enough to stay cheap.
LINKS_KEPT = 20


def horizon() -> datetime.timedelta:
    return datetime.timedelta(days=settings.HUYING_HOT_HORIZON_DAYS)


def links_for(sk, *, around, street_id, phone_hash="", exclude_id=None) -> list[tuple[int, float]]:
    """(appeal id, score) of the appeals within the horizon that link to this sketch, best first."""
    matches = index.lookup(
        sk,
        around=around,
        street_id=street_id,
        phone_hash=phone_hash,
        exclude_id=exclude_id,
        min_score=MIN_LINK,
        limit=LINKS_KEPT,
        span=horizon(),
    )
    # A hot issue is one problem at one place: letters naming two different estates, roads
    # or villages are two, however alike their words (the duplicate finder only halves them).
    return [(m.appeal_id, m.score) for m in matches if not m.elsewhere]


# Finding every link again at once ------------------------------------------------------------
# A deployment that already holds appeals when hot issues arrive, or a repair after the
# scoring changed: the same rule as `links_for` (same street by the band keys, at least
# MIN_BAND_HITS of them shared, or the same phone; within the horizon; the best LINKS_KEPT
# earlier appeals), worked out for all appeals at once from the duplicate index's tables.
MAX_BUCKET = 1000  # a band key shared by more appeals says nothing (a lookup scores at most 1000)


@dataclass
class _Index:
    ids: np.ndarray
    created: np.ndarray  # seconds
    rows: list  # stored (title, words, weights, title places, places), by position


def _load(since) -> tuple[_Index, dict]:
    columns = ("pk", "created", "phone_hash", "title_hashes", "word_hashes", "word_weights", "title_places", "places")
    found = list(AppealSketch.objects.filter(created__gte=since).order_by("created", "pk").values_list(*columns))
    position = {row[0]: n for n, row in enumerate(found)}
    data = _Index(
        ids=np.array([row[0] for row in found], dtype=np.int64),
        created=np.array([row[1].timestamp() for row in found], dtype=np.float64),
        rows=[row[3:] for row in found],
    )
    phones = defaultdict(list)
    for n, row in enumerate(found):
        if row[2]:
            phones[row[2]].append(n)
    return data, {"position": position, "phones": phones}


def _pairs_within(groups, cap) -> np.ndarray:
    """Every pair of positions inside each group, encoded as earlier·2^32 + later."""
    parts = []
    for members in groups:
        if len(members) < 2 or len(members) > cap:
            continue
        m = np.unique(np.asarray(members, dtype=np.int64))
        first, second = np.triu_indices(m.size, k=1)  # first < second: the earlier position
        parts.append(m[first] * (1 << 32) + m[second])
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)


def rebuild(since, progress=None) -> int:
    """Find again the links of every appeal indexed since `since`; returns the links kept."""
    span = horizon().total_seconds()
    data, lookup = _load(since - horizon())
    position = lookup["position"]
    bands = defaultdict(list)
    for key, appeal_id in AppealBand.objects.filter(created__gte=since - horizon()).values_list(
        "band_key", "appeal_id"
    ):
        if appeal_id in position:
            bands[key].append(position[appeal_id])
    codes = _pairs_within(bands.values(), MAX_BUCKET)
    pairs, hits = np.unique(codes, return_counts=True)
    street_pairs = pairs[hits >= index.MIN_BAND_HITS]
    phone_pairs = np.unique(_pairs_within(lookup["phones"].values(), index.MAX_PHONE_CANDIDATES))
    candidates = defaultdict(set)
    for code in np.union1d(street_pairs, phone_pairs):
        later, earlier = int(code & 0xFFFFFFFF), int(code >> 32)
        if data.created[later] - data.created[earlier] <= span:
            candidates[later].add(earlier)
    start = data.ids.size and np.searchsorted(data.created, since.timestamp())
    links = []
    for done, later in enumerate(sorted(n for n in candidates if n >= start), 1):
        others = sorted(candidates[later])
        title, words, weights, title_places, places = data.rows[later]
        sk = index.Sketch(
            title=index.from_bytes(title),
            text=np.empty(0, dtype=np.uint32),
            mins=np.empty(0, dtype=np.uint32),
            words=index.from_bytes(words),
            weights=index.from_bytes(weights, "<f4"),
            title_places=index.from_bytes(title_places),
            places=index.from_bytes(places),
        )
        values, elsewhere = index.score_many(sk, [data.rows[o] for o in others])
        kept = sorted(
            (
                (-float(round(v, 4)), int(data.ids[o]))
                for o, v, away in zip(others, values, elsewhere, strict=True)
                if round(v, 4) >= MIN_LINK and not away
            )
        )[:LINKS_KEPT]
        links += [(int(data.ids[later]), other, -negative) for negative, other in kept]
        if progress is not None and done % 500 == 0:
            progress(done)
    return _store(links, since)


def _store(links, since) -> int:
    created = dict(AppealSketch.objects.filter(created__gte=since - horizon()).values_list("pk", "created"))
    with transaction.atomic():
        HotLink.objects.filter(created__gte=since).delete()
        HotLink.objects.bulk_create(
            (
                HotLink(appeal_id=a, other_id=b, score=score, created=created[a], other_created=created[b])
                for a, b, score in links
            ),
            batch_size=2000,
            ignore_conflicts=True,
        )
    return len(links)
