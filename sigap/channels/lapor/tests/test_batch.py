"""SP4N-LAPOR! and Ombudsman batch files: import (JSON, CSV), duplicates refused, status export."""

from __future__ import annotations

import csv
import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from sigap.audit.models import AuditEntry
from sigap.channels.lapor import adapter
from sigap.channels.lapor.services import batch_import
from sigap.channels.models import InboundMessage
from sigap.complaints.models import Channel, Complaint
from sigap.complaints.workflow import Action
from sigap.test import BaseTestCase

REPORTS = [
    {
        "external_ref": "LAPOR-2026-0001",
        "title": "Jalan berlubang di Jl. Soekarno-Hatta",
        "description": "Lubang selebar satu meter di lajur kiri, sudah ada pengendara jatuh.",
        "created_at": "2026-06-01T08:30:00+07:00",
        "category": "Infrastruktur",
        "subcategory": "Jalan",
        "reporter_name": "Rina",
        "reporter_email": "rina@example.id",
        "anonymous": False,
    },
    {
        "external_ref": "LAPOR-2026-0002",
        "title": "Antrean puskesmas",
        "description": "Antrean di puskesmas mengular sejak subuh, loket baru buka jam sembilan.",
        "anonymous": "ya",
    },
]


class ImportTest(BaseTestCase):
    def setUp(self):
        self.roads.lapor_category, self.roads.lapor_subcategory = "Infrastruktur", "Jalan"
        self.roads.save()

    def load(self, content, filename="batch.json", source="lapor"):
        return batch_import(jurisdiction=self.city, source=source, content=content, filename=filename, actor=self.admin)

    def test_a_json_batch_files_each_report_with_its_external_reference_and_mapped_category(self):
        message = self.load(json.dumps({"reports": REPORTS}).encode())
        self.assertEqual(message.state, InboundMessage.State.FILED)
        self.assertEqual(len(message.result["imported"]), 2)
        first = Complaint.objects.get(external_ref="LAPOR-2026-0001")
        self.assertEqual((first.channel, first.external_system, first.category), (Channel.LAPOR, "lapor", self.roads))
        self.assertEqual(first.created_at.isoformat(), "2026-06-01T01:30:00+00:00")
        self.assertEqual(first.recorded_by, self.admin)
        self.assertTrue(Complaint.objects.get(external_ref="LAPOR-2026-0002").is_anonymous)
        self.assertTrue(AuditEntry.objects.filter(action="lapor.import", actor=self.admin).exists())

    def test_a_report_already_imported_is_refused_as_a_duplicate(self):
        self.load(json.dumps(REPORTS[:1]).encode())
        again = [
            REPORTS[0],
            {**REPORTS[1], "external_ref": "LAPOR-2026-0003"},
            {**REPORTS[1], "external_ref": "LAPOR-2026-0003"},
        ]
        message = self.load(json.dumps(again).encode(), filename="second.json")
        self.assertEqual(
            [d["external_ref"] for d in message.result["duplicates"]], ["LAPOR-2026-0001", "LAPOR-2026-0003"]
        )
        self.assertEqual(Complaint.objects.filter(external_system="lapor").count(), 2)

    def test_a_csv_batch_reports_bad_lines_by_number_and_imports_the_rest(self):
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=adapter.FIELDS)
        writer.writeheader()
        writer.writerow(
            {"external_ref": "OMB-1", "title": "Pungli KTP", "description": "Diminta uang Rp50.000 untuk KTP."}
        )
        writer.writerow({"external_ref": "OMB-2", "title": "", "description": "tanpa judul sama sekali"})
        writer.writerow(
            {"external_ref": "OMB-3", "title": "x", "description": "tanggal salah", "created_at": "kemarin"}
        )
        writer.writerow({"external_ref": "OMB-4", "title": "Pendek", "description": "singkat"})
        message = self.load(out.getvalue().encode(), filename="ombudsman.csv", source="ombudsman")
        self.assertEqual([r["external_ref"] for r in message.result["imported"]], ["OMB-1"])
        errors = {e["line"]: e["error"] for e in message.result["errors"]}
        self.assertEqual(sorted(errors), [3, 4, 5])
        self.assertIn("title", errors[3])
        self.assertIn("created_at", errors[4])
        self.assertIn("10", errors[5])
        self.assertEqual(Complaint.objects.get(external_ref="OMB-1").channel, Channel.OMBUDSMAN)

    def test_an_unreadable_file_is_kept_and_marked_failed_with_the_reason(self):
        for content, name, reason in [
            (b"\xff\xfe\x00", "x.csv", "UTF-8"),
            (b'{"reports": 5}', "x.json", "daftar laporan"),
            (b"[{", "y.json", "JSON"),
            (b"judul,uraian\nA,B\n", "z.csv", "external_ref"),
        ]:
            with self.subTest(name=name):
                message = self.load(content, filename=name)
                self.assertEqual(message.state, InboundMessage.State.FAILED)
                self.assertIn(reason, message.error)
                self.assertEqual(bytes(message.raw), content)

    def test_nul_characters_are_dropped_and_the_report_still_filed(self):
        # PostgreSQL cannot store NUL in text or JSON: the complaint and the batch's result would fail.
        report = {
            **REPORTS[0],
            "external_ref": "LAPOR-\x002026-0009",
            "title": "Jalan\x00 berlubang",
            "description": "Lubang\x00 selebar satu meter di lajur kiri.",
            "reporter_name": "Ri\x00na",
        }
        message = self.load(json.dumps([report]).encode(), filename="kiriman\x00.json")
        self.assertEqual(message.state, InboundMessage.State.FILED, message.error)
        self.assertEqual(message.result["imported"][0]["external_ref"], "LAPOR-2026-0009")
        complaint = Complaint.objects.get(external_ref="LAPOR-2026-0009")
        self.assertEqual((complaint.title, complaint.reporter.name), ("Jalan berlubang", "Rina"))
        self.assertEqual(complaint.description, "Lubang selebar satu meter di lajur kiri.")

    def test_the_same_file_uploaded_twice_is_recognised(self):
        first = self.load(json.dumps(REPORTS).encode())
        second = self.load(json.dumps(REPORTS).encode())
        self.assertEqual(first.pk, second.pk)


class ExportTest(BaseTestCase):
    def test_the_export_carries_each_forwarded_reports_status_in_lapor_terms_and_the_answer(self):
        batch_import(
            jurisdiction=self.city,
            source="lapor",
            content=json.dumps(REPORTS).encode(),
            filename="b.json",
            actor=self.admin,
        )
        answered = Complaint.objects.get(external_ref="LAPOR-2026-0001")
        self.advance(
            answered,
            Action.VERIFY,
            Action.DISPATCH,
            Action.ANSWER,
            text="Sudah diperbaiki tanggal 3 Juni.",
            opd=self.opd_a,
        )
        self.submit()  # a web complaint: never exported
        self.client.force_login(self.admin)
        data = self.client.get("/kanal/lapor/ekspor/lapor.json").json()["reports"]
        self.assertEqual([r["external_ref"] for r in data], ["LAPOR-2026-0001", "LAPOR-2026-0002"])  # oldest first
        row = data[0]
        self.assertEqual((row["status"], row["lapor_status"]), ("answered", "Sudah Ditindaklanjuti"))
        self.assertEqual(row["answer"], "Sudah diperbaiki tanggal 3 Juni.")
        for leak in ("Rina", "rina@example.id"):
            self.assertNotIn(leak, json.dumps(data))
        rows = list(csv.DictReader(io.StringIO(self.client.get("/kanal/lapor/ekspor/lapor.csv").content.decode())))
        self.assertEqual(rows[0]["lapor_status"], "Sudah Ditindaklanjuti")
        self.assertEqual(self.client.get("/kanal/lapor/ekspor/lapor.csv?since=kemarin").status_code, 400)

    def test_every_status_has_a_lapor_name(self):
        from sigap.complaints.workflow import Status

        self.assertEqual(set(adapter.LAPOR_STATUS), set(Status))

    def test_the_import_page_reports_the_result_and_refuses_other_file_types(self):
        self.client.force_login(self.admin)
        upload = SimpleUploadedFile("b.json", json.dumps(REPORTS).encode(), content_type="application/json")
        response = self.client.post(
            "/kanal/lapor/impor/", {"source": "lapor", "jurisdiction": self.city.pk, "file": upload}
        )
        self.assertContains(response, "LAPOR-2026-0001")
        bad = SimpleUploadedFile("b.xlsx", b"PK\x03\x04", content_type="application/octet-stream")
        response = self.client.post(
            "/kanal/lapor/impor/", {"source": "lapor", "jurisdiction": self.city.pk, "file": bad}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, ".json", status_code=400)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600), st.sampled_from(["a.json", "a.csv"]))
def test_any_file_is_read_or_refused_with_a_reason(content, name):
    try:
        records, errors = adapter.parse(content, name)
    except adapter.BatchError as exc:
        assert str(exc)
    else:
        assert all(e.error for e in errors)
        assert all(r.external_ref and r.title and r.description for r in records)
