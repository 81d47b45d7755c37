"""Public reports: masking, publication only after verification and confirmation, moderation, support."""

from __future__ import annotations

import html
import re
from typing import Any

from django.db import connection
from django.urls import reverse

from sigap.complaints.services import ReporterDetails
from sigap.complaints.workflow import Action
from sigap.publicreports.masking import MASK, mask
from sigap.publicreports.models import Area, PublicReport, PublicReportEdit, Support
from sigap.publicreports.selectors import PAGE_SIZE, Filters, map_points, map_query, report_page
from sigap.publicreports.services import public_report_confirm, public_report_create
from sigap.test import BaseTestCase, Client

NAME = "Wulandari Kusumaningtyas"
PHONE = "0812-3456-7890"
NIK = "3573011203900001"
EMAIL = "wulan.pelapor@contoh-warga.id"
DESCRIPTION = (
    f"Lubang besar di Jl. Merdeka sejak 12-06-2026. Hubungi saya {PHONE} atau {EMAIL}, NIK {NIK}. "
    "Sudah lapor ke Bapak Slamet Riyadi di kelurahan tapi belum ada tindakan."
)


class MaskingTest(BaseTestCase):
    def test_phone_numbers_nik_emails_and_names_are_masked_and_dates_stay(self) -> None:
        text = mask(DESCRIPTION, names=(NAME,))
        for value in (PHONE, NIK, EMAIL, "Slamet", "Riyadi"):
            self.assertNotIn(value, text)
        self.assertIn("12-06-2026", text)
        self.assertIn(f"Bapak {MASK}", text)

    def test_the_reporters_own_name_is_masked_wherever_it_appears(self) -> None:
        self.assertEqual(mask("wulandari melihat sendiri", names=(NAME,)), f"{MASK} melihat sendiri")


class PublicationTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.kel = Area.objects.create(jurisdiction=self.city, kind="kelurahan", name="Sukamaju", slug="sukamaju")

    def file(self, **overrides: Any) -> PublicReport:
        complaint, _secret = self.submit(
            description=DESCRIPTION,
            reporter=ReporterDetails(name=NAME, email="pelapor@contoh.id", phone="081299988877"),
            lat=-7.98,
            lng=112.63,
            **overrides,
        )
        return public_report_create(complaint=complaint, kelurahan=self.kel)

    def publish(self, report: PublicReport) -> PublicReport:
        self.advance(report.complaint, Action.VERIFY)
        admin = Client()
        admin.force_login(self.admin)
        code = report.complaint.tracking_code
        response = admin.post(
            reverse("publicreports:moderate", args=[code]),
            {"title": report.title, "summary": report.summary + " (diperiksa)"},
        )
        self.assertEqual(response.status_code, 302)
        return PublicReport.objects.get(pk=report.pk)

    def test_a_report_is_public_only_once_verified_and_its_summary_confirmed(self) -> None:
        report = self.file()
        self.assertFalse(report.is_published)
        self.assertEqual(
            self.client.get(reverse("publicreports:detail", args=[report.complaint.tracking_code])).status_code, 404
        )
        report = self.publish(report)
        self.assertTrue(report.is_published)
        page = self.client.get(reverse("publicreports:detail", args=[report.complaint.tracking_code]))
        self.assertContains(page, "diperiksa")
        listing = self.client.get(reverse("publicreports:list") + f"?kelurahan={self.kel.pk}")
        self.assertContains(listing, report.title)
        points = self.client.get(reverse("publicreports:map")).json()["points"]
        self.assertEqual([p["code"] for p in points], [report.complaint.tracking_code])
        feed = self.client.get(reverse("alerts:feed_area", args=[self.kel.pk]))
        self.assertContains(feed, report.title)
        for response in (page, listing, feed):
            for value in (NAME, "Wulandari", PHONE, NIK, EMAIL, "Slamet", "081299988877", "pelapor@contoh.id"):
                self.assertNotContains(response, value)

    def test_the_map_reads_its_points_from_its_covering_indexes_on_postgresql(self) -> None:
        """At 1M complaints visiting the wide report rows cost most of the map's time (docs/benchmarks.md).

        A test table is too small for the planner to choose these indexes, so this pins that they hold
        every column the map's query reads, as the index-only scans measured at 1M need.
        """
        if connection.vendor != "postgresql":
            self.skipTest("covering indexes are PostgreSQL's")
        report = self.publish(self.file())
        self.assertEqual(report.tracking_code, report.complaint.tracking_code)
        box = (-8.0, 112.6, -7.9, 112.7)
        self.assertEqual([p["code"] for p in map_points(Filters(), box=box)], [report.tracking_code])
        sql = str(map_query(Filters(category_id=1, opd_id=1, kecamatan_id=1, kelurahan_id=1), box=box).query)
        read = set(re.findall(r'"publicreports_publicreport"\."(\w+)"', sql))
        self.assertTrue({"tracking_code", "title", "lat", "category_id", "filed_at"} <= read)
        with connection.cursor() as cursor:
            for index in ("pubrep_map_points_idx", "pubrep_map_category_idx"):
                cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [index])
                definition = cursor.fetchone()[0]
                self.assertEqual({c for c in read if not re.search(rf"\b{c}\b", definition)}, set(), index)
                self.assertIn("WHERE (is_published AND (lat IS NOT NULL) AND (lng IS NOT NULL))", definition)

    def test_confidential_anonymous_and_private_reports_are_never_public(self) -> None:
        reports = [
            self.file(is_confidential=True),
            public_report_create(complaint=self.submit(reporter=None, is_anonymous=True)[0]),
            public_report_create(complaint=self.submit()[0], wants_public=False),
        ]
        for report in reports:
            report = self.publish(report)
            self.assertFalse(report.is_published)
            self.assertEqual(
                self.client.get(reverse("publicreports:detail", args=[report.complaint.tracking_code])).status_code, 404
            )
        self.assertEqual(self.client.get(reverse("publicreports:map")).json()["points"], [])

    def test_an_edit_keeps_the_original_and_hiding_removes_the_report(self) -> None:
        report = self.publish(self.file())
        before = report.summary
        public_report_confirm(
            report=report, title="Jalan berlubang", summary="Lubang besar di Jl. Merdeka.", actor=self.admin
        )
        edit = PublicReportEdit.objects.filter(report=report, field="summary").latest("id")
        self.assertEqual((edit.before, edit.actor), (before, self.admin))
        self.assertIn("Bapak", report.complaint.description)  # the case itself is untouched
        admin = Client()
        admin.force_login(self.admin)
        admin.post(
            reverse("publicreports:moderate", args=[report.complaint.tracking_code]),
            {"hidden": "on", "reason": "Foto wajah"},
        )
        report.refresh_from_db()
        self.assertFalse(report.is_published)
        self.assertEqual(
            self.client.get(reverse("publicreports:detail", args=[report.complaint.tracking_code])).status_code, 404
        )

    def test_an_opd_officer_cannot_moderate(self) -> None:
        report = self.file()
        self.advance(report.complaint, Action.VERIFY, Action.DISPATCH)
        officer = Client()
        officer.force_login(self.petugas_a)
        response = officer.post(
            reverse("publicreports:moderate", args=[report.complaint.tracking_code]),
            {"title": "x", "summary": "y" * 20},
        )
        self.assertIn(response.status_code, (403, 404))
        self.assertFalse(PublicReportEdit.objects.exists())

    def test_one_support_per_person_counted_on_the_report_and_in_the_inbox(self) -> None:
        report = self.publish(self.file())
        code = report.complaint.tracking_code
        citizen = Client()
        citizen.force_login(self.warga)
        for _ in range(2):
            citizen.post(reverse("publicreports:support", args=[code]))
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("publicreports:support", args=[code]), {"email": "Tetangga@Contoh.id"})
            self.client.post(reverse("publicreports:support", args=[code]), {"email": "tetangga@contoh.id"})
        report.refresh_from_db()
        self.assertEqual(report.support_count, 1)  # the e-mail support waits for its confirmation
        token = Support.objects.get(email="tetangga@contoh.id").token
        self.client.post(reverse("publicreports:support_confirm", args=[token]))
        self.client.post(reverse("publicreports:support_confirm", args=[token]))
        report.refresh_from_db()
        self.assertEqual(report.support_count, 2)
        admin = Client()
        admin.force_login(self.admin)
        self.assertContains(admin.get(reverse("backoffice:inbox")), 'data-testid="inbox-supporters"')

    def test_supporting_is_rate_limited(self) -> None:
        report = self.publish(self.file())
        code = report.complaint.tracking_code
        for n in range(35):
            self.client.post(reverse("publicreports:support", args=[code]), {"email": f"orang{n}@contoh.id"})
        self.assertEqual(Support.objects.count(), 30)

    def test_keyset_pages_cover_every_report_once(self) -> None:
        for n in range(PAGE_SIZE + 5):
            report = public_report_create(complaint=self.submit(title=f"Laporan {n}")[0])
            PublicReport.objects.filter(pk=report.pk).update(is_published=True)
        first, cursor = report_page(Filters())
        second, end = report_page(Filters(), after=cursor)
        self.assertEqual((len(first), len(second), end), (PAGE_SIZE, 5, ""))
        self.assertEqual(len({r.pk for r in first} | {r.pk for r in second}), PAGE_SIZE + 5)
        response = self.client.get(reverse("publicreports:list"), {"setelah": cursor})
        self.assertContains(response, second[0].title)


class StatisticsLinkTest(BaseTestCase):
    def test_every_figure_of_the_public_statistics_links_to_the_public_reports_behind_it(self) -> None:
        complaint, _secret = self.submit()
        report = public_report_create(complaint=complaint)
        self.advance(complaint, Action.VERIFY, Action.DISPATCH)
        public_report_confirm(report=report, title=report.title, summary=report.summary, actor=self.admin)
        page = self.client.get(reverse("dashboards:public_jurisdiction", args=[self.city.slug]))
        links = re.findall(r'href="(/laporan/\?[^"]+)"', page.content.decode())
        self.assertGreaterEqual(len(links), 6)  # the six headline figures (and any OPD row)
        for href in {html.unescape(h) for h in links}:
            with self.subTest(href=href):
                self.assertContains(self.client.get(href), report.title)


class DuplicateOfferTest(BaseTestCase):
    def test_the_duplicate_offer_at_filing_links_to_the_published_report(self) -> None:
        complaint, _secret = self.submit(
            title="Lampu jalan mati di Gang Melati", description="Lampu jalan mati seminggu di Gang Melati, gelap."
        )
        report = public_report_create(complaint=complaint)
        self.advance(complaint, Action.VERIFY)
        public_report_confirm(report=report, title=report.title, summary=report.summary, actor=self.admin)
        response = self.client.get(
            reverse("suggestions:similar"),
            {
                "jurisdiction": self.city.pk,
                "title": "Lampu jalan mati Gang Melati",
                "description": "Lampu jalan di Gang Melati mati, gelap sekali.",
            },
        )
        self.assertContains(response, reverse("publicreports:detail", args=[complaint.tracking_code]))
