"""The Ombudsman workspace pages: one permission test per role, and the officer's work through them."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sigap.accounts.models import Role
from sigap.accounts.services import role_grant
from sigap.maladministration.models import Classification
from sigap.ombudsman.models import Report, ReportEvent
from sigap.ombudsman.tests.helpers import receive, verified
from sigap.ombudsman.workflow import Status
from sigap.organisations.models import Jurisdiction
from sigap.oversight.models import InformationRequest, RequestStatus
from sigap.test import BaseTestCase, make_user

NON_OMBUDSMAN = ("admin", "petugas_a", "kepala_a", "focal_a", "inspektur", "admin_lain")


class AccessTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.report = receive(cls)
        cls.pages = [
            reverse("ombudsman:workspace"),
            reverse("ombudsman:report_new"),
            reverse("ombudsman:report", args=[cls.report.pk]),
        ]

    def test_the_ombudsman_officer_opens_every_page(self):
        self.client.force_login(self.ombudsman)
        for url in self.pages:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_every_other_role_is_refused(self):
        for username in NON_OMBUDSMAN:
            self.client.force_login(getattr(self, username))
            for url in self.pages:
                with self.subTest(user=username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 403)

    def test_visitors_are_sent_to_sign_in(self):
        for url in self.pages:
            self.assertEqual(self.client.get(url).status_code, 302)

    def test_an_officer_of_another_perwakilan_gets_a_404_for_the_report(self):
        office = Jurisdiction.objects.create(slug="ombudsman-bali", name="Ombudsman Bali", kind="ombudsman")
        Jurisdiction.objects.filter(pk=self.other_city.pk).update(overseen_by=office)
        other = make_user("ombudsman_bali")
        role_grant(user=other, role=Role.OMBUDSMAN, jurisdiction=office, actor=None)
        self.client.force_login(other)
        self.assertEqual(self.client.get(reverse("ombudsman:report", args=[self.report.pk])).status_code, 404)
        self.assertEqual(
            self.client.post(reverse("ombudsman:action", args=[self.report.pk, "reject"])).status_code, 404
        )

    def test_posting_actions_is_refused_to_other_roles(self):
        for username in ("admin", "focal_a", "inspektur"):
            self.client.force_login(getattr(self, username))
            for name in ("checks", "note", "request", "classify"):
                with self.subTest(user=username, name=name):
                    self.assertEqual(self.client.post(reverse(f"ombudsman:{name}", args=[self.report.pk])).status_code,
                                     403)  # fmt: skip
        self.assertEqual(Report.objects.get(pk=self.report.pk).events.count(), 1)

    def test_the_workspace_costs_the_same_queries_for_few_or_many_reports(self):
        self.client.force_login(self.ombudsman)
        self.client.get(reverse("ombudsman:workspace"))
        with CaptureQueriesContext(connection) as few:
            self.client.get(reverse("ombudsman:workspace"))
        for _ in range(20):
            receive(self)
        with CaptureQueriesContext(connection) as many:
            self.client.get(reverse("ombudsman:workspace"))
        self.assertEqual(len(few), len(many))


class OfficerWorkTest(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.ombudsman)

    def test_registering_a_report_about_a_sigap_complaint(self):
        complaint, _ = self.submit()
        response = self.client.get(reverse("ombudsman:report_new"), {"complaint": complaint.tracking_code})
        self.assertEqual(response.context["form"].initial["title"], complaint.title)
        response = self.client.post(
            reverse("ombudsman:report_new"),
            {"jurisdiction": self.city.pk, "opd": self.opd_a.pk, "complaint_code": complaint.tracking_code,
             "title": "Jalan tidak diperbaiki", "description": "Sudah dua bulan pengaduan tidak ditindaklanjuti.",
             "reporter_name": "Budi", "incident_date": "2026-01-10"},
        )  # fmt: skip
        report = Report.objects.get()
        self.assertRedirects(response, reverse("ombudsman:report", args=[report.pk]))
        self.assertEqual((report.complaint, report.received_by), (complaint, self.ombudsman))

    def test_a_report_about_another_city_is_refused_with_the_form_kept(self):
        response = self.client.post(
            reverse("ombudsman:report_new"),
            {"jurisdiction": self.other_city.pk, "title": "X", "description": "Uraian yang cukup panjang.",
             "reporter_name": "Budi"},
        )  # fmt: skip
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Uraian yang cukup panjang.", status_code=400)
        self.assertFalse(Report.objects.exists())

    def test_checks_then_verification_then_a_clarification_request(self):
        report = receive(self)
        url = reverse("ombudsman:report", args=[report.pk])
        self.client.post(reverse("ombudsman:checks", args=[report.pk]),
                         {"description_detailed": "on", "prior_complaint_made": "on", "within_authority": "on",
                          "not_already_handled": "on"})  # fmt: skip
        self.client.post(reverse("ombudsman:action", args=[report.pk, "verify_formal"]))
        self.client.post(reverse("ombudsman:action", args=[report.pk, "verify_material"]))
        report.refresh_from_db()
        self.assertEqual(report.status, Status.CLARIFICATION)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("ombudsman:request", args=[report.pk]),
                {"kind": "clarification", "opd": self.opd_a.pk, "subject": "Klarifikasi PBG",
                 "questions": "Mohon penjelasan tertulis atas keterlambatan PBG."},
            )  # fmt: skip
        self.assertRedirects(response, url)
        request = InformationRequest.objects.get()
        self.assertEqual((request.report, request.opd, request.status), (report, self.opd_a, RequestStatus.OPEN))
        trail = [item.title for item in self.client.get(url).context["trail"]]
        self.assertIn("Klarifikasi PBG", trail[-1])

    def test_a_note_with_a_nul_character_is_refused_as_the_forms_refuse_it(self):
        # PostgreSQL cannot store NUL; the note box is read beside a form, so the service checks it.
        report = receive(self)
        response = self.client.post(reverse("ombudsman:note", args=[report.pk]), {"text": "Cek\x00 lagi"}, follow=True)
        self.assertContains(response, "Karakter null tidak diizinkan.")
        self.assertFalse(report.events.filter(kind=ReportEvent.Kind.NOTE).exists())

    def test_the_officer_classifies_a_report(self):
        report = verified(self, receive(self))
        self.client.post(reverse("ombudsman:classify", args=[report.pk]), {"kinds": ["penundaan_berlarut"]})
        self.assertEqual(Classification.objects.get(report=report).kinds, ["penundaan_berlarut"])

    def test_an_unknown_action_is_a_404_and_an_illegal_one_is_explained(self):
        report = receive(self)
        self.assertEqual(self.client.post(reverse("ombudsman:action", args=[report.pk, "hapus"])).status_code, 404)
        response = self.client.post(reverse("ombudsman:action", args=[report.pk, "issue_lhp"]), follow=True)
        self.assertContains(response, "alert-danger")


class IdentityTest(BaseTestCase):
    def test_the_identity_is_shown_on_request_and_every_look_is_recorded(self):
        """UU 37/2008 Pasal 24(2): the identity may be kept confidential; UU 27/2022: log every view."""
        report = receive(self)
        self.client.force_login(self.ombudsman)
        self.assertNotContains(self.client.get(reverse("ombudsman:report", args=[report.pk])), "Pedagang")
        response = self.client.get(reverse("ombudsman:identity", args=[report.pk]))
        self.assertContains(response, "Pedagang")
        self.assertEqual(response["Cache-Control"], "no-store")
        event = report.events.latest("id")
        self.assertEqual((event.kind, event.actor), ("identity_view", self.ombudsman))
        for user in (self.admin, self.focal_a, self.inspektur):
            self.client.force_login(user)
            self.assertEqual(self.client.get(reverse("ombudsman:identity", args=[report.pk])).status_code, 403)
