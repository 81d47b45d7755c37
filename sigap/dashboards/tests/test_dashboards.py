"""Dashboards per role, the public statistics page, and the figures behind them."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sigap.complaints.services import ReporterDetails, complaint_rate
from sigap.complaints.workflow import Action
from sigap.dashboards.metrics import Scope, figures
from sigap.dashboards.rollups import rollups_rebuild, rollups_refresh
from sigap.test import BaseTestCase

WIB = ZoneInfo("Asia/Jakarta")


class FiguresTests(BaseTestCase):
    def test_on_time_rates_count_indonesian_working_days(self) -> None:
        """Verification within 3 working days (LAPOR! FAQ; PermenPANRB 62/2018): a weekend does not count."""
        friday = datetime(2026, 11, 13, 9, 0, tzinfo=WIB)
        with time_machine.travel(friday, tick=False):
            late, _ = self.submit()
            on_time, _ = self.submit()
        # Wednesday 18 November is the 3rd working day after Friday: on time.
        with time_machine.travel(datetime(2026, 11, 18, 10, 0, tzinfo=WIB), tick=False):
            self.advance(on_time, Action.VERIFY)
        # Thursday 19 November is the 4th: late.
        with time_machine.travel(datetime(2026, 11, 19, 10, 0, tzinfo=WIB), tick=False):
            self.advance(late, Action.VERIFY)
        rollups_rebuild(jurisdiction=self.city)
        total = figures(
            scope=Scope(jurisdiction_ids=frozenset({self.city.pk})), start=friday.date(), end=friday.date()
        )[0]
        self.assertEqual((total.received, total.verified, total.verified_on_time), (2, 2, 1))
        self.assertEqual(total.verification_on_time_rate, 50.0)

    def test_answers_reopens_and_ratings_are_counted_per_opd(self) -> None:
        a, _ = self.submit()
        b, _ = self.submit()
        self.advance(a, Action.VERIFY, Action.DISPATCH, Action.ACCEPT, Action.ANSWER, Action.CONFIRM)
        complaint_rate(complaint=a, rating=4)
        self.advance(b, Action.VERIFY, Action.DISPATCH, Action.ACCEPT, Action.ANSWER, Action.REOPEN)
        self.submit(category=self.health)
        rollups_rebuild(jurisdiction=self.city)
        scope = Scope(jurisdiction_ids=frozenset({self.city.pk}))
        today = a.created_at.astimezone(WIB).date()
        by_opd = {f.key: f for f in figures(scope=scope, start=today, end=today, group_by="opd")}
        self.assertEqual(by_opd[self.opd_a.pk].received, 2)
        self.assertEqual(by_opd[self.opd_a.pk].answered, 2)
        self.assertEqual(by_opd[self.opd_a.pk].reopen_rate, 50.0)
        self.assertEqual(by_opd[self.opd_a.pk].average_rating, 4)
        self.assertEqual(by_opd[self.opd_a.pk].average_workdays_to_answer, 0)
        self.assertEqual(by_opd[None].received, 1)  # not dispatched yet
        by_officer = {f.key: f.answered for f in figures(scope=scope, start=today, end=today, group_by="officer")}
        self.assertEqual(by_officer[self.petugas_a.pk], 2)

    def test_a_refresh_rewrites_only_the_days_of_changed_cases(self) -> None:
        old, _ = self.submit()
        rollups_rebuild(jurisdiction=self.city)
        with time_machine.travel(timezone_now() + timedelta(minutes=30)):
            self.advance(old, Action.VERIFY)
            rollups_refresh(jurisdiction=self.city)
        day = old.created_at.astimezone(WIB).date()
        total = figures(scope=Scope(jurisdiction_ids=frozenset({self.city.pk})), start=day, end=day)[0]
        self.assertEqual(total.verified, 1)


def timezone_now() -> datetime:
    from django.utils import timezone

    return timezone.now()


class DashboardPageTests(BaseTestCase):
    def setUp(self) -> None:
        self.road, _ = self.submit(lat=-7.64, lng=112.9)
        self.advance(self.road, Action.VERIFY, Action.DISPATCH)
        self.clinic, _ = self.submit(
            category=self.health,
            lat=-7.65,
            lng=112.91,
            is_confidential=True,
            title="Rahasia puskesmas",
            reporter=ReporterDetails(name="Wulandari Kusumawati"),
        )
        self.advance(self.clinic, Action.VERIFY, Action.DISPATCH)
        rollups_rebuild(jurisdiction=self.city)

    def test_each_role_sees_the_figures_of_their_reach(self) -> None:
        whole = [self.admin, self.inspektur, self.ombudsman]
        for user in whole:
            self.client.force_login(user)
            response = self.client.get(reverse("dashboards:dashboard"))
            self.assertEqual(response.status_code, 200, user)
            self.assertEqual(response.context["total"].received, 2, user)
        for user in (self.petugas_a, self.kepala_a, self.focal_a):
            self.client.force_login(user)
            response = self.client.get(reverse("dashboards:dashboard"))
            self.assertEqual(response.context["total"].received, 1, user)
            self.assertEqual([r["label"] for r in response.context["by_opd"]], ["DPUPR"])
        self.client.force_login(self.petugas_b)
        self.assertEqual(self.client.get(reverse("dashboards:dashboard")).context["total"].received, 1)
        self.client.force_login(self.admin_lain)
        self.assertEqual(self.client.get(reverse("dashboards:dashboard")).context["total"].received, 0)

    def test_people_without_a_role_get_no_dashboard(self) -> None:
        self.client.force_login(self.warga)
        self.assertEqual(self.client.get(reverse("dashboards:dashboard")).status_code, 403)
        self.client.force_login(self.sysadmin)
        self.assertIn(self.client.get(reverse("dashboards:dashboard")).status_code, (403, 404))
        self.client.logout()
        self.assertEqual(self.client.get(reverse("dashboards:dashboard")).status_code, 302)

    def test_the_dashboard_costs_the_same_queries_whatever_the_data(self) -> None:
        self.client.force_login(self.admin)
        self.client.get(reverse("dashboards:dashboard"))
        with CaptureQueriesContext(connection) as few:
            self.client.get(reverse("dashboards:dashboard"))
        for _ in range(5):
            self.submit(category=self.health)
        rollups_rebuild(jurisdiction=self.city)
        with CaptureQueriesContext(connection) as more:
            self.client.get(reverse("dashboards:dashboard"))
        self.assertEqual(len(few), len(more))
        # Session, user, second-factor device and roles, then the page itself.
        self.assertLessEqual(len(more), 19)

    def test_the_staff_map_shows_only_cases_the_user_may_open(self) -> None:
        self.client.force_login(self.petugas_a)
        points = self.client.get(reverse("dashboards:map")).json()["points"]
        self.assertEqual([p["code"] for p in points], [self.road.tracking_code])
        self.client.force_login(self.petugas_b)
        points = self.client.get(reverse("dashboards:map")).json()["points"]
        self.assertEqual([p["code"] for p in points], [self.clinic.tracking_code])

    def test_the_public_page_shows_figures_without_personal_data(self) -> None:
        """UU 27/2022 and SP4N-LAPOR! *rahasia*: no identity or confidential case in public output."""
        response = self.client.get(reverse("dashboards:public_jurisdiction", args=[self.city.slug]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["total"].received, 2)
        self.assertNotContains(response, "Wulandari")
        self.assertNotContains(response, "Rahasia puskesmas")
        self.assertNotContains(response, self.road.tracking_code)
        points = self.client.get(reverse("dashboards:public_map", args=[self.city.slug])).json()["points"]
        self.assertEqual(points, [[-7.64, 112.9]])  # the confidential case is left off, no text at all

    def test_the_public_page_of_an_unknown_jurisdiction_is_not_found(self) -> None:
        self.assertEqual(
            self.client.get(reverse("dashboards:public_jurisdiction", args=["tidak-ada"])).status_code, 404
        )
        office = self.ombudsman_office  # type: ignore[attr-defined]
        self.assertEqual(
            self.client.get(reverse("dashboards:public_jurisdiction", args=[office.slug])).status_code, 404
        )


class FirstComputationTests(BaseTestCase):
    def test_a_jurisdiction_never_computed_gets_its_figures_from_the_job(self) -> None:
        self.submit()
        self.client.force_login(self.admin)
        # The view queues the job on commit; the test worker (huey, immediate mode) runs it.
        with self.captureOnCommitCallbacks(execute=True):
            first = self.client.get(reverse("dashboards:dashboard"))
        self.assertContains(first, "belum dihitung")
        second = self.client.get(reverse("dashboards:dashboard"))
        self.assertEqual(second.context["total"].received, 1)


class LeaderAndMonthsTests(BaseTestCase):
    def test_the_regional_leader_sees_the_whole_jurisdiction(self) -> None:
        from sigap.accounts.models import Role
        from sigap.accounts.services import role_grant
        from sigap.test import make_user

        leader = make_user("walikota")
        role_grant(user=leader, role=Role.LEADER, jurisdiction=self.city, actor=None)
        self.submit()
        self.submit(category=self.health)
        rollups_rebuild(jurisdiction=self.city)
        self.client.force_login(leader)
        response = self.client.get(reverse("dashboards:dashboard"))
        self.assertEqual(response.context["total"].received, 2)
        self.assertEqual(len(response.context["by_opd"]), 1)  # neither is with an OPD yet

    def test_monthly_and_daily_figures_agree(self) -> None:
        a, _ = self.submit()
        self.advance(a, Action.VERIFY, Action.DISPATCH, Action.ACCEPT, Action.ANSWER)
        self.submit(category=self.health)
        rollups_rebuild(jurisdiction=self.city)
        scope = Scope(jurisdiction_ids=frozenset({self.city.pk}))
        today = a.created_at.astimezone(WIB).date()
        first = today.replace(day=1)
        whole_month = figures(scope=scope, start=first, end=today, group_by="category")  # monthly rows
        by_days = figures(scope=scope, start=first, end=today, group_by="day")  # daily rows
        self.assertEqual(sum(f.received for f in whole_month), sum(f.received for f in by_days))
        self.assertEqual(sum(f.answered for f in whole_month), 1)
