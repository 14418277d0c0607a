"""Bench the router on ../shared/data/messages_train.csv (real messages: read, never committed).

    .venv/bin/python bench/router.py [--folds 5] [--seed 42] [--jobs 2] [--latency 2000]

Prints the cross-validated macro-F1, accuracy, top-3 accuracy and per-class report
(stratified k-fold, fixed seed; identical texts deduplicated and texts sharing a title or a
body kept in one fold, so no fold is scored on what it trained on), the time to train on all
messages (from raw text), and the single-message prediction latency p50/p99 with the model
loaded once, on one core.  It measures the very code the app runs: huying.triage.classifier.
"""

import os

# One core for the latency figures: set before numpy loads its thread pools.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import csv  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import joblib  # noqa: E402
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from huying.triage.classifier import TextClassifier, cross_validate, prepare  # noqa: E402
from huying.triage.metrics import format_report, report  # noqa: E402
from huying.triage.text import build_user_words, normalise  # noqa: E402


def data_dir() -> Path:
    return Path(os.environ.get("HUYING_SHARED_DATA") or ROOT.parent / "shared" / "data")


def taxonomy_words() -> tuple[str, ...]:
    """The dictionary a deployment with the default taxonomy would build (no place names here)."""
    names = []

    def walk(nodes):
        for node in nodes:
            names.append(node["name"])
            walk(node.get("children", []))

    walk(json.loads((ROOT / "huying/taxonomy/data/default_taxonomy.json").read_text(encoding="utf-8")))
    return build_user_words([], names)


def load(path: Path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [(r["留言主题"] or "", r["留言详情"] or "", r["一级标签"].strip()) for r in rows if r["一级标签"].strip()]


def dedupe_and_group(keys, docs, labels):
    """Drop repeated texts; texts sharing a title or a body form one group (one fold).

    `keys` are (title, body) in their full normalised form, spaces removed: rows rebuilt from
    public copies lost their spaces, so they match their originals.
    """
    seen, keep = set(), []
    for i, (title, body) in enumerate(keys):
        if (title, body) not in seen:
            seen.add((title, body))
            keep.append(i)
    parent = list(range(len(keep)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first = {}
    for position, i in enumerate(keep):
        title, body = keys[i]
        for key in ["t:" + title] + (["b:" + body] if len(body) > 20 else []):
            if key in first:
                parent[find(position)] = find(first[key])
            else:
                first[key] = position
    groups = [find(p) for p in range(len(keep))]
    return [docs[i] for i in keep], [labels[i] for i in keep], groups, keep


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--latency", type=int, default=2000, help="messages timed one by one")
    args = parser.parse_args()

    path = data_dir() / "messages_train.csv"
    if not path.exists():
        sys.exit(f"{path} not found: set HUYING_SHARED_DATA to the folder holding messages_train.csv")
    rows = load(path)
    user_words = taxonomy_words()

    started = time.perf_counter()
    all_docs = [prepare(t, b, user_words) for t, b, _label in rows]
    prepare_seconds = time.perf_counter() - started
    all_labels = [label for _t, _b, label in rows]
    keys = [(normalise(t).replace(" ", ""), normalise(b).replace(" ", "")) for t, b, _label in rows]
    docs, labels, groups, _kept = dedupe_and_group(keys, all_docs, all_labels)
    classes = sorted(set(labels))
    print(
        f"{len(rows)} messages, {len(docs)} after removing repeated texts, {len(set(groups))} groups, "
        f"{len(classes)} classes; normalising and segmenting took {prepare_seconds:.1f} s"
    )

    started = time.perf_counter()
    classes, proba = cross_validate(
        docs, labels, user_words, folds=args.folds, seed=args.seed, jobs=args.jobs, groups=groups
    )
    cv_seconds = time.perf_counter() - started
    result = report(labels, proba, classes)
    print()
    print(
        format_report(result, f"{args.folds}-fold stratified cross-validation (seed {args.seed}), {cv_seconds:.0f} s")
    )

    # Training as the app does it: from raw text, on every message.
    started, started_cpu = time.perf_counter(), time.process_time()
    model = TextClassifier(user_words=user_words).fit(
        [t for t, _b, _l in rows], [b for _t, b, _l in rows], all_labels, jobs=args.jobs
    )
    train_seconds, train_cpu = time.perf_counter() - started, time.process_time() - started_cpu

    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "router.joblib"
        joblib.dump(model, file, compress=3)
        size_mb = file.stat().st_size / 1e6
        loaded = joblib.load(file)  # noqa: S301 - the file this script just wrote
    rng = random.Random(args.seed)
    sample = [rows[rng.randrange(len(rows))] for _ in range(args.latency)]
    loaded.top(sample[0][0], sample[0][1])  # warm the tokenizer
    times, cpu_times = [], []
    for title, body, _label in sample:
        t0, c0 = time.perf_counter(), time.thread_time()
        loaded.top(title, body, k=3)
        times.append((time.perf_counter() - t0) * 1000)
        cpu_times.append((time.thread_time() - c0) * 1000)
    p50, p99 = np.percentile(times, [50, 99])
    cpu_p50, cpu_p99 = np.percentile(cpu_times, [50, 99])

    print(f"macro-F1 {result['macro_f1']:.4f}")
    print(f"accuracy {result['accuracy']:.4f}")
    print(f"top-3 accuracy {result['top3_accuracy']:.4f}")
    print(f"log-loss {result['log_loss']:.4f}")
    print(
        f"training on all {len(rows)} messages from raw text, {args.jobs} jobs: {train_seconds:.1f} s "
        f"(CPU {train_cpu:.1f} s; model file {size_mb:.1f} MB)"
    )
    print(
        f"single-message prediction, model loaded once, one core: p50 {p50:.2f} ms, p99 {p99:.2f} ms "
        f"(CPU time p50 {cpu_p50:.2f} ms, p99 {cpu_p99:.2f} ms; {len(times)} messages)"
    )
    loadavg = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} cores, load average {loadavg[0]:.1f} {loadavg[1]:.1f} {loadavg[2]:.1f} "
        "(wall-clock figures grow with the load; CPU times do not)"
    )


if __name__ == "__main__":
    main()
