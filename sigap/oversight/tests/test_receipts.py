"""Requests whose answer clock counts from the institution's receipt (UU 37/2008 Pasal 33(1), read-in-text:
"14 (empat belas) hari terhitung sejak tanggal diterimanya permintaan penjelasan"; docs/legal-sources.md §13)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from sigap.oversight.models import RequestEvent
from sigap.oversight.receipts import ReceiptVia
from sigap.oversight.services import request_record_receipt
from sigap.oversight.tests.test_requests import MONDAY, RequestTestCase
from sigap.sla import deadlines

WIB = ZoneInfo("Asia/Jakarta")


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)


NEXT_MONDAY = wib(2026, 3, 9, 10)


class ReceiptClockTest(RequestTestCase):
    def letter(self, request, day, *, now=NEXT_MONDAY):
        return request_record_receipt(request=request, via=ReceiptVia.LETTER, received_on=day, actor=self.ombudsman,
                                      acting_as="ombudsman", now=now)  # fmt: skip

    def test_the_clock_waits_for_the_receipt(self):
        """Sent Mon 2 Mar 2026 09:00: no deadline yet; presumed received on the sending date from Mon 9 Mar 09:00
        (the default 7 days, SIGAP_RECEIPT_PRESUMED_AFTER_DAYS)."""
        request = self.send()
        self.assertIs(request.awaiting_receipt, True)
        self.assertEqual((request.due_at, request.remind_at), (None, None))
        self.assertEqual(request.presume_receipt_at, wib(2026, 3, 9, 9))
        # Nothing is overdue or reminded while the receipt is unknown.
        self.assertEqual(self.sweep(wib(2026, 3, 9, 8, 59)).presumed, 0)

    def test_a_letter_receipt_starts_the_clock_on_its_date(self):
        """Sent Mon 2 Mar 2026, the signed receipt says Thu 5 Mar → answer due Thu 19 Mar 2026 (5 + 14 days),
        reminder Mon 16 Mar 08:00 (3 days before)."""
        request = self.send()
        self.assertIs(self.letter(request, date(2026, 3, 5)), True)
        request.refresh_from_db()
        self.assertEqual((request.received_at, request.receipt_via), (wib(2026, 3, 5), ReceiptVia.LETTER))
        self.assertEqual(request.due_at, wib(2026, 3, 19, 23, 59, 59))
        self.assertEqual(request.remind_at, wib(2026, 3, 16, 8))
        self.assertIsNone(request.presume_receipt_at)
        event = request.events.latest("id")
        self.assertEqual((event.kind, event.actor, event.data["via"]), (RequestEvent.Kind.RECEIVED, self.ombudsman,
                                                                         "letter"))  # fmt: skip

    def test_without_a_receipt_the_clock_counts_from_sending_after_seven_days(self):
        """No receipt by Mon 9 Mar 09:00 → counted from the sending date, Mon 2 Mar: due Mon 16 Mar 2026; the
        institution is told its deadline."""
        request = self.send()
        mail.outbox.clear()
        self.assertEqual(self.sweep(wib(2026, 3, 9, 9)).presumed, 1)
        self.assertEqual(self.sweep(wib(2026, 3, 9, 9, 1)).presumed, 0)
        request.refresh_from_db()
        self.assertEqual((request.received_at, request.receipt_via), (MONDAY, ReceiptVia.PRESUMED))
        self.assertEqual(request.due_at, wib(2026, 3, 16, 23, 59, 59))
        self.assertEqual(sorted(m.to for m in mail.outbox), [["focal_a@contoh.go.id"], ["kepala_a@contoh.go.id"]])
        self.assertIn("16 Maret 2026", mail.outbox[0].body)

    def test_opening_late_never_moves_a_running_clock_but_the_signed_receipt_does(self):
        """Presumed on Mon 9 Mar (due 16 Mar). The focal point opening it on Tue 10 Mar changes nothing; the
        officer then types the date of the signed receipt, Wed 4 Mar → due Wed 18 Mar."""
        request = self.send()
        self.sweep(wib(2026, 3, 9, 9))
        opened = request_record_receipt(request=request, via=ReceiptVia.SIGAP, actor=self.focal_a,
                                        acting_as="focal_point", now=wib(2026, 3, 10, 8))  # fmt: skip
        self.assertIs(opened, False)
        request.refresh_from_db()
        self.assertEqual(request.due_at, wib(2026, 3, 16, 23, 59, 59))
        self.letter(request, date(2026, 3, 4), now=wib(2026, 3, 10, 9))
        request.refresh_from_db()
        self.assertEqual(request.due_at, wib(2026, 3, 18, 23, 59, 59))
        self.assertEqual(request.events.latest("id").data["before"]["receipt_via"], "presumed")

    def test_a_receipt_before_sending_or_in_the_future_is_refused(self):
        request = self.send()
        for day in (date(2026, 3, 1), date(2026, 3, 10)):
            with self.subTest(day=day), self.assertRaises(ValidationError):
                self.letter(request, day, now=wib(2026, 3, 9, 10))
        request.refresh_from_db()
        self.assertIsNone(request.due_at)

    def test_the_presumption_delay_is_the_jurisdictions_or_the_settings(self):
        self.city.receipt_presumed_after_days = 3
        self.city.save(update_fields=["receipt_presumed_after_days"])
        self.assertEqual(self.send().presume_receipt_at, wib(2026, 3, 5, 9))
        self.city.receipt_presumed_after_days = None
        self.city.save(update_fields=["receipt_presumed_after_days"])
        with override_settings(SIGAP_RECEIPT_PRESUMED_AFTER_DAYS=10):
            self.assertEqual(self.send().presume_receipt_at, wib(2026, 3, 12, 9))


class ReceiptPageTest(RequestTestCase):
    def setUp(self):
        self.request = self.send(now=None)
        self.url = reverse("oversight:request", args=[self.request.pk])

    def test_the_focal_point_opening_the_request_is_the_read_receipt(self):
        self.client.force_login(self.ombudsman)
        self.assertContains(self.client.get(self.url), "Menunggu tanda terima")
        self.request.refresh_from_db()
        self.assertIsNone(self.request.due_at)  # the requester's own look is no receipt
        self.client.force_login(self.focal_a)
        response = self.client.get(self.url)
        self.request.refresh_from_db()
        today = deadlines.local_date(timezone.now(), self.city)
        due = deadlines.end_of_day(date.fromordinal(today.toordinal() + 14), self.city)
        self.assertEqual((self.request.receipt_via, self.request.due_at), (ReceiptVia.SIGAP, due))
        self.assertContains(response, 'data-testid="due"')
        self.assertNotContains(response, "Menunggu tanda terima")
        self.client.force_login(self.kepala_a)
        self.client.get(self.url)
        received = self.request.events.filter(kind=RequestEvent.Kind.RECEIVED)
        self.assertEqual([(e.actor, e.actor_role) for e in received], [(self.focal_a, "focal_point")])

    def test_the_list_and_the_workspace_say_the_receipt_is_awaited(self):
        self.client.force_login(self.ombudsman)
        self.assertContains(self.client.get(reverse("ombudsman:workspace")), 'data-testid="awaiting-receipt"')
        self.client.force_login(self.kepala_a)
        self.assertContains(self.client.get(reverse("oversight:requests")), "Menunggu tanda terima")

    def test_only_the_requester_types_the_date_of_a_signed_receipt(self):
        receipt_url = reverse("oversight:receipt", args=[self.request.pk])
        today = deadlines.local_date(timezone.now(), self.city)
        for user, status in ((self.focal_a, 403), (self.petugas_a, 404), (self.inspektur, 404)):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(receipt_url, {"received_on": today.isoformat()}).status_code, status)
        self.request.refresh_from_db()
        self.assertEqual(self.request.receipt_via, "")
        self.client.force_login(self.ombudsman)
        self.assertRedirects(self.client.post(receipt_url, {"received_on": today.isoformat()}), self.url)
        self.request.refresh_from_db()
        self.assertEqual(self.request.receipt_via, ReceiptVia.LETTER)
