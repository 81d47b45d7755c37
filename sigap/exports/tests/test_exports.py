"""Exports: contents, visibility, identities, jobs with progress, private downloads, audit."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from sigap.audit.models import AuditEntry
from sigap.complaints.models import ComplaintEvent
from sigap.complaints.services import ReporterDetails
from sigap.complaints.workflow import Action
from sigap.dashboards.rollups import rollups_rebuild
from sigap.exports.models import Export
from sigap.exports.services import export_request, export_run
from sigap.search.documents import documents_rebuild
from sigap.test import BaseTestCase


class ExportTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.road, _ = self.submit(
            title='=HYPERLINK("http://jahat")', reporter=ReporterDetails(name="Budi Santoso", phone="0812345")
        )
        self.advance(self.road, Action.VERIFY, Action.DISPATCH, Action.ACCEPT)
        self.advance(self.road, Action.ANSWER, text="Sudah ditambal. Terima kasih Budi Santoso atas laporannya.")
        self.secret, _ = self.submit(
            category=self.health, title="Pungutan di puskesmas", is_confidential=True,
            description="Saya Wulan Sari diminta uang tambahan oleh petugas loket.",
            reporter=ReporterDetails(name="Wulan Sari", email="wulan@example.id"),
        )  # fmt: skip
        self.advance(self.secret, Action.VERIFY, Action.DISPATCH, opd=self.opd_b)

    def run_export(self, user, kind, params, **extra):  # type: ignore[no-untyped-def]
        # The job is queued on commit; the test worker runs it at once (huey immediate mode).
        with self.captureOnCommitCallbacks(execute=True):
            export = export_request(user=user, kind=kind, params=params, **extra)
        export.refresh_from_db()
        return export

    def content(self, export: Export) -> bytes:
        with export.file.open("rb") as f:
            return f.read()


class ListExportTests(ExportTestCase):
    def test_a_csv_holds_the_visible_cases_with_formulas_defused(self) -> None:
        export = self.run_export(self.admin, Export.Kind.CSV, {"status": ""})
        self.assertEqual((export.state, export.percent, export.total), (Export.State.DONE, 100, 2))
        rows = list(csv.reader(io.StringIO(self.content(export).decode("utf-8-sig"))))
        self.assertEqual(rows[0][0], "Kode")
        titles = {r[7] for r in rows[1:]}
        self.assertIn('\'=HYPERLINK("http://jahat")', titles)
        self.assertNotIn("Budi Santoso", self.content(export).decode())  # no identities unless asked

    def test_an_opd_officer_exports_only_their_opds_cases(self) -> None:
        export = self.run_export(self.petugas_a, Export.Kind.XLSX, {"status": ""})
        sheet = load_workbook(io.BytesIO(self.content(export))).active
        codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        self.assertEqual(codes, [self.road.tracking_code])

    def test_identities_go_only_where_the_role_may_see_them_and_each_is_logged(self) -> None:
        """UU 27/2022; SP4N-LAPOR! *rahasia*: a confidential identity is for the administrator only."""
        export = self.run_export(self.petugas_b, Export.Kind.CSV, {"status": ""}, include_identities=True)
        text = self.content(export).decode("utf-8-sig")
        self.assertIn(self.secret.tracking_code, text)
        self.assertNotIn("Wulan Sari", text.split("Pungutan di puskesmas")[0])  # only in her own words, no column
        self.assertNotIn("wulan@example.id", text)
        self.assertFalse(ComplaintEvent.objects.filter(kind=ComplaintEvent.Kind.IDENTITY_VIEW).exists())
        export = self.run_export(self.admin, Export.Kind.CSV, {"status": ""}, include_identities=True)
        text = self.content(export).decode("utf-8-sig")
        self.assertIn("wulan@example.id", text)
        self.assertIn("Budi Santoso", text)
        viewed = ComplaintEvent.objects.filter(kind=ComplaintEvent.Kind.IDENTITY_VIEW, actor=self.admin)
        self.assertEqual(viewed.count(), 2)

    def test_an_export_with_identities_costs_the_same_queries_for_few_cases_as_for_many(self) -> None:
        def queries_and_views() -> tuple[int, int]:
            export = export_request(
                user=self.admin, kind=Export.Kind.CSV, params={"status": ""}, include_identities=True
            )  # queued on commit, which a test never reaches: run it here, counting its queries
            views = ComplaintEvent.objects.filter(kind=ComplaintEvent.Kind.IDENTITY_VIEW, actor=self.admin)
            before = views.count()  # the events are append-only: count the new ones
            with CaptureQueriesContext(connection) as queries, self.captureOnCommitCallbacks(execute=True):
                export_run(export_id=str(export.pk))
            return len(queries), views.count() - before

        few, few_views = queries_and_views()
        for n in range(8):
            self.submit(title=f"Lampu jalan mati nomor {n}", reporter=ReporterDetails(name=f"Warga {n}"))
        many, many_views = queries_and_views()
        # Every identity in the file is still logged as a view on its case, by whom and in which capacity.
        self.assertEqual((few_views, many_views), (2, 10))
        self.assertEqual(many, few)

    def test_read_only_roles_cannot_ask_for_identities(self) -> None:
        export = self.run_export(self.inspektur, Export.Kind.CSV, {"status": ""}, include_identities=True)
        self.assertFalse(export.include_identities)
        self.assertNotIn("Budi Santoso", self.content(export).decode("utf-8-sig").split("\n")[0])

    def test_the_text_filter_searches_like_the_inbox(self) -> None:
        documents_rebuild()  # the cases were filed inside this test's transaction, before any commit
        export = self.run_export(self.admin, Export.Kind.CSV, {"status": "", "text": "pungutan"})
        self.assertEqual(export.total, 1)


class ReportExportTests(ExportTestCase):
    def month(self) -> str:
        return self.road.created_at.strftime("%Y-%m")

    def test_the_monthly_pdf_has_the_figures_and_charts(self) -> None:
        rollups_rebuild(jurisdiction=self.city)
        export = self.run_export(
            self.admin, Export.Kind.MONTHLY_PDF, {"jurisdiction_id": self.city.pk, "month": self.month()}
        )
        self.assertEqual(export.state, Export.State.DONE, export.error)
        pdf = self.content(export)
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertGreater(len(pdf), 5000)
        self.assertTrue(export.file_name.endswith(".pdf"))

    def test_an_opd_head_may_have_their_opds_report_only(self) -> None:
        export = self.run_export(
            self.kepala_a, Export.Kind.MONTHLY_PDF,
            {"jurisdiction_id": self.city.pk, "opd_id": self.opd_a.pk, "month": self.month()},
        )  # fmt: skip
        self.assertEqual(export.state, Export.State.DONE, export.error)
        with self.assertRaises(PermissionDenied):
            export_request(user=self.kepala_a, kind=Export.Kind.MONTHLY_PDF,
                           params={"jurisdiction_id": self.city.pk, "month": self.month()})  # fmt: skip

    def test_the_ombudsman_package_removes_identities(self) -> None:
        """UU 37/2008 Pasal 24(2) and UU 27/2022: identities never leave in data for third parties."""
        export = self.run_export(
            self.ombudsman, Export.Kind.OMBUDSMAN, {"jurisdiction_id": self.city.pk, "month": self.month()}
        )
        self.assertEqual(export.state, Export.State.DONE, export.error)
        archive = zipfile.ZipFile(io.BytesIO(self.content(export)))
        self.assertEqual(
            sorted(archive.namelist()),
            ["complaints.csv", "complaints.json", "events.csv", "events.json", "manifest.json"],
        )
        manifest = json.loads(archive.read("manifest.json"))
        self.assertEqual((manifest["format"], manifest["counts"]["complaints"]), ("sigap-ombudsman-exchange", 2))
        everything = b"".join(archive.read(n) for n in archive.namelist()).decode()
        for secret in ("Wulan Sari", "wulan@example.id", "Budi Santoso", "0812345", self.road.secret_hash):
            self.assertNotIn(secret, everything)
        cases = {c["tracking_code"]: c for c in json.loads(archive.read("complaints.json"))}
        self.assertIn("[pelapor]", cases[self.secret.tracking_code]["description"])
        self.assertEqual(cases[self.secret.tracking_code]["lat"], "")
        events = json.loads(archive.read("events.json"))
        self.assertTrue(any("ditambal" in e["body"] for e in events))

    def test_only_the_ombudsman_and_the_administrator_get_the_package(self) -> None:
        for user in (self.inspektur, self.petugas_a, self.admin_lain):
            with self.assertRaises(PermissionDenied):
                export_request(
                    user=user,
                    kind=Export.Kind.OMBUDSMAN,
                    params={"jurisdiction_id": self.city.pk, "month": self.month()},
                )


class ExportPageTests(ExportTestCase):
    def test_the_inbox_export_shows_progress_then_a_private_download(self) -> None:
        self.client.force_login(self.admin)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("exports:inbox"), {"format": "xlsx", "status": ""})
        export = Export.objects.get()
        self.assertRedirects(response, reverse("exports:detail", args=[export.pk]))
        fragment = self.client.get(reverse("exports:detail", args=[export.pk]), HTTP_HX_REQUEST="true")
        self.assertContains(fragment, 'data-state="done"')
        self.assertNotContains(fragment, "hx-trigger")  # polling stops when done
        download = self.client.get(reverse("exports:download", args=[export.pk]))
        self.assertEqual(download.status_code, 200)
        self.assertIn("attachment", download["Content-Disposition"])
        self.assertTrue(AuditEntry.objects.filter(action="export.download", actor=self.admin).exists())
        self.assertTrue(AuditEntry.objects.filter(action="export.request", actor=self.admin).exists())
        for user in (self.inspektur, self.petugas_a, self.sysadmin):
            self.client.force_login(user)
            self.assertIn(self.client.get(reverse("exports:download", args=[export.pk])).status_code, (403, 404), user)

    def test_a_running_export_keeps_polling(self) -> None:
        export = Export.objects.create(requested_by=self.admin, kind=Export.Kind.CSV, total=10, done=4)
        self.client.force_login(self.admin)
        fragment = self.client.get(reverse("exports:detail", args=[export.pk]), HTTP_HX_REQUEST="true")
        self.assertContains(fragment, 'hx-trigger="every 1s"')
        self.assertContains(fragment, 'value="40"')
        self.assertEqual(self.client.get(reverse("exports:download", args=[export.pk])).status_code, 404)

    def test_a_bad_month_is_refused_with_a_message(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.post(
            reverse("exports:report"), {"kind": "monthly_pdf", "jurisdiction": self.city.pk, "month": "2026-13"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "YYYY-MM", status_code=400)
        self.assertFalse(Export.objects.exists())

    def test_the_exports_page_answers_each_role(self) -> None:
        for user in (self.admin, self.petugas_a, self.kepala_a, self.focal_a, self.inspektur, self.ombudsman):
            self.client.force_login(user)
            self.assertEqual(self.client.get(reverse("exports:list")).status_code, 200, user)
        self.client.force_login(self.warga)
        self.assertEqual(self.client.get(reverse("exports:list")).status_code, 403)
