"""Every edge of the 2022–2024 grades, read from the seeded (migrated) scheme.

Intervals as the Ombudsman's results were reported in the press (no Keputusan or instrument text found,
docs/legal-sources.md §5b): A Kualitas Tertinggi 88.00–100 and B Kualitas Tinggi 78.00–87.99 (zona hijau),
C Kualitas Sedang 54.00–77.99 (kuning), merah 32.00–53.99. D/E split inside merah: not found (D from 32.00
is Sigap's reading, unverified).
"""

from __future__ import annotations

from decimal import Decimal

from django.test import TestCase

from sigap.compliance import scoring
from sigap.compliance.models import Scheme
from sigap.compliance.selectors import scheme_spec


class GradeEdgesTest(TestCase):
    def grade(self, total: str) -> tuple[str, str]:
        band = scoring.band_for(Decimal(total), scheme_spec(Scheme.objects.get(code="kepatuhan-2022")).bands)
        assert band is not None
        return band.grade, band.zone

    def test_every_edge(self):
        expected = {
            "100.00": ("A", "hijau"), "88.00": ("A", "hijau"), "87.99": ("B", "hijau"), "78.00": ("B", "hijau"),
            "77.99": ("C", "kuning"), "54.00": ("C", "kuning"), "53.99": ("D", "merah"), "32.00": ("D", "merah"),
            "31.99": ("E", "merah"), "0.00": ("E", "merah"),
        }  # fmt: skip
        for total, grade in expected.items():
            with self.subTest(total=total):
                self.assertEqual(self.grade(total), grade)

    def test_the_case_the_old_seed_got_wrong(self):
        """55.54 is C / kuning (54.00–77.99); the first seed (C from 57.01) made it D / merah."""
        self.assertEqual(self.grade("55.54"), ("C", "kuning"))

    def test_reported_results_fall_in_their_reported_grade(self):
        """Kendari 2022: 58.99 = C, kuning; Baubau 58.03 = C (Tribun Sultra, 27 Jan 2023); Pemprov Jatim 2023:
        88.81 = Kualitas Tertinggi (jurnas.net); Pemprov Sumut 2022: 90.54 = A (telisik.net)."""
        for total, grade in {"58.99": "C", "58.03": "C", "88.81": "A", "90.54": "A"}.items():
            with self.subTest(total=total):
                self.assertEqual(self.grade(total)[0], grade)
