"""The IKM arithmetic of PermenPANRB 14/2017, pinned with worked examples."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django.test import SimpleTestCase, TestCase

from sigap.skm import ikm
from sigap.skm.selectors import method_for

BANDS = [
    ikm.Band("A", Decimal("88.31"), "Sangat baik"),
    ikm.Band("B", Decimal("76.61"), "Baik"),
    ikm.Band("C", Decimal("65.00"), "Kurang baik"),
    ikm.Band("D", Decimal("25.00"), "Tidak baik"),
]
# 29 respondents; total score per element U1..U9 (docs/legal-sources.md §6, re-checked by hand).
SUMS = {"u1": 105, "u2": 101, "u3": 100, "u4": 116, "u5": 102, "u6": 105, "u7": 106, "u8": 105, "u9": 115}


class WorkedExampleTest(SimpleTestCase):
    """Source: a secondary worked example (29 respondents) restating PermenPANRB 14/2017's Lampiran;
    the Lampiran's own example was not found. Confidence: secondary-source for the method, arithmetic
    re-checked: Σ means = 955/29 = 32.9310; × 1/9 = 3.6590; × 25 = 91.4751 → 91.48 (A)."""

    def compute(self, weight):
        return ikm.compute(element_sums=SUMS, respondents=29, weight=weight, conversion=Fraction(25), bands=BANDS)

    def test_exact_one_ninth_gives_91_48_grade_a(self):
        result = self.compute(Fraction(1, 9))
        self.assertEqual(result.converted, Fraction(23875, 261))  # exact: 955 / 29 / 9 × 25
        self.assertEqual(result.score, Decimal("91.48"))
        self.assertEqual((result.grade, result.label), ("A", "Sangat baik"))
        self.assertEqual(result.mean("u1"), Decimal("3.6207"))
        self.assertEqual(result.mean("u4"), Decimal("4.0000"))

    def test_the_rounded_weights_some_offices_use_give_other_figures(self):
        """Same data, weight 0.111 → 91.38 and 0.11 → 90.56 (legal-sources §6: why the weight is data)."""
        self.assertEqual(self.compute(ikm.parse_weight("0.111")).score, Decimal("91.38"))
        self.assertEqual(self.compute(ikm.parse_weight("0.11")).score, Decimal("90.56"))

    def test_all_fours_is_100_and_all_ones_is_25(self):
        """Conversion × 25 maps the 1–4 scale onto 25–100 (PermenPANRB 14/2017 Lampiran, secondary-source)."""
        fours = {e: 4 * 10 for e in SUMS}
        ones = {e: 1 * 10 for e in SUMS}
        kw = {"respondents": 10, "weight": Fraction(1, 9), "conversion": Fraction(25), "bands": BANDS}
        self.assertEqual(ikm.compute(element_sums=fours, **kw).score, Decimal("100.00"))
        result = ikm.compute(element_sums=ones, **kw)
        self.assertEqual((result.score, result.grade), (Decimal("25.00"), "D"))

    def test_no_respondents_gives_no_index(self):
        self.assertIsNone(
            ikm.compute(
                element_sums=dict.fromkeys(SUMS, 0),
                respondents=0,
                weight=Fraction(1, 9),
                conversion=Fraction(25),
                bands=BANDS,
            )
        )


class BandTest(SimpleTestCase):
    """Bands of PermenPANRB 14/2017 (secondary-source): A 88.31–100, B 76.61–88.30, C 65.00–76.60,
    D 25.00–64.99, classified by lower bounds so values between the published ranges are never lost."""

    def test_each_boundary(self):
        cases = {
            "100.00": "A", "88.31": "A", "88.30": "B", "88.305": "B", "76.61": "B", "76.60": "C",
            "76.605": "C", "65.00": "C", "64.99": "D", "25.00": "D",
        }  # fmt: skip
        for score, grade in cases.items():
            with self.subTest(score=score):
                band = ikm.classify(Decimal(score), BANDS)
                self.assertEqual(band.grade if band else None, grade)

    def test_a_weight_outside_0_to_1_is_refused(self):
        for text in ("0", "-1/9", "2", "sembilan", "1/0"):
            with self.subTest(text=text), self.assertRaises(ValueError):
                ikm.parse_weight(text)


class SeededMethodTest(TestCase):
    def test_the_default_method_is_exact_one_ninth_times_25_with_four_bands(self):
        """Seeded by skm/migrations/0002 from PermenPANRB 14/2017 (secondary-source)."""
        method = method_for(None)
        self.assertEqual(method.weight, Fraction(1, 9))
        self.assertEqual(method.conversion, Fraction(25))
        self.assertEqual(
            [(b.grade, b.lower_bound) for b in sorted(method.bands, key=lambda b: -b.lower_bound)],
            [("A", Decimal("88.31")), ("B", Decimal("76.61")), ("C", Decimal("65.00")), ("D", Decimal("25.00"))],
        )
