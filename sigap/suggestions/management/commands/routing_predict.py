"""Train the routing model on a labelled CSV and write its top three suggestions for another CSV.

    manage.py routing_predict --train TRAIN.csv --predict INPUT.csv --out OUT.csv

TRAIN has the columns `text,label`; INPUT has `id,text`; OUT gets one row per
input row: `id,label1,confidence1,label2,confidence2,label3,confidence3`
(confidence 0..1, best first). Training and prediction are the very functions
that serve the case page's OPD suggestion (`training.fit_routing` and
`selectors.suggest_labels`), so the figures measure what administrators see.
Needs no database.
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sigap.suggestions.selectors import suggest_labels
from sigap.suggestions.training import fit_routing

TOP = 3


def _rows(path: str, columns: tuple[str, str]) -> list[tuple[str, str]]:
    try:
        with Path(path).open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise CommandError(f"{path}: missing column(s) {', '.join(missing)}; expected {','.join(columns)}")
            return [(row[columns[0]] or "", row[columns[1]] or "") for row in reader]
    except OSError as exc:
        raise CommandError(f"{path}: {exc.strerror}") from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise CommandError(f"{path}: not a UTF-8 CSV file ({exc})") from exc


class Command(BaseCommand):
    help = "Train the routing model on TRAIN.csv (text,label) and write the top three labels for INPUT.csv (id,text)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--train", required=True, help="CSV with the columns text,label")
        parser.add_argument("--predict", required=True, help="CSV with the columns id,text")
        parser.add_argument("--out", required=True, help="CSV to write")

    def handle(self, *args: Any, **options: Any) -> None:
        csv.field_size_limit(sys.maxsize)
        train = [(text, label.strip()) for text, label in _rows(options["train"], ("text", "label")) if label.strip()]
        inputs = _rows(options["predict"], ("id", "text"))
        if len({label for _, label in train}) < 2:
            raise CommandError("The training file needs examples of at least two labels.")
        started = time.monotonic()
        model = fit_routing([t for t, _ in train], [label for _, label in train]).model
        trained = time.monotonic() - started
        started = time.monotonic()
        guesses = suggest_labels(model, [text for _, text in inputs], top=TOP) if inputs else []
        predicted = time.monotonic() - started
        with Path(options["out"]).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id"] + [f"{k}{i}" for i in range(1, TOP + 1) for k in ("label", "confidence")])
            for (row_id, _), row in zip(inputs, guesses, strict=True):
                cells: list[Any] = [row_id]
                for i in range(TOP):
                    cells += [row[i].label, f"{row[i].confidence:.4f}"] if i < len(row) else ["", ""]
                writer.writerow(cells)
        self.stdout.write(
            f"trained on {len(train):,} texts in {trained:.1f} s; "
            f"predicted {len(inputs):,} in {predicted:.1f} s; wrote {options['out']}"
        )
