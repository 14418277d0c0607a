"""The router's text classifier: TF-IDF words and characters, NB-weighted linear SVMs on
several views of the text, stacked by a logistic regression that gives calibrated probabilities.

Plain scikit-learn and numpy, no Django: `bench/router.py` measures this very code on the
shared data, and the app trains it on the deployment's own history.

Features, each block TF-IDF with sublinear term frequency:
- words (jieba, with the deployment's place and category names kept whole), 1-2 grams,
  over title and text;
- the title's words again, as separate features (the title says what it is about);
- characters, 1-3 grams, over title and text (robust to segmentation mistakes);
- the title's characters.
Four views of these features - everything, the words, the characters, the title - each get,
per class, a one-vs-rest linear SVM on features scaled by their naive-Bayes log-count ratio
for that class (NBSVM, Wang & Manning 2012, which beats a plain SVM on short texts).  A
multinomial logistic regression learns from the views' out-of-fold margins how far to trust
each: it combines them (better than any one view) and its probabilities are calibrated, so a
"0.8" is right about 80% of the time.
"""

from __future__ import annotations

import functools
import operator
import re
import time
import warnings
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from joblib import Parallel, delayed
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.svm import LinearSVC

from huying.triage.text import normalise, segment


@dataclass
class Doc:
    """A text ready for the vectorizers: normalised strings and their words."""

    title: str
    body: str
    title_words: list[str]
    body_words: list[str]


# The router reads the first BODY_CHARS characters of a body as characters and the first
# WORD_CHARS of them as words: what an appeal is about comes first, and segmenting is the
# slowest step of a prediction. Cross-validated macro-F1 on the shared messages (bench/router.py):
# 0.9349 with 1000/1000, 0.9344 with 1000/600, 0.9329 with 700/700; p99 latency fell from
# 14 ms to 8 ms with 1000/600 and the vectorised lookups below.
BODY_CHARS = 1000
WORD_CHARS = 600


def prepare(title: str, body: str, user_words: tuple[str, ...] = ()) -> Doc:
    title = normalise(title)
    # A margin before normalising: it removes spaces and boilerplate.
    body = normalise(body[: BODY_CHARS + 200])[:BODY_CHARS]
    return Doc(title, body, segment(title, user_words), segment(body[:WORD_CHARS], user_words))


def word_grams(words: list[str]) -> list[str]:
    return words + [f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)]


# Analyzers are module functions so that a fitted model pickles.
def _all_words(doc: Doc) -> list[str]:
    return word_grams(doc.title_words) + word_grams(doc.body_words)


def _title_words(doc: Doc) -> list[str]:
    return word_grams(doc.title_words)


def _all_text(doc: Doc) -> str:
    return f"{doc.title}。{doc.body}"


def _title_text(doc: Doc) -> str:
    return doc.title


@dataclass
class Settings:
    C: float = 0.5
    alpha: float = 0.1  # naive-Bayes smoothing
    beta: float = 0.7  # power applied to the log-count ratios: 1 is plain NBSVM, 0 a plain SVM
    title_weight: float = 0.5
    char_ngrams: tuple[int, int] = (1, 3)
    stack_folds: int = 4  # out-of-fold margins for the stacking regression
    stack_C: float = 1.0
    seed: int = 0


# Up to this many texts are vectorised by hand (see _features_fast).
FAST_PATH_DOCS = 8

# Feature blocks, in this order so that every view is one contiguous column range.
BLOCKS = ("words", "title_words", "title_chars", "chars")
VIEWS = {
    "all": ("words", "title_words", "title_chars", "chars"),
    "words": ("words", "title_words"),
    "title": ("title_words", "title_chars"),
    "chars": ("title_chars", "chars"),
}


@dataclass
class View:
    start: int
    stop: int
    # (stop - start) x n_classes, NB ratios folded in; C-ordered so that a product with a
    # sparse row copies nothing.
    weights: np.ndarray | None = None
    intercepts: np.ndarray | None = None

    def margins(self, X) -> np.ndarray:
        if X.shape[0] == 1:
            # One text (the app's case): gather the few weight rows its terms hit.
            columns = X.indices
            inside = (columns >= self.start) & (columns < self.stop)
            rows = self.weights[columns[inside] - self.start]
            return (X.data[inside].astype(np.float64) @ rows + self.intercepts)[None, :]
        return np.asarray(X[:, self.start : self.stop] @ self.weights, dtype=np.float64) + self.intercepts


@dataclass
class TextClassifier:
    """Fit on (title, body, label) triples; predict calibrated probabilities per label."""

    user_words: tuple[str, ...] = ()
    settings: Settings = field(default_factory=Settings)
    classes_: list = field(default_factory=list)
    vectorizers: list = field(default_factory=list)
    views: dict = field(default_factory=dict)
    stacker: LogisticRegression | None = None
    timings: dict = field(default_factory=dict)

    # Training -----------------------------------------------------------------------
    def prepare(self, titles, bodies) -> list[Doc]:
        return [prepare(t or "", b or "", self.user_words) for t, b in zip(titles, bodies, strict=True)]

    def fit(self, titles, bodies, labels, jobs: int = 1):
        started = time.perf_counter()
        docs = self.prepare(titles, bodies)
        self.timings["prepare"] = time.perf_counter() - started
        self.fit_docs(docs, labels, jobs=jobs)
        self.timings["total"] = time.perf_counter() - started
        return self

    def fit_docs(self, docs: list[Doc], labels, jobs: int = 1):
        """As `fit`, on documents already prepared (training reuses them across folds)."""
        started = time.perf_counter()
        self.classes_ = sorted(set(labels), key=str)
        index = {c: i for i, c in enumerate(self.classes_)}
        y = np.array([index[label] for label in labels])
        X = self._fit_features(docs)
        self.timings["features"] = time.perf_counter() - started
        if len(self.classes_) > 1:
            self.stacker = self._fit_stacker(X, y, jobs)
        fitted = Parallel(n_jobs=jobs, prefer="threads")(
            delayed(self._fit_view)(X, y, view) for view in self.views.values()
        )
        self.views = dict(zip(self.views, fitted, strict=True))
        self.timings["fit"] = time.perf_counter() - started
        return self

    def _fit_features(self, docs: list[Doc]):
        # Unlabelled text (unconfirmed appeals, the shared data's other files) fitted into the
        # vocabulary and IDF scored no better in cross-validation: only labelled texts are used.
        min_df = 2 if len(docs) >= 500 else 1
        getters = {"words": _all_words, "title_words": _title_words, "title_chars": _title_text, "chars": _all_text}
        weights = {"title_words": self.settings.title_weight, "title_chars": self.settings.title_weight}
        self.vectorizers = []
        matrices, offsets, start = [], {}, 0
        for block in BLOCKS:
            if block.endswith("words"):
                vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=min_df, dtype=np.float32)
            else:
                vectorizer = TfidfVectorizer(
                    analyzer="char",
                    ngram_range=self.settings.char_ngrams,
                    lowercase=False,
                    sublinear_tf=True,
                    min_df=min_df,
                    dtype=np.float32,
                )
            try:
                matrix = vectorizer.fit_transform([getters[block](d) for d in docs])
            except ValueError:  # nothing to learn from, e.g. no title has a word
                vectorizer, matrix = None, sp.csr_matrix((len(docs), 0), dtype=np.float32)
            width = matrix.shape[1]
            if vectorizer is not None:
                # The pruned terms are not needed to predict and would bloat the file.
                vectorizer.stop_words_ = None
            weight = weights.get(block, 1.0)
            self.vectorizers.append((getters[block], vectorizer, weight, width))
            matrices.append(matrix * weight)
            offsets[block] = (start, start + width)
            start += width
        self.views = {name: View(offsets[blocks[0]][0], offsets[blocks[-1]][1]) for name, blocks in VIEWS.items()}
        return sp.hstack(matrices, format="csr", dtype=np.float32)

    def features(self, docs: list[Doc]):
        if len(docs) <= FAST_PATH_DOCS:
            return self._features_fast(docs)
        blocks = []
        for getter, vectorizer, weight, width in self.vectorizers:
            if vectorizer is None:
                blocks.append(sp.csr_matrix((len(docs), width), dtype=np.float32))
            else:
                blocks.append(vectorizer.transform([getter(d) for d in docs]) * weight)
        return sp.hstack(blocks, format="csr", dtype=np.float32)

    def _features_fast(self, docs: list[Doc]):
        """What `TfidfVectorizer.transform` computes (sublinear tf, idf, l2 per block), without
        its per-call checks, which cost more than the arithmetic for one short text."""
        n_features = sum(width for *_rest, width in self.vectorizers)
        indptr, indices, data = [0], [], []
        for doc in docs:
            row_size = 0
            offset = 0
            for getter, vectorizer, weight, width in self.vectorizers:
                if vectorizer is not None:
                    # Look every term up (C loops), then count the known columns in numpy.
                    found = list(filter(_is_known, map(vectorizer.vocabulary_.get, _terms(vectorizer, getter(doc)))))
                    if found:
                        columns, tf = np.unique(np.array(found, dtype=np.int64), return_counts=True)
                        values = (1.0 + np.log(tf)) * vectorizer.idf_[columns]
                        values *= weight / np.sqrt(values @ values)
                        indices.append(columns + offset)
                        data.append(values)
                        row_size += len(columns)
                offset += width
            indptr.append(indptr[-1] + row_size)
        return sp.csr_matrix(
            (
                np.concatenate(data).astype(np.float32) if data else np.zeros(0, dtype=np.float32),
                np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64),
                np.array(indptr),
            ),
            shape=(len(docs), n_features),
        )

    def _fit_view(self, X, y, view: View) -> View:
        weights, intercepts = self._fit_nbsvm(X[:, view.start : view.stop], y)
        return View(view.start, view.stop, np.ascontiguousarray(weights.T), intercepts)

    def _fit_nbsvm(self, X, y):
        s = self.settings
        n_classes = len(self.classes_)
        weights = np.zeros((n_classes, X.shape[1]), dtype=np.float32)
        intercepts = np.full(n_classes, -1.0, dtype=np.float32)
        if X.shape[1] == 0:
            return weights, intercepts
        onehot = sp.csr_matrix((np.ones(len(y)), (y, np.arange(len(y)))), shape=(n_classes, len(y)))
        totals = np.asarray((onehot @ X).toarray())
        everything = totals.sum(axis=0)
        for c in range(n_classes):
            positive = y == c
            if not positive.any() or positive.all():
                continue  # a class this fold did not see keeps a constant "no"
            p = totals[c] + s.alpha
            q = everything - totals[c] + s.alpha
            ratio = np.log((p / p.sum()) / (q / q.sum()))
            ratio = np.sign(ratio) * np.abs(ratio) ** s.beta
            svm = LinearSVC(C=s.C, random_state=s.seed)
            scaled = sp.csr_matrix((X.data * ratio[X.indices], X.indices, X.indptr), shape=X.shape)
            svm.fit(scaled, positive.astype(int))
            # (x * r) . w == x . (r * w): keep one vector per class.
            weights[c] = ratio * svm.coef_.ravel()
            intercepts[c] = svm.intercept_[0]
        return weights, intercepts

    def _fit_stacker(self, X, y, jobs: int) -> LogisticRegression:
        """A logistic regression on the views' out-of-fold margins."""
        counts = np.bincount(y, minlength=len(self.classes_))
        folds = max(2, min(self.settings.stack_folds, counts.min()))
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=self.settings.seed)
        margins = np.zeros((len(y), len(self.views) * len(self.classes_)))
        with warnings.catch_warnings():
            # A class with a single example cannot be in every fold: it is fine for it to miss some.
            warnings.filterwarnings("ignore", "The least populated class", UserWarning)
            splits = list(splitter.split(np.zeros(len(y)), y))
        tasks = [(train, test, name) for train, test in splits for name in self.views]
        # liblinear lets go of the GIL: threads share X instead of copying it to processes.
        parts = Parallel(n_jobs=jobs, prefer="threads")(
            delayed(self._fold_margins)(X, y, train, test, self.views[name]) for train, test, name in tasks
        )
        width = len(self.classes_)
        names = list(self.views)
        for (_train, test, name), part in zip(tasks, parts, strict=True):
            column = names.index(name) * width
            margins[test, column : column + width] = part
        stacker = LogisticRegression(C=self.settings.stack_C, max_iter=2000)
        stacker.fit(margins, y)
        return stacker

    def _fold_margins(self, X, y, train, test, view: View) -> np.ndarray:
        fitted = self._fit_view(X[train], y[train], view)
        return fitted.margins(X[test])

    # Prediction ---------------------------------------------------------------------
    def margins_docs(self, docs: list[Doc]) -> np.ndarray:
        X = self.features(docs)
        return np.hstack([view.margins(X) for view in self.views.values()])

    def predict_proba_docs(self, docs: list[Doc]) -> np.ndarray:
        if len(self.classes_) == 1:
            return np.ones((len(docs), 1))
        proba = np.zeros((len(docs), len(self.classes_)))
        proba[:, self.stacker.classes_] = self.stacker.predict_proba(self.margins_docs(docs))
        return proba

    def predict_proba(self, titles, bodies) -> np.ndarray:
        return self.predict_proba_docs(self.prepare(titles, bodies))

    def top(self, title: str, body: str, k: int = 3) -> list[tuple[object, float]]:
        """The k most likely labels with their probabilities, most likely first."""
        proba = self.predict_proba([title], [body])[0]
        order = np.argsort(-proba)[:k]
        return [(self.classes_[i], float(proba[i])) for i in order]


_is_known = functools.partial(operator.is_not, None)


def _identity(words):
    return words


_SPACE_RUNS = re.compile(r"\s\s+")


def _terms(vectorizer, item) -> list[str]:
    """The terms `vectorizer`'s analyzer makes of `item`, for the two analyzers used here."""
    if vectorizer.analyzer != "char":
        return vectorizer.analyzer(item)
    text = _SPACE_RUNS.sub(" ", item)  # as sklearn's char analyzer does
    low, high = vectorizer.ngram_range
    return [text[i : i + n] for n in range(low, high + 1) for i in range(len(text) - n + 1)]


# Cross-validation (here, free of Django, so that worker processes can import it) -------------
def _fold(docs, labels, user_words, settings, train, test):
    classifier = TextClassifier(user_words=user_words, settings=settings)
    classifier.fit_docs([docs[i] for i in train], [labels[i] for i in train])
    # Columns in the order of the classes the fold saw.
    return test, classifier.classes_, classifier.predict_proba_docs([docs[i] for i in test])


def cross_validate(
    docs: list[Doc],
    labels: list,
    user_words=(),
    *,
    folds: int = 5,
    seed: int = 0,
    jobs: int = 2,
    groups=None,
    settings: Settings | None = None,
):
    """Out-of-fold probabilities (rows: docs, columns: sorted labels) from stratified k-fold.

    With `groups`, texts of one group stay in one fold (StratifiedGroupKFold).
    """
    classes = sorted(set(labels), key=str)
    index = {c: i for i, c in enumerate(classes)}
    y = np.array([index[label] for label in labels])
    smallest = np.bincount(y).min()
    folds = max(2, min(folds, smallest)) if groups is None else folds
    with warnings.catch_warnings():
        # A class with one example cannot be in every fold; it is scored where it is.
        warnings.filterwarnings("ignore", "The least populated class", UserWarning)
        if groups is None:
            splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
            splits = list(splitter.split(np.zeros(len(y)), y))
        else:
            splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
            splits = list(splitter.split(np.zeros(len(y)), y, groups))
    settings = settings or Settings()
    parts = Parallel(n_jobs=jobs)(
        delayed(_fold)(docs, labels, tuple(user_words), settings, train, test) for train, test in splits
    )
    proba = np.zeros((len(labels), len(classes)))
    for test, fold_classes, fold_proba in parts:
        for j, c in enumerate(fold_classes):
            proba[test, index[c]] = fold_proba[:, j]
    return classes, proba
