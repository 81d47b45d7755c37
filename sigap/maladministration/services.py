"""Writes to classifications: set by staff, reviewed by the Ombudsman."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.complaints.models import Complaint
from sigap.maladministration.kinds import Kind
from sigap.maladministration.models import Classification, ClassificationEvent, ClassifiedForm, Review


def _clean_kinds(kinds: Iterable[str]) -> list[str]:
    chosen = set(kinds)
    unknown = chosen - set(Kind.values)
    if unknown:
        raise ValidationError({"kinds": [_("Unknown form of maladministration.")]})
    if not chosen:
        raise ValidationError({"kinds": [_("Choose at least one form of maladministration.")]})
    return [k for k in Kind.values if k in chosen]


def _replace_forms(classification: Classification, kinds: list[str]) -> None:
    classification.forms.exclude(kind__in=kinds).delete()
    present = set(classification.forms.values_list("kind", flat=True))
    ClassifiedForm.objects.bulk_create(
        [ClassifiedForm(classification=classification, kind=k) for k in kinds if k not in present]
    )


@transaction.atomic
def classification_set(
    *,
    kinds: Iterable[str],
    actor: User | None,
    acting_as: str,
    complaint: Complaint | None = None,
    report: object | None = None,
    now: datetime | None = None,
) -> Classification:
    """Set the forms of a complaint (or an Ombudsman report), creating the classification if needed.

    Once the Ombudsman has reviewed a complaint's classification, only the
    Ombudsman may change it (through `classification_review`).
    """
    if (complaint is None) == (report is None):
        raise ValueError("classify either a complaint or a report")
    wanted = _clean_kinds(kinds)
    now = now or timezone.now()
    lookup: dict[str, object] = {"complaint": complaint} if complaint is not None else {"report": report}
    classification = Classification.objects.select_for_update().filter(**lookup).first()
    before: list[str] = []
    if classification is None:
        classification = Classification.objects.create(**lookup, set_by=actor, set_by_role=acting_as, set_at=now)
    else:
        if complaint is not None and classification.review != Review.PENDING:
            raise ValidationError(
                {"kinds": [_("The Ombudsman has reviewed this classification; only the Ombudsman may change it.")]}
            )
        before = classification.kinds
        if before == wanted:
            return classification
        classification.set_by, classification.set_by_role, classification.set_at = actor, acting_as, now
        classification.save(update_fields=["set_by", "set_by_role", "set_at"])
    _replace_forms(classification, wanted)
    ClassificationEvent.objects.create(
        classification=classification,
        at=now,
        kind=ClassificationEvent.Kind.SET,
        actor=actor,
        actor_role=acting_as,
        before=before,
        after=wanted,
    )
    return classification


@transaction.atomic
def classification_review(
    *, classification: Classification, kinds: Iterable[str], actor: User, note: str = "", now: datetime | None = None
) -> Classification:
    """Record the Ombudsman's review: the same forms confirm, different forms change the classification."""
    wanted = _clean_kinds(kinds)
    now = now or timezone.now()
    row = Classification.objects.select_for_update().get(pk=classification.pk)
    before = row.kinds
    outcome = Review.CONFIRMED if before == wanted else Review.CHANGED
    if outcome == Review.CHANGED:
        _replace_forms(row, wanted)
    row.review, row.reviewed_by, row.reviewed_at, row.review_note = outcome, actor, now, note.strip()
    row.save(update_fields=["review", "reviewed_by", "reviewed_at", "review_note"])
    ClassificationEvent.objects.create(
        classification=row,
        at=now,
        kind=ClassificationEvent.Kind.CONFIRMED if outcome == Review.CONFIRMED else ClassificationEvent.Kind.CHANGED,
        actor=actor,
        actor_role="ombudsman",
        before=before,
        after=wanted,
        note=row.review_note,
    )
    return row
