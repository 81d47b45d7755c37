"""The Inspektorat's monitoring view, explanation requests and the evaluation report."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sigap.accounts.models import Role
from sigap.accounts.services import role_grant
from sigap.complaints.models import Complaint
from sigap.complaints.services import complaint_rate
from sigap.complaints.workflow import Action
from sigap.oversight.models import InformationRequest, Requester
from sigap.test import BaseTestCase, make_user


class MonitoringTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.walikota = make_user("walikota")
        role_grant(user=cls.walikota, role=Role.LEADER, jurisdiction=cls.city, actor=None)
        cls.overdue = cls.advance(cls, cls.submit(cls)[0], Action.VERIFY, Action.DISPATCH)
        Complaint.objects.filter(pk=cls.overdue.pk).update(due_at=timezone.now() - timedelta(days=2))
        cls.open_b = cls.advance(cls, cls.submit(cls, category=cls.health)[0], Action.VERIFY, Action.DISPATCH)
        reopened = cls.advance(cls, cls.submit(cls)[0], Action.VERIFY, Action.DISPATCH, Action.ANSWER, Action.REOPEN)
        cls.reopened = reopened
        closed = cls.advance(cls, cls.submit(cls)[0], Action.VERIFY, Action.DISPATCH, Action.ANSWER, Action.CONFIRM)
        cls.poor = complaint_rate(complaint=closed, rating=1)

    def test_each_role_on_the_monitoring_page(self):
        expectations = {self.inspektur: 200, self.walikota: 200, self.ombudsman: 403, self.admin: 403,
                        self.petugas_a: 403, self.kepala_a: 403, self.focal_a: 403, self.admin_lain: 403}  # fmt: skip
        for user, status in expectations.items():
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(reverse("inspektorat:monitoring")).status_code, status)

    def test_each_opd_row_counts_open_overdue_reopened_and_poorly_rated(self):
        self.client.force_login(self.inspektur)
        response = self.client.get(reverse("inspektorat:monitoring"))
        rows = {r.opd: r for r in response.context["rows"]}
        a = rows[self.opd_a]
        self.assertEqual((a.received, a.open, a.overdue, a.reopened, a.rated, a.poorly_rated), (3, 2, 1, 1, 1, 1))
        self.assertEqual((rows[self.opd_b].open, rows[self.opd_b].overdue), (1, 0))
        self.assertEqual(response.context["rows"][0].opd, self.opd_a)  # the worst overdue share first
        self.assertIn(self.reopened, response.context["reopened"])
        self.assertEqual(response.context["poorly_rated"], [self.poor])
        self.assertEqual(response.context["slowest"][0], self.overdue)

    def test_the_page_costs_the_same_queries_for_few_or_many_cases(self):
        self.client.force_login(self.inspektur)
        self.client.get(reverse("inspektorat:monitoring"))
        with CaptureQueriesContext(connection) as few:
            self.client.get(reverse("inspektorat:monitoring"))
        for _ in range(15):
            self.advance(self.submit(category=self.health)[0], Action.VERIFY, Action.DISPATCH)
        with CaptureQueriesContext(connection) as many:
            self.client.get(reverse("inspektorat:monitoring"))
        self.assertEqual(len(few), len(many))


class EvaluationTest(MonitoringTest):
    def test_each_role_on_the_report_page(self):
        url = reverse("inspektorat:opd_report", args=[self.opd_a.pk])
        for user, status in {self.inspektur: 200, self.walikota: 200, self.ombudsman: 404, self.kepala_a: 404,
                             self.admin_lain: 404}.items():  # fmt: skip
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url).status_code, status)

    def test_the_report_counts_the_period_and_downloads_as_csv(self):
        self.client.force_login(self.inspektur)
        year = timezone.localdate().year
        url = reverse("inspektorat:opd_report", args=[self.opd_a.pk])
        report = self.client.get(url, {"year": year}).context["report"]
        self.assertEqual((report.totals["received"], report.totals["answered"], report.totals["reopened"]), (3, 2, 1))
        self.assertEqual(report.ratings[1], 1)
        response = self.client.get(url, {"year": year, "format": "csv"})
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        self.assertEqual(rows[0][:2], ["OPD", "DPUPR"])
        self.assertIn(["Total", "3", "2", str(report.totals["answered_on_time"]), "1"], [r[:5] for r in rows])

    def test_only_the_inspektorat_asks_an_opd_for_an_explanation(self):
        url = reverse("inspektorat:explanation", args=[self.opd_a.pk])
        data = {"kind": "explanation", "opd": self.opd_a.pk, "subject": "Keterlambatan tindak lanjut",
                "questions": "Mohon penjelasan atas pengaduan yang melewati tenggat.",
                "complaint_code": self.overdue.tracking_code}  # fmt: skip
        self.client.force_login(self.walikota)
        self.assertEqual(self.client.post(url, data).status_code, 403)
        self.client.force_login(self.inspektur)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(url, data)
        request = InformationRequest.objects.get()
        self.assertEqual((request.requester, request.kind, request.opd, request.complaint),
                         (Requester.INSPEKTORAT, "explanation", self.opd_a, self.overdue))  # fmt: skip
        # The OPD head answers it like a clarification.
        self.client.force_login(self.kepala_a)
        self.assertEqual(self.client.get(reverse("oversight:request", args=[request.pk])).status_code, 200)
        self.client.force_login(self.ombudsman)
        self.assertEqual(self.client.get(reverse("oversight:request", args=[request.pk])).status_code, 404)
