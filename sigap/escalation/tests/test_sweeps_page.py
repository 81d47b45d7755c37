"""The deadline sweep page: the complaint administrators read each run, what it did and what failed."""

from __future__ import annotations

from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from sigap.complaints import services as services_module
from sigap.complaints.workflow import Action
from sigap.escalation.models import SweepRun
from sigap.escalation.sweep import sweep
from sigap.escalation.tests.test_sweep import SweepTestCase, wib


class SweepsPageTest(SweepTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.closed = self.case(Action.VERIFY, Action.DISPATCH, Action.ANSWER, at=wib(2026, 3, 9, 10))
        self.failed = self.case(Action.VERIFY, Action.DISPATCH, Action.ANSWER, at=wib(2026, 3, 9, 11))

        with mock.patch.object(
            services_module, "EVENT_BATCH_OBSERVERS", [*services_module.EVENT_BATCH_OBSERVERS, self.failing]
        ):
            self.run = sweep(now=wib(2026, 4, 1, 8))
        self.url = reverse("escalation:sweeps")

    def failing(self, events) -> None:
        # An observer that cannot write for one case: the sweep records the error and goes on.
        if any(event.complaint_id == self.failed.pk for event in events):
            raise RuntimeError("broken row")

    def started(self, run: SweepRun) -> str:
        return formats.date_format(timezone.localtime(run.started_at), "j M Y H:i:s")

    def test_it_shows_each_run_with_what_it_did_and_what_failed(self):
        self.client.force_login(self.admin)
        page = self.client.get(self.url)
        self.assertContains(page, self.started(self.run))
        self.assertContains(page, "Ditutup karena pelapor tidak menanggapi: 1")
        self.assertContains(page, "1 pengaduan gagal")
        self.assertContains(page, reverse("backoffice:case", args=[self.failed.tracking_code]))
        self.assertContains(page, "RuntimeError: broken row")

    def test_another_jurisdictions_administrator_sees_the_failure_counted_but_not_the_case(self):
        self.client.force_login(self.admin_lain)
        page = self.client.get(self.url)
        self.assertContains(page, self.started(self.run))
        self.assertContains(page, "1 pengaduan gagal")
        self.assertContains(page, "pengaduan yurisdiksi lain")
        self.assertNotContains(page, self.failed.tracking_code)
        self.assertNotContains(page, "broken row")

    def test_a_run_still_going_and_an_empty_run_say_so(self):
        SweepRun.objects.create(started_at=timezone.now(), as_of=timezone.now())
        self.client.force_login(self.admin)
        page = self.client.get(self.url)
        self.assertContains(page, "masih berjalan")
        SweepRun.objects.all().delete()
        self.assertContains(self.client.get(self.url), "Pemeriksaan tenggat belum pernah berjalan.")

    def test_it_is_refused_to_every_other_role(self):
        for user in (self.warga, self.petugas_a, self.kepala_a, self.focal_a, self.inspektur, self.ombudsman):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 403)
        self.client.logout()
        page = self.client.get(self.url)
        self.assertRedirects(page, f"{reverse('accounts:login')}?next={self.url}", fetch_redirect_response=False)

    def test_more_runs_cost_no_more_queries(self):
        self.client.force_login(self.admin)
        with CaptureQueriesContext(connection) as one_run:
            self.client.get(self.url)
        for hour in (8, 10, 12):
            with mock.patch.object(
                services_module, "EVENT_BATCH_OBSERVERS", [*services_module.EVENT_BATCH_OBSERVERS, self.failing]
            ):
                sweep(now=wib(2026, 4, 2, hour))
        self.assertEqual(SweepRun.objects.exclude(errors=[]).count(), 4)
        with self.assertNumQueries(len(one_run)):
            self.client.get(self.url)
