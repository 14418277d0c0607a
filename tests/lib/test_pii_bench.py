"""A quality floor on the project's own labelled sentences (bench/data/pii_sentences.jsonl)."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_pii", ROOT / "bench" / "pii.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def records(bench):
    return bench.load()


def test_the_labelled_set_has_at_least_300_sentences_with_consistent_spans(records):
    assert len(records) >= 300
    kinds = {"mobile", "landline", "id_card", "bank_card", "email", "plate", "name"}
    for rec in records:
        for span in rec["spans"]:
            assert span["kind"] in kinds
            assert rec["text"][span["start"] : span["end"]] == span["text"], rec["id"]
    labelled = {span["kind"] for rec in records for span in rec["spans"]}
    assert labelled == kinds
    assert sum(1 for rec in records if not rec["spans"]) >= 50  # hard negatives


def test_numbers_are_all_found_and_names_at_least_nine_in_ten(bench, records):
    report = bench.evaluate(records)
    assert report["exact"]["numbers"]["recall"] == 1.0
    assert report["exact"]["email"]["recall"] == 1.0
    assert report["exact"]["plate"]["recall"] == 1.0
    assert report["overlap"]["name"]["recall"] >= 0.9
    assert report["overlap"]["name"]["precision"] >= 0.9
    assert report["exact"]["numbers"]["precision"] >= 0.95
