"""Measure the duplicate finder's text scoring on real near-duplicate complaints.

    .venv/bin/python bench/duplicates_real.py --data PATH/surabaya-2022.csv.gz --sample OUT.csv
    .venv/bin/python bench/duplicates_real.py --data PATH/surabaya-2022.csv.gz --labels LABELLED.csv

The file (not part of this repository) is deduplicated on exact text only, so
texts sent again with small changes remain. Every pair of complaints within
the finder's window (30 days) is scored with `duplicates.score_pair` (stems,
rapidfuzz token-set + token-sort; no place or category, which the file does
not have). With --sample, a stratified sample of pairs by text similarity is
written for a person to label (column `same`: 1 same problem, 0 not); with
--labels, the labelled sample gives the finder's precision and recall at its
threshold, each similarity band weighted by how many pairs it holds. Pairs
below the lowest band are taken as not duplicates (a handful were read to
check). Keep the sample and labels outside the repository: they quote
citizens' texts.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import os
import random
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sigap.settings")

import django

django.setup()

import numpy as np  # noqa: E402
from rapidfuzz import fuzz, process  # noqa: E402

from sigap.search import indonesian  # noqa: E402
from sigap.suggestions.duplicates import THRESHOLD, WINDOW, score_pair  # noqa: E402

BANDS = [(0.95, 1.01), (0.85, 0.95), (0.75, 0.85), (0.65, 0.75), (0.55, 0.65), (0.45, 0.55)]


def load(path: str) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def scored_pairs(rows: list[dict[str, str]]) -> list[tuple[float, float, int, int]]:
    """(finder score, text similarity, i, j) for every pair within the window whose text is at all alike."""
    stems = [" ".join(indonesian.stems(r["text"])) for r in rows]
    ordinals = [date.fromisoformat(r["date"]).toordinal() for r in rows]
    days = np.array([d - min(ordinals) for d in ordinals], dtype=np.int16)
    # A cheap bound first, in C over all pairs: token_sort below 40 cannot reach the lowest band.
    rough = process.cdist(stems, stems, scorer=fuzz.token_sort_ratio, dtype=np.uint8, score_cutoff=40)
    near = np.abs(days[:, None] - days[None, :]) <= WINDOW.days
    out = []
    for i, j in zip(*np.nonzero(np.triu(rough >= 40, k=1) & near), strict=True):
        score, text, _ = score_pair(text_a=stems[i], text_b=stems[j], place_a=None, place_b=None, same_category=False)
        if text >= BANDS[-1][0]:
            out.append((score, text, int(i), int(j)))
    return out


def band_of(text: float) -> int | None:
    return next((k for k, (lo, hi) in enumerate(BANDS) if lo <= text < hi), None)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=os.environ.get("SIGAP_REAL_COMPLAINTS", ""))
    parser.add_argument("--sample", help="write a stratified sample of pairs to label here")
    parser.add_argument("--per-band", type=int, default=25)
    parser.add_argument("--labels", help="the labelled sample (columns id_a,id_b,same)")
    args = parser.parse_args()
    if not args.data or not Path(args.data).exists():
        parser.error("give the complaints file with --data (or SIGAP_REAL_COMPLAINTS)")
    rows = load(args.data)
    started = time.perf_counter()
    pairs = scored_pairs(rows)
    seconds = time.perf_counter() - started
    per_band = Counter(band_of(text) for _, text, _, _ in pairs)
    print(f"{len(rows):,} complaints; {len(pairs):,} pairs within {WINDOW.days} days with text similarity "
          f">= {BANDS[-1][0]} ({seconds:.0f} s); finder threshold {THRESHOLD} (text only: similarity >= "
          f"{THRESHOLD / 0.85:.3f})")  # fmt: skip
    for k, (lo, hi) in enumerate(BANDS):
        print(f"  band {lo:.2f}-{min(hi, 1):.2f}: {per_band[k]:,} pairs")
    if args.sample:
        rng = random.Random(15)
        with Path(args.sample).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["band", "score", "id_a", "id_b", "date_a", "date_b", "text_a", "text_b", "same"])
            for k in range(len(BANDS)):
                chosen = [p for p in pairs if band_of(p[1]) == k]
                for score, _text, i, j in rng.sample(chosen, min(args.per_band, len(chosen))):
                    a, b = rows[i], rows[j]
                    writer.writerow([k, score, a["id"], b["id"], a["date"], b["date"], a["text"], b["text"], ""])
        print(f"sample written to {args.sample}")
    if args.labels:
        with Path(args.labels).open(newline="", encoding="utf-8") as handle:
            labelled = {(r["id_a"], r["id_b"]): r["same"].strip() == "1" for r in csv.DictReader(handle) if r["same"]}
        ids = [r["id"] for r in rows]
        by_band: dict[int, list[tuple[bool, bool]]] = {}
        for score, text, i, j in pairs:
            same = labelled.get((ids[i], ids[j]))
            if same is not None:
                by_band.setdefault(band_of(text) or 0, []).append((same, score >= THRESHOLD))
        flagged_true = flagged_all = true_all = 0.0
        for k, (lo, hi) in enumerate(BANDS):
            sample = by_band.get(k, [])
            if not sample:
                continue
            weight = per_band[k] / len(sample)
            same_share = sum(s for s, _ in sample) / len(sample)
            print(f"  band {lo:.2f}-{min(hi, 1):.2f}: {len(sample)} labelled, {same_share:.0%} same problem")
            true_all += weight * sum(s for s, _ in sample)
            flagged_all += weight * sum(f for _, f in sample)
            flagged_true += weight * sum(s and f for s, f in sample)
        print(f"estimated duplicate pairs: {true_all:,.0f}; flagged by the finder: {flagged_all:,.0f}")
        print(f"precision {flagged_true / max(flagged_all, 1):.3f}  recall {flagged_true / max(true_all, 1):.3f}")


if __name__ == "__main__":
    main()
