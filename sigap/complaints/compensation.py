"""The rules of a compensation claim (ganti rugi), UU 25/2009; the writes are in services.py.

- Pasal 42(4): the reporter may put a claim for compensation in the complaint.
- Pasal 48(4): the reporter then describes the loss the service caused (the Penjelasan asks for a causal
  link between the provider's act and the loss).
- Pasal 50(3): when the reporter claims compensation, the decision on the complaint states the amount and
  the deadline to pay it; Pasal 50(4): the provider must budget for it. Sigap therefore asks for the
  decision in the answer step, and a claimed complaint cannot be answered without one.
- Penjelasan Pasal 50(8): the provider pays once the reporter has proved the amount and the provider
  accepted it; with the payment the complaint is settled. Sigap records the payment (date, amount, who
  recorded it) after the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from sigap.complaints.models import CompensationClaim, CompensationOutcome


@dataclass(frozen=True)
class Claim:
    amount: int
    grounds: str


@dataclass(frozen=True)
class Decision:
    outcome: str  # a CompensationOutcome value
    reason: str = ""
    amount: int | None = None  # required when partly granted; the claimed amount when granted in full
    payment_due: date | None = None


def claim_errors(*, amount: int | None, grounds: str) -> dict[str, list[str]]:
    """What is wrong with a claim as the reporter gave it (empty when fine)."""
    errors: dict[str, list[str]] = {}
    if amount is None or amount < 1:
        errors["compensation_amount"] = [_("Give the compensation claimed in whole rupiah.")]
    if len(grounds.strip()) < 10:
        errors["compensation_grounds"] = [_("Describe the loss the service caused you (at least 10 characters).")]
    return errors


def decided_amount(claim: CompensationClaim, decision: Decision, *, today: date) -> int:
    """Check the decision against the claim and return the amount granted; raise ValueError with the reason."""
    if decision.outcome not in CompensationOutcome.values:
        raise ValueError(_("Choose the decision on the compensation claim."))
    if claim.is_paid:
        raise ValueError(_("The compensation was already paid; the decision can no longer change."))
    if decision.outcome == CompensationOutcome.REFUSED:
        if not decision.reason.strip():
            raise ValueError(_("Give the reason the compensation is refused."))
        if decision.amount or decision.payment_due:
            raise ValueError(_("A refused claim has no amount and no payment deadline."))
        return 0
    if decision.outcome == CompensationOutcome.GRANTED:
        amount = claim.amount_claimed if decision.amount is None else decision.amount
        if amount != claim.amount_claimed:
            raise ValueError(_("Granted in full means the amount claimed; choose “partly granted” for less."))
    else:
        amount = decision.amount or 0
        if not 0 < amount < claim.amount_claimed:
            raise ValueError(_("A partly granted claim pays more than nothing and less than the amount claimed."))
        if not decision.reason.strip():
            raise ValueError(_("Give the reason only part of the compensation is granted."))
    # Pasal 50(3): the decision states when it will be paid.
    if decision.payment_due is None:
        raise ValueError(_("Set the deadline to pay the compensation (UU 25/2009 Pasal 50(3))."))
    if decision.payment_due < today:
        raise ValueError(_("The payment deadline cannot be before the decision."))
    return amount


def payment_problem(
    claim: CompensationClaim, *, amount: int, paid_on: date, today: date, decided_on: date | None
) -> str | None:
    """Why a payment cannot be recorded, or None (dates are the jurisdiction's own days)."""
    if not claim.payable:
        return _("Only a granted compensation can be paid.")
    if claim.is_paid:
        return _("The payment of this compensation is already recorded.")
    if amount < 1 or claim.amount_granted is None or amount > claim.amount_granted:
        return _("The amount paid must be more than nothing and at most the amount granted.")
    if paid_on > today:
        return _("The payment date cannot be in the future.")
    if decided_on is not None and paid_on < decided_on:
        return _("The payment date cannot be before the decision.")
    return None


def decision_record(claim: CompensationClaim) -> dict[str, object]:
    """The decision as the answer event records it (JSON)."""
    return {
        "claimed": claim.amount_claimed,
        "outcome": claim.outcome,
        "amount": claim.amount_granted,
        "reason": claim.decision_reason,
        "payment_due": claim.payment_due.isoformat() if claim.payment_due else None,
    }
