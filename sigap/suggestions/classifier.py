"""Text classifiers: TF-IDF over Indonesian stems and character n-grams, and a linear model.

Stems (PySastrawi) make *melayani* and *pelayanan* one feature; character
n-grams of 3–5 letters keep typos and shorthand close to the right word
(*pelyanan*, *jln*). The linear model (scikit-learn's SGDClassifier with
logistic loss) trains on 100,000 complaints in about a minute on two cores
(bench/suggestions.py) and gives a probability shown as the confidence. Nothing is
downloaded: everything comes from the jurisdiction's own cases.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import MultiLabelBinarizer

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


class SingleLabel:
    """Pick one label (a category, an OPD) for a text."""

    def __init__(self) -> None:
        self.pipeline = Pipeline([("features", _features()), ("model", _linear())])

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> SingleLabel:
        self.pipeline.fit(list(texts), list(labels))
        return self

    def predict(self, texts: Sequence[str], *, top: int = 3) -> list[list[Guess]]:
        probabilities = self.pipeline.predict_proba(list(texts))
        classes = self.pipeline.classes_
        out = []
        for row in probabilities:
            best = row.argsort()[::-1][:top]
            out.append([Guess(str(classes[i]), round(float(row[i]), 3)) for i in best])
        return out

    def score(self, texts: Sequence[str], labels: Sequence[str]) -> float:
        return float(self.pipeline.score(list(texts), list(labels)))


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
