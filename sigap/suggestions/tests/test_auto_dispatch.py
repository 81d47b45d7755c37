"""Auto-dispatch when confident: off by default, a threshold from the jurisdiction's own
held-out history, marked on the timeline, undone by the administrator within the deadline."""

from __future__ import annotations

import random
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from sigap.complaints.models import Complaint, ComplaintEvent
from sigap.complaints.workflow import Action, Status
from sigap.demo.corpus import complaint_text
from sigap.suggestions.autodispatch import MIN_HISTORY, routable_share, threshold_for
from sigap.suggestions.models import AutoDispatch, TrainedModel
from sigap.suggestions.selectors import opd_guess
from sigap.suggestions.services import (
    auto_dispatch_settings_update,
    auto_dispatch_threshold,
    auto_dispatch_undo,
)
from sigap.suggestions.training import train_routing
from sigap.test import BaseTestCase

# Says nothing about which OPD should act: the history dispatched such texts either way.
VAGUE = ("Mohon ditindaklanjuti", "Mohon segera ditindaklanjuti, terima kasih atas perhatiannya.")
CLEAR_ROADS = (
    "Jalan berlubang besar",
    "Aspal jalan rusak dan berlubang besar di depan pasar, banyak pengendara motor jatuh.",
)


class ThresholdTests(SimpleTestCase):
    def test_the_threshold_is_the_lowest_confidence_of_the_head_that_stays_precise(self) -> None:
        points = [(0.99, True)] * 40 + [(0.9, True)] * 9 + [(0.9, False)] + [(0.6, False)] * 20 + [(0.5, True)] * 30
        share, threshold = routable_share(points, 0.95)
        self.assertEqual(threshold, 0.9)
        self.assertEqual(share, 0.5)
        self.assertEqual(threshold_for(points, 0.95), 0.9)
        # Wanting more precision raises the threshold.
        self.assertEqual(threshold_for(points, 0.99), 0.99)

    def test_no_threshold_from_short_history_or_unreachable_precision(self) -> None:
        self.assertIsNone(threshold_for([(0.99, True)] * (MIN_HISTORY - 1), 0.95))
        self.assertIsNone(threshold_for([(0.99, True), (0.99, False)] * MIN_HISTORY, 0.95))
        # Ties are never split: both guesses at 0.9 count, and together they miss 95 %.
        self.assertEqual(routable_share([(0.9, True), (0.9, False)], 0.95), (0.0, None))


class AutoDispatchTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        from sigap.complaints.services import complaint_transition
        from sigap.complaints.workflow import Actor

        rng = random.Random(7)
        for i in range(300):
            if i % 5 == 4:
                title, description = VAGUE
                category, opd = (cls.roads, cls.opd_a) if i // 5 % 2 else (cls.health, cls.opd_b)
            else:
                category, code, opd = (cls.roads, "jalan", cls.opd_a) if i % 2 else (cls.health, "puskesmas", cls.opd_b)
                text = complaint_text(code, rng)
                title, description = text.title, text.description
            case, _ = cls.submit(cls, title=title, description=description, category=category)  # type: ignore[arg-type]
            for action, extra in ((Action.VERIFY, {}), (Action.DISPATCH, {"opd": opd})):
                case = complaint_transition(
                    complaint=case, action=action, actor=cls.admin, acting_as=Actor.ADMIN, **extra
                )
        train_routing(jurisdiction=cls.city)

    def file(self, title: str, description: str) -> Complaint:
        with self.captureOnCommitCallbacks(execute=True):
            case, _ = self.submit(title=title, description=description, category=None)
        case.refresh_from_db()
        return case

    def switch_on(self, precision: float = 0.95) -> None:
        auto_dispatch_settings_update(jurisdiction=self.city, enabled=True, precision=precision, actor=self.admin)

    def test_the_threshold_is_measured_on_the_jurisdictions_held_out_history(self) -> None:
        model, threshold = auto_dispatch_threshold(jurisdiction_id=self.city.pk, precision=0.95)
        assert model is not None and threshold is not None
        self.assertGreaterEqual(len(model.holdout), MIN_HISTORY)
        routed = [ok for confidence, ok in model.holdout if confidence >= threshold]
        self.assertGreaterEqual(sum(routed) / len(routed), 0.95)
        # The vague fifth of the history keeps the threshold above a coin toss.
        self.assertGreater(threshold, 0.6)

    def test_nothing_is_dispatched_automatically_unless_switched_on(self) -> None:
        case = self.file(*CLEAR_ROADS)
        self.assertEqual(case.status, Status.RECEIVED)
        self.assertFalse(AutoDispatch.objects.exists())
        auto_dispatch_settings_update(jurisdiction=self.city, enabled=False, precision=0.95, actor=self.admin)
        self.assertEqual(self.file(*CLEAR_ROADS).status, Status.RECEIVED)

    def test_a_confident_complaint_is_dispatched_and_marked_on_the_timeline(self) -> None:
        self.switch_on()
        case = self.file(*CLEAR_ROADS)
        self.assertEqual(case.status, Status.DISPATCHED)
        self.assertEqual(case.opd, self.opd_a)
        record = AutoDispatch.objects.get(complaint=case)
        self.assertGreaterEqual(record.confidence, record.threshold)
        self.assertGreater(record.undo_until, record.at)
        event = ComplaintEvent.objects.get(complaint=case, action=Action.DISPATCH)
        self.assertIsNone(event.actor)
        self.assertIn(f"{round(record.threshold * 100)} %", event.body)
        self.client.force_login(self.admin)
        page = self.client.get(reverse("backoffice:case", args=[case.tracking_code]))
        self.assertContains(page, f'data-auto-dispatch="{self.opd_a.pk}"')
        self.assertContains(page, escape(event.body))

    def test_an_uncertain_complaint_is_never_dispatched_automatically(self) -> None:
        self.switch_on()
        _model, threshold = auto_dispatch_threshold(jurisdiction_id=self.city.pk, precision=0.95)
        assert threshold is not None
        case = self.file(*VAGUE)
        guess = opd_guess(case, trained_model_id=_model.pk)  # type: ignore[union-attr]
        assert guess is not None
        self.assertLess(guess.confidence, threshold)
        self.assertEqual(case.status, Status.RECEIVED)
        self.assertFalse(AutoDispatch.objects.filter(complaint=case).exists())

    def test_without_enough_history_nothing_is_dispatched(self) -> None:
        self.switch_on()
        model = TrainedModel.objects.get(jurisdiction=self.city, target=TrainedModel.Target.OPD)
        model.holdout = model.holdout[: MIN_HISTORY - 1]
        model.save(update_fields=["holdout"])
        self.assertEqual(self.file(*CLEAR_ROADS).status, Status.RECEIVED)

    def test_the_administrator_undoes_it_within_the_verification_deadline(self) -> None:
        self.switch_on()
        case = self.file(*CLEAR_ROADS)
        self.client.force_login(self.admin)
        response = self.client.post(reverse("suggestions:auto_dispatch_undo", args=[case.tracking_code]))
        self.assertRedirects(response, reverse("backoffice:case", args=[case.tracking_code]))
        case.refresh_from_db()
        self.assertEqual(case.status, Status.VERIFIED)
        self.assertIsNone(case.opd)
        record = AutoDispatch.objects.get(complaint=case)
        self.assertEqual(record.undone_by, self.admin)
        self.assertTrue(case.events.filter(kind=ComplaintEvent.Kind.NOTE, actor=self.admin).exists())
        with self.assertRaises(ValidationError):
            auto_dispatch_undo(complaint=case, actor=self.admin)
        # Now dispatched by hand, as any case.
        self.advance(case, Action.DISPATCH, opd=self.opd_b)

    def test_no_undo_after_the_verification_deadline_or_by_another_city(self) -> None:
        self.switch_on()
        case = self.file(*CLEAR_ROADS)
        record = AutoDispatch.objects.get(complaint=case)
        with self.assertRaises(ValidationError):
            auto_dispatch_undo(complaint=case, actor=self.admin, now=record.undo_until + timedelta(seconds=1))
        self.client.force_login(self.admin_lain)
        response = self.client.post(reverse("suggestions:auto_dispatch_undo", args=[case.tracking_code]))
        self.assertIn(response.status_code, (403, 404))
        case.refresh_from_db()
        self.assertEqual(case.status, Status.DISPATCHED)
        self.assertLess(timezone.now(), record.undo_until)

    def test_the_settings_page_switches_it_on_with_a_precision(self) -> None:
        self.client.force_login(self.admin)
        page = self.client.get(reverse("suggestions:auto_dispatch_settings"))
        self.assertContains(page, f'data-jurisdiction="{self.city.pk}"')
        response = self.client.post(
            reverse("suggestions:auto_dispatch_settings"),
            {"jurisdiction": self.city.pk, "enabled": "on", "precision": "97.5"},
        )
        self.assertRedirects(response, reverse("suggestions:auto_dispatch_settings"))
        setting = self.city.auto_dispatch_setting
        self.assertTrue(setting.enabled)
        self.assertAlmostEqual(setting.precision, 0.975)
        bad = self.client.post(
            reverse("suggestions:auto_dispatch_settings"), {"jurisdiction": self.city.pk, "precision": "50"}
        )
        self.assertEqual(bad.status_code, 400)
        setting.refresh_from_db()
        self.assertTrue(setting.enabled)

    def test_the_inbox_shows_three_suggested_opds_with_confidence(self) -> None:
        case = self.file(*CLEAR_ROADS)
        self.client.force_login(self.admin)
        page = self.client.get(reverse("backoffice:inbox"))
        row = next(c for c, _due in page.context["rows"] if c.pk == case.pk)
        self.assertEqual(row.opd_suggestions[0].obj, self.opd_a)
        self.assertContains(page, f'data-suggested-opd="{self.opd_a.pk}"')
