"""SKM sample size: the Krejcie–Morgan minimum for a unit's yearly population (PermenPANRB 14/2017).

PermenPANRB 14/2017 (Lampiran, as restated — docs/legal-sources.md §6c) takes the minimum number of respondents
from the Krejcie & Morgan (1970) table: s = X²·N·P(1−P) / (d²·(N−1) + X²·P(1−P)), X² = 3.841, P = 0.5, d = 0.05.
"""

from __future__ import annotations

import math
from datetime import timedelta

from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from sigap.oversight.early_warning import early_warnings
from sigap.oversight.models import Metric
from sigap.skm.models import SampleSize
from sigap.skm.sampling import minimum_sample, sample_adequate
from sigap.skm.services import survey_submit
from sigap.test import BaseTestCase


class TableTest(TestCase):
    def test_every_row_follows_the_formula(self):
        rows = list(SampleSize.objects.values_list("population", "minimum"))
        self.assertEqual(len(rows), 90)
        for population, minimum in rows:
            exact = 3.841 * population * 0.25 / (0.0025 * (population - 1) + 3.841 * 0.25)
            with self.subTest(population=population):
                self.assertIn(minimum, {round(exact), math.ceil(exact)})

    def test_worked_examples(self):
        """N = 100 → 80; N = 1,500 → 306; N = 1,450 (between 1,400 → 302 and 1,500 → 306) → 306, the safer row;
        N = 2,000,000 (beyond the table) → 384; population unknown → not judged."""
        self.assertEqual(minimum_sample(100), 80)
        self.assertEqual(minimum_sample(1500), 306)
        self.assertEqual(minimum_sample(1450), 306)
        self.assertEqual(minimum_sample(2_000_000), 384)
        self.assertIsNone(minimum_sample(None))

    def test_each_edge_of_adequacy(self):
        """A unit serving 1,500 people a year: 305 respondents are not enough, 306 are."""
        self.assertIs(sample_adequate(305, 1500), False)
        self.assertIs(sample_adequate(306, 1500), True)
        self.assertIsNone(sample_adequate(5, None))


@override_settings(LANGUAGE_CODE="id")
class ResultsShowTheSampleTest(BaseTestCase):
    def answer(self, times: int, value: int = 3) -> None:
        for _ in range(times):
            survey_submit(service=self.service_a, answers={f"u{i}": value for i in range(1, 10)})

    def test_a_unit_below_the_minimum_is_marked(self):
        """Unit serving 10 people a year → minimum 10 (table row N = 10). 9 respondents: 'sampel belum memadai'."""
        self.unit_a.yearly_population = 10
        self.unit_a.save()
        self.answer(9)
        self.client.force_login(self.inspektur)
        page = self.client.get(reverse("skm:results"), {"year": timezone.localdate().year}, HTTP_ACCEPT_LANGUAGE="id")
        self.assertContains(page, f'data-testid="sample-{self.unit_a.pk}"')
        self.assertContains(page, "sampel belum memadai")
        unit_page = self.client.get(reverse("skm:unit_results", args=[self.unit_a.pk]))
        self.assertContains(unit_page, 'data-testid="sample"')

        self.answer(1)
        page = self.client.get(reverse("skm:results"), {"year": timezone.localdate().year})
        self.assertNotContains(page, f'data-testid="sample-{self.unit_a.pk}"')
        self.assertContains(page, f'data-testid="respondents-{self.unit_a.pk}">10<')


class EarlyWarningNeedsAnAdequateSampleTest(BaseTestCase):
    def test_a_low_ikm_on_too_small_a_sample_raises_no_warning(self):
        """10 respondents answering 2 everywhere: IKM 50.00, below 76.61 (default, at least 10 responses).
        Unit serving 100 people a year: minimum 80 → no warning; population unknown → the warning as before."""
        for _ in range(10):
            survey_submit(service=self.service_a, answers={f"u{i}": 2 for i in range(1, 10)})

        def ikm_flags():
            now = timezone.now() + timedelta(seconds=1)
            return [f for f in early_warnings(jurisdiction_ids=[self.city.pk], now=now) if f.metric == Metric.IKM_BELOW]

        self.assertEqual(len(ikm_flags()), 1)
        self.unit_a.yearly_population = 100
        self.unit_a.save()
        self.assertEqual(ikm_flags(), [])
