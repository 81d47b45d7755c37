"""Performance figures from known cases, in working days (numbers worked out by hand below)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from sigap.complaints.services import (
    ReporterDetails,
    Submission,
    complaint_rate,
    complaint_submit,
    complaint_transition,
)
from sigap.complaints.workflow import Action, Actor
from sigap.performance import metrics
from sigap.test import BaseTestCase

WIB = ZoneInfo("Asia/Jakarta")


def at(day, hour=10):
    return datetime(2026, day[0], day[1], hour, tzinfo=WIB)


class KnownCases(BaseTestCase):
    """Four cases dispatched to DPUPR on Monday 2 November 2026 (no holidays that month).

    1. petugas_a accepts Wed 4 Nov (2 working days), answers Mon 9 Nov (5); confirmed, rated 5.
    2. verified on 1 Sep (follow-up due 31 Oct), dispatched 2 Nov; kepala_a accepts Tue 10 Nov (6, late:
       the 5-working-day first response was due Mon 9 Nov); petugas_a answers Thu 12 Nov (8, after the
       follow-up deadline); the reporter reopens.
    3. petugas_a answers straight away Fri 6 Nov (4); confirmed, rated 3.
    4. not yet touched.
    """

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()

        def move(case, action, who, when, capacity=Actor.OPD, **extra):
            return complaint_transition(
                complaint=case, action=action, actor=who, acting_as=capacity, now=when, text="Tindak lanjut.", **extra
            )

        cls.cases = []
        for n in range(4):
            case, _ = complaint_submit(
                submission=Submission(
                    jurisdiction=cls.city,
                    title="Jalan berlubang",
                    description="Lubang besar di depan sekolah membahayakan pengendara.",
                    category=cls.roads,
                    reporter=ReporterDetails(name="Budi"),
                ),
                now=at((9, 1) if n == 1 else (11, 2), 8),
            )
            case = move(case, Action.VERIFY, cls.admin, at((9, 1) if n == 1 else (11, 2), 9), Actor.ADMIN)
            case = move(case, Action.DISPATCH, cls.admin, at((11, 2), 10), Actor.ADMIN)
            cls.cases.append(case)
        c1, c2, c3, _ = cls.cases
        c1 = move(c1, Action.ACCEPT, cls.petugas_a, at((11, 4)))
        c1 = move(c1, Action.ANSWER, cls.petugas_a, at((11, 9)))
        c1 = move(c1, Action.CONFIRM, None, at((11, 10)), Actor.REPORTER)
        complaint_rate(complaint=c1, rating=5)
        c2 = move(c2, Action.ACCEPT, cls.kepala_a, at((11, 10)))
        c2 = move(c2, Action.ANSWER, cls.petugas_a, at((11, 12)))
        move(c2, Action.REOPEN, None, at((11, 13)), Actor.REPORTER)
        c3 = move(c3, Action.ANSWER, cls.petugas_a, at((11, 6)))
        c3 = move(c3, Action.CONFIRM, None, at((11, 9)), Actor.REPORTER)
        complaint_rate(complaint=c3, rating=3)
        cls.since, cls.until = at((11, 1), 0), at((12, 1), 0)


class OpdFiguresTest(KnownCases):
    def test_the_opds_figures(self):
        """First response within 5 working days of dispatch: SP4N-LAPOR! (docs/legal-sources.md 2b)."""
        figures = metrics.opd_figures(opd_ids=[self.opd_a.pk], since=self.since, until=self.until)[self.opd_a.pk]
        self.assertEqual(
            figures,
            metrics.Figures(
                cases=4,
                answered=3,
                days_to_first_response=4.0,  # median of 2, 6, 4
                days_to_answer=5.0,  # median of 5, 8, 4
                # 1 and 3 on time, 2 late, 4 still open without a first response long after its deadline: late
                first_response_on_time=2 / 4,
                answer_on_time=2 / 3,
                reopen_rate=1 / 3,
                rating=4.0,
                ratings=2,
            ),
        )

    def test_cases_dispatched_outside_the_window_do_not_count(self):
        figures = metrics.opd_figures(opd_ids=[self.opd_a.pk], since=self.until, until=at((12, 31)))
        self.assertEqual(figures, {})

    def test_the_figures_cost_one_query_however_many_cases(self):
        with self.assertNumQueries(1 + 4):  # cases; then the jurisdiction, calendar overrides, category, time limit
            metrics.opd_figures(opd_ids=[self.opd_a.pk], since=self.since, until=self.until)


class OfficerFiguresTest(KnownCases):
    def test_each_officer_is_credited_with_their_own_actions(self):
        figures = metrics.officer_figures(
            user_ids=[self.petugas_a.pk, self.kepala_a.pk, self.petugas_b.pk], since=self.since, until=self.until
        )
        self.assertEqual(
            figures[self.petugas_a.pk],
            metrics.Figures(
                cases=3,
                answered=3,
                days_to_first_response=3.0,  # cases 1 (2) and 3 (4): their action was the first
                days_to_answer=5.0,
                first_response_on_time=1.0,
                answer_on_time=2 / 3,
                reopen_rate=1 / 3,
                rating=4.0,
                ratings=2,
            ),
        )
        self.assertEqual(
            figures[self.kepala_a.pk],
            metrics.Figures(cases=1, answered=0, days_to_first_response=6.0, first_response_on_time=0.0),
        )
        self.assertNotIn(self.petugas_b.pk, figures)

    def test_a_monthly_trend_puts_the_cases_in_their_month(self):
        trend = metrics.trend(
            opd_id=self.opd_a.pk, months=metrics.month_starts(at((11, 30)).date(), 3), jurisdiction=self.city
        )
        self.assertEqual([(m.month, f.cases, f.answered) for m, f in trend], [(9, 0, 0), (10, 0, 0), (11, 4, 3)])


class PerformancePageTest(KnownCases):
    def test_who_sees_what(self):
        opd_url = reverse("performance:opd", args=[self.opd_a.pk])
        officer_url = reverse("performance:officer", args=[self.petugas_a.pk])
        expected = {
            self.petugas_a: (200, 200),  # their own figures and their OPD's totals
            self.kepala_a: (200, 200),
            self.inspektur: (200, 200),
            self.petugas_b: (404, 404),
            self.focal_a: (404, 404),
            self.admin: (404, 404),
            self.ombudsman: (404, 404),
            self.admin_lain: (404, 404),
            self.kepegawaian: (404, 404),
        }
        for user, (opd_status, officer_status) in expected.items():
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(opd_url).status_code, opd_status)
                self.assertEqual(self.client.get(officer_url).status_code, officer_status)

    def test_officers_do_not_see_each_others_figures(self):
        self.client.force_login(self.petugas_a)
        response = self.client.get(reverse("performance:opd", args=[self.opd_a.pk]))
        self.assertIsNone(response.context["officers"])
        self.assertEqual(self.client.get(reverse("performance:officer", args=[self.kepala_a.pk])).status_code, 404)

    def test_the_head_sees_the_officers_and_a_chart(self):
        self.client.force_login(self.kepala_a)
        response = self.client.get(reverse("performance:opd", args=[self.opd_a.pk]))
        self.assertEqual({u.username for u, _ in response.context["officers"]}, {"petugas_a", "kepala_a"})
        self.assertContains(response, 'id="trend-chart"')
        self.assertContains(response, "chartjs-4.6.1/chart.umd.min.js")
