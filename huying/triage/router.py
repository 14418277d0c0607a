"""The router: train models from the deployment's history, keep the live one loaded, suggest.

Three heads, each its own versioned model file: the level-1 category, the detailed category
(only for categories with enough confirmed examples) and the lead department.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

import joblib
import numpy as np
from django.conf import settings
from django.db.models import Max

from huying.accounts.models import Department
from huying.appeals.models import Appeal
from huying.taxonomy.models import Category
from huying.triage import actions
from huying.triage.classifier import Doc, TextClassifier, cross_validate, prepare
from huying.triage.metrics import report
from huying.triage.models import Head, RouterModel, TrainingExample
from huying.triage.text import deployment_words, forget_deployment_words

logger = logging.getLogger(__name__)

CSV_TITLE, CSV_TEXT, CSV_LABEL = "留言主题", "留言详情", "一级标签"
CV_FOLDS = 5
# One example in five, chosen by a hash of its id, is held out of the fit the gate judges:
# every version is judged on the same rows, so a new one is compared fairly with the live
# one. A version that goes live is then fitted again on every row, held-out ones included.
HOLDOUT_BUCKETS = 5


def models_dir() -> Path:
    path = Path(settings.VAR_DIR) / "models"
    path.mkdir(parents=True, exist_ok=True)
    return path


def is_held_out(key: str) -> bool:
    digest = hashlib.sha256(key.encode()).digest()
    return digest[0] % HOLDOUT_BUCKETS == 0


# Loading ----------------------------------------------------------------------------------
_loaded: dict[tuple, TextClassifier] = {}
_load_lock = threading.Lock()


def load_classifier(model: RouterModel) -> TextClassifier:
    """The classifier in `model`'s file, loaded once per process."""
    path = models_dir() / model.file_path
    # The version alone is not enough: a restored or re-created database (and every test)
    # numbers its models from 1 again, so the file and the row must match too.
    key = (model.kind, model.version, model.pk, model.created, str(path))
    with _load_lock:
        found = _loaded.get(key)
        if found is None:
            for stale in [k for k in _loaded if k[0] == model.kind]:
                del _loaded[stale]
            # Only files this deployment wrote under VAR_DIR/models are ever loaded.
            found = joblib.load(path)  # noqa: S301
            _loaded[key] = found
        return found


def live_models() -> dict[str, RouterModel]:
    return {m.kind: m for m in RouterModel.objects.live()}


def gate_classifier(model: RouterModel) -> TextClassifier:
    """`model`'s fit without the held-out rows, the one the gate scores: the file that serves
    learnt those rows too, and would be scored on what it trained on. (A version that was not
    fitted again, and those trained before the refit, have only the one file.)"""
    gate_file = (model.metrics or {}).get("gate_file")
    if not gate_file or gate_file == model.file_path:
        return load_classifier(model)
    # Not through load_classifier: its cache keeps one model per kind, the one that serves.
    return joblib.load(models_dir() / gate_file)  # noqa: S301 - written by this deployment


# Suggesting -------------------------------------------------------------------------------
@dataclass
class Prediction:
    categories: list[dict] = field(default_factory=list)
    subcategories: list[dict] = field(default_factory=list)
    departments: list[dict] = field(default_factory=list)
    versions: dict[str, int] = field(default_factory=dict)

    @property
    def uncertain(self) -> bool:
        threshold = settings.HUYING_ROUTER_CONFIDENT_PERCENT / 100
        return not self.categories or self.categories[0]["p"] < threshold


def predict(title: str, text: str, models: dict[str, RouterModel] | None = None, place: str = "") -> Prediction:
    """Top-3 categories, detailed categories and lead departments for a text.

    `place` (the appeal's street and community names) helps the department head only:
    local matters go to the street.
    """

    models = live_models() if models is None else models
    result = Prediction()
    ranked: dict[str, list[tuple[int, float]]] = {}
    docs: dict[tuple, Doc] = {}  # heads reading the same text share its (slow) segmentation
    for kind, model in models.items():
        classifier = load_classifier(model)
        body = with_place(text, place) if kind == Head.DEPARTMENT else text
        key = (classifier.user_words, body)
        if key not in docs:
            docs[key] = prepare(title, body, classifier.user_words)
        proba = classifier.predict_proba_docs([docs[key]])[0]
        order = np.argsort(-proba)
        ranked[kind] = [(classifier.classes_[i], float(proba[i])) for i in order]
        result.versions[kind] = model.version
    if Head.SUBCATEGORY in ranked:
        ranked[Head.SUBCATEGORY] = _within_likely_roots(ranked[Head.SUBCATEGORY], ranked.get(Head.CATEGORY, []))
    ids = {pk for kind in (Head.CATEGORY, Head.SUBCATEGORY) for pk, _p in ranked.get(kind, [])[:3]}
    if Head.DEPARTMENT not in ranked and Head.CATEGORY in ranked:
        ranked[Head.DEPARTMENT] = _default_leads(ranked[Head.CATEGORY])
    categories = Category.objects.active().select_related("parent__parent").in_bulk(ids)
    # Only where a work order can go: never the dispatch centre itself, nor a community.
    departments = Department.objects.handling().in_bulk([pk for pk, _p in ranked.get(Head.DEPARTMENT, [])[:5]])

    def top(kind, objects, label):
        found = [
            {"id": pk, "name": label(objects[pk]), "p": round(p, 4)} for pk, p in ranked.get(kind, []) if pk in objects
        ]
        return found[:3]

    result.categories = top(Head.CATEGORY, categories, lambda c: c.name)
    result.subcategories = top(Head.SUBCATEGORY, categories, _category_label)
    result.departments = top(Head.DEPARTMENT, departments, lambda d: d.name)
    return result


def with_place(text: str, place: str) -> str:
    return f"{text}\n{place}" if place else text


def place_of(appeal) -> str:
    return " ".join(d.name for d in (appeal.street, appeal.community) if d is not None)


def _default_leads(categories: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """Without a department model: each likely category's default lead department."""

    nodes = Category.objects.in_bulk([pk for pk, _p in categories])
    scores: dict[int, float] = {}
    for pk, p in categories:
        lead = nodes[pk].effective_lead_department() if pk in nodes else None
        if lead is not None:
            scores[lead.pk] = scores.get(lead.pk, 0.0) + p
    return sorted(scores.items(), key=lambda item: -item[1])


def _within_likely_roots(details: list[tuple[int, float]], roots: list[tuple[int, float]]):
    """Detailed categories scored as P(level-1) x P(detail | level-1), so they agree with the
    level-1 suggestion: the detailed model alone spreads thin over many small classes."""

    if not roots:
        return details
    root_p = dict(roots)
    nodes = Category.objects.filter(pk__in=[pk for pk, _p in details]).values_list(
        "pk", "parent_id", "parent__parent_id"
    )
    root_of = {pk: grandparent or parent for pk, parent, grandparent in nodes}
    mass: dict[int, float] = {}
    for pk, p in details:
        if pk in root_of:
            mass[root_of[pk]] = mass.get(root_of[pk], 0.0) + p
    scored = [
        (pk, root_p.get(root_of[pk], 0.0) * p / mass[root_of[pk]])
        for pk, p in details
        if pk in root_of and mass[root_of[pk]] > 0
    ]
    return sorted(scored, key=lambda item: -item[1])


def _category_label(category) -> str:
    return category.path


# Training data ----------------------------------------------------------------------------
@dataclass
class Row:
    key: str
    title: str
    text: str
    category_id: int  # level-1
    detail_id: int | None  # the confirmed category when deeper than level 1
    detail_parent_id: int | None  # its level-2 ancestor
    department_id: int | None
    place: str = ""


def training_rows() -> list[Row]:
    """Every training example with the labels of each head."""

    nodes = {c.pk: c for c in Category.objects.all()}

    def ancestors(pk):
        chain = []
        while pk is not None and pk in nodes:
            chain.append(nodes[pk])
            pk = nodes[pk].parent_id
        return chain  # deepest first

    rows = []
    examples = TrainingExample.objects.select_related("appeal__street", "appeal__community").order_by("id")
    # Department labels only where a work order can go (a forwarded community's work is its street's).
    handling = set(Department.objects.handling().values_list("pk", flat=True))
    for example in examples.iterator(chunk_size=2000):
        chain = ancestors(example.category_id)
        if not chain:
            continue
        root = chain[-1]
        level2 = next((c for c in chain if c.level == 2), None)
        place = ""
        if example.appeal_id:
            title, text = example.appeal.title, example.appeal.description
            place = place_of(example.appeal)
        else:
            title, text = example.title, example.text
        rows.append(
            Row(
                key=f"example-{example.pk}",
                title=title,
                text=text,
                category_id=root.pk,
                detail_id=chain[0].pk if chain[0].level > 1 else None,
                detail_parent_id=level2.pk if level2 else None,
                department_id=example.department_id if example.department_id in handling else None,
                place=place,
            )
        )
    return rows


def head_labels(rows: list[Row], kind: str, min_examples: int) -> list[tuple[Row, int]]:
    """(row, label) pairs for a head; labels with too few examples are left out."""
    from collections import Counter

    if kind == Head.CATEGORY:
        pairs = [(r, r.category_id) for r in rows]
    elif kind == Head.DEPARTMENT:
        pairs = [(r, r.department_id) for r in rows if r.department_id]
    else:
        # The deepest category with enough examples: level 3, else its level-2 parent.
        exact = Counter(r.detail_id for r in rows if r.detail_id)
        parents = Counter(r.detail_parent_id for r in rows if r.detail_parent_id)
        pairs = []
        for r in rows:
            if r.detail_id and exact[r.detail_id] >= min_examples:
                pairs.append((r, r.detail_id))
            elif r.detail_parent_id and parents[r.detail_parent_id] >= min_examples:
                pairs.append((r, r.detail_parent_id))
    counts = Counter(label for _r, label in pairs)
    return [(r, label) for r, label in pairs if counts[label] >= min_examples]


# Reading a CSV ----------------------------------------------------------------------------
class CsvError(ValueError):
    pass


def read_labelled_csv(path) -> list[tuple[str, str, str]]:
    """(title, text, level-1 label) rows of a CSV with columns 留言主题, 留言详情, 一级标签."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {CSV_TITLE, CSV_TEXT, CSV_LABEL} - set(reader.fieldnames or [])
            if missing:
                raise CsvError(f"{path}: missing columns {', '.join(sorted(missing))}")
            rows = [(row[CSV_TITLE] or "", row[CSV_TEXT] or "", (row[CSV_LABEL] or "").strip()) for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise CsvError(f"{path}: {exc}") from exc
    return [r for r in rows if r[2] and (r[0].strip() or r[1].strip())]


# Training ---------------------------------------------------------------------------------
@dataclass
class HeadResult:
    kind: str
    rows: int = 0  # what the saved model was fitted on: every row once it went live
    held_out: int = 0  # rows kept out of the fit the gate judged
    skipped: str = ""
    cv: dict = field(default_factory=dict)
    holdout: dict = field(default_factory=dict)
    live_holdout: dict | None = None
    promoted: bool = False
    reason: str = ""
    model: RouterModel | None = None


def align(classifier: TextClassifier, proba: np.ndarray, classes: list) -> np.ndarray:
    """`proba` from `classifier` re-ordered into the columns of `classes` (zeros where unknown)."""
    out = np.zeros((proba.shape[0], len(classes)))
    index = {c: i for i, c in enumerate(classes)}
    for j, c in enumerate(classifier.classes_):
        if c in index:
            out[:, index[c]] = proba[:, j]
    return out


def _names(kind: str, ids) -> dict:

    if kind == Head.DEPARTMENT:
        return {d.pk: d.name for d in Department.objects.filter(pk__in=ids)}
    if kind == Head.SUBCATEGORY:
        return {c.pk: c.path for c in Category.objects.filter(pk__in=ids).select_related("parent__parent")}
    return {c.pk: c.name for c in Category.objects.filter(pk__in=ids)}


def _not_worse(candidate: dict, live: dict) -> bool:
    return (candidate["macro_f1"], candidate["accuracy"]) >= (live["macro_f1"] - 1e-9, live["accuracy"] - 1e-9)


REASONS = {
    "forced": "forced live",
    "first": "no model was live",
    "not_worse": "not worse than the live model on the held-out rows",
    "worse": "worse than the live model on the held-out rows",
    "unreadable": "the live model could not be read",
    "no_holdout": "no held-out rows to compare on: the live model stays",
}


def decide(force: bool, current, held, holdout: dict, live_holdout: dict | None) -> tuple[bool, str]:
    """Whether the new model goes live, and why (a key of REASONS)."""
    if force:
        return True, "forced"
    if current is None:
        return True, "first"
    if not held:
        return False, "no_holdout"
    if live_holdout is None:
        return True, "unreadable"
    if _not_worse(holdout, live_holdout):
        return True, "not_worse"
    return False, "worse"


def train_router(
    *, csv_path=None, force=False, user=None, stdout=None, progress=True, jobs=2, folds=CV_FOLDS
) -> list[HeadResult]:
    """Train every head from the training examples (after importing `csv_path`, if given).

    Each head is fitted on the rows not held out, with a cross-validated report on them, and
    scored on the held-out rows beside the live version's own fit without them. It goes live
    only if it is not worse there (or `force`), and then it is fitted again on every row, the
    held-out ones included: that is the file that serves. A candidate that stays out is saved
    as it was judged and changes nothing.
    """
    from django.db.models import Max
    from tqdm import tqdm

    def say(text=""):
        if stdout is not None:
            stdout.write(text + "\n")

    if csv_path:
        imported = actions.import_csv_examples(read_labelled_csv(csv_path), user=user)
        say(
            f"CSV: {imported.added} examples added, {imported.known} already known, {imported.unknown} with an unknown category"
        )
    forget_deployment_words()
    user_words = deployment_words()
    rows = training_rows()
    min_examples = settings.HUYING_ROUTER_MIN_EXAMPLES
    say(f"{len(rows)} training examples, {len(user_words)} dictionary words")

    docs: dict[str, Doc] = {}
    placed: dict[str, Doc] = {}  # the department head also reads the appeal's street and community
    # The bars go to stderr: Django's stdout wrapper would end every redraw with a newline.
    bar = tqdm(total=len(rows), desc="router: reading texts", unit=" texts", disable=not progress)
    for row in rows:
        docs[row.key] = prepare(row.title, row.text, user_words)
        if row.place and row.department_id:
            placed[row.key] = prepare(row.title, with_place(row.text, row.place), user_words)
        bar.update(1)
    bar.close()

    version = (RouterModel.objects.aggregate(top=Max("version"))["top"] or 0) + 1
    live = live_models()
    results = []
    heads = [Head.CATEGORY, Head.SUBCATEGORY, Head.DEPARTMENT]
    bar = tqdm(total=len(heads) * 4, desc="router: training", unit=" steps", disable=not progress)
    for kind in heads:
        result = HeadResult(kind=kind)
        results.append(result)
        pairs = head_labels(rows, kind, min_examples)
        train = [(r, label) for r, label in pairs if not is_held_out(r.key)]
        held = [(r, label) for r, label in pairs if is_held_out(r.key)]
        train_labels = [label for _r, label in train]
        result.rows, result.held_out = len(train), len(held)
        if len(set(train_labels)) < 2:
            result.skipped = f"fewer than two labels with {min_examples} or more examples"
            bar.update(4)
            continue
        names = _names(kind, {label for _r, label in pairs})
        source = {**docs, **placed} if kind == Head.DEPARTMENT else docs
        train_docs = [source[r.key] for r, _label in train]
        classes, oof = cross_validate(train_docs, train_labels, user_words, folds=folds, jobs=jobs)
        result.cv = report(train_labels, oof, classes, names)
        bar.update(1)
        candidate = TextClassifier(user_words=user_words).fit_docs(train_docs, train_labels, jobs=jobs)
        bar.update(1)
        held_docs = [source[r.key] for r, _label in held]
        held_labels = [label for _r, label in held]
        if held:
            result.holdout = report(held_labels, candidate.predict_proba_docs(held_docs), candidate.classes_, names)
        current = live.get(kind)
        if current is not None and held:
            try:
                classifier = gate_classifier(current)
                body = (lambda r: with_place(r.text, r.place)) if kind == Head.DEPARTMENT else (lambda r: r.text)
                proba = classifier.predict_proba_docs(
                    [prepare(r.title, body(r), classifier.user_words) for r, _l in held]
                )
                result.live_holdout = report(held_labels, proba, classifier.classes_, names)
            except (OSError, EOFError, ValueError, AttributeError) as exc:
                logger.warning("live router model %s cannot be read: %s", current, exc)
        bar.update(1)
        result.promoted, result.reason = decide(force, current, held, result.holdout, result.live_holdout)
        file_name = gate_file = f"router-v{version}-{kind}.joblib"
        served = candidate
        if result.promoted and held:
            # The held-out rows have judged it: the model that serves learns from them too. Its
            # fit without them is kept for the next gate, which scores it on those rows.
            gate_file = f"router-v{version}-{kind}-gate.joblib"
            served = TextClassifier(user_words=user_words).fit_docs(
                train_docs + held_docs, train_labels + held_labels, jobs=jobs
            )
            result.rows = len(pairs)
        bar.update(1)
        joblib.dump(candidate, models_dir() / gate_file, compress=3)
        if served is not candidate:
            joblib.dump(served, models_dir() / file_name, compress=3)
        metrics = {
            "cv": result.cv,
            "holdout": result.holdout,
            "live_holdout": result.live_holdout,
            "live_version": current.version if current else None,
            "promoted": result.promoted,
            "reason": result.reason,
            "timings": served.timings,
            "held_out_rows": len(held),
            "gate_trained_on": len(train),
            "gate_file": gate_file,
            "dictionary_words": len(user_words),
        }
        result.model = actions.register_model(
            version=version,
            kind=kind,
            file_path=file_name,
            metrics=metrics,
            trained_on=result.rows,
            live=result.promoted,
            forced=force,
            user=user,
        )
    bar.close()
    return results


def evaluate_csv(path) -> dict:
    """Score the live category model on a labelled CSV; labels are level-1 category names."""
    model = RouterModel.objects.live().filter(kind=Head.CATEGORY).first()
    if model is None:
        raise CsvError("no live category model: run `huying router train` first")
    rows = read_labelled_csv(path)
    if not rows:
        raise CsvError(f"{path}: no labelled rows")
    classifier = load_classifier(model)
    names = _names(Head.CATEGORY, classifier.classes_)
    docs = [prepare(t, d, classifier.user_words) for t, d, _label in rows]
    proba = classifier.predict_proba_docs(docs)
    # Compare by name: the CSV speaks in names, the model in ids.
    return report([label for _t, _d, label in rows], proba, [names.get(c, str(c)) for c in classifier.classes_])


def forget_erased_text() -> list[str]:
    """Models trained before an appeal's personal data was erased hold its words: train
    anew (forced: the examples now read the masked text) and delete every older model's
    file.  Run daily after the retention task, so such a model is served a day at most.
    Returns the files deleted; without enough examples to train, no model stays live."""
    latest = Appeal.objects.filter(personal_data_erased_at__isnull=False, training_example__isnull=False).aggregate(
        latest=Max("personal_data_erased_at")
    )["latest"]
    if latest is None:
        return []
    stale = list(RouterModel.objects.filter(created__lte=latest).exclude(file_path=""))
    if not stale:
        return []
    try:
        train_router(force=True, progress=False, jobs=1)
    except Exception:  # too few examples left: nothing is served rather than erased words
        logger.warning("the router could not be trained anew after an erasure", exc_info=True)
    deleted = []
    for model in stale:
        for name in dict.fromkeys([model.file_path, (model.metrics or {}).get("gate_file") or model.file_path]):
            (models_dir() / name).unlink(missing_ok=True)
            deleted.append(name)
        RouterModel.objects.filter(pk=model.pk).update(file_path="", is_live=False)
    _loaded.clear()
    return deleted
