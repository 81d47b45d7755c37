"""Measure the suggestion classifiers: held-out quality, time to train on 100,000 complaints, time to predict one.

    .venv/bin/python bench/suggestions.py [--train 100000] [--test 10000]

Training data are `part="train"` complaints of Sigap's labelled corpus; the
held-out set is `part="test"`: wordings and word pairings never seen in
training (sigap/suggestions/corpus.py). The OPD label is the demo city's
OPD for each category. Needs no database.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sigap.settings")

import django

django.setup()

from sigap.demo.city import CATEGORIES  # noqa: E402
from sigap.suggestions.classifier import MultiLabel, SingleLabel  # noqa: E402
from sigap.suggestions.corpus import examples  # noqa: E402

OPD_OF = {row[0]: row[4] for row in CATEGORIES}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", type=int, default=100_000)
    parser.add_argument("--test", type=int, default=10_000)
    args = parser.parse_args()
    train = examples(args.train, seed=1, part="train")
    test = examples(args.test, seed=2, part="test")
    texts, held = [e.text for e in train], [e.text for e in test]
    print(f"training complaints: {len(train):,}   held-out (unseen wording): {len(test):,}")
    print(f"{'model':<22} {'train s':>8} {'held-out':>22} {'predict one (ms, p50/p95)':>28}")
    for name, labels, truth in (
        ("category", [e.category for e in train], [e.category for e in test]),
        ("OPD", [OPD_OF[e.category] for e in train], [OPD_OF[e.category] for e in test]),
    ):
        started = time.perf_counter()
        model = SingleLabel().fit(texts, labels)
        seconds = time.perf_counter() - started
        accuracy = model.score(held, truth)
        times = []
        for text in held[:200]:
            t = time.perf_counter()
            model.predict([text])
            times.append((time.perf_counter() - t) * 1000)
        p95 = sorted(times)[int(0.95 * len(times))]
        print(f"{name:<22} {seconds:>8.1f} {'accuracy ' + format(accuracy, '.3f'):>22} "
              f"{statistics.median(times):>18.2f} / {p95:.2f}")  # fmt: skip
    started = time.perf_counter()
    forms = MultiLabel().fit(texts, [e.forms for e in train])
    seconds = time.perf_counter() - started
    scores = forms.scores(held, [e.forms for e in test])
    times = []
    for text in held[:200]:
        t = time.perf_counter()
        forms.predict([text])
        times.append((time.perf_counter() - t) * 1000)
    p95 = sorted(times)[int(0.95 * len(times))]
    quality = f"exact {scores['exact']:.3f} P {scores['precision']:.3f} R {scores['recall']:.3f}"
    print(f"{'maladministration':<22} {seconds:>8.1f} {quality:>22} {statistics.median(times):>18.2f} / {p95:.2f}")


if __name__ == "__main__":
    main()
