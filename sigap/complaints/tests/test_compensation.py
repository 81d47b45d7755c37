"""Compensation (ganti rugi) from the claim to the payment, UU 25/2009 (read in the text of the UU):

- Pasal 42 ayat (4): "Pengadu dapat memasukkan tuntutan ganti rugi dalam surat pengaduannya" — the claim comes
  with the complaint.
- Pasal 48 ayat (4): a reporter who claims compensation describes the loss the non-standard service caused.
- Pasal 50 ayat (3): when the reporter claims compensation, the decision states the amount of compensation and
  the deadline to pay it; ayat (4): the provider budgets for it.
- Penjelasan Pasal 50 ayat (8): paid once the amount is proved and accepted; with the payment the complaint is
  settled.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.urls import reverse

from sigap.complaints.compensation import Decision
from sigap.complaints.models import CompensationClaim, ComplaintEvent, Kind
from sigap.complaints.services import (
    TransitionError,
    compensation_claim_add,
    compensation_payment_record,
    complaint_transition,
)
from sigap.complaints.workflow import Action, Actor, Status
from sigap.test import BaseTestCase

WIB = ZoneInfo("Asia/Jakarta")
GROUNDS = "Motor saya rusak (velg bengkok) karena lubang yang dibiarkan tanpa tanda; ongkos bengkel Rp 750.000."


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)


class CompensationTestCase(BaseTestCase):
    def claimed(self, amount: int = 750_000):
        complaint, _secret = self.submit(compensation_amount=amount, compensation_grounds=GROUNDS)
        return complaint

    def answer(self, complaint, decision: Decision | None, *, now: datetime | None = None):
        return complaint_transition(
            complaint=complaint,
            action=Action.ANSWER,
            actor=self.petugas_a,
            acting_as=Actor.OPD,
            text="Lubang sudah ditambal pada 3 Desember.",
            compensation=decision,
            now=now,
        )


class ClaimAtIntakeTest(CompensationTestCase):
    def test_the_claim_is_kept_with_the_complaint_and_on_its_timeline(self):
        """Pasal 42(4): the claim is part of the complaint; its amount is on the 'received' event."""
        complaint = self.claimed()
        claim = CompensationClaim.objects.get(complaint=complaint)
        self.assertEqual((claim.amount_claimed, claim.grounds, claim.outcome), (750_000, GROUNDS, ""))
        created = ComplaintEvent.objects.get(complaint=complaint, kind=ComplaintEvent.Kind.CREATED)
        self.assertEqual(created.data["compensation"], {"claimed": 750_000})

    def test_a_claim_needs_an_amount_and_the_loss_described(self):
        """Pasal 48(4): the reporter describes the loss the service caused."""
        with self.assertRaises(ValidationError) as caught:
            self.submit(compensation_amount=750_000, compensation_grounds="rugi")
        self.assertIn("compensation_grounds", caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            self.submit(compensation_amount=0, compensation_grounds=GROUNDS)
        self.assertIn("compensation_amount", caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            self.submit(compensation_grounds=GROUNDS)
        self.assertIn("compensation_amount", caught.exception.message_dict)

    def test_only_a_complaint_claims_compensation(self):
        with self.assertRaises(ValidationError) as caught:
            self.submit(kind=Kind.ASPIRATION, compensation_amount=1000, compensation_grounds=GROUNDS)
        self.assertIn("compensation_amount", caught.exception.message_dict)

    def test_no_claim_means_no_row(self):
        complaint, _secret = self.submit()
        self.assertFalse(CompensationClaim.objects.filter(complaint=complaint).exists())


class DecisionWithTheAnswerTest(CompensationTestCase):
    def setUp(self):
        self.complaint = self.advance(self.claimed(), Action.VERIFY, Action.DISPATCH, Action.ACCEPT)

    def test_a_claimed_complaint_cannot_be_answered_without_a_decision(self):
        """Pasal 50(3): the decision on a claimed complaint states the compensation."""
        with self.assertRaises(TransitionError):
            self.answer(self.complaint, None)
        self.complaint.refresh_from_db()
        self.assertEqual(self.complaint.status, Status.IN_FOLLOWUP)

    def test_granted_in_full_pays_the_amount_claimed_by_the_deadline(self):
        """Claim Rp 750.000, granted in full on Mon 7 Dec 2026, to be paid by Mon 21 Dec 2026."""
        answered = self.answer(
            self.complaint,
            Decision(outcome="granted", payment_due=date(2026, 12, 21)),
            now=wib(2026, 12, 7, 10),
        )
        self.assertEqual(answered.status, Status.ANSWERED)
        claim = CompensationClaim.objects.get(complaint=answered)
        self.assertEqual(
            (claim.outcome, claim.amount_granted, claim.payment_due), ("granted", 750_000, date(2026, 12, 21))
        )
        self.assertEqual(claim.decided_by, self.petugas_a)
        event = ComplaintEvent.objects.get(complaint=answered, action=Action.ANSWER)
        self.assertTrue(event.is_public)
        self.assertEqual(
            event.data["compensation"],
            {"claimed": 750_000, "outcome": "granted", "amount": 750_000, "reason": "", "payment_due": "2026-12-21"},
        )

    def test_partly_granted_pays_less_than_claimed_with_a_reason(self):
        """Claim Rp 750.000; the receipt proves Rp 500.000 of it → partly granted Rp 500.000."""
        answered = self.answer(
            self.complaint,
            Decision(
                outcome="partly", amount=500_000, reason="Kuitansi bengkel Rp 500.000.", payment_due=date(2026, 12, 21)
            ),
            now=wib(2026, 12, 7, 10),
        )
        claim = CompensationClaim.objects.get(complaint=answered)
        self.assertEqual((claim.outcome, claim.amount_granted), ("partly", 500_000))

    def test_a_refusal_has_a_reason_and_nothing_to_pay(self):
        answered = self.answer(
            self.complaint,
            Decision(outcome="refused", reason="Kerusakan terjadi sebelum jalan ini menjadi tanggung jawab dinas."),
            now=wib(2026, 12, 7, 10),
        )
        claim = CompensationClaim.objects.get(complaint=answered)
        self.assertEqual((claim.outcome, claim.amount_granted, claim.payment_due), ("refused", 0, None))

    def test_decisions_that_break_the_rules_are_refused(self):
        """Each bad decision leaves the case in follow-up."""
        bad = [
            Decision(outcome="granted"),  # no payment deadline: Pasal 50(3)
            Decision(outcome="granted", amount=500_000, payment_due=date(2026, 12, 21)),  # not the full claim
            Decision(outcome="partly", amount=750_000, reason="x", payment_due=date(2026, 12, 21)),  # not less
            Decision(outcome="partly", amount=500_000, payment_due=date(2026, 12, 21)),  # no reason
            Decision(outcome="refused"),  # no reason
            Decision(outcome="refused", reason="x", payment_due=date(2026, 12, 21)),  # nothing to pay
            Decision(outcome="granted", payment_due=date(2026, 12, 6)),  # deadline before the decision
            Decision(outcome="maybe", reason="x"),
        ]
        for decision in bad:
            with self.subTest(decision), self.assertRaises(TransitionError):
                self.answer(self.complaint, decision, now=wib(2026, 12, 7, 10))
        self.complaint.refresh_from_db()
        self.assertEqual(self.complaint.status, Status.IN_FOLLOWUP)
        self.assertEqual(CompensationClaim.objects.get(complaint=self.complaint).outcome, "")

    def test_a_decision_without_a_claim_is_refused(self):
        other = self.advance(self.submit()[0], Action.VERIFY, Action.DISPATCH, Action.ACCEPT)
        with self.assertRaises(TransitionError):
            self.answer(other, Decision(outcome="refused", reason="x"))


class PaymentTest(CompensationTestCase):
    def setUp(self):
        complaint = self.advance(self.claimed(), Action.VERIFY, Action.DISPATCH, Action.ACCEPT)
        self.complaint = self.answer(
            complaint,
            Decision(outcome="partly", amount=500_000, reason="Kuitansi Rp 500.000.", payment_due=date(2026, 12, 21)),
            now=wib(2026, 12, 7, 10),
        )

    def test_the_payment_is_recorded_with_who_recorded_it(self):
        """Penjelasan Pasal 50(8): the payment settles the claim; Sigap records date, amount and who recorded it."""
        claim = compensation_payment_record(
            complaint=self.complaint,
            actor=self.petugas_a,
            acting_as="opd_officer",
            amount=500_000,
            paid_on=date(2026, 12, 18),
            reference="Transfer BPD 0012",
            now=wib(2026, 12, 18, 14),
        )
        self.assertEqual(
            (claim.amount_paid, claim.paid_on, claim.payment_recorded_by), (500_000, date(2026, 12, 18), self.petugas_a)
        )
        event = ComplaintEvent.objects.get(complaint=self.complaint, kind=ComplaintEvent.Kind.COMPENSATION)
        self.assertEqual(event.action, "payment")
        self.assertTrue(event.is_public)
        self.assertEqual(event.data["compensation"]["paid"], 500_000)

    def test_payments_that_cannot_be_right_are_refused(self):
        cases = [
            (600_000, date(2026, 12, 18)),  # more than granted
            (500_000, date(2026, 12, 19)),  # in the future (recorded on 18 Dec)
            (500_000, date(2026, 12, 6)),  # before the decision of 7 Dec
        ]
        for amount, paid_on in cases:
            with self.subTest(amount=amount, paid_on=paid_on), self.assertRaises(TransitionError):
                compensation_payment_record(
                    complaint=self.complaint, actor=self.admin, acting_as="complaint_admin", amount=amount,
                    paid_on=paid_on, now=wib(2026, 12, 18, 14),
                )  # fmt: skip

    def test_a_payment_is_recorded_once(self):
        pay = {"complaint": self.complaint, "actor": self.admin, "acting_as": "complaint_admin", "amount": 500_000}
        compensation_payment_record(**pay, paid_on=date(2026, 12, 18), now=wib(2026, 12, 18, 14))
        with self.assertRaises(TransitionError):
            compensation_payment_record(**pay, paid_on=date(2026, 12, 18), now=wib(2026, 12, 18, 15))


class StaffRecordedClaimTest(CompensationTestCase):
    def test_the_administrator_records_a_claim_made_by_message_before_the_answer(self):
        """A claim sent by e-mail, SMS or messenger is still a claim under Pasal 42(4); staff type it in."""
        complaint, _secret = self.submit()
        claim = compensation_claim_add(
            complaint=complaint, actor=self.admin, acting_as="complaint_admin", amount=250_000, grounds=GROUNDS
        )
        self.assertEqual((claim.amount_claimed, claim.recorded_by), (250_000, self.admin))
        self.assertTrue(
            ComplaintEvent.objects.filter(
                complaint=complaint, kind="compensation", action="claim", is_public=True
            ).exists()
        )
        with self.assertRaises(TransitionError):
            compensation_claim_add(
                complaint=complaint, actor=self.admin, acting_as="complaint_admin", amount=1, grounds=GROUNDS
            )

    def test_the_administrator_uses_the_case_page_form(self):
        complaint, _secret = self.submit()
        self.client.force_login(self.admin)
        page = self.client.get(reverse("backoffice:case", args=[complaint.tracking_code]))
        self.assertContains(page, 'name="claim_amount"')
        self.client.post(
            reverse("backoffice:compensation_claim", args=[complaint.tracking_code]),
            {"claim_amount": "250000", "claim_grounds": GROUNDS},
        )
        self.assertEqual(CompensationClaim.objects.get(complaint=complaint).amount_claimed, 250_000)

    def test_no_claim_is_added_after_the_answer(self):
        complaint = self.advance(self.submit()[0], Action.VERIFY, Action.DISPATCH, Action.ACCEPT, Action.ANSWER)
        with self.assertRaises(TransitionError):
            compensation_claim_add(
                complaint=complaint, actor=self.admin, acting_as="complaint_admin", amount=1000, grounds=GROUNDS
            )


class CasePagesTest(CompensationTestCase):
    def test_the_officer_decides_in_the_answer_form_and_the_reporter_sees_it(self):
        complaint, secret = self.submit(compensation_amount=750_000, compensation_grounds=GROUNDS)
        complaint = self.advance(complaint, Action.VERIFY, Action.DISPATCH, Action.ACCEPT)
        self.client.force_login(self.petugas_a)
        page = self.client.get(reverse("backoffice:case", args=[complaint.tracking_code]))
        self.assertContains(page, 'data-testid="compensation-decision"')
        url = reverse("backoffice:transition", args=[complaint.tracking_code, "answer"])
        self.client.post(url, {"text": "Sudah ditambal."})
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.IN_FOLLOWUP)  # no decision: not answered
        self.client.post(
            url,
            {
                "text": "Sudah ditambal.",
                "compensation_outcome": "partly",
                "compensation_amount": "500000",
                "compensation_reason": "Kuitansi Rp 500.000.",
                "compensation_payment_due": "2099-12-21",
            },
        )
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.ANSWERED)
        page = self.client.get(reverse("backoffice:case", args=[complaint.tracking_code]))
        self.assertContains(page, 'name="payment_amount"')  # the OPD may record the payment
        self.client.post(
            reverse("backoffice:compensation_payment", args=[complaint.tracking_code]),
            {"payment_amount": "500000", "payment_paid_on": date.today().isoformat(), "payment_reference": "TRF-1"},
        )
        self.assertTrue(CompensationClaim.objects.get(complaint=complaint).is_paid)

        self.client.logout()
        self.client.post(reverse("portal:track"), {"code": complaint.tracking_code, "secret": secret})
        page = self.client.get(reverse("portal:case", args=[complaint.tracking_code]))
        self.assertContains(page, 'data-testid="compensation"')
        self.assertContains(page, "500.000")
        self.assertContains(page, 'data-testid="compensation-paid"')
        self.assertNotContains(page, "TRF-1")  # the payment reference is staff-only

    def test_readers_see_the_claim_but_cannot_record_a_payment(self):
        complaint = self.advance(self.claimed(), Action.VERIFY, Action.DISPATCH, Action.ACCEPT)
        self.answer(complaint, Decision(outcome="granted", payment_due=date(2099, 1, 4)))
        self.client.force_login(self.inspektur)
        page = self.client.get(reverse("backoffice:case", args=[complaint.tracking_code]))
        self.assertContains(page, 'data-testid="compensation"')
        self.assertNotContains(page, 'name="payment_amount"')
        response = self.client.post(
            reverse("backoffice:compensation_payment", args=[complaint.tracking_code]),
            {"payment_amount": "750000", "payment_paid_on": date.today().isoformat()},
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(CompensationClaim.objects.get(complaint=complaint).is_paid)

    def test_the_portal_form_files_a_claim(self):
        response = self.client.post(
            reverse("portal:submit"),
            {
                "jurisdiction": self.city.pk,
                "kind": "pengaduan",
                "category": self.roads.pk,
                "title": "Jalan berlubang",
                "description": "Lubang besar di depan sekolah merusak motor saya.",
                "compensation_amount": "750000",
                "compensation_grounds": GROUNDS,
                "reporter_name": "Budi Santoso",
            },
        )
        self.assertEqual(response.status_code, 302, response.content[:300])
        claim = CompensationClaim.objects.get()
        self.assertEqual((claim.amount_claimed, claim.complaint.channel), (750_000, "web"))

    def test_the_walk_in_form_files_a_claim(self):
        self.client.force_login(self.admin)
        response = self.client.post(
            reverse("backoffice:record"),
            {
                "channel": "walk_in",
                "jurisdiction": self.city.pk,
                "kind": "pengaduan",
                "title": "Jalan berlubang",
                "description": "Lubang besar di depan sekolah merusak motor saya.",
                "compensation_amount": "750000",
                "compensation_grounds": GROUNDS,
                "reporter_name": "Budi Santoso",
            },
        )
        self.assertEqual(response.status_code, 200)
        claim = CompensationClaim.objects.get()
        self.assertEqual((claim.amount_claimed, claim.complaint.channel), (750_000, "walk_in"))
