"""Recall and precision of the personal-data detector on the project's labelled sentences.

    .venv/bin/python bench/pii.py [--show-errors] [--file bench/data/pii_sentences.jsonl]

bench/data/pii_sentences.jsonl holds fictional appeal sentences written for this bench, each
with the exact character spans and kinds of the personal data in it (and many hard
negatives: dates, amounts, order and house numbers, place names built on surnames ...).

Two span matchings are reported for every kind:
- exact: same kind, same start and end;
- overlap: same kind, the spans share at least one character.
"Numbers" are mobile, landline, id_card and bank_card together.  The quality floor
(tests/lib/test_pii_bench.py) is exact recall 1.0 on numbers and overlap recall 0.9 on names.
"""

import argparse
import csv
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from huying.lib.pii import KINDS, NUMBER_KINDS, _analyse, _hmm_cut, deployment_words, find_personal_data  # noqa: E402

# The bench's district, as a deployment's department tree would give it: its place names
# are never a person's name, its public numbers never personal data.
BENCH_PLACES = [
    *("清姜街道办事处", "清姜", "金陵街道办事处", "金陵", "桥南街道办事处", "桥南", "神农镇人民政府", "神农"),
    # and estates, as HUYING_PLACE_NAMES lists them
    *("保利林语", "恒大翡翠华庭", "锦业路小区"),
]
BENCH_NUMBERS = ["12345", "0917-32036000"]

DEFAULT_FILE = ROOT / "bench" / "data" / "pii_sentences.jsonl"


def load(path: Path = DEFAULT_FILE) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _match(gold: tuple, pred: tuple, mode: str) -> bool:
    if gold[0] != pred[0]:
        return False
    if mode == "exact":
        return gold[1:] == pred[1:]
    return gold[1] < pred[2] and pred[1] < gold[2]


def evaluate(records: list[dict]) -> dict:
    with deployment_words(BENCH_PLACES, BENCH_NUMBERS):
        return _evaluate(records)


def _evaluate(records: list[dict]) -> dict:
    """Counts and rates per kind and for the groups, in both matchings; plus the errors."""
    counts = {
        mode: {kind: {"gold": 0, "pred": 0, "hit_gold": 0, "hit_pred": 0} for kind in KINDS}
        for mode in ("exact", "overlap")
    }
    errors = []
    durations = []
    for rec in records:
        text = rec["text"]
        gold = [(s["kind"], s["start"], s["end"]) for s in rec["spans"]]
        t0 = time.perf_counter()
        pred = [(f.kind, f.start, f.end) for f in find_personal_data(text)]
        durations.append(time.perf_counter() - t0)
        for mode, table in counts.items():
            for g in gold:
                table[g[0]]["gold"] += 1
                table[g[0]]["hit_gold"] += any(_match(g, p, mode) for p in pred)
            for p in pred:
                table[p[0]]["pred"] += 1
                table[p[0]]["hit_pred"] += any(_match(g, p, mode) for g in gold)
        missed = [g for g in gold if not any(_match(g, p, "exact") for p in pred)]
        spurious = [p for p in pred if not any(_match(g, p, "exact") for g in gold)]
        if missed or spurious:
            errors.append(
                {
                    "id": rec.get("id"),
                    "text": text,
                    "missed": [(k, text[s:e]) for k, s, e in missed],
                    "spurious": [(k, text[s:e]) for k, s, e in spurious],
                }
            )

    def rates(rows: list[dict]) -> dict:
        gold = sum(r["gold"] for r in rows)
        pred = sum(r["pred"] for r in rows)
        recall = sum(r["hit_gold"] for r in rows) / gold if gold else 1.0
        precision = sum(r["hit_pred"] for r in rows) / pred if pred else 1.0
        return {"gold": gold, "pred": pred, "recall": recall, "precision": precision}

    report = {"sentences": len(records), "errors": errors}
    for mode, table in counts.items():
        report[mode] = {kind: rates([table[kind]]) for kind in KINDS}
        report[mode]["numbers"] = rates([table[k] for k in NUMBER_KINDS])
        report[mode]["all"] = rates(list(table.values()))
    report["ms_per_sentence_median"] = statistics.median(durations) * 1000
    return report


SHARED_MESSAGES = ROOT.parent / "shared" / "data" / "messages_train.csv"


def _timings(texts: list[str]) -> dict:
    """Wall and CPU time of find_personal_data per text (jieba loaded, its caches emptied)."""
    wall, cpu = [], []
    for text in texts:
        _hmm_cut.cache_clear()
        _analyse.cache_clear()
        w0, c0 = time.perf_counter(), time.process_time()
        find_personal_data(text)
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
    return {
        "n": len(texts),
        "wall_p50": statistics.median(wall),
        "cpu_p50": statistics.median(cpu),
        "cpu_max": max(cpu),
    }


def _long_texts(records: list[dict]) -> dict[str, list[str]]:
    """2,000-character appeals: the labelled sentences run together (name-dense), and, when
    ../shared/data is there, real messages of at least 2,000 characters (read, never stored)."""
    joined = "".join(rec["text"] for rec in records)
    texts = {"labelled set, run together": [joined[i : i + 2000] for i in range(0, len(joined) - 1999, 2000)]}
    if SHARED_MESSAGES.exists():
        with SHARED_MESSAGES.open(encoding="utf-8") as fh:
            real = [row["留言详情"][:2000] for row in csv.DictReader(fh) if len(row["留言详情"] or "") >= 2000]
        texts["real messages (../shared/data)"] = real[:100]
    return texts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    find_personal_data("我叫张伟")  # load jieba outside the measurements
    load_s = time.perf_counter() - t0
    records = load(args.file)
    report = evaluate(records)

    print(f"labelled sentences: {report['sentences']}  ({args.file})")
    print(f"{'kind':<10} {'gold':>5} {'found':>5}  {'exact R':>8} {'exact P':>8}  {'overlap R':>9} {'overlap P':>9}")
    for kind in (*KINDS, "numbers", "all"):
        ex, ov = report["exact"][kind], report["overlap"][kind]
        print(
            f"{kind:<10} {ex['gold']:>5} {ex['pred']:>5}  {ex['recall']:>8.3f} {ex['precision']:>8.3f}"
            f"  {ov['recall']:>9.3f} {ov['precision']:>9.3f}"
        )
    print(f"numbers recall (exact spans): {report['exact']['numbers']['recall']:.3f}")
    print(
        f"name recall / precision (overlap): {report['overlap']['name']['recall']:.3f} / "
        f"{report['overlap']['name']['precision']:.3f}   "
        f"(exact: {report['exact']['name']['recall']:.3f} / {report['exact']['name']['precision']:.3f})"
    )
    print(f"jieba load: {load_s:.2f} s; median per sentence: {report['ms_per_sentence_median']:.2f} ms")
    for label, texts in _long_texts(records).items():
        if not texts:
            continue
        t = _timings(texts)
        print(
            f"2,000-character appeals, {label} (n={t['n']}): CPU p50 {t['cpu_p50']:.1f} ms, "
            f"max {t['cpu_max']:.1f} ms; wall p50 {t['wall_p50']:.1f} ms"
        )
    if args.show_errors:
        for err in report["errors"]:
            print(f"#{err['id']}: {err['text']}")
            for kind, value in err["missed"]:
                print(f"    missed   {kind}: {value}")
            for kind, value in err["spurious"]:
                print(f"    spurious {kind}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
