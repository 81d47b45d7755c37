"""Training records: sessions, material, participants per OPD, attendance and certificates."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sigap.audit.models import AuditEntry
from sigap.test import BaseTestCase
from sigap.training.models import Participation, TrainingSession
from sigap.training.services import training_attendance_set, training_create, training_participants_add

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class TrainingTest(BaseTestCase):
    def setUp(self):
        self.session = training_create(
            jurisdiction=self.city,
            title="Sosialisasi pengelolaan pengaduan oleh Ombudsman",
            kind=TrainingSession.Kind.SOSIALISASI,
            organiser="Ombudsman RI Perwakilan Jawa Timur",
            starts_on=date(2026, 11, 10),
            ends_on=date(2026, 11, 10),
            hours=4,
            actor=self.kepegawaian,
        )

    def test_the_staff_administrator_records_a_session(self):
        self.client.force_login(self.kepegawaian)
        response = self.client.post(
            reverse("training:create"),
            {"title": "Bimtek SP4N-LAPOR!", "kind": "bimtek", "organiser": "KemenPANRB", "starts_on": "2026-12-01",
             "ends_on": "2026-12-02", "hours": "8"},
        )  # fmt: skip
        session = TrainingSession.objects.get(title="Bimtek SP4N-LAPOR!")
        self.assertRedirects(response, reverse("training:detail", args=[session.pk]))
        self.assertEqual((session.jurisdiction, session.created_by), (self.city, self.kepegawaian))

    def test_a_session_cannot_end_before_it_starts(self):
        self.client.force_login(self.kepegawaian)
        response = self.client.post(
            reverse("training:create"),
            {
                "title": "X",
                "kind": "bimtek",
                "organiser": "Y",
                "starts_on": "2026-12-02",
                "ends_on": "2026-12-01",
                "hours": "1",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(TrainingSession.objects.filter(title="X").exists())

    def test_only_the_staff_administrator_manages_sessions(self):
        for user in (self.admin, self.kepala_a, self.inspektur):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(reverse("training:create")).status_code, 403)
                url = reverse("training:attendance", args=[self.session.pk])
                self.assertEqual(self.client.post(url, {"attended": [self.petugas_a.pk]}).status_code, 403)

    def test_another_citys_staff_administrator_does_not_see_the_session(self):
        self.client.force_login(self.kepegawaian_lain)
        self.assertEqual(self.client.get(reverse("training:detail", args=[self.session.pk])).status_code, 404)

    def test_registering_a_whole_opd_brings_its_officers_head_and_focal_point(self):
        self.client.force_login(self.kepegawaian)
        self.client.post(reverse("training:participants", args=[self.session.pk]), {"opds": [self.opd_a.pk]})
        self.assertEqual(
            set(self.session.participants.values_list("user__username", "opd__code")),
            {("petugas_a", "dpupr"), ("kepala_a", "dpupr"), ("focal_a", "dpupr")},
        )
        self.assertTrue(AuditEntry.objects.filter(action="training.participants").exists())

    def test_material_goes_through_the_upload_checks(self):
        self.client.force_login(self.kepegawaian)
        url = reverse("training:material_add", args=[self.session.pk])
        self.client.post(url, {"title": "Materi", "attachments": SimpleUploadedFile("materi.pdf", PDF)})
        self.client.post(url, {"title": "Skrip", "attachments": SimpleUploadedFile("x.pdf", b"#!/bin/sh\nrm -rf /\n")})
        self.assertEqual(list(self.session.materials.values_list("title", flat=True)), ["Materi"])
        material = self.session.materials.get()
        self.client.force_login(self.petugas_b)  # any staff of the city may read the material
        response = self.client.get(reverse("training:material", args=[self.session.pk, material.pk]))
        self.assertEqual(b"".join(response.streaming_content), PDF)

    def test_attendance_gives_a_certificate_pdf_to_attendees_only(self):
        training_participants_add(session=self.session, opds=[self.opd_a], actor=self.kepegawaian)
        self.client.force_login(self.kepegawaian)
        self.client.post(reverse("training:attendance", args=[self.session.pk]), {"attended": [self.petugas_a.pk]})
        present = Participation.objects.get(user=self.petugas_a)
        absent = Participation.objects.get(user=self.kepala_a)
        self.assertTrue(present.attended and present.certificate_number)
        self.assertFalse(absent.attended or absent.certificate_number)
        self.client.force_login(self.petugas_a)
        response = self.client.get(reverse("training:certificate", args=[present.pk]))
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))
        self.assertEqual(self.client.get(reverse("training:certificate", args=[absent.pk])).status_code, 404)

    def test_the_certificate_names_the_participant_and_the_training(self):
        import shutil
        import subprocess

        if shutil.which("pdftotext") is None:
            self.skipTest("pdftotext (poppler-utils) is not installed")
        training_participants_add(session=self.session, users=[self.petugas_a], actor=self.kepegawaian)
        training_attendance_set(session=self.session, attended_user_ids={self.petugas_a.pk}, actor=self.kepegawaian)
        self.petugas_a.first_name, self.petugas_a.last_name = "Andi", "Wijaya"
        self.petugas_a.save()
        self.client.force_login(self.kepala_a)  # the officer's OPD head may print it too
        pdf = self.client.get(reverse("training:certificate", args=[Participation.objects.get().pk])).content
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        self.assertIn("Andi Wijaya", text)
        self.assertIn("SERTIFIKAT", text)
        self.assertIn("Sosialisasi pengelolaan pengaduan oleh Ombudsman", text)

    def test_another_opd_cannot_print_someone_elses_certificate(self):
        training_participants_add(session=self.session, users=[self.petugas_a], actor=self.kepegawaian)
        training_attendance_set(session=self.session, attended_user_ids={self.petugas_a.pk}, actor=self.kepegawaian)
        self.client.force_login(self.petugas_b)
        url = reverse("training:certificate", args=[Participation.objects.get().pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_each_opd_sees_which_of_its_officers_were_trained_on_what_and_when(self):
        training_participants_add(session=self.session, opds=[self.opd_a, self.opd_b], actor=self.kepegawaian)
        training_attendance_set(
            session=self.session, attended_user_ids={self.petugas_a.pk, self.petugas_b.pk}, actor=self.kepegawaian
        )
        url = reverse("training:opd", args=[self.opd_a.pk])
        self.client.force_login(self.kepala_a)
        rows = self.client.get(url).context["rows"]
        self.assertEqual(
            {(p.user.username, p.session.title, p.session.starts_on, p.attended) for p in rows},
            {
                ("petugas_a", self.session.title, date(2026, 11, 10), True),
                ("kepala_a", self.session.title, date(2026, 11, 10), False),
                ("focal_a", self.session.title, date(2026, 11, 10), False),
            },
        )
        for user, status in (
            (self.inspektur, 200),
            (self.kepegawaian, 200),
            (self.petugas_b, 404),
            (self.admin_lain, 404),
        ):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url).status_code, status)
