"""Text classifiers: TF-IDF over Indonesian stems and character n-grams, and linear models.

Stems (PySastrawi) make *melayani* and *pelayanan* one feature; character
n-grams keep typos and shorthand close to the right word (*pelyanan*, *jln*).
Routing (SingleLabel) averages a class-weighted logistic model and a
class-weighted linear SVM with a fitted softmax temperature; its figures on
real complaints are in docs/benchmarks.md (bench/suggestions.py). The forms of
maladministration (MultiLabel) use one logistic model per form. Nothing is
downloaded: everything comes from the jurisdiction's own cases.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.svm import LinearSVC

from sigap.search import indonesian
from sigap.suggestions.corpus import SHORTHAND

# Shorthand back to the word it stands for (tdk -> tidak), before stemming.
EXPANSIONS = {short: word for word, shorts in SHORTHAND.items() for short in shorts}


def analyse(text: str) -> list[str]:
    """Return the word features of a complaint: stems and stem pairs, shorthand expanded."""
    words = [EXPANSIONS.get(w, w) for w in indonesian.words(text)]
    stems = [indonesian.stem(w) for w in words if w not in indonesian.STOP_WORDS]
    return stems + [f"{a} {b}" for a, b in pairwise(stems)]


def _features() -> FeatureUnion:
    return FeatureUnion(
        [
            ("words", TfidfVectorizer(analyzer=analyse, min_df=2, sublinear_tf=True)),
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(3, 5), min_df=3, max_features=150_000, sublinear_tf=True
                ),
            ),
        ]
    )


def _linear() -> SGDClassifier:
    return SGDClassifier(loss="log_loss", alpha=2e-5, max_iter=30, tol=1e-4, random_state=0)


@dataclass(frozen=True)
class Guess:
    label: str
    confidence: float  # probability, 0..1


def _routing_features() -> FeatureUnion:
    # Real complaints are short and misspelt: character n-grams from two letters up, kept
    # whole (about 70,000 on 6,000 complaints), carry most of the signal.
    return FeatureUnion(
        [
            ("words", TfidfVectorizer(analyzer=analyse, min_df=2, sublinear_tf=True)),
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 5), min_df=2, max_features=300_000, sublinear_tf=True
                ),
            ),
        ]
    )


# Softmax temperatures tried for the margin model; the one with the best held-out log-loss is kept.
TEMPERATURES = (0.03, 0.05, 0.07, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0)
DEFAULT_TEMPERATURE = 0.2
# Below this many texts the temperature is not fitted (too few to hold a fifth out).
CALIBRATION_MIN = 200


def _softmax(scores: np.ndarray, temperature: float) -> np.ndarray:
    if scores.ndim == 1:  # two classes: one margin
        scores = np.column_stack([-scores, scores])
    z = scores / temperature
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def _temperature(scores: np.ndarray, truth: np.ndarray, classes: np.ndarray) -> float:
    """Return the temperature whose softmax gives the held-out truth the highest likelihood."""
    known = np.isin(truth, classes)
    if not known.any():
        return DEFAULT_TEMPERATURE
    column = np.searchsorted(classes, truth[known])
    rows = np.arange(int(known.sum()))

    def loss(t: float) -> float:
        p = _softmax(scores[known], t)[rows, column]
        return float(-np.mean(np.log(np.clip(p, 1e-9, 1))))

    return min(TEMPERATURES, key=loss)


class SingleLabel:
    """Pick one label (a category, an OPD) for a text.

    Two linear models over the same features, each weighting classes by
    their rarity so a small agency is not drowned by the big ones: a logistic
    model (probabilities of its own) and a linear SVM whose margins become
    probabilities through a softmax with a temperature fitted on a held-out
    fifth. The confidence is the mean of the two; on real complaints it
    ranks right and wrong guesses better than either (docs/benchmarks.md).
    """

    def __init__(self) -> None:
        self.features = _routing_features()
        self.logistic = SGDClassifier(
            loss="log_loss", alpha=1e-5, max_iter=30, tol=1e-4, class_weight="balanced", random_state=0
        )
        self.margin = LinearSVC(C=0.5, class_weight="balanced")
        self.temperature = DEFAULT_TEMPERATURE
        self.classes_: np.ndarray = np.array([])

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> SingleLabel:
        x = self.features.fit_transform(list(texts))
        for _name, vectoriser in self.features.transformer_list:
            vectoriser.stop_words_ = None  # the pruned rare terms: only makes the stored model bigger
        y = np.asarray(list(labels))
        self.logistic.fit(x, y)
        self.classes_ = self.logistic.classes_
        if len(y) >= CALIBRATION_MIN:
            order = np.random.default_rng(0).permutation(len(y))
            held, fit = order[: len(y) // 5], order[len(y) // 5 :]
            if len(set(y[fit])) > 1:
                probe = LinearSVC(C=0.5, class_weight="balanced").fit(x[fit], y[fit])
                self.temperature = _temperature(probe.decision_function(x[held]), y[held], probe.classes_)
        self.margin.fit(x, y)
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        x = self.features.transform(list(texts))
        return np.asarray(
            (self.logistic.predict_proba(x) + _softmax(self.margin.decision_function(x), self.temperature)) / 2
        )

    def predict(self, texts: Sequence[str], *, top: int = 3) -> list[list[Guess]]:
        out = []
        for row in self.predict_proba(texts):
            best = row.argsort()[::-1][:top]
            out.append([Guess(str(self.classes_[i]), round(float(row[i]), 3)) for i in best])
        return out

    def score(self, texts: Sequence[str], labels: Sequence[str]) -> float:
        best = self.predict_proba(texts).argmax(axis=1)
        return float(np.mean(self.classes_[best] == np.asarray(list(labels))))


class MultiLabel:
    """Pick any number of labels (forms of maladministration) for a text."""

    def __init__(self, *, threshold: float = 0.3) -> None:
        self.binarizer = MultiLabelBinarizer()
        self.pipeline = Pipeline([("features", _features()), ("model", OneVsRestClassifier(_linear()))])
        self.threshold = threshold

    def fit(self, texts: Sequence[str], labels: Sequence[Sequence[str]]) -> MultiLabel:
        y = self.binarizer.fit_transform([list(x) for x in labels])
        self.pipeline.fit(list(texts), y)
        return self

    def predict(self, texts: Sequence[str]) -> list[list[Guess]]:
        probabilities = self.pipeline.predict_proba(list(texts))
        classes = self.binarizer.classes_
        out = []
        for row in probabilities:
            picked = [Guess(str(classes[i]), round(float(p), 3)) for i, p in enumerate(row) if p >= self.threshold]
            out.append(sorted(picked, key=lambda g: -g.confidence))
        return out

    def scores(self, texts: Sequence[str], labels: Sequence[Sequence[str]]) -> dict[str, float]:
        """Return exact-set accuracy, and micro precision and recall of the labels."""
        predicted = [{g.label for g in row} for row in self.predict(texts)]
        truth = [set(x) for x in labels]
        exact = sum(p == t for p, t in zip(predicted, truth, strict=True)) / max(len(truth), 1)
        hits = sum(len(p & t) for p, t in zip(predicted, truth, strict=True))
        precision = hits / max(sum(len(p) for p in predicted), 1)
        recall = hits / max(sum(len(t) for t in truth), 1)
        return {"exact": round(exact, 3), "precision": round(precision, 3), "recall": round(recall, 3)}


def dumps(model: Any) -> bytes:
    buffer = io.BytesIO()
    pickle.dump(model, buffer, protocol=pickle.HIGHEST_PROTOCOL)
    return buffer.getvalue()


def loads(blob: bytes) -> Any:
    # Only blobs this module wrote to Sigap's own database are ever loaded.
    return pickle.loads(blob)  # noqa: S301
