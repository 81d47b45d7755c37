"""Quality of the text classifiers on the labelled Indonesian corpus (a held-out split)."""

from __future__ import annotations

from django.test import SimpleTestCase

from sigap.suggestions.classifier import MultiLabel, SingleLabel, analyse, dumps, loads
from sigap.suggestions.corpus import examples


class ClassifierQualityTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        # Test wordings and word pairings never appear in training (corpus.py `part`).
        cls.train = examples(4000, seed=1, part="train")
        cls.test = examples(1000, seed=2, part="test")

    def test_the_analyser_stems_and_expands_shorthand(self) -> None:
        self.assertIn("layan", analyse("Petugas tdk melayani"))
        self.assertIn("tidak", analyse("Petugas tdk melayani"))
        self.assertIn("tidak layan", analyse("Petugas tdk melayani"))

    def test_categories_are_found_in_wording_never_seen_in_training(self) -> None:
        model = SingleLabel().fit([e.text for e in self.train], [e.category for e in self.train])
        accuracy = model.score([e.text for e in self.test], [e.category for e in self.test])
        self.assertGreaterEqual(accuracy, 0.75)
        best = model.predict(["lampu jln depan rmh sy mati gk nyala2 udh seminggu"])[0][0]
        self.assertEqual(best.label, "pju")
        self.assertGreater(best.confidence, 0.5)

    def test_forms_of_maladministration_are_found_with_few_false_alarms(self) -> None:
        model = MultiLabel().fit([e.text for e in self.train], [e.forms for e in self.train])
        scores = model.scores([e.text for e in self.test], [e.forms for e in self.test])
        self.assertGreaterEqual(scores["precision"], 0.9)
        self.assertGreaterEqual(scores["recall"], 0.8)
        labels = {g.label for g in model.predict(["petugas loket minta uang pelicin supaya ktp cepat jadi"])[0]}
        self.assertIn("permintaan_imbalan", labels)

    def test_a_stored_model_predicts_the_same_after_loading(self) -> None:
        model = SingleLabel().fit([e.text for e in self.train[:800]], [e.category for e in self.train[:800]])
        again = loads(dumps(model))
        text = ["air pdam keruh dan bau"]
        self.assertEqual(model.predict(text), again.predict(text))
