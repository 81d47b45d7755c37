"""`manage.py routing_predict`: train on a labelled CSV, write the top three labels of another."""

from __future__ import annotations

import csv
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import SimpleTestCase

from sigap.suggestions.corpus import examples


class RoutingPredictTests(SimpleTestCase):
    def setUp(self) -> None:
        self.dir = Path(tempfile.mkdtemp())
        self.addCleanup(lambda: [p.unlink() for p in self.dir.iterdir()] and None)

    def _write(self, name: str, header: list[str], rows: list[list[str]]) -> str:
        path = self.dir / name
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
        return str(path)

    def test_writes_three_ranked_labels_with_confidence_per_input_row(self) -> None:
        train = examples(600, seed=1, part="train")
        test = examples(120, seed=2, part="test")
        train_csv = self._write("train.csv", ["text", "label"], [[e.text, e.category] for e in train])
        input_csv = self._write("input.csv", ["id", "text"], [[f"c{i}", e.text] for i, e in enumerate(test)])
        out = self.dir / "out.csv"
        stdout = StringIO()
        call_command("routing_predict", train=train_csv, predict=input_csv, out=str(out), stdout=stdout)
        with out.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        self.assertEqual(
            list(rows[0]), ["id", "label1", "confidence1", "label2", "confidence2", "label3", "confidence3"]
        )
        self.assertEqual([r["id"] for r in rows], [f"c{i}" for i in range(len(test))])
        known = {e.category for e in train}
        for row in rows:
            confidences = [float(row[f"confidence{i}"]) for i in (1, 2, 3)]
            self.assertTrue(all(0 <= c <= 1 for c in confidences))
            self.assertEqual(confidences, sorted(confidences, reverse=True))
            self.assertEqual(len({row["label1"], row["label2"], row["label3"]}), 3)
            self.assertTrue({row["label1"], row["label2"], row["label3"]} <= known)
        right = sum(r["label1"] == e.category for r, e in zip(rows, test, strict=True))
        self.assertGreater(right / len(test), 0.6)
        self.assertIn("trained on 600 texts", stdout.getvalue())

    def test_a_file_without_the_expected_columns_is_refused_clearly(self) -> None:
        train_csv = self._write("train.csv", ["tekst", "label"], [["lampu mati", "pju"]])
        input_csv = self._write("input.csv", ["id", "text"], [["1", "lampu mati"]])
        with self.assertRaisesMessage(CommandError, "missing column(s) text"):
            call_command("routing_predict", train=train_csv, predict=input_csv, out=str(self.dir / "o.csv"))

    def test_a_missing_file_is_refused_clearly(self) -> None:
        input_csv = self._write("input.csv", ["id", "text"], [["1", "lampu mati"]])
        with self.assertRaisesMessage(CommandError, "No such file"):
            call_command(
                "routing_predict", train=str(self.dir / "none.csv"), predict=input_csv, out=str(self.dir / "o.csv")
            )
