"""Measure routing suggestions on real complaints: the production training and prediction path.

    .venv/bin/python bench/suggestions.py --data PATH/surabaya-2022.csv.gz [--runs 3]

The data are a city portal's 2022 complaints, each labelled with the agency the
city dispatched it to (columns id,date,text,agency,topic_kind; not part of this
repository: pass its path, or set SIGAP_REAL_COMPLAINTS). The split is by
date: train on January–September, predict October–December. Training and
prediction go through `training.fit_routing` and `selectors.suggest_labels`,
the functions `manage.py routing_predict` and the case page use.

Reported (medians of --runs runs): accuracy of the best suggestion, macro-F1
over agencies, top-3 (the right agency among the three shown), the share of
complaints that could be routed automatically at >= 95 % precision when ranked
by the model's own confidence, and the confidence threshold that share needs
(measured on the predictions themselves: an upper bound for a threshold chosen
on held-out history), training time, and time to predict one complaint.
Needs no database.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sigap.settings")

import django

django.setup()

from sigap.suggestions.autodispatch import routable_share  # noqa: E402
from sigap.suggestions.selectors import suggest_labels  # noqa: E402
from sigap.suggestions.training import fit_routing  # noqa: E402


def macro_f1(truth: list[str], predicted: list[str]) -> float:
    """Unweighted mean of per-agency F1 over agencies that occur in the truth or the predictions."""
    labels = set(truth) | set(predicted)
    scores = []
    for label in labels:
        tp = sum(t == label and p == label for t, p in zip(truth, predicted, strict=True))
        fp = sum(t != label and p == label for t, p in zip(truth, predicted, strict=True))
        fn = sum(t == label and p != label for t, p in zip(truth, predicted, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def load(path: str) -> list[dict[str, str]]:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def one_run(train: list[dict[str, str]], test: list[dict[str, str]]) -> dict[str, float]:
    started = time.perf_counter()
    model = fit_routing([r["text"] for r in train], [r["agency"] for r in train]).model
    seconds = time.perf_counter() - started
    texts, truth = [r["text"] for r in test], [r["agency"] for r in test]
    guesses = suggest_labels(model, texts, top=3)
    best = [row[0].label for row in guesses]
    times = []
    for text in texts[:200]:
        t = time.perf_counter()
        suggest_labels(model, [text], top=3)
        times.append((time.perf_counter() - t) * 1000)
    share, threshold = routable_share(
        [(row[0].confidence, b == t) for row, b, t in zip(guesses, best, truth, strict=True)], 0.95
    )
    return {
        "accuracy": sum(b == t for b, t in zip(best, truth, strict=True)) / len(truth),
        "macro_f1": macro_f1(truth, best),
        "top3": sum(t in {g.label for g in row} for row, t in zip(guesses, truth, strict=True)) / len(truth),
        "routable_95": share,
        "threshold_95": threshold if threshold is not None else float("nan"),
        "train_s": seconds,
        "predict_ms": statistics.median(times),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=os.environ.get("SIGAP_REAL_COMPLAINTS", ""))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not args.data or not Path(args.data).exists():
        parser.error("give the labelled complaints file with --data (or SIGAP_REAL_COMPLAINTS)")
    rows = [r for r in load(args.data) if r["text"].strip() and r["agency"].strip()]
    train = [r for r in rows if r["date"][5:7] <= "09"]
    test = [r for r in rows if r["date"][5:7] > "09"]
    agencies = len({r["agency"] for r in train})
    load_now = os.getloadavg()[0]
    print(f"train Jan–Sep: {len(train):,} complaints, {agencies} agencies; predict Oct–Dec: {len(test):,}; "
          f"load average {load_now:.1f} on {os.cpu_count()} cores")  # fmt: skip
    runs = []
    for i in range(args.runs):
        runs.append(one_run(train, test))
        print(f"run {i + 1}: " + "  ".join(f"{k} {v:.3f}" for k, v in runs[-1].items()), flush=True)
    print("median: " + "  ".join(f"{k} {statistics.median(r[k] for r in runs):.3f}" for k in runs[0]))


if __name__ == "__main__":
    main()
