"""The daily digest: one e-mail a day per staff member, counting only what they may see."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from sigap.complaints.workflow import Action
from sigap.notifications.digest import digests_create
from sigap.notifications.models import Kind, Notification
from sigap.notifications.rendering import render
from sigap.test import BaseTestCase


class DigestTest(BaseTestCase):
    def test_each_person_gets_one_digest_a_day_about_their_own_cases(self):
        mine, _ = self.submit()
        self.advance(mine, Action.VERIFY, Action.DISPATCH)
        other, _ = self.submit(category=self.health, title="Antrean puskesmas", is_confidential=True)
        later = timezone.now() + timedelta(days=10)  # both overdue by then
        digests_create(now=later)
        digests_create(now=later)
        rows = {n.recipient: n for n in Notification.objects.filter(kind=Kind.DIGEST)}
        self.assertEqual(Notification.objects.filter(kind=Kind.DIGEST).count(), len(rows))
        self.assertEqual(rows["petugas_a@contoh.go.id"].context["cases"], [mine.pk])
        self.assertEqual(rows["admin@contoh.go.id"].context["open"], 2)
        self.assertNotIn("admin_lain@contoh.go.id", rows)  # nothing to see in Kota Lain
        _subject, body = render(rows["admin@contoh.go.id"])
        self.assertIn(other.tracking_code, body)
        self.assertNotIn("Antrean puskesmas", body)  # confidential: no title in e-mail
        self.assertNotIn("Budi", body)
