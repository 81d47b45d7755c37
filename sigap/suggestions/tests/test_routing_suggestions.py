"""Routing suggestions trained from a jurisdiction's own dispatches, shown at intake."""

from __future__ import annotations

import random

from django.urls import reverse

from sigap.complaints.workflow import Action
from sigap.demo.corpus import complaint_text
from sigap.suggestions.models import TrainedModel
from sigap.suggestions.selectors import routing_suggestion
from sigap.suggestions.tasks import retrain_maladministration, retrain_routing
from sigap.suggestions.training import train_routing
from sigap.test import BaseTestCase


class RoutingTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        rng = random.Random(4)
        cases = []
        for i in range(40):
            category, code = (cls.roads, "jalan") if i % 2 else (cls.health, "puskesmas")
            text = complaint_text(code, rng)
            cases.append((category, text))
        cls.history = cases

    def file_history(self) -> None:
        for category, text in self.history:
            case, _ = self.submit(title=text.title, description=text.description, category=category)
            self.advance(case, Action.VERIFY, Action.DISPATCH)

    def test_too_little_history_trains_nothing(self) -> None:
        case, _ = self.submit()
        self.advance(case, Action.VERIFY)
        self.assertEqual(train_routing(jurisdiction=self.city), [])
        self.assertIsNone(routing_suggestion(case))

    def test_the_job_trains_from_past_dispatches_and_suggests_category_and_opd(self) -> None:
        self.file_history()
        # The job is enqueued on commit, and the test worker (huey, immediate mode) runs it then.
        with self.captureOnCommitCallbacks(execute=True):
            result = retrain_routing.enqueue(self.city.pk)
        result.refresh()
        self.assertEqual(result.return_value, 2)
        model = TrainedModel.objects.get(jurisdiction=self.city, target=TrainedModel.Target.OPD)
        self.assertEqual(model.samples, 40)
        new, _ = self.submit(
            title="Obat kosong di puskesmas",
            description="Antrian di puskesmas lama sekali dan obat tidak tersedia.",
            category=None,
        )
        suggestion = routing_suggestion(new)
        assert suggestion is not None and suggestion.category and suggestion.opd
        self.assertEqual(suggestion.category.obj, self.health)
        self.assertEqual(suggestion.opd.obj, self.opd_b)
        self.assertGreater(suggestion.opd.confidence, 0.5)

    def test_the_case_page_preselects_the_suggestion_for_the_administrator_only(self) -> None:
        self.file_history()
        train_routing(jurisdiction=self.city)
        with self.captureOnCommitCallbacks(execute=True):
            retrain_maladministration.enqueue(count=3000)
        new, _ = self.submit(
            title="Jalan berlubang lagi",
            description=(
                "Aspal rusak dan berlubang besar di depan pasar. "
                "Laporan saya sebelumnya tidak ada kabar sampai sekarang."
            ),
            category=None,
        )
        self.client.force_login(self.admin)
        response = self.client.get(reverse("backoffice:case", args=[new.tracking_code]))
        self.assertEqual(response.context["routing"].opd.obj, self.opd_a)
        self.assertEqual(response.context["transition_form"].initial["opd"], self.opd_a.pk)
        self.assertContains(response, f'data-suggested-opd="{self.opd_a.pk}"')
        self.assertIn("penundaan berlarut", " ".join(str(s.obj) for s in response.context["mal_forms"]).lower())
        for user in (self.inspektur, self.ombudsman):
            self.client.force_login(user)
            response = self.client.get(reverse("backoffice:case", args=[new.tracking_code]))
            self.assertIsNone(response.context["routing"])
            self.assertNotContains(response, "data-suggested-opd")


class MaladministrationTrainingTests(BaseTestCase):
    def test_staff_classifications_become_training_examples(self) -> None:
        from sigap.maladministration.services import classification_set
        from sigap.suggestions.training import classified_examples, train_maladministration

        case, _ = self.submit(
            title="Berkas dipingpong antar loket",
            description="Saya disuruh bolak-balik ke lima loket berbeda untuk satu surat tanpa penjelasan.",
        )
        classification_set(complaint=case, kinds=["penyimpangan_prosedur"], actor=self.admin, acting_as="admin")
        [example] = classified_examples()
        self.assertIn("bolak-balik", example.text)
        self.assertEqual(example.forms, ("penyimpangan_prosedur",))
        model = train_maladministration(count=500)
        self.assertEqual(model.samples, 501)
