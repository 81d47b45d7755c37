"""The compliance score, grade, zone and the list of what to fix, with worked examples."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django.test import SimpleTestCase, TestCase

from sigap.compliance import scoring
from sigap.compliance.models import Band, Dimension, Qualifier, Scheme
from sigap.compliance.selectors import scheme_for_year, scheme_spec

D = scoring.DimensionSpec
I = scoring.IndicatorSpec  # noqa: E741


def dims_2022():
    """The four dimensions with the 2022–2023 weights and 4, 8, 2 and 4 equally weighted indicators."""
    return [
        D("input", Decimal("21.85"), [I(f"in{i}", Decimal(1)) for i in range(4)]),
        D("proses", Decimal("32.37"), [I(f"pr{i}", Decimal(1)) for i in range(8)]),
        D("output", Decimal("24.24"), [I(f"out{i}", Decimal(1)) for i in range(2)]),
        D("pengaduan", Decimal("21.54"), [I(f"pg{i}", Decimal(1)) for i in range(4)]),
    ]


BANDS_2022 = [
    scoring.BandSpec(Decimal("88.00"), "A", "Kualitas Tertinggi", "hijau"),
    scoring.BandSpec(Decimal("78.00"), "B", "Kualitas Tinggi", "hijau"),
    scoring.BandSpec(Decimal("54.00"), "C", "Kualitas Sedang", "kuning"),
    scoring.BandSpec(Decimal("32.00"), "D", "Kualitas Rendah", "merah"),
    scoring.BandSpec(Decimal("0"), "E", "Kualitas Terendah", "merah"),
]


class WorkedExampleTest(SimpleTestCase):
    """Dimension weights Input 21.85 / Proses 32.37 / Output 24.24 / Pengaduan 21.54 (Ombudsman slides
    2023, secondary-source). Grade cut-offs as published in the press (legal-sources §5b): 83.16 lies in
    B 78.00–87.99."""

    answers = {
        **{f"in{i}": 100 for i in range(4)},  # input: all fulfilled → 21.85
        **{f"pr{i}": 100 for i in range(6)},  # proses: 6 of 8 → 32.37 × 6/8 = 24.2775
        "pr6": 0,
        "pr7": 0,
        "out0": 100,  # output: one fulfilled, one partly → 24.24 × 150/200 = 18.18
        "out1": 50,
        **{f"pg{i}": 100 for i in range(3)},  # pengaduan: 3 fulfilled, 1 partly → 21.54 × 3.5/4 = 18.8475
        "pg3": 50,
    }

    def test_the_total_is_the_weighted_sum_of_the_dimensions(self):
        result = scoring.score(dims_2022(), self.answers, BANDS_2022)
        self.assertEqual(result.total, Fraction("83.155"))  # 21.85 + 24.2775 + 18.18 + 18.8475
        self.assertEqual(result.rounded, Decimal("83.16"))  # half up
        self.assertEqual(result.dimensions["proses"], Fraction(75))
        self.assertEqual(result.dimensions["output"], Fraction(75))
        self.assertEqual((result.band.grade, result.band.zone), ("B", "hijau"))

    def test_what_to_fix_lists_the_indicators_worth_most_points_first(self):
        gains = scoring.gains(dims_2022(), self.answers)
        self.assertEqual(
            [(g.indicator, g.rounded) for g in gains],
            [("out1", Decimal("6.06")), ("pr6", Decimal("4.05")), ("pr7", Decimal("4.05")), ("pg3", Decimal("2.69"))],
        )
        # Fixing everything listed reaches 100.
        self.assertEqual(scoring.score(dims_2022(), self.answers, BANDS_2022).total + sum(g.points for g in gains), 100)

    def test_no_answers_score_zero(self):
        result = scoring.score(dims_2022(), {}, BANDS_2022)
        self.assertEqual((result.rounded, result.band.grade), (Decimal("0.00"), "E"))

    def test_the_venue_weight_combines_unit_scores(self):
        """An MPP unit (weight 1.00) at 90 and an own-office unit (weight 0.50, Sigap's assumption) at 60:
        (90 × 1 + 60 × 0.5) / 1.5 = 80."""
        self.assertEqual(scoring.weighted_mean([(Fraction(90), Decimal("1.00")), (Fraction(60), Decimal("0.50"))]), 80)


class ZoneSchemeTest(TestCase):
    """Zones until 2021: hijau 81.00–100, kuning 51.00–80.99, merah 0–50.99 (Ombudsman announcement
    of 29 Dec 2021 as reported; secondary-source). Seeded as the kepatuhan-2021 scheme."""

    def test_each_zone_boundary(self):
        spec = scheme_spec(Scheme.objects.get(code="kepatuhan-2021"))
        for total, zone in {"100": "hijau", "81.00": "hijau", "80.99": "kuning", "51.00": "kuning",
                            "50.99": "merah", "0": "merah"}.items():  # fmt: skip
            with self.subTest(total=total):
                self.assertEqual(scoring.band_for(Decimal(total), spec.bands).zone, zone)


class SeededSchemesTest(TestCase):
    def test_each_year_finds_its_scheme(self):
        self.assertEqual(scheme_for_year(2021).code, "kepatuhan-2021")
        self.assertEqual(scheme_for_year(2023).code, "kepatuhan-2022")
        self.assertEqual(scheme_for_year(2025).code, "opini-2025")

    def test_the_2022_dimension_weights_are_seeded_and_sum_to_100(self):
        """Input 21.85, Proses 32.37, Output 24.24, Pengaduan 21.54 (secondary-source, legal-sources §5a)."""
        weights = dict(Dimension.objects.filter(scheme__code="kepatuhan-2022").values_list("code", "weight"))
        self.assertEqual(weights, {"input": Decimal("21.85"), "proses": Decimal("32.37"),
                                   "output": Decimal("24.24"), "pengaduan": Decimal("21.54")})  # fmt: skip
        self.assertEqual(sum(weights.values()), 100)

    def test_the_2022_grade_cut_offs_say_how_sure_we_are(self):
        """A/B/C limits as reported in the press (secondary-source); the D/E split was not found (unverified)."""
        bands = Band.objects.filter(scheme__code="kepatuhan-2022")
        self.assertEqual(
            list(bands.values_list("grade", "lower_bound", "confidence")),
            [
                ("A", Decimal("88.00"), "secondary-source"),
                ("B", Decimal("78.00"), "secondary-source"),
                ("C", Decimal("54.00"), "secondary-source"),
                ("D", Decimal("32.00"), "unverified"),
                ("E", Decimal("0.00"), "unverified"),
            ],
        )

    def test_the_2025_opini_weighs_public_trust_30_percent_and_cites_its_predicate(self):
        """PerOmbudsman 61/2025 as reported: four dimensions 70 %, public trust 30 % (secondary-source);
        predicate 'Opini Kualitas Tertinggi Tanpa Maladministrasi' (press release 005/HM.01/I/2026): the band
        "Opini Kualitas Tertinggi" with the qualifier "Tanpa Maladministrasi" (legal-sources.md §5f)."""
        dims = Dimension.objects.filter(scheme__code="opini-2025")
        self.assertEqual(sum(d.weight for d in dims if d.code != "kepercayaan"), 70)
        self.assertEqual(dims.get(code="kepercayaan").weight, 30)
        self.assertEqual(
            list(Band.objects.filter(scheme__code="opini-2025").values_list("predicate", flat=True)),
            ["Opini Kualitas Tertinggi", "Opini Kualitas Tinggi", "Opini Kualitas Sedang", "Opini Kualitas Rendah"],
        )
        top = Band.objects.get(scheme__code="opini-2025", lower_bound=Decimal("88.00"))
        qualifier = Qualifier.objects.get(scheme__code="opini-2025")
        self.assertEqual(f"{top.predicate} {qualifier.text}", "Opini Kualitas Tertinggi Tanpa Maladministrasi")

    def test_next_years_method_is_a_new_row_not_new_code(self):
        Scheme.objects.filter(code="opini-2025").update(last_year=2026)
        scheme = Scheme.objects.create(code="opini-2027", name="Opini 2027", first_year=2027)
        Dimension.objects.create(scheme=scheme, code="semua", name="Semua", weight=100, confidence="unverified")
        Band.objects.create(scheme=scheme, lower_bound=90, grade="A", predicate="Baru", confidence="unverified")
        self.assertEqual(scheme_for_year(2027), scheme)
        self.assertEqual(scheme_for_year(2026).code, "opini-2025")
