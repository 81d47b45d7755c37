"""Self-assessment pages: the unit's staff fill it in; overseers read it; evidence is checked."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sigap.compliance.models import Assessment, Evidence, Indicator
from sigap.organisations.models import Service, ServiceUnit
from sigap.test import BaseTestCase

YEAR = 2023
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class AssessmentViewTest(BaseTestCase):
    def url(self, name="assessment", unit=None):
        return reverse(f"compliance:{name}", args=[(unit or self.unit_a).pk, YEAR])

    def start(self):
        self.client.force_login(self.petugas_a)
        self.client.post(self.url())
        return Assessment.objects.get(unit=self.unit_a, year=YEAR)

    def test_each_role_reads_or_is_refused(self):
        for user, status in {self.petugas_a: 200, self.kepala_a: 200, self.focal_a: 200, self.admin: 200,
                             self.inspektur: 200, self.ombudsman: 200, self.petugas_b: 404,
                             self.admin_lain: 404, self.warga: 403}.items():  # fmt: skip
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url()).status_code, status)
        for user, status in {self.inspektur: 200, self.petugas_b: 200, self.warga: 403}.items():
            with self.subTest(home=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(reverse("compliance:home")).status_code, status)

    def test_only_the_units_staff_start_and_answer(self):
        for user in (self.admin, self.inspektur, self.focal_a, self.ombudsman):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(self.url()).status_code, 403)
        assessment = self.start()
        self.assertEqual(assessment.scheme.code, "kepatuhan-2022")

    def test_answers_score_the_unit_and_list_what_to_fix(self):
        """With every indicator of Input (21.85) and Pengaduan (21.54) fulfilled and nothing else, the
        score is 21.85 + 21.54 = 43.39: merah, grade D (32.00–53.99 as published; the D/E split is
        unverified). The first thing to fix is an Output indicator, worth 24.24 / 2 = 12.12 points
        (a Proses one is worth 32.37 / 8 = 4.05)."""
        self.start()
        done = Indicator.objects.filter(
            dimension__scheme__code="kepatuhan-2022", dimension__code__in=["input", "pengaduan"]
        )
        self.client.post(self.url(), {f"v_{i.pk}": "100" for i in done})
        response = self.client.get(self.url())
        self.assertEqual(response.context["score"].rounded, Decimal("43.39"))
        self.assertEqual(response.context["score"].band.grade, "D")
        first, gain = response.context["fixes"][0]
        self.assertEqual((first.dimension.code, gain.rounded), ("output", Decimal("12.12")))

    def test_a_nonsense_answer_is_refused(self):
        self.start()
        indicator = Indicator.objects.filter(dimension__scheme__code="kepatuhan-2022").first()
        response = self.client.post(self.url(), {f"v_{indicator.pk}": "75"}, follow=True)
        self.assertContains(response, "alert-danger")
        self.assertFalse(Assessment.objects.get().answers.exists())

    def test_a_note_with_a_nul_character_is_refused_as_the_forms_refuse_it(self):
        # PostgreSQL cannot store NUL; the notes are read beside a form, so the service checks them.
        self.start()
        indicator = Indicator.objects.filter(dimension__scheme__code="kepatuhan-2022").first()
        answer = {f"v_{indicator.pk}": "100", f"n_{indicator.pk}": "SK\x00 ada"}
        response = self.client.post(self.url(), answer, follow=True)
        self.assertContains(response, "Karakter null tidak diizinkan.")
        self.assertFalse(Assessment.objects.get().answers.exists())

    def test_evidence_is_checked_and_a_submitted_assessment_is_locked(self):
        assessment = self.start()
        indicator = Indicator.objects.filter(dimension__scheme=assessment.scheme).first()
        bad = SimpleUploadedFile("a.pdf", b"MZ not a pdf", content_type="application/pdf")
        self.client.post(self.url("evidence"), {"indicator": indicator.pk, "evidence": [bad]})
        self.assertFalse(Evidence.objects.exists())
        good = SimpleUploadedFile("sk.pdf", PDF, content_type="application/pdf")
        self.client.post(self.url("evidence"), {"indicator": indicator.pk, "evidence": [good]})
        self.assertEqual(Evidence.objects.get().original_name, "sk.pdf")
        self.client.post(self.url("submit"))
        self.client.post(self.url(), {f"v_{indicator.pk}": "100"})
        assessment.refresh_from_db()
        self.assertEqual((assessment.status, assessment.answers.count()), (Assessment.Status.SUBMITTED, 0))

    def test_the_jurisdiction_result_weighs_own_office_units_less(self):
        """Venue weights are Sigap's assumption (MPP 1.00, own office 0.50; no published weight found)."""
        own = ServiceUnit.objects.create(opd=self.opd_a, name="Kantor DPUPR", venue=ServiceUnit.Venue.OWN_OFFICE)
        Service.objects.create(unit=own, code="krk", name="KRK")
        indicators = Indicator.objects.filter(dimension__scheme__code="kepatuhan-2022")
        self.start()
        self.client.post(self.url(), {f"v_{i.pk}": "100" for i in indicators})  # MPP unit: 100
        self.client.post(self.url(unit=own))  # own office: 0
        self.client.force_login(self.inspektur)
        totals = self.client.get(reverse("compliance:home"), {"year": YEAR}).context["totals"]
        result = dict(totals)[self.city].result
        self.assertEqual(result.rounded, Decimal("66.67"))  # (100 × 1 + 0 × 0.5) / 1.5


class WriteAccessTest(BaseTestCase):
    def test_overseers_cannot_upload_evidence_or_submit(self):
        self.client.force_login(self.petugas_a)
        self.client.post(reverse("compliance:assessment", args=[self.unit_a.pk, YEAR]))
        indicator = Indicator.objects.filter(dimension__scheme__code="kepatuhan-2022").first()
        for user in (self.inspektur, self.ombudsman, self.focal_a, self.admin):
            self.client.force_login(user)
            for name in ("evidence", "submit"):
                with self.subTest(user=user.username, name=name):
                    response = self.client.post(
                        reverse(f"compliance:{name}", args=[self.unit_a.pk, YEAR]), {"indicator": indicator.pk}
                    )
                    self.assertEqual(response.status_code, 403)
        self.assertEqual(Assessment.objects.get().status, Assessment.Status.DRAFT)
