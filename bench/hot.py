"""Hot issues: grouping ../shared/data/hot_messages.csv, its time, its top groups, and pairwise quality.

    .venv/bin/python bench/hot.py [--data ../shared/data] [--show 10]

Runs in a throwaway SQLite database under /tmp (deleted at the end), through the site's
own code: huying.duplicates indexes each message as the site indexes each new appeal;
huying.hot.links.rebuild finds every message's links at once (`huying hot rebuild`: the
same rule as the link a new appeal gets, tested equal in test_placing.py), and
huying.hot.grouping.cluster groups them as `huying hot recompute` does.  The messages have no street or community, so the place is
stood in for as in bench/duplicates.py: every message is indexed in one street, and a link
between two messages whose texts name different districts (A3区 / A7县) or different
streets or towns counts only when the same user wrote both.  All messages count as one
period (the whole of it, as one window).

Prints the time taken (goal: under 30 s on 2 cores), the 10 largest groups with their sizes
and three titles each, and pairwise precision and recall on bench/data/duplicate_pairs.csv:
a pair labelled 1 (a duplicate) should share a group, a pair labelled 0 should not (goal:
precision at least 0.9).
"""

import argparse
import datetime
import importlib.util
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def _duplicates_bench():
    spec = importlib.util.spec_from_file_location("duplicates_bench", ROOT / "bench" / "duplicates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--show", type=int, default=10)
    parser.add_argument("--min-link", type=float, default=None, help="try another MIN_LINK")
    parser.add_argument("--cohesion", type=float, default=None, help="try another COHESION")
    args = parser.parse_args()
    bench = _duplicates_bench()
    workdir = Path(tempfile.mkdtemp(prefix="huying-hot-bench-"))
    try:
        bench.setup_django(workdir)
        run(bench, args)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(bench, args):
    from django.utils import timezone

    from huying.duplicates.text import normalise
    from huying.hot import grouping, links
    from huying.hot.models import HotLink
    from huying.lib import crypto

    messages = bench.load_messages(args.data)
    number_of = {m["留言编号"]: n for n, m in enumerate(messages, 1)}
    now = timezone.now()
    started = time.perf_counter()
    # The duplicate index the site keeps anyway, built as each appeal arrives.
    bench.index_messages(messages, now)
    indexed = time.perf_counter() - started
    phone = {n: crypto.keyed_hash("user:" + m["留言用户"]) for n, m in enumerate(messages, 1)}
    place = {n: bench.places(normalise(m["留言主题"] + m["留言详情"])[:260]) for n, m in enumerate(messages, 1)}
    started = time.perf_counter()
    links.rebuild(now - datetime.timedelta(days=1))
    found = [
        (a, b, score)
        for a, b, score in HotLink.objects.values_list("appeal_id", "other_id", "score")
        if phone[a] == phone[b] or bench.same_place(place[a], place[b])
    ]
    linked = time.perf_counter() - started
    options = {}
    if args.min_link is not None:
        options["min_link"] = args.min_link
    if args.cohesion is not None:
        options["cohesion"] = args.cohesion
    groups = grouping.cluster(range(1, len(messages) + 1), found, **options)
    elapsed = time.perf_counter() - started
    print(
        f"grouped {len(messages):,} messages in {elapsed:.1f} s (goal: under 30 s): links {linked:.1f} s "
        f"({len(found):,} kept), clustering {elapsed - linked:.1f} s"
    )
    print(
        f"  before that, indexing them for the duplicate finder took {indexed:.1f} s "
        "(the site does it as each appeal arrives; bench/duplicates.py measures it)"
    )
    sizes = Counter(len(g) for g in groups)
    print(
        f"  {sum(1 for g in groups if len(g) > 1)} groups of 2 or more appeals; "
        f"sizes: {', '.join(f'{size}×{count}' for size, count in sorted(sizes.items(), reverse=True)[:12])}"
    )
    group_of = {a: i for i, g in enumerate(groups) for a in g}
    ranked = sorted(groups, key=lambda g: (-len(g), min(g)))
    print(f"  the {args.show} largest groups (size, distinct users, three titles):")
    for g in ranked[: args.show]:
        users = len({phone[a] for a in g})
        titles = [messages[a - 1]["留言主题"][:40] for a in sorted(g)[:3]]
        print(f"  {len(g):4d} {users:4d}  " + " | ".join(titles))
    pairs = [(number_of[a], number_of[b], label) for a, b, label in bench.load_pairs()]
    together = [(group_of[a] == group_of[b], label) for a, b, label in pairs]
    tp = sum(1 for same, label in together if same and label == 1)
    fp = sum(1 for same, label in together if same and label == 0)
    positives = sum(1 for _same, label in together if label == 1)
    precision = tp / max(tp + fp, 1)
    recall = tp / max(positives, 1)
    print(
        f"  pairwise on {len(pairs)} labelled pairs: precision {precision:.3f} (goal >= 0.9), "
        f"recall {recall:.3f} ({tp} of {positives} duplicate pairs together, {fp} different pairs together)"
    )


if __name__ == "__main__":
    main()
