"""Forms of maladministration: set by the staff handling the case, reviewed by the Ombudsman officer."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse

from sigap.complaints.workflow import Action
from sigap.maladministration.models import Classification, ClassificationEvent, Review
from sigap.maladministration.services import classification_review, classification_set
from sigap.test import BaseTestCase


class ClassificationTest(BaseTestCase):
    def setUp(self):
        self.case = self.advance(self.submit()[0], Action.VERIFY, Action.DISPATCH)

    def post(self, user, name, data):
        self.client.force_login(user)
        return self.client.post(reverse(f"maladministration:{name}", args=[self.case.tracking_code]), data)

    def test_the_administrator_and_the_opd_set_the_forms(self):
        """UU 37/2008 Pasal 1 angka 3 defines maladministration; one case may show several forms
        (PerOmbudsman 26/2017's list, read-in-text)."""
        for user, kinds in ((self.admin, ["penundaan_berlarut"]),
                            (self.petugas_a, ["penundaan_berlarut", "tidak_kompeten"])):  # fmt: skip
            with self.subTest(user=user.username):
                self.assertEqual(self.post(user, "classify", {"kinds": kinds}).status_code, 302)
                self.assertEqual(Classification.objects.get(complaint=self.case).kinds, kinds)
        history = ClassificationEvent.objects.filter(classification__complaint=self.case)
        self.assertEqual([(e.actor, e.before, e.after) for e in history], [
            (self.admin, [], ["penundaan_berlarut"]),
            (self.petugas_a, ["penundaan_berlarut"], ["penundaan_berlarut", "tidak_kompeten"]),
        ])  # fmt: skip

    def test_readers_may_not_set_the_forms(self):
        for user in (self.focal_a, self.inspektur, self.ombudsman, self.petugas_b):
            with self.subTest(user=user.username):
                status = self.post(user, "classify", {"kinds": ["diskriminasi"]}).status_code
                self.assertEqual(status, 404 if user == self.petugas_b else 403)
        self.assertFalse(Classification.objects.exists())

    def test_only_the_ombudsman_officer_reviews(self):
        classification_set(complaint=self.case, kinds=["tidak_patut"], actor=self.admin, acting_as="complaint_admin")
        for user in (self.admin, self.petugas_a, self.inspektur, self.focal_a):
            with self.subTest(user=user.username):
                self.assertEqual(self.post(user, "review", {"kinds": ["tidak_patut"]}).status_code, 403)
        self.post(self.ombudsman, "review", {"kinds": ["tidak_patut"]})
        self.assertEqual(Classification.objects.get().review, Review.CONFIRMED)

    def test_a_changed_review_replaces_the_forms_and_locks_them_for_staff(self):
        row = classification_set(complaint=self.case, kinds=["tidak_patut"], actor=self.admin, acting_as="admin")
        row = classification_review(classification=row, kinds=["permintaan_imbalan"], actor=self.ombudsman,
                                    note="Ada permintaan uang")  # fmt: skip
        self.assertEqual((row.review, row.kinds), (Review.CHANGED, ["permintaan_imbalan"]))
        with self.assertRaises(ValidationError):
            classification_set(complaint=self.case, kinds=["tidak_patut"], actor=self.admin, acting_as="admin")
        self.assertEqual(Classification.objects.get().kinds, ["permintaan_imbalan"])

    def test_no_form_or_an_unknown_form_is_refused(self):
        for kinds in ([], ["korupsi"]):
            with self.subTest(kinds=kinds), self.assertRaises(ValidationError):
                classification_set(complaint=self.case, kinds=kinds, actor=self.admin, acting_as="admin")

    def test_the_case_page_shows_the_panel_to_each_role_with_the_right_form(self):
        classification_set(complaint=self.case, kinds=["tidak_patut"], actor=self.admin, acting_as="admin")
        url = reverse("backoffice:case", args=[self.case.tracking_code])
        for user, action in ((self.admin, "maladministrasi/" + self.case.tracking_code + "/\""),
                             (self.ombudsman, "/tinjau/"), (self.inspektur, None)):  # fmt: skip
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(url)
                self.assertContains(response, 'data-testid="maladministration"')
                if action:
                    self.assertContains(response, action)
                else:
                    self.assertNotContains(response, "/staf/maladministrasi/")

    def test_the_panel_form_carries_a_working_csrf_token(self):
        import re

        from sigap.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(self.admin)
        page = client.get(reverse("backoffice:case", args=[self.case.tracking_code])).content.decode()
        panel = page[page.index('data-testid="maladministration"') :]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', panel).group(1)
        url = reverse("maladministration:classify", args=[self.case.tracking_code])
        self.assertEqual(client.post(url, {"kinds": ["tidak_patut"]}).status_code, 403)
        self.assertEqual(client.post(url, {"kinds": ["tidak_patut"], "csrfmiddlewaretoken": token}).status_code, 302)
        self.assertEqual(Classification.objects.get().kinds, ["tidak_patut"])
