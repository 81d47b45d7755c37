"""How far can routing go on a labelled complaints file? Figures about the data, not a model.

    .venv/bin/python bench/routing_ceiling.py --data PATH/surabaya-2022.csv.gz

The same file and split as bench/suggestions.py (columns id,date,text,agency;
train on January–September, predict October–December; not part of this
repository). Prints aggregate figures only, never a text:

1. Label consistency: pairs of near-identical complaints (TF-IDF cosine over
   words >= 0.9, the file's texts sent more than once with small changes) and
   the share of them dispatched to different agencies; and, for complaints of
   October–December with a near-identical complaint in January–September, how
   often copying that complaint's agency would be right.
2. Per-agency support in October–December: how many agencies have fewer than
   5 or 10 complaints there, and the macro-F1 of an oracle that is right on
   every complaint of an agency with at least N training complaints and wrong
   (it answers the largest agency) on all the others.
3. Label drift between the two periods: total variation distance between the
   agency shares, the agencies whose share moved most, and a quick linear
   model (TF-IDF words + characters, LinearSVC) scored on the date split and on
   a random split of the same sizes: the gap is what the change over time costs;
   with its mean F1 over the agencies with at least 40 training complaints
   (of the date split) and over the others.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import os
import random
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC

NEAR = 0.9
SUPPORT = (1, 5, 10, 20, 40)


def load(path: str) -> list[dict[str, str]]:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle) if r["text"].strip() and r["agency"].strip()]


def macro_f1(truth: list[str], predicted: list[str]) -> float:
    """As bench/suggestions.py: mean F1 over agencies in the truth or the predictions."""
    labels = sorted(set(truth) | set(predicted))
    return float(f1_score(truth, predicted, labels=labels, average="macro", zero_division=0))


def near_pairs(x: sparse.csr_matrix, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i < j) of rows whose cosine reaches `threshold` (rows are L2-normalised)."""
    sim = sparse.triu(x @ x.T, k=1).tocoo()
    keep = sim.data >= threshold
    return sim.row[keep], sim.col[keep]


def consistency(rows: list[dict[str, str]], train: list[int], test: list[int]) -> None:
    words = TfidfVectorizer(sublinear_tf=True, min_df=1).fit_transform([r["text"].lower() for r in rows])
    labels = np.array([r["agency"] for r in rows])
    print("## 1. Label consistency of near-identical complaints\n")
    print("| cosine ≥ | pairs | different agency | complaints in a pair | of them in a pair that disagrees |")
    print("|---:|---:|---:|---:|---:|")
    for threshold in (0.8, NEAR, 0.95):
        i, j = near_pairs(words, threshold)
        differ = labels[i] != labels[j]
        members = set(i) | set(j)
        disagreeing = set(i[differ]) | set(j[differ])
        print(f"| {threshold} | {len(i):,} | {differ.sum():,} ({differ.mean():.1%}) | {len(members):,} "
              f"| {len(disagreeing):,} ({len(disagreeing) / max(len(members), 1):.1%}) |")  # fmt: skip
    sim = (words[test] @ words[train].T).toarray()
    best = sim.argmax(axis=1)
    score = sim[np.arange(len(test)), best]
    has = score >= NEAR
    copied = labels[np.array(train)[best[has]]] == labels[np.array(test)[has]]
    print(f"\nOctober–December complaints with a near-identical (≥ {NEAR}) one in January–September: "
          f"{has.sum():,} of {len(test):,} ({has.mean():.1%}); copying its agency is right for "
          f"{copied.mean():.1%} of them.\n")  # fmt: skip


def support(rows: list[dict[str, str]], train: list[int], test: list[int]) -> None:
    trained = Counter(rows[i]["agency"] for i in train)
    truth = [rows[i]["agency"] for i in test]
    held = Counter(truth)
    print("## 2. Support per agency in October–December\n")
    print(
        f"{len(held)} agencies occur in October–December ({len(trained)} in January–September); "
        + ", ".join(f"{sum(n < k for n in held.values())} with fewer than {k}" for k in (5, 10, 20))
        + f" complaints. The five largest hold {sum(n for _, n in held.most_common(5)) / len(truth):.0%}.\n"
    )
    largest = trained.most_common(1)[0][0]
    print(
        "| oracle right on agencies with ≥ N training | agencies it gets | complaints it gets | accuracy | macro-F1 |"
    )
    print("|---:|---:|---:|---:|---:|")
    for n in SUPPORT:
        known = {a for a, c in trained.items() if c >= n}
        # The largest agency (always known) answers for the others: wrong on them by construction.
        guess = [t if t in known else largest for t in truth]
        right = sum(g == t for g, t in zip(guess, truth, strict=True))
        print(f"| {n} | {len(known & set(held))} of {len(held)} | {right:,} of {len(truth):,} | "
              f"{right / len(truth):.3f} | {macro_f1(truth, guess):.3f} |")  # fmt: skip
    print()


def drift(rows: list[dict[str, str]], train: list[int], test: list[int]) -> None:
    before = Counter(rows[i]["agency"] for i in train)
    after = Counter(rows[i]["agency"] for i in test)
    agencies = set(before) | set(after)
    share = {a: (before[a] / len(train), after[a] / len(test)) for a in agencies}
    tvd = sum(abs(b - a) for b, a in share.values()) / 2
    moved = sorted(share.values(), key=lambda s: -abs(s[1] - s[0]))[:5]
    print("## 3. Label drift between the periods\n")
    print(
        f"Total variation distance between the agency shares: {tvd:.3f}. Largest moves (share Jan–Sep → "
        "Oct–Dec; agencies not named): " + ", ".join(f"{b:.1%} → {a:.1%}" for b, a in moved) + ".\n"
    )
    trained = Counter(rows[i]["agency"] for i in train)
    print("| split | train | predict | accuracy | macro-F1 | mean F1, agencies with ≥ 40 training | < 40 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    order = list(range(len(rows)))
    random.Random(0).shuffle(order)  # a reproducible split
    for name, (fit, held) in {
        "by date (Jan–Sep → Oct–Dec)": (train, test),
        "random, same sizes": (order[len(test) :], order[: len(test)]),
    }.items():
        features = FeatureUnion(
            [
                ("words", TfidfVectorizer(sublinear_tf=True, min_df=2, ngram_range=(1, 2))),
                ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)),
            ]
        )
        x = features.fit_transform([rows[i]["text"].lower() for i in fit])
        model = LinearSVC(C=0.5, class_weight="balanced").fit(x, [rows[i]["agency"] for i in fit])
        guess = list(model.predict(features.transform([rows[i]["text"].lower() for i in held])))
        truth = [rows[i]["agency"] for i in held]
        accuracy = sum(g == t for g, t in zip(guess, truth, strict=True)) / len(truth)
        labels = sorted(set(truth) | set(guess))
        per = dict(zip(labels, f1_score(truth, guess, labels=labels, average=None, zero_division=0), strict=True))
        big = [f for a, f in per.items() if trained[a] >= 40]
        small = [f for a, f in per.items() if trained[a] < 40]
        print(f"| {name} | {len(fit):,} | {len(held):,} | {accuracy:.3f} | {macro_f1(truth, guess):.3f} "
              f"| {np.mean(big):.3f} ({len(big)}) | {np.mean(small):.3f} ({len(small)}) |")  # fmt: skip
    print()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=os.environ.get("SIGAP_REAL_COMPLAINTS", ""))
    args = parser.parse_args()
    if not args.data or not Path(args.data).exists():
        parser.error("give the labelled complaints file with --data (or SIGAP_REAL_COMPLAINTS)")
    rows = load(args.data)
    train = [i for i, r in enumerate(rows) if r["date"][5:7] <= "09"]
    test = [i for i, r in enumerate(rows) if r["date"][5:7] > "09"]
    print(f"{len(rows):,} complaints; train Jan–Sep {len(train):,}, predict Oct–Dec {len(test):,}\n")
    consistency(rows, train, test)
    support(rows, train, test)
    drift(rows, train, test)


if __name__ == "__main__":
    main()
