"""Inserting a new row with the statement kept by the process: the same row and signals as save()."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from sigap.channels.models import InboundMessage
from sigap.complaints.models import Complaint, ComplaintEvent
from sigap.test import BaseTestCase
from sigap.web.inserts import insert


class InsertTest(BaseTestCase):
    def setUp(self) -> None:
        self.complaint, _secret = self.submit()
        self.now = timezone.now()
        self.signals: list[tuple[str, dict[str, Any]]] = []
        for signal, name in ((pre_save, "pre_save"), (post_save, "post_save")):
            receiver = self._receiver(name)
            signal.connect(receiver, sender=ComplaintEvent, weak=False)
            self.addCleanup(signal.disconnect, receiver, sender=ComplaintEvent)

    def _receiver(self, name: str) -> Any:
        def receive(**kwargs: Any) -> None:
            self.signals.append((name, {k: v for k, v in kwargs.items() if k != "signal"}))

        return receive

    def _event(self, **overrides: Any) -> ComplaintEvent:
        fields: dict[str, Any] = {
            "complaint": self.complaint,
            "at": self.now,
            "kind": ComplaintEvent.Kind.NOTE,
            "actor": self.admin,
            "actor_role": "admin",
            "body": "Dicek ke lokasi.",
            "data": {"photos": [1, 2], "note": "jalan"},
        }
        return ComplaintEvent(**{**fields, **overrides})

    def test_it_writes_the_row_save_writes(self):
        inserted, saved = self._event(), self._event()
        self.assertIs(insert(inserted), True)
        saved.save()
        self.assertIsNotNone(inserted.pk)
        self.assertIs(inserted._state.adding, False)
        self.assertEqual(inserted._state.db, "default")
        columns = [f.attname for f in ComplaintEvent._meta.concrete_fields if not f.primary_key]
        stored = ComplaintEvent.objects.values(*columns)
        self.assertEqual(stored.get(pk=inserted.pk), stored.get(pk=saved.pk))
        self.assertEqual(stored.get(pk=inserted.pk)["data"], {"photos": [1, 2], "note": "jalan"})

    def test_it_sends_the_signals_save_sends(self):
        event = self._event()
        insert(event)
        self.assertEqual(
            self.signals,
            [
                ("pre_save", {"sender": ComplaintEvent, "instance": event, "raw": False, "using": "default",
                              "update_fields": None}),
                ("post_save", {"sender": ComplaintEvent, "instance": event, "created": True, "raw": False,
                               "using": "default", "update_fields": None}),
            ],
        )  # fmt: skip

    def test_it_writes_nothing_when_the_unique_value_is_taken(self):
        twin = Complaint.objects.get(pk=self.complaint.pk)
        twin.pk = None
        twin._state.adding = True
        before = Complaint.objects.count()
        self.assertIs(insert(twin, unless_taken="tracking_code"), False)
        self.assertIsNone(twin.pk)
        self.assertEqual(Complaint.objects.count(), before)
        twin.tracking_code = "ZZZZ-ZZZZ-ZZZZ"
        self.assertIs(insert(twin, unless_taken="tracking_code"), True)
        self.assertEqual(Complaint.objects.get(pk=twin.pk).tracking_code, "ZZZZ-ZZZZ-ZZZZ")

    def test_it_refuses_a_row_that_already_has_an_id(self):
        with self.assertRaisesMessage(ValueError, "new rows only"):
            insert(ComplaintEvent.objects.get(complaint=self.complaint))

    def test_it_refuses_a_related_row_not_yet_saved(self):
        with self.assertRaises(ValueError):
            insert(self._event(complaint=Complaint(jurisdiction=self.city)))
        self.assertEqual(self.signals, [])

    def test_it_leaves_a_column_with_its_own_placeholder_to_save(self):
        with self.assertRaisesMessage(ValueError, "needs Model.save()"):
            insert(InboundMessage(channel="email", raw=b"From: warga"))
