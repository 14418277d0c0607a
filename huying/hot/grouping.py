"""Grouping appeals into hot issues: pure functions over links, rules and the groups as they were.

A link is a pair of appeals the duplicate index scored alike (same phone with similar text,
or similar text about the same street or community; see huying.duplicates.index).  Groups
are formed from the strongest links down (Kruskal's order):

- staff's must-link rules are joined first; two groups never join while a cannot-link rule
  has one appeal in each;
- two groups join only when links between them reach at least `COHESION` of the smaller
  group's appeals, so that one stray link cannot chain two problems into one group.  An
  appeal on its own joins on its best link, as the incremental step does.

`keep_identity` then gives each new group the id of the old group most of whose appeals it
holds: a hot issue keeps its id while most of its appeals stay in it.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

# The lowest link score that groups two appeals (bench/hot.py chose it on labelled pairs).
MIN_LINK = 0.30
# Two groups join when the links between them touch at least this share of the smaller one.
COHESION = 0.5


class _Groups:
    """Union-find over appeal ids, with each group's links to the others counted."""

    def __init__(self, ids):
        self.parent = {i: i for i in ids}
        self.size = dict.fromkeys(self.parent, 1)
        # For each root: the appeals of the group that have a link into each other root.
        self.touching: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
        self.barred: dict[int, set[int]] = defaultdict(set)  # cannot-link partners, by root

    def find(self, i):
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def union(self, a, b):
        a, b = self.find(a), self.find(b)
        if a == b:
            return a
        if self.size[a] < self.size[b]:
            a, b = b, a
        self.parent[b] = a
        self.size[a] += self.size[b]
        for other, members in self.touching.pop(b, {}).items():
            if other == a:
                continue
            self.touching[a][other] |= members
            theirs = self.touching[other]
            theirs[a] |= theirs.pop(b, set())
        self.touching[a].pop(b, None)
        self.barred[a] |= self.barred.pop(b, set())
        return a

    def forbidden(self, a, b) -> bool:
        """A cannot-link rule has one appeal in each of the two groups."""
        ra, rb = self.find(a), self.find(b)
        return any(self.find(x) == rb for x in self.barred.get(ra, ())) or any(
            self.find(x) == ra for x in self.barred.get(rb, ())
        )


def cluster(ids, links, must=(), cannot=(), *, min_link=MIN_LINK, cohesion=COHESION) -> list[set[int]]:
    """Groups of the appeals `ids`, from `links` ((a, b, score), either order) and the rules.

    Links to appeals outside `ids` are ignored.  Returns every group, singletons included.
    """
    ids = set(ids)
    groups = _Groups(ids)
    for a, b in cannot:
        if a in ids and b in ids:
            groups.barred[a].add(b)
            groups.barred[b].add(a)
    for a, b in must:
        if a in ids and b in ids and not groups.forbidden(a, b):
            groups.union(a, b)
    strong = sorted(
        (
            (score, min(a, b), max(a, b))
            for a, b, score in links
            if a in ids and b in ids and a != b and score >= min_link
        ),
        reverse=True,
    )
    for _score, a, b in strong:
        ra, rb = groups.find(a), groups.find(b)
        if ra != rb:
            groups.touching[ra][rb].add(a)
            groups.touching[rb][ra].add(b)
    for _score, a, b in strong:
        ra, rb = groups.find(a), groups.find(b)
        if ra == rb or groups.forbidden(a, b):
            continue
        small, large = (ra, rb) if groups.size[ra] <= groups.size[rb] else (rb, ra)
        touched = len(groups.touching[small].get(large, ()))
        if touched >= math.ceil(cohesion * groups.size[small]):
            groups.union(ra, rb)
    out: dict[int, set[int]] = defaultdict(set)
    for i in ids:
        out[groups.find(i)].add(i)
    return list(out.values())


@dataclass
class Outcome:
    """What a regrouping changes: which group id each appeal is in, and which ids end."""

    members: dict[int, set[int]] = field(default_factory=dict)  # group id (old, or new key < 0) → appeals
    ended: dict[int, int | None] = field(default_factory=dict)  # old id → the id most of it went to


def keep_identity(groups, current: dict[int, int], sizes: dict[int, int]) -> Outcome:
    """Give each new group an id: the old group's whose appeals it mostly holds, else a new one.

    `current` maps appeals to their old group; `sizes` is each old group's number of appeals
    in all (appeals outside this regrouping stay where they are and count as staying).  An
    old group keeps its id when more than half of its appeals end in the group given it; two
    old groups that fall into one new group leave it the id of the one that keeps more
    appeals (the older on a tie), and the other ends, pointing at it.  New groups get
    negative keys (-1, -2 ...), in the order of `groups`.
    """
    groups = [set(g) for g in groups]
    overlap = [Counter(current[a] for a in g if a in current) for g in groups]
    outside = {old: sizes[old] - sum(o[old] for o in overlap) for old in sizes}
    # Candidate claims: (appeals kept, older first) — the strongest claim is settled first.
    claims = sorted(
        ((kept + outside.get(old, 0), -old, index, old) for index, o in enumerate(overlap) for old, kept in o.items()),
        reverse=True,
    )
    given: dict[int, int] = {}
    taken: set[int] = set()
    for kept, _older, index, old in claims:
        if index in given or old in taken or kept * 2 <= sizes.get(old, 0):
            continue
        given[index] = old
        taken.add(old)
    outcome = Outcome()
    fresh = 0
    ids = []
    for index, g in enumerate(groups):
        if index not in given:
            fresh -= 1
            given[index] = fresh
        ids.append(given[index])
        outcome.members[given[index]] = g
    for old in sizes:
        if old in taken:
            continue
        went = Counter()
        for index, o in enumerate(overlap):
            if o.get(old):
                went[ids[index]] += o[old]
        outcome.ended[old] = went.most_common(1)[0][0] if went else None
    return outcome
