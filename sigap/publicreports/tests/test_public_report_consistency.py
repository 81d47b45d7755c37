"""Public reports agree with their cases after every change; check_consistency finds one that does not."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from sigap.complaints.workflow import Action, Status
from sigap.escalation.sweep import sweep
from sigap.publicreports.models import PublicReport
from sigap.publicreports.services import public_report_confirm, public_report_create
from sigap.search.consistency import disagreements
from sigap.test import BaseTestCase


class PublicReportConsistencyTest(BaseTestCase):
    def test_reports_agree_with_their_cases_through_the_lifecycle_and_a_sweep(self) -> None:
        complaint, _secret = self.submit()
        report = public_report_create(complaint=complaint)
        self.advance(complaint, Action.VERIFY)
        public_report_confirm(report=report, title=report.title, summary=report.summary, actor=self.admin)
        self.advance(complaint, Action.DISPATCH, Action.ACCEPT, Action.ANSWER, text="Sudah ditambal.")
        self.assertEqual(list(disagreements()), [])
        sweep(now=timezone.now() + timedelta(days=60))
        report.refresh_from_db()
        self.assertEqual((report.status, report.is_published), (Status.CLOSED, True))
        self.assertEqual(list(disagreements()), [])

    def test_a_report_left_behind_is_reported_and_the_named_repair_fixes_it(self) -> None:
        complaint, _secret = self.submit()
        report = public_report_create(complaint=complaint)
        self.advance(complaint, Action.VERIFY)
        public_report_confirm(report=report, title=report.title, summary=report.summary, actor=self.admin)
        PublicReport.objects.filter(pk=report.pk).update(status=Status.RECEIVED, is_published=False)
        self.assertEqual(
            [(d.table, d.key, d.problem) for d in disagreements()],
            [("publicreports_publicreport", report.pk, "differs")],
        )
        with self.assertRaisesMessage(CommandError, "manage.py public_reports_refresh"):
            call_command("check_consistency", stdout=io.StringIO())
        call_command("public_reports_refresh", stdout=io.StringIO())
        report.refresh_from_db()
        self.assertEqual((report.status, report.is_published), (Status.VERIFIED, True))
        self.assertEqual(list(disagreements()), [])
