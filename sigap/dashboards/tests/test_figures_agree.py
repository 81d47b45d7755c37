"""One definition of "on time", the same figure on every page that shows it.

An OPD with one case answered by its deadline and one still open past its deadline is 50 % on time
for the follow-up stage: on the dashboard, the public statistics, the Inspektorat's report, the
performance page and the monthly (PDF) report. Before, the open overdue case counted nowhere and
every page but the Inspektorat's said 100 %.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.template.loader import render_to_string
from django.utils import timezone

from sigap.complaints.models import Complaint
from sigap.complaints.workflow import Action
from sigap.dashboards.metrics import Scope, figures, on_time_rate
from sigap.dashboards.rollups import rollups_rebuild
from sigap.exports.report import report_context
from sigap.test import BaseTestCase

FIGURE = re.compile(r'data-figure="completed-on-time"[^>]*>\s*([^<]*?)\s*<')


def shown(html: str) -> list[str]:
    """The follow-up on-time figures a page shows, as written, in the order they appear."""
    return [value.replace(",", ".").removesuffix("%").strip() for value in FIGURE.findall(html)]


class FiguresAgreeTests(BaseTestCase):
    def setUp(self) -> None:
        on_time, _ = self.submit(title="Jalan berlubang di depan SDN 3")
        self.advance(on_time, Action.VERIFY, Action.DISPATCH, Action.ACCEPT, Action.ANSWER)
        overdue, _ = self.submit(title="Saluran tersumbat di Jl. Pahlawan")
        overdue = self.advance(overdue, Action.VERIFY, Action.DISPATCH, Action.ACCEPT)
        # Time passes: the follow-up deadline of the second case is behind us, and it is not answered.
        Complaint.objects.filter(pk=overdue.pk).update(
            completion_due_at=timezone.now() - timedelta(days=2), due_at=timezone.now() - timedelta(days=2)
        )
        rollups_rebuild(jurisdiction=self.city)

    def test_an_open_case_past_its_deadline_counts_as_late(self):
        self.assertEqual(on_time_rate(on_time=1, finished=1, late_open=1), 50.0)
        self.assertIsNone(on_time_rate(on_time=0, finished=0, late_open=0))
        today = timezone.localdate()
        row = figures(scope=Scope(jurisdiction_ids=frozenset({self.city.pk})), start=today, end=today)[0]
        self.assertEqual((row.answered, row.answer_late_open, row.completion_on_time_rate), (1, 1, 50.0))

    def test_dashboard_statistics_inspektorat_performance_and_report_show_the_same_figure(self):
        pages: dict[str, list[str]] = {}
        pages["public statistics"] = shown(self.client.get(f"/statistik/{self.city.slug}/").content.decode())
        self.client.force_login(self.admin)
        pages["dashboard"] = shown(self.client.get("/staf/dasbor/").content.decode())
        self.client.force_login(self.inspektur)
        pages["inspektorat"] = shown(self.client.get(f"/staf/inspektorat/opd/{self.opd_a.pk}/").content.decode())
        self.client.force_login(self.kepala_a)
        pages["performance"] = shown(self.client.get(f"/staf/kinerja/opd/{self.opd_a.pk}/").content.decode())[:1]
        report = report_context(jurisdiction=self.city, opd=None, month=timezone.localdate().strftime("%Y-%m"))
        html = render_to_string("exports/monthly_report.html", report)
        pages["monthly report"] = [str(r["completion_on_time"]) for r in report["by_opd"]]
        self.assertIn(">50.0%<", html.replace(",", "."))
        as_numbers = {page: [float(v) for v in values] for page, values in pages.items()}
        self.assertEqual(as_numbers, {page: [50.0] for page in pages}, pages)
