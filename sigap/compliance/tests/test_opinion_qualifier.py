"""The 2025 Opini's qualifier "Tanpa Maladministrasi" comes from the follow-up of the Ombudsman's products.

Source (secondary, docs/legal-sources.md §5f): the Ombudsman's Maluku Utara office handing over the 2025 results
(12 Feb 2026) gave Pemprov Maluku Utara 65.98 "Opini Kualitas Sedang Tanpa Maladministrasi" and Kab. Halmahera Utara
69.63 "Opini Kualitas Sedang", and explained the difference by the follow-up of the Ombudsman's products (LHP, analysis
report, recommendation) to the end. The LHP's time is PerOmbudsman 58/2023 Pasal 54(1) (30 working days from receipt);
the recommendation's UU 37/2008 Pasal 38(2) (60 days from receipt).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.urls import reverse

from sigap.compliance.models import Assessment, Band, Indicator, Qualifier, Scheme
from sigap.compliance.opinion import FollowUp, opinion_label, product_followup
from sigap.compliance.scoring import BandSpec, band_for
from sigap.ombudsman.models import Report
from sigap.ombudsman.services import report_record_receipt, report_transition, reports_sweep
from sigap.ombudsman.tests.helpers import receive, verified
from sigap.ombudsman.workflow import Action, Actor
from sigap.test import BaseTestCase

WIB = ZoneInfo("Asia/Jakarta")


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)


def bands() -> list[BandSpec]:
    return [
        BandSpec(b.lower_bound, b.grade, b.predicate, b.zone) for b in Band.objects.filter(scheme__code="opini-2025")
    ]


class OpinionBandTest(BaseTestCase):
    def test_the_2025_bands_put_every_edge_where_the_published_results_do(self):
        """88.00 Tertinggi (the predicate confirmed by release 005/HM.01/I/2026); 78.00 and 54.00 follow the
        2022–2024 intervals, consistent with Sula 57.61 = Sedang and Morotai 53.38 = Rendah (unverified)."""
        expected = {
            "100": "Opini Kualitas Tertinggi", "88.00": "Opini Kualitas Tertinggi", "87.99": "Opini Kualitas Tinggi",
            "78.00": "Opini Kualitas Tinggi", "77.99": "Opini Kualitas Sedang", "69.63": "Opini Kualitas Sedang",
            "65.98": "Opini Kualitas Sedang", "57.61": "Opini Kualitas Sedang", "54.00": "Opini Kualitas Sedang",
            "53.99": "Opini Kualitas Rendah", "53.38": "Opini Kualitas Rendah", "0": "Opini Kualitas Rendah",
        }  # fmt: skip
        for score, predicate in expected.items():
            with self.subTest(score=score):
                band = band_for(Decimal(score), bands())
                self.assertIsNotNone(band)
                assert band is not None
                self.assertEqual(band.predicate, predicate)

    def test_the_qualifier_is_data_of_the_scheme(self):
        qualifier = Qualifier.objects.get(scheme__code="opini-2025")
        self.assertEqual((qualifier.text, qualifier.rule), ("Tanpa Maladministrasi", "products_followed_up"))
        self.assertFalse(Qualifier.objects.exclude(scheme__code="opini-2025").exists())


class ReportBuilders:
    def lhp(self: Any, at: datetime) -> Report:
        report = verified(self, receive(self, now=at))
        for action in (Action.VERIFY_FORMAL, Action.VERIFY_MATERIAL, Action.ISSUE_LHP):
            report = report_transition(report=report, action=action, actor=self.ombudsman, acting_as=Actor.OFFICER,
                                       text="Tindakan korektif", now=at)  # fmt: skip
        return report_record_receipt(report=report, received_on=at.date(), actor=self.ombudsman, now=at)

    def move(self: Any, report: Report, action: Action, at: datetime) -> Report:
        return report_transition(report=report, action=action, actor=self.ombudsman, acting_as=Actor.OFFICER,
                                 text="Tindak lanjut", now=at)  # fmt: skip


class FollowUpTest(ReportBuilders, BaseTestCase):
    qualifier: Qualifier

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.qualifier = Qualifier.objects.get(scheme__code="opini-2025")

    def label(self, score: str, followup: FollowUp) -> str:
        return opinion_label(band_for(Decimal(score), bands()), [self.qualifier], followup)

    def test_followed_up_products_earn_the_qualifier_and_a_missed_one_does_not(self):
        """Pemprov Maluku Utara 65.98 with its LHP corrected → "Opini Kualitas Sedang Tanpa Maladministrasi";
        Kab. Halmahera Utara 69.63 with an LHP whose 30 working days ran out (Resolusi dan Monitoring) →
        "Opini Kualitas Sedang"."""
        corrected = self.lhp(wib(2025, 3, 3, 9))
        self.move(corrected, Action.CORRECTED, wib(2025, 3, 20, 9))
        end_of_year = wib(2025, 12, 31, 12)
        followup = product_followup(jurisdiction=self.city, year=2025, now=end_of_year)
        self.assertEqual(followup, FollowUp(followed_up=1))
        self.assertEqual(self.label("65.98", followup), "Opini Kualitas Sedang Tanpa Maladministrasi")

        missed = self.lhp(wib(2025, 6, 2, 9))  # 30 working days from Mon 2 Jun 2025 end in mid-July
        reports_sweep(now=wib(2025, 8, 1, 9))
        missed.refresh_from_db()
        self.assertEqual(missed.status, "monitoring")
        followup = product_followup(jurisdiction=self.city, year=2025, now=end_of_year)
        self.assertEqual(followup, FollowUp(followed_up=1, not_followed_up=1))
        self.assertEqual(self.label("69.63", followup), "Opini Kualitas Sedang")

    def test_a_recommendation_counts_when_implemented_or_ignored(self):
        report = self.lhp(wib(2025, 3, 3, 9))
        self.move(report, Action.START_MONITORING, wib(2025, 4, 20, 9))
        report = self.move(report, Action.RECOMMEND, wib(2025, 5, 5, 9))
        running = product_followup(jurisdiction=self.city, year=2025, now=wib(2025, 5, 6, 9))
        self.assertEqual(running, FollowUp(pending=1))
        self.assertEqual(self.label("90", running), "Opini Kualitas Tertinggi")  # still running: not yet "to the end"
        self.move(report, Action.RECOMMENDATION_IGNORED, wib(2025, 7, 10, 9))
        ignored = product_followup(jurisdiction=self.city, year=2025, now=wib(2025, 12, 31, 9))
        self.assertEqual(ignored, FollowUp(not_followed_up=1))
        self.assertEqual(self.label("90", ignored), "Opini Kualitas Tertinggi")

    def test_what_a_running_product_and_a_year_without_products_earn_is_data(self):
        self.lhp(wib(2025, 12, 1, 9))
        running = product_followup(jurisdiction=self.city, year=2025, now=wib(2025, 12, 31, 9))
        self.assertEqual(running, FollowUp(pending=1))
        self.assertEqual(self.label("60", running), "Opini Kualitas Sedang")
        self.qualifier.pending_withholds = False
        self.assertEqual(self.label("60", running), "Opini Kualitas Sedang Tanpa Maladministrasi")
        none = product_followup(jurisdiction=self.city, year=2024, now=wib(2025, 12, 31, 9))
        self.assertEqual(none, FollowUp())  # the December 2025 LHP is not a 2024 product
        self.assertEqual(self.label("60", none), "Opini Kualitas Sedang Tanpa Maladministrasi")
        self.qualifier.without_products = False
        self.assertEqual(self.label("60", none), "Opini Kualitas Sedang")


class OpinionPageTest(ReportBuilders, BaseTestCase):
    def test_the_compliance_page_shows_the_jurisdictions_opinion_with_its_qualifier(self):
        """Every indicator of the 2025 scheme fulfilled: 100 → "Opini Kualitas Tertinggi", and with no product
        missed "Opini Kualitas Tertinggi Tanpa Maladministrasi" (the predicate of release 005/HM.01/I/2026)."""
        self.client.force_login(self.petugas_a)
        url = reverse("compliance:assessment", args=[self.unit_a.pk, 2025])
        self.client.post(url)
        self.assertEqual(Assessment.objects.get(unit=self.unit_a, year=2025).scheme.code, "opini-2025")
        indicators = Indicator.objects.filter(dimension__scheme=Scheme.objects.get(code="opini-2025"))
        self.client.post(url, {f"v_{i.pk}": "100" for i in indicators})
        self.client.force_login(self.inspektur)
        home = reverse("compliance:home") + "?year=2025"
        self.assertContains(self.client.get(home), "Opini Kualitas Tertinggi Tanpa Maladministrasi")
        self.lhp(wib(2025, 6, 2, 9))
        reports_sweep(now=wib(2025, 8, 1, 9))
        response = self.client.get(home)
        self.assertContains(response, '<span data-testid="opinion">Opini Kualitas Tertinggi</span>', html=False)
        self.assertNotContains(response, "Tanpa Maladministrasi")
