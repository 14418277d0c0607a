"""The router's text classifier: TF-IDF words and characters, NB-weighted linear SVMs,
probabilities calibrated by temperature scaling.

Plain scikit-learn and numpy, no Django: `bench/router.py` measures this very code on the
shared data, and the app trains it on the deployment's own history.

Features, each block TF-IDF with sublinear term frequency:
- words (jieba, with the deployment's place and category names kept whole), 1-2 grams,
  over title and text;
- the title's words again, as separate features (the title says what it is about);
- characters, 1-3 grams, over title and text (robust to segmentation mistakes);
- the title's characters.
Each class gets a one-vs-rest linear SVM on features scaled by their naive-Bayes log-count
ratio for that class (NBSVM, Wang & Manning 2012), which beats a plain SVM on short texts.
The SVM margins become probabilities through a softmax whose temperature is fitted on
out-of-fold margins, so a "0.8" means right about 80% of the time.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax, softmax
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from huying.triage.text import normalise, segment


@dataclass
class Doc:
    """A text ready for the vectorizers: normalised strings and their words."""

    title: str
    body: str
    title_words: list[str]
    body_words: list[str]


def prepare(title: str, body: str, user_words: tuple[str, ...] = ()) -> Doc:
    title, body = normalise(title), normalise(body)
    return Doc(title, body, segment(title, user_words), segment(body, user_words))


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
    C: float = 0.3
    alpha: float = 0.1  # naive-Bayes smoothing
    beta: float = 0.7  # power applied to the log-count ratios: 1 is plain NBSVM, 0 a plain SVM
    title_weight: float = 0.7
    char_ngrams: tuple[int, int] = (1, 3)
    calibration_folds: int = 3
    seed: int = 0


@dataclass
class TextClassifier:
    """Fit on (title, body, label) triples; predict calibrated probabilities per label."""

    user_words: tuple[str, ...] = ()
    settings: Settings = field(default_factory=Settings)
    classes_: list = field(default_factory=list)
    vectorizers: list = field(default_factory=list)
    weights: np.ndarray | None = None  # n_classes x n_features, NB ratios folded in
    intercepts: np.ndarray | None = None
    temperature: float = 1.0
    timings: dict = field(default_factory=dict)

    # Training -----------------------------------------------------------------------
    def prepare(self, titles, bodies) -> list[Doc]:
        return [prepare(t or "", b or "", self.user_words) for t, b in zip(titles, bodies, strict=True)]

    def fit(self, titles, bodies, labels, unlabelled=(), progress=None):
        """`unlabelled` (title, body) pairs only widen the vocabulary and inverse document
        frequencies: the deployment's unconfirmed appeals are text of the same kind."""
        started = time.perf_counter()
        docs = self.prepare(titles, bodies)
        extra = self.prepare([t for t, _ in unlabelled], [b for _, b in unlabelled]) if unlabelled else []
        self._tick(progress)
        y = self._encode(labels)
        self.timings["prepare"] = time.perf_counter() - started
        X = self._fit_features(docs, extra)
        self._tick(progress)
        self.temperature = self._fit_temperature(X, y, progress)
        self.weights, self.intercepts = self._fit_nbsvm(X, y)
        self._tick(progress)
        self.timings["total"] = time.perf_counter() - started
        return self

    def fit_docs(self, docs: list[Doc], labels, extra: list[Doc] = (), progress=None):
        """As `fit`, on documents already prepared (the bench reuses them across folds)."""
        started = time.perf_counter()
        y = self._encode(labels)
        X = self._fit_features(docs, list(extra))
        self.temperature = self._fit_temperature(X, y, progress)
        self.weights, self.intercepts = self._fit_nbsvm(X, y)
        self.timings["total"] = time.perf_counter() - started
        return self

    def _encode(self, labels) -> np.ndarray:
        self.classes_ = sorted(set(labels), key=str)
        index = {c: i for i, c in enumerate(self.classes_)}
        return np.array([index[label] for label in labels])

    @staticmethod
    def _tick(progress):
        if progress is not None:
            progress(1)

    def _blocks(self):
        s = self.settings
        return [
            (_all_words, "word", 1.0),
            (_title_words, "word", s.title_weight),
            (_all_text, "char", 1.0),
            (_title_text, "char", s.title_weight),
        ]

    def _fit_features(self, docs: list[Doc], extra: list[Doc]):
        min_df = 2 if len(docs) + len(extra) >= 500 else 1
        self.vectorizers = []
        for getter, kind, weight in self._blocks():
            if kind == "word":
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
            vectorizer.fit([getter(d) for d in docs + extra])
            # The pruned terms are not needed to predict and would bloat the file.
            vectorizer.stop_words_ = None
            self.vectorizers.append((getter, vectorizer, weight))
        return self.features(docs)

    def features(self, docs: list[Doc]):
        blocks = [vectorizer.transform([getter(d) for d in docs]) * weight for getter, vectorizer, weight in self.vectorizers]
        return sp.hstack(blocks, format="csr", dtype=np.float32)

    def _fit_nbsvm(self, X, y):
        s = self.settings
        n_classes = len(self.classes_)
        weights = np.zeros((n_classes, X.shape[1]), dtype=np.float32)
        intercepts = np.zeros(n_classes, dtype=np.float32)
        if n_classes < 2:
            return weights, intercepts
        for c in range(n_classes):
            positive = y == c
            p = np.asarray(X[positive].sum(axis=0)).ravel() + s.alpha
            q = np.asarray(X[~positive].sum(axis=0)).ravel() + s.alpha
            ratio = np.log((p / p.sum()) / (q / q.sum()))
            ratio = np.sign(ratio) * np.abs(ratio) ** s.beta
            svm = LinearSVC(C=s.C, random_state=s.seed)
            svm.fit(X.multiply(ratio).tocsr(), positive.astype(int))
            # (x * r) . w == x . (r * w): keep one vector per class.
            weights[c] = ratio * svm.coef_.ravel()
            intercepts[c] = svm.intercept_[0]
        return weights, intercepts

    def _fit_temperature(self, X, y, progress=None) -> float:
        """Softmax temperature minimising the log-loss of out-of-fold margins."""
        folds = self.settings.calibration_folds
        counts = np.bincount(y, minlength=len(self.classes_))
        if len(self.classes_) < 2 or folds < 2 or counts.min() < folds:
            return 1.0
        margins = np.zeros((len(y), len(self.classes_)))
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=self.settings.seed)
        for train, test in splitter.split(np.zeros(len(y)), y):
            w, b = self._fit_nbsvm(X[train], y[train])
            margins[test] = X[test] @ w.T + b
            self._tick(progress)
        return fit_temperature(margins, y)

    # Prediction ---------------------------------------------------------------------
    def decision_function_docs(self, docs: list[Doc]) -> np.ndarray:
        X = self.features(docs)
        return np.asarray(X @ self.weights.T, dtype=np.float64) + self.intercepts

    def predict_proba_docs(self, docs: list[Doc]) -> np.ndarray:
        if len(self.classes_) == 1:
            return np.ones((len(docs), 1))
        return softmax(self.decision_function_docs(docs) / self.temperature, axis=1)

    def predict_proba(self, titles, bodies) -> np.ndarray:
        return self.predict_proba_docs(self.prepare(titles, bodies))

    def top(self, title: str, body: str, k: int = 3) -> list[tuple[object, float]]:
        """The k most likely labels with their probabilities, most likely first."""
        proba = self.predict_proba([title], [body])[0]
        order = np.argsort(-proba)[:k]
        return [(self.classes_[i], float(proba[i])) for i in order]


def _identity(words):
    return words


def fit_temperature(margins: np.ndarray, y: np.ndarray) -> float:
    def loss(log_t):
        logp = log_softmax(margins / np.exp(log_t), axis=1)
        return -logp[np.arange(len(y)), y].mean()

    found = minimize_scalar(loss, bounds=(-4.0, 3.0), method="bounded")
    return float(np.exp(found.x))
