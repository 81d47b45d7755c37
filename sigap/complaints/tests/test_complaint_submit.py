from __future__ import annotations

from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sigap.complaints.codes import new_tracking_code, normalise_code, secret_matches
from sigap.complaints.models import Channel, Complaint, ComplaintEvent, Reporter
from sigap.complaints.services import ReporterDetails
from sigap.complaints.workflow import Status
from sigap.test import BaseTestCase

WIB = ZoneInfo("Asia/Jakarta")


class ComplaintSubmitTest(BaseTestCase):
    def test_it_returns_a_code_and_a_secret_that_open_the_case(self):
        complaint, secret = self.submit()
        self.assertEqual(complaint.status, Status.RECEIVED)
        self.assertEqual(normalise_code(complaint.tracking_code), complaint.tracking_code)
        self.assertIs(secret_matches(secret, complaint.secret_hash), True)
        self.assertNotIn(secret.replace("-", ""), complaint.secret_hash)

    def test_consecutive_codes_share_no_sequence(self):
        first, second = (self.submit()[0].tracking_code for _ in range(2))
        differing = sum(a != b for a, b in zip(first.replace("-", ""), second.replace("-", ""), strict=True))
        # Random codes differ in ~31 of 32 positions per character; a counter would differ in one or two.
        self.assertGreater(differing, 4)

    def test_a_tracking_code_already_taken_is_retried_with_a_new_one(self):
        first, _ = self.submit()
        fresh = new_tracking_code()
        with mock.patch("sigap.complaints.services.new_tracking_code", side_effect=[first.tracking_code, fresh]):
            second, _ = self.submit(title="Lampu jalan mati")
        self.assertEqual(second.tracking_code, fresh)
        self.assertEqual(Complaint.objects.get(tracking_code=fresh).title, "Lampu jalan mati")
        self.assertEqual(Complaint.objects.get(tracking_code=first.tracking_code).title, first.title)
        self.assertEqual(second.events.count(), 1)
        self.assertEqual(second.reporter.name, "Budi Santoso")

    def test_a_filing_sends_post_save_once_even_after_a_taken_code(self):
        from django.db.models.signals import post_save

        first, _ = self.submit()
        saved = []

        def receiver(sender, instance, created, **kwargs):  # type: ignore[no-untyped-def]
            saved.append((instance.pk, created))

        post_save.connect(receiver, sender=Complaint)
        self.addCleanup(post_save.disconnect, receiver, sender=Complaint)
        with mock.patch(
            "sigap.complaints.services.new_tracking_code", side_effect=[first.tracking_code, new_tracking_code()]
        ):
            second, _ = self.submit(title="Lampu jalan mati")
        self.assertEqual(saved, [(second.pk, True)])

    def test_when_every_code_tried_is_taken_nothing_is_filed(self):
        first, _ = self.submit()
        with (
            mock.patch("sigap.complaints.services.new_tracking_code", return_value=first.tracking_code),
            self.assertRaises(IntegrityError),
            transaction.atomic(),
        ):
            self.submit(title="Lampu jalan mati")
        self.assertEqual(list(Complaint.objects.all()), [first])
        self.assertEqual(Reporter.objects.count(), 1)
        self.assertEqual(ComplaintEvent.objects.count(), 1)

    def test_it_starts_the_verification_clock(self):
        from sigap.complaints.services import Submission, complaint_submit

        monday = datetime(2026, 11, 23, 10, 0, tzinfo=WIB)
        complaint, _ = complaint_submit(
            submission=Submission(
                jurisdiction=self.city,
                title="Lampu jalan mati",
                description="Lampu jalan di gang 3 mati sejak seminggu.",
                is_anonymous=True,
            ),
            now=monday,
        )
        self.assertEqual(complaint.due_at, datetime(2026, 11, 26, 23, 59, 59, tzinfo=WIB))

    def test_it_records_the_first_event_publicly(self):
        complaint, _ = self.submit(channel=Channel.WHATSAPP)
        event = complaint.events.get()
        self.assertEqual(event.kind, ComplaintEvent.Kind.CREATED)
        self.assertIs(event.is_public, True)
        self.assertEqual(event.data["channel"], "whatsapp")

    def test_an_anonymous_complaint_keeps_no_identity(self):
        complaint, _ = self.submit(is_anonymous=True, reporter_user=self.warga)
        self.assertIs(Reporter.objects.filter(complaint=complaint).exists(), False)
        self.assertIsNone(complaint.reporter_user)

    def test_a_confidential_complaint_keeps_the_identity(self):
        complaint, _ = self.submit(is_confidential=True)
        self.assertEqual(complaint.reporter.name, "Budi Santoso")
        self.assertIs(complaint.is_confidential, True)

    def test_a_named_complaint_needs_a_name(self):
        with self.assertRaises(ValidationError) as ctx:
            self.submit(reporter=ReporterDetails(name="  "))
        self.assertIn("reporter_name", ctx.exception.message_dict)

    def test_it_refuses_half_a_location_and_out_of_range_values(self):
        with self.assertRaises(ValidationError) as ctx:
            self.submit(lat=-7.6)
        self.assertIn("lat", ctx.exception.message_dict)
        with self.assertRaises(ValidationError):
            self.submit(lat=-97.0, lng=112.9)

    def test_it_refuses_a_category_of_another_jurisdiction(self):
        with self.assertRaises(ValidationError) as ctx:
            self.submit(category=self.other_category)
        self.assertIn("category", ctx.exception.message_dict)

    def test_a_staff_recorded_walk_in_keeps_the_officer(self):
        from sigap.complaints.services import Submission, complaint_submit

        complaint, _ = complaint_submit(
            submission=Submission(
                jurisdiction=self.city,
                title="Antrian KTP",
                description="Antrian perekaman KTP di MPP terlalu lama, sampai tiga jam.",
                channel=Channel.WALK_IN,
                reporter=ReporterDetails(name="Pak Harun"),
            ),
            recorded_by=self.admin,
        )
        self.assertEqual(complaint.recorded_by, self.admin)
        self.assertEqual(complaint.events.get().actor, self.admin)
