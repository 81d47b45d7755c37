"""Early warnings: OPD and services crossing the thresholds, on each overseer's page."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from sigap.complaints.models import Complaint
from sigap.complaints.workflow import Action
from sigap.maladministration.services import classification_set
from sigap.oversight.early_warning import early_warnings
from sigap.oversight.models import Metric, WarningThreshold
from sigap.skm.services import survey_submit
from sigap.test import BaseTestCase


class EarlyWarningTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cases = [cls.advance(cls, cls.submit(cls)[0], Action.VERIFY, Action.DISPATCH) for _ in range(5)]
        # 3 of them show undue delay (default threshold: 3 in 90 days).
        for case in cases[:3]:
            classification_set(complaint=case, kinds=["penundaan_berlarut"], actor=cls.admin, acting_as="admin")
        # 2 of 5 open cases overdue = 40 % (default threshold 25 %, at least 5 cases).
        Complaint.objects.filter(pk__in=[c.pk for c in cases[:2]]).update(due_at=timezone.now() - timedelta(days=1))
        # 10 respondents answering 2 everywhere: IKM 50.00, below 76.61 (default, at least 10 responses).
        for _ in range(10):
            survey_submit(service=cls.service_a, answers={f"u{i}": 2 for i in range(1, 10)})
        # OPD B: one open case, on time; nothing to flag.
        cls.advance(cls, cls.submit(cls, category=cls.health)[0], Action.VERIFY, Action.DISPATCH)

    def test_each_crossed_threshold_is_flagged(self):
        flags = early_warnings(jurisdiction_ids=[self.city.pk])
        found = {(f.metric, f.subject, f.value) for f in flags}
        self.assertEqual(found, {
            (Metric.MALADMINISTRATION, "DPUPR", Decimal(3)),
            (Metric.OVERDUE_RATE, "DPUPR", Decimal("40.0")),
            (Metric.IKM_BELOW, "Persetujuan Bangunan Gedung", Decimal("50.00")),
        })  # fmt: skip

    def test_a_jurisdictions_own_threshold_overrides_the_default(self):
        WarningThreshold.objects.create(jurisdiction=self.city, metric=Metric.OVERDUE_RATE, value=50, min_cases=5)
        metrics = {f.metric for f in early_warnings(jurisdiction_ids=[self.city.pk])}
        self.assertNotIn(Metric.OVERDUE_RATE, metrics)

    def test_the_reopen_rate_is_flagged(self):
        for _ in range(4):
            self.advance(self.submit(category=self.health)[0], Action.VERIFY, Action.DISPATCH, Action.ANSWER)
        self.advance(self.submit(category=self.health)[0], Action.VERIFY, Action.DISPATCH, Action.ANSWER,
                     Action.REOPEN)  # fmt: skip
        # Dinkes (OPD B): 5 answered in the window, 1 reopened = 20 %, at the default threshold.
        flags = [f for f in early_warnings(jurisdiction_ids=[self.city.pk]) if f.metric == Metric.REOPEN_RATE]
        self.assertEqual([(f.subject, f.value, f.cases) for f in flags], [("Dinkes", Decimal("20.0"), 5)])

    def test_each_role_on_the_warnings_page(self):
        url = reverse("oversight:warnings")
        for user, status in {self.kepala_a: 200, self.inspektur: 200, self.ombudsman: 200, self.admin: 200,
                             self.petugas_a: 403, self.focal_a: 403, self.warga: 403}.items():  # fmt: skip
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url).status_code, status)

    def test_the_opd_head_sees_only_their_opd_and_a_banner_on_the_inbox(self):
        self.client.force_login(self.kepala_a)
        flags = self.client.get(reverse("oversight:warnings")).context["flags"]
        self.assertEqual({f.opd for f in flags}, {self.opd_a})
        self.assertContains(self.client.get(reverse("backoffice:inbox")), 'data-testid="early-warning-banner"')
        self.client.force_login(self.petugas_a)
        self.assertNotContains(self.client.get(reverse("backoffice:inbox")), 'data-testid="early-warning-banner"')

    def test_the_inspektorat_and_ombudsman_pages_show_the_flags(self):
        for user, url in ((self.inspektur, reverse("inspektorat:monitoring")),
                          (self.ombudsman, reverse("ombudsman:workspace"))):  # fmt: skip
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(url)
                self.assertEqual(len(response.context["flags"]), 3)
                self.assertContains(response, 'data-testid="early-warnings"')
