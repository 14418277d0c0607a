"""The duplicate index: MinHash LSH band keys and small per-appeal sketches, in the database.

Kept in tables (not in a process's memory) so that the web server and the Huey worker see
the same index.  For each appeal:

- a sketch (`AppealSketch`), from which candidates are scored: the 32-bit hashes of its
  title's bigrams, of its content words (with their weights, a unit vector) and of the
  bigrams of the place names it gives (see text.py); also of its whole text's bigrams
  (the 256 smallest: a bottom-k sketch, kept for `similarity`);
- word counts (`WordCount`): in how many indexed appeals each content word occurs;
- band keys (`AppealBand`): for 16 MinHash permutations of the title's bigrams and 16 of
  the text's, one key each (bands of one row).  Two appeals about the same street with a
  Jaccard similarity J share each key with probability J; they become candidates when they
  share at least 3 of the 32.  The street is part of every key, so a lookup touches only
  that street's appeals, and only those within the window (index on key and time).

The rule (issue 5): among appeals of the last 30 days, the same phone with similar text,
or similar text about the same street/community.  Same-phone candidates come straight from
the sketch table's phone-hash index (a phone sends at most a few appeals a day).

The score compares what the two letters are about, not how they are worded:

- the cosine of their content words (jieba, without letter-writing words), each weighted
  by log(1 + its count) × its rarity among the deployment's own appeals (IDF from the
  `WordCount` table, kept up to date as appeals are indexed).  Rarity is what sets a
  place's name or a problem's word (丽发新城, 搅拌站) apart from what every letter says,
  including the phrases one prolific writer puts in all of his letters;
- or half the Jaccard similarity of their titles' bigrams, when that is higher (short
  restatements under the same title);
- halved when both titles name a place (X小区, X路, X村...) and neither letter names the
  other's: the same problem at another estate is another appeal.

Independently written letters about one problem share few bigrams but most of their rare
words; letters from one estate about different problems share the estate's name only.
`MIN_SCORE` was chosen with bench/duplicates.py on labelled pairs (see that script for the
figures and the 2-fold check).
"""

import datetime
import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db.models import Count

from huying.appeals.models import Appeal
from huying.duplicates.models import AppealBand, AppealSketch, WordCount
from huying.duplicates.text import (
    PLACE_CHARS,
    bigram_codes,
    content_words,
    normalise,
    place_bigrams,
    place_names,
    prepare,
)

TITLE_PERMUTATIONS = 16
TEXT_PERMUTATIONS = 16
MIN_BAND_HITS = 3
TEXT_SKETCH_SIZE = 256
TITLE_WEIGHT = 0.5
PLACE_CONFLICT_FACTOR = 0.5
MIN_SCORE = 0.27
# The key of the WordCount row that counts the appeals themselves (word keys are >= 0).
APPEALS_KEY = -1
# Bounds on one lookup's work, whatever the data: a phone sends at most a few appeals a
# day, and a street's appeals that share 3 band keys with one text are few.
MAX_PHONE_CANDIDATES = 200
MAX_PLACE_CANDIDATES = 1000

SAME_PHONE = "same_phone"
SAME_PLACE = "same_place"

_EMPTY = np.uint32(0xFFFFFFFF)
_U64 = np.uint64


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: a fixed, well-spread 64-bit hash, the same in every process."""
    x = np.asarray(x, dtype=np.uint64)
    with np.errstate(over="ignore"):
        x = x + _U64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> _U64(30))) * _U64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> _U64(27))) * _U64(0x94D049BB133111EB)
        return x ^ (x >> _U64(31))


# The permutations h_i(x) = (a_i·x + b_i) mod 2^64, top 32 bits (multiply-shift hashing);
# derived from fixed constants, not from a random generator whose stream could change.
_PERMUTATIONS = TITLE_PERMUTATIONS + TEXT_PERMUTATIONS
_A = _mix(np.arange(1, 2 * _PERMUTATIONS, 2, dtype=np.uint64)) | _U64(1)
_B = _mix(np.arange(2, 2 * _PERMUTATIONS + 1, 2, dtype=np.uint64))
_SKETCH_SALT = _U64(0x5DEECE66D)
_BAND_SALT = _U64(0x2545F4914F6CDD1D)


_NONE = np.empty(0, dtype=np.uint32)


@dataclass
class Sketch:
    title: np.ndarray  # uint32, sorted, distinct: hashes of every title bigram
    text: np.ndarray  # uint32, sorted, distinct: the smallest hashes of the text's bigrams
    mins: np.ndarray  # uint32 × 32: the MinHash values (title, then text); _EMPTY if no bigrams
    words: np.ndarray = field(default_factory=lambda: _NONE)  # uint32, sorted, distinct: hashes of the content words
    counts: np.ndarray = field(
        default_factory=lambda: np.empty(0, dtype=np.uint16)
    )  # uint16: how often each of `words` occurs
    title_places: np.ndarray = field(
        default_factory=lambda: _NONE
    )  # uint32, sorted: hashes of the title's place-name bigrams
    places: np.ndarray = field(
        default_factory=lambda: _NONE
    )  # uint32, sorted: the same for the title and the description's start
    weights: np.ndarray | None = None  # float32 unit vector over `words`, once weighed (see `weigh`)

    @property
    def is_empty(self) -> bool:
        return self.text.size == 0

    def title_bytes(self) -> bytes:
        return self.title.astype("<u4").tobytes()

    def text_bytes(self) -> bytes:
        return self.text.astype("<u4").tobytes()

    def word_bytes(self) -> bytes:
        return self.words.astype("<u4").tobytes()

    def weight_bytes(self) -> bytes:
        return self.weights.astype("<f4").tobytes()

    def title_place_bytes(self) -> bytes:
        return self.title_places.astype("<u4").tobytes()

    def place_bytes(self) -> bytes:
        return self.places.astype("<u4").tobytes()


def from_bytes(data, dtype="<u4") -> np.ndarray:
    return np.frombuffer(bytes(data or b""), dtype=dtype)


def string_hashes(strings) -> np.ndarray:
    """Fixed 32-bit hashes of strings (words, place bigrams), sorted and distinct."""
    return np.unique(
        np.array(
            [int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest(), "little") for s in strings],
            dtype=np.uint32,
        )
    )


def _words(title_prepared: str, description_prepared: str) -> tuple[np.ndarray, np.ndarray]:
    counts = Counter(content_words(title_prepared + "。" + description_prepared))
    if not counts:
        return _NONE, np.empty(0, dtype=np.uint16)
    merged = Counter()
    for word, n in counts.items():
        merged[int(string_hashes([word])[0])] += n
    keys = np.array(sorted(merged), dtype=np.uint32)
    return keys, np.array([min(merged[int(k)], 65535) for k in keys], dtype=np.uint16)


def _sketch_values(codes: np.ndarray) -> np.ndarray:
    return np.unique((_mix(codes ^ _SKETCH_SALT) >> _U64(32)).astype(np.uint32))


def _segment_minhash(codes: np.ndarray, lengths: list[int], a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """MinHash of many bigram sets at once: one row per set, one column per permutation."""
    out = np.full((len(lengths), len(a)), _EMPTY, dtype=np.uint32)
    lengths_arr = np.asarray(lengths, dtype=np.int64)
    filled = np.flatnonzero(lengths_arr)
    if codes.size == 0:
        return out
    starts = np.concatenate(([0], np.cumsum(lengths_arr)[:-1]))[filled]
    hashed = _mix(codes)
    with np.errstate(over="ignore"):
        for column, (a_i, b_i) in enumerate(zip(a, b, strict=True)):
            values = ((a_i * hashed + b_i) >> _U64(32)).astype(np.uint32)
            out[filled, column] = np.minimum.reduceat(values, starts)
    return out


def sketch_many(items: list[tuple[str, str]]) -> list[Sketch]:
    """Sketches for many (title, description) pairs, hashed in numpy batches."""
    title_codes, text_codes = [], []
    for title, description in items:
        title_norm = normalise(title)
        title_codes.append(bigram_codes(title_norm))
        text_codes.append(bigram_codes(title_norm + normalise(description)))
    empty = np.empty(0, dtype=np.uint64)
    title_mins = _segment_minhash(
        np.concatenate(title_codes) if title_codes else empty,
        [c.size for c in title_codes],
        _A[:TITLE_PERMUTATIONS],
        _B[:TITLE_PERMUTATIONS],
    )
    text_mins = _segment_minhash(
        np.concatenate(text_codes) if text_codes else empty,
        [c.size for c in text_codes],
        _A[TITLE_PERMUTATIONS:],
        _B[TITLE_PERMUTATIONS:],
    )
    sketches = []
    for (title, description), t, x, tm, xm in zip(items, title_codes, text_codes, title_mins, text_mins, strict=True):
        title_prepared, description_prepared = prepare(title), prepare(description)
        words, counts = _words(title_prepared, description_prepared)
        title_places = place_names(title_prepared)
        places = title_places | place_names(description_prepared[:PLACE_CHARS])
        sketches.append(
            Sketch(
                title=_sketch_values(t),
                text=_sketch_values(x)[:TEXT_SKETCH_SIZE],
                mins=np.concatenate((tm, xm)),
                words=words,
                counts=counts,
                title_places=string_hashes(place_bigrams(title_places)),
                places=string_hashes(place_bigrams(places)),
            )
        )
    return sketches


def sketch(title: str, description: str) -> Sketch:
    return sketch_many([(title, description)])[0]


def band_keys_many(mins: np.ndarray, street_ids: np.ndarray) -> np.ndarray:
    """LSH keys for many appeals at once: (appeals × 32) signed 64-bit, 0 where a slot is empty.

    A key mixes the street, the slot and its MinHash value, so that only appeals about the
    same street can share one.
    """
    mins = np.atleast_2d(mins)
    scope = _mix(np.asarray(street_ids, dtype=np.uint64).reshape(-1, 1) ^ _BAND_SALT)
    slots = np.arange(mins.shape[1], dtype=np.uint64) << _U64(32)
    keys = _mix(_mix(scope ^ slots) ^ mins.astype(np.uint64)).view(np.int64)
    keys[mins == _EMPTY] = 0
    return keys


def band_keys(sk: Sketch, street_id: int | None) -> list[int]:
    """The appeal's LSH keys within its street (for a bigint column); none without a street."""
    if not street_id:
        return []
    keys = band_keys_many(sk.mins, np.array([street_id]))[0]
    return keys[sk.mins != _EMPTY].tolist()


# Word weights ----------------------------------------------------------------------------
def word_frequencies(keys) -> tuple[int, dict[int, int]]:
    """How many indexed appeals there are, and how many of them contain each word: one query."""

    rows = dict(WordCount.objects.filter(key__in=[APPEALS_KEY, *map(int, keys)]).values_list("key", "appeals"))
    return rows.pop(APPEALS_KEY, 0), rows


def weigh(sk: Sketch, appeals: int, frequencies: dict[int, int]) -> Sketch:
    """Give the sketch its word weights: log-count × smoothed IDF, as a unit vector."""
    if sk.words.size == 0:
        sk.weights = np.empty(0, dtype=np.float32)
        return sk
    df = np.array([frequencies.get(int(k), 0) for k in sk.words], dtype=np.float64)
    idf = np.log((appeals + 1) / (df + 1)) + 1
    vector = (1 + np.log(sk.counts.astype(np.float64))) * idf
    sk.weights = (vector / math.sqrt(float(vector @ vector))).astype(np.float32)
    return sk


def weighed(sk: Sketch) -> Sketch:
    if sk.weights is None:
        weigh(sk, *word_frequencies(sk.words))
    return sk


# Scoring -------------------------------------------------------------------------------
def _found_in(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """For each value of sorted, distinct `a`, where it is in sorted, distinct `b` (-1 if not).

    A binary search per value: several times faster than intersect1d on the short sets a
    sketch holds, which matters when one lookup scores hundreds of candidates.
    """
    at = np.searchsorted(b, a)
    np.minimum(at, b.size - 1, out=at)
    return np.where(b[at] == a, at, -1)


def jaccard(a: np.ndarray, b: np.ndarray, k: int | None = None) -> float:
    """Jaccard similarity of two sorted hash sets; with `k`, of bottom-k sketches."""
    if a.size == 0 or b.size == 0:
        return 0.0
    if k is None:
        both = int(np.count_nonzero(_found_in(a, b) >= 0))
        return both / (a.size + b.size - both)
    union = np.union1d(a, b)
    if k is not None and union.size > k:
        union = union[:k]
    both = np.intersect1d(a, b, assume_unique=True)
    return float(np.count_nonzero(both <= union[-1])) / union.size


def similarity(sk: Sketch, title: np.ndarray, text: np.ndarray) -> float:
    """The bigram similarity alone (titles and texts equally): how alike two wordings are."""
    return TITLE_WEIGHT * jaccard(sk.title, title) + (1 - TITLE_WEIGHT) * jaccard(sk.text, text, TEXT_SKETCH_SIZE)


def word_cosine(words: np.ndarray, weights: np.ndarray, other_words: np.ndarray, other_weights: np.ndarray) -> float:
    if words.size == 0 or other_words.size == 0:
        return 0.0
    at = _found_in(words, other_words)
    mine = np.flatnonzero(at >= 0)
    if mine.size == 0:
        return 0.0
    theirs = at[mine]
    return min(float(weights[mine].astype(np.float64) @ other_weights[theirs].astype(np.float64)), 1.0)


def places_conflict(title_places, places, other_title_places, other_places) -> bool:
    """Both titles name a place, and neither letter names the other's (no bigram in common)."""
    if title_places.size == 0 or other_title_places.size == 0:
        return False
    return not _shares(title_places, other_places) and not _shares(other_title_places, places)


def _shares(a: np.ndarray, b: np.ndarray) -> bool:
    return a.size > 0 and b.size > 0 and bool((_found_in(a, b) >= 0).any())


def score(sk: Sketch, other: "Sketch") -> float:
    """How likely `other` restates `sk` (0..1); `sk` must be weighed, `other` carries weights."""
    value = max(
        word_cosine(sk.words, sk.weights, other.words, other.weights),
        TITLE_WEIGHT * jaccard(sk.title, other.title),
    )
    if places_conflict(sk.title_places, sk.places, other.title_places, other.places):
        value *= PLACE_CONFLICT_FACTOR
    return value


def _segments(blobs, dtype="<u4"):
    """Many stored hash sets at once: their values end to end, and each value's set number."""
    arrays = [from_bytes(blob, dtype) for blob in blobs]
    sizes = np.array([a.size for a in arrays], dtype=np.int64)
    values = np.concatenate(arrays) if arrays else np.empty(0, dtype=dtype)
    return values, np.repeat(np.arange(len(arrays)), sizes), sizes


def _hits(mine: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Where each of `values` is in sorted, distinct `mine` (-1 if not)."""
    if mine.size == 0 or values.size == 0:
        return np.full(values.size, -1, dtype=np.int64)
    return _found_in(values, mine)


def score_many(sk: Sketch, others) -> tuple[np.ndarray, np.ndarray]:
    """`score` of many stored sketches at once, and whether their places conflict.

    `others` are rows of (title hashes, word hashes, word weights, title places, places)
    as stored; the same arithmetic as `score`, in a few numpy passes instead of a Python
    loop, so that a lookup scoring hundreds of candidates stays within milliseconds.
    """
    n = len(others)
    if n == 0:
        return np.empty(0), np.empty(0, dtype=bool)
    titles, words, weights, title_places, places = zip(*others, strict=True)
    # Content words: the cosine of the two weight vectors over the words both have.
    values, owner, _sizes = _segments(words)
    their_weights = _segments(weights, "<f4")[0].astype(np.float64)
    at = _hits(sk.words, values)
    found = at >= 0
    mine = sk.weights.astype(np.float64) if sk.weights is not None and sk.weights.size else np.empty(0)
    cosine = np.bincount(owner[found], weights=mine[at[found]] * their_weights[found], minlength=n)
    cosine = np.minimum(cosine, 1.0)
    # Titles: the Jaccard similarity of their bigram hashes.
    values, owner, sizes = _segments(titles)
    both = np.bincount(owner[_hits(sk.title, values) >= 0], minlength=n)
    union = sk.title.size + sizes - both
    title = np.where((sizes > 0) & (sk.title.size > 0), both / np.maximum(union, 1), 0.0)
    value = np.maximum(cosine, TITLE_WEIGHT * title)
    # Places: both titles name one, and neither letter names the other's.
    their_title, owner_t, sizes_t = _segments(title_places)
    their_places, owner_p, _sizes_p = _segments(places)
    they_name_mine = np.bincount(owner_p[_hits(sk.title_places, their_places) >= 0], minlength=n) > 0
    i_name_theirs = np.bincount(owner_t[_hits(sk.places, their_title) >= 0], minlength=n) > 0
    elsewhere = (sk.title_places.size > 0) & (sizes_t > 0) & ~they_name_mine & ~i_name_theirs
    return np.where(elsewhere, value * PLACE_CONFLICT_FACTOR, value), elsewhere


# Lookups -------------------------------------------------------------------------------
@dataclass
class Match:
    appeal_id: int
    score: float
    reason: str
    # Both titles name a place and neither letter names the other's (the score is halved).
    elsewhere: bool = False


def window() -> datetime.timedelta:
    return datetime.timedelta(days=settings.HUYING_DUPLICATE_WINDOW_DAYS)


def lookup(
    sk: Sketch,
    *,
    around: datetime.datetime,
    street_id: int | None,
    phone_hash: str = "",
    exclude_id: int | None = None,
    min_score: float = MIN_SCORE,
    limit: int | None = 5,
    span: datetime.timedelta | None = None,
) -> list[Match]:
    """Appeals within the window (or `span`) around `around` that look like duplicates, best first.

    At most four queries, each on an index: the frequencies of the appeal's words (unless
    the sketch is weighed already); the same phone's sketches; the street's band keys
    (grouped, at least MIN_BAND_HITS shared); the sketches of those candidates.
    """

    if sk.is_empty:
        return []
    weighed(sk)
    span = span or window()
    low, high = around - span, around + span
    columns = ("pk", "phone_hash", "street_id", "title_hashes", "word_hashes", "word_weights", "title_places", "places")
    rows = []
    if phone_hash:
        rows += (
            AppealSketch.objects.filter(phone_hash=phone_hash, created__gte=low, created__lte=high)
            .exclude(pk=exclude_id)
            .order_by("-created")
            .values_list(*columns)[:MAX_PHONE_CANDIDATES]
        )
    keys = band_keys(sk, street_id)
    if keys:
        place_ids = set(
            AppealBand.objects.filter(band_key__in=keys, created__gte=low, created__lte=high)
            .values("appeal_id")
            .annotate(hits=Count("appeal_id"))
            .filter(hits__gte=MIN_BAND_HITS)
            .values_list("appeal_id", flat=True)[:MAX_PLACE_CANDIDATES]
        )
        place_ids -= {row[0] for row in rows} | {exclude_id}
        if place_ids:
            rows += AppealSketch.objects.filter(pk__in=place_ids).values_list(*columns)
    kept = []
    for row in rows:
        pk, other_phone, other_street = row[:3]
        if phone_hash and other_phone == phone_hash:
            kept.append((row, SAME_PHONE))
        elif street_id and other_street == street_id:
            kept.append((row, SAME_PLACE))
    values, elsewhere = score_many(sk, [row[3:] for row, _reason in kept])
    matches = [
        Match(row[0], round(float(value), 4), reason, bool(away))
        for (row, reason), value, away in zip(kept, values, elsewhere, strict=True)
        if value >= min_score
    ]
    matches.sort(key=lambda m: (-m.score, m.appeal_id))
    return matches if limit is None else matches[:limit]


def street_of(appeal) -> int | None:
    """The street an appeal is about: its own, or its community's street."""
    if appeal.street_id:
        return appeal.street_id
    if appeal.community_id and appeal.community.parent_id and appeal.community.parent.is_street:
        return appeal.community.parent_id
    return None


def find_duplicates(appeal, limit: int = 5) -> list[tuple]:
    """Likely duplicates of `appeal`: (appeal, score, reason) within the window, best first.

    Reads the index only (no writes), so the panel works for appeals not indexed yet.
    `appeal` should come with `community__parent` selected when it has no street.
    """
    sk = sketch(appeal.title, appeal.description)
    matches = lookup(
        sk,
        around=appeal.created,
        street_id=street_of(appeal),
        phone_hash=appeal.phone_hash,
        exclude_id=appeal.pk,
        limit=limit,
    )

    appeals = Appeal.objects.select_related("street", "community", "work_order").in_bulk([m.appeal_id for m in matches])
    return [(appeals[m.appeal_id], m.score, m.reason) for m in matches if m.appeal_id in appeals]
