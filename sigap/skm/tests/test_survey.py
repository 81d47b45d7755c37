"""The public SKM form, the survey after a closed complaint, and the results pages."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sigap.complaints.reporter_access import SESSION_KEY
from sigap.complaints.workflow import Action
from sigap.organisations.models import Service, ServiceUnit
from sigap.skm.models import SurveyResponse
from sigap.skm.services import survey_submit
from sigap.test import BaseTestCase

ALL_FOURS = {f"u{i}": "4" for i in range(1, 10)}


class PublicSurveyTest(BaseTestCase):
    def test_anyone_answers_the_survey_of_a_service(self):
        url = reverse("skm:service_survey", args=[self.service_a.pk])
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(url, {**ALL_FOURS, "suggestion": "Antrian cepat"})
        self.assertRedirects(response, reverse("skm:services"))
        response = SurveyResponse.objects.get()
        self.assertEqual((response.unit, response.opd, response.source), (self.unit_a, self.opd_a, "service"))

    def test_an_answer_outside_1_to_4_is_refused_and_the_rest_kept(self):
        url = reverse("skm:service_survey", args=[self.service_a.pk])
        response = self.client.post(url, {**ALL_FOURS, "u3": "5", "suggestion": "Saran saya"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Saran saya", status_code=400)
        self.assertFalse(SurveyResponse.objects.exists())

    def test_a_flood_from_one_address_is_stopped(self):
        url = reverse("skm:service_survey", args=[self.service_a.pk])
        statuses = [self.client.post(url, ALL_FOURS).status_code for _ in range(31)]
        self.assertEqual(statuses[-1], 429)
        self.assertEqual(SurveyResponse.objects.count(), 30)


class ComplaintSurveyTest(BaseTestCase):
    def setUp(self):
        self.case = self.advance(self.submit(service=self.service_a)[0], Action.VERIFY, Action.DISPATCH,
                                 Action.ANSWER)  # fmt: skip
        self.url = reverse("skm:complaint_survey", args=[self.case.tracking_code])

    def grant(self):
        session = self.client.session
        session[SESSION_KEY] = [self.case.tracking_code]
        session.save()

    def test_only_the_reporter_opens_it(self):
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.grant()
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_it_counts_once_and_only_after_closing(self):
        self.grant()
        response = self.client.post(self.url, ALL_FOURS)
        self.assertEqual(response.status_code, 400)
        self.case = self.advance(self.case, Action.CONFIRM)
        self.assertContains(self.client.get(reverse("portal:case", args=[self.case.tracking_code])), self.url)
        self.client.post(self.url, ALL_FOURS)
        self.assertEqual(SurveyResponse.objects.get().complaint, self.case)
        response = self.client.get(self.url)
        self.assertRedirects(response, reverse("portal:case", args=[self.case.tracking_code]))
        self.assertEqual(SurveyResponse.objects.count(), 1)


class ResultsTest(BaseTestCase):
    def answers(self, value):
        return {f"u{i}": value for i in range(1, 10)}

    def test_each_role_on_the_results_pages(self):
        for user, status in {self.petugas_a: 200, self.inspektur: 200, self.ombudsman: 200, self.admin: 200,
                             self.warga: 403}.items():  # fmt: skip
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(reverse("skm:results")).status_code, status)
        self.client.force_login(self.petugas_b)
        self.assertEqual(self.client.get(reverse("skm:unit_results", args=[self.unit_a.pk])).status_code, 404)

    def test_the_ikm_per_unit_for_the_period(self):
        """Three respondents answering all 4, 3 and 2: element means 3, IKM = 9 × 3 × 1/9 × 25 = 75.00 (C)."""
        for value in (4, 3, 2):
            survey_submit(service=self.service_a, answers=self.answers(value))
        self.client.force_login(self.inspektur)
        response = self.client.get(reverse("skm:results"))
        rows = {unit: result for unit, result, *_rest in response.context["rows"]}
        self.assertEqual((rows[self.unit_a].score, rows[self.unit_a].grade), (Decimal("75.00"), "C"))
        self.assertEqual(rows[self.unit_a].respondents, 3)

    def test_the_results_page_costs_the_same_queries_for_few_or_many_units(self):
        self.client.force_login(self.inspektur)
        self.client.get(reverse("skm:results"))
        with CaptureQueriesContext(connection) as few:
            self.client.get(reverse("skm:results"))
        for i in range(10):
            unit = ServiceUnit.objects.create(opd=self.opd_b, name=f"Puskesmas {i}")
            service = Service.objects.create(unit=unit, code=f"rj{i}", name="Rawat jalan")
            survey_submit(service=service, answers=self.answers(3))
        with CaptureQueriesContext(connection) as many:
            self.client.get(reverse("skm:results"))
        self.assertEqual(len(few), len(many))


class UnitResultsAccessTest(BaseTestCase):
    def test_each_role_on_a_units_results(self):
        url = reverse("skm:unit_results", args=[self.unit_a.pk])
        expectations = {self.petugas_a: 200, self.focal_a: 200, self.inspektur: 200, self.ombudsman: 200,
                        self.admin: 200, self.petugas_b: 404, self.admin_lain: 404, self.warga: 403}  # fmt: skip
        for user, status in expectations.items():
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url).status_code, status)
