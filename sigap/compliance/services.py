"""Writes to self-assessments: start, answer, attach evidence, submit. Each is audited."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import ProhibitNullCharactersValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.services import audit_record
from sigap.complaints.uploads import CleanFile
from sigap.compliance.models import Assessment, Evidence, Indicator, IndicatorAnswer
from sigap.compliance.selectors import scheme_for_year
from sigap.organisations.models import ServiceUnit


class AssessmentLocked(Exception):
    """A submitted assessment cannot be edited; the message is for the user."""


@transaction.atomic
def assessment_start(*, unit: ServiceUnit, year: int, actor: User, now: datetime | None = None) -> Assessment:
    """Open (or return) the unit's self-assessment for `year`, under that year's scheme."""
    existing = Assessment.objects.filter(unit=unit, year=year).first()
    if existing is not None:
        return existing
    scheme = scheme_for_year(year)
    if scheme is None:
        raise ValidationError(_("No assessment scheme covers %(year)d.") % {"year": year})
    now = now or timezone.now()
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                scheme=scheme, year=year, unit=unit, created_by=actor, created_at=now, updated_at=now
            )
    except IntegrityError:
        return Assessment.objects.get(unit=unit, year=year)
    audit_record(
        actor=actor,
        action="compliance.start",
        obj=assessment,
        jurisdiction_id=unit.opd.jurisdiction_id,
        summary=f"{unit} {year} ({scheme.code})",
    )
    return assessment


def _editable(assessment: Assessment) -> Assessment:
    row = Assessment.objects.select_for_update().select_related("unit__opd").get(pk=assessment.pk)
    if row.status != Assessment.Status.DRAFT:
        raise AssessmentLocked(_("This self-assessment has been submitted and can no longer be changed."))
    return row


@transaction.atomic
def assessment_answer(
    *, assessment: Assessment, values: Mapping[int, int], notes: Mapping[int, str], actor: User
) -> Assessment:
    """Save answers ({indicator id: 0, 50 or 100}) and notes; record what changed."""
    row = _editable(assessment)
    for text in notes.values():
        ProhibitNullCharactersValidator()(text)  # as the forms do: PostgreSQL cannot store a NUL
    indicators = {i.pk: i for i in Indicator.objects.filter(dimension__scheme_id=row.scheme_id)}
    allowed = set(IndicatorAnswer.Value.values)
    current = {a.indicator_id: a for a in row.answers.all()}
    now = timezone.now()
    changes: dict[str, list[object]] = {}
    for indicator_id, value in values.items():
        if indicator_id not in indicators:
            raise ValidationError(_("This indicator belongs to another scheme."))
        if value not in allowed:
            raise ValidationError(_("Answer each indicator with fulfilled, partly or not fulfilled."))
        note = notes.get(indicator_id, "").strip()[:2000]
        answer = current.get(indicator_id)
        if answer is None:
            IndicatorAnswer.objects.create(
                assessment=row, indicator_id=indicator_id, value=value, note=note, answered_by=actor, updated_at=now
            )
            changes[indicators[indicator_id].code] = [None, value]
        elif answer.value != value or answer.note != note:
            changes[indicators[indicator_id].code] = [answer.value, value]
            answer.value, answer.note, answer.answered_by, answer.updated_at = value, note, actor, now
            answer.save(update_fields=["value", "note", "answered_by", "updated_at"])
    if changes:
        row.updated_at = now
        row.save(update_fields=["updated_at"])
        audit_record(
            actor=actor,
            action="compliance.answer",
            obj=row,
            jurisdiction_id=row.unit.opd.jurisdiction_id,
            changes=changes,
        )
    return row


@transaction.atomic
def evidence_add(
    *, assessment: Assessment, indicator: Indicator, files: Sequence[CleanFile], actor: User
) -> list[Evidence]:
    row = _editable(assessment)
    if indicator.dimension.scheme_id != row.scheme_id:
        raise ValidationError(_("This indicator belongs to another scheme."))
    if not files:
        raise ValidationError(_("Choose a file to upload."))
    now = timezone.now()
    stored = []
    for clean in files:
        evidence = Evidence(
            assessment=row,
            indicator=indicator,
            original_name=clean.name,
            content_type=clean.content_type,
            size=clean.size,
            sha256=clean.sha256,
            uploaded_by=actor,
            uploaded_at=now,
        )
        evidence.file.save(clean.name, ContentFile(clean.content), save=False)
        evidence.save()
        stored.append(evidence)
    audit_record(
        actor=actor,
        action="compliance.evidence",
        obj=row,
        jurisdiction_id=row.unit.opd.jurisdiction_id,
        summary=indicator.code,
        changes={"evidence": [None, [e.pk for e in stored]]},
    )
    return stored


@transaction.atomic
def assessment_submit(*, assessment: Assessment, actor: User) -> Assessment:
    row = _editable(assessment)
    now = timezone.now()
    row.status, row.submitted_at, row.updated_at = Assessment.Status.SUBMITTED, now, now
    row.save(update_fields=["status", "submitted_at", "updated_at"])
    audit_record(
        actor=actor,
        action="compliance.submit",
        obj=row,
        jurisdiction_id=row.unit.opd.jurisdiction_id,
        changes={"status": [Assessment.Status.DRAFT, Assessment.Status.SUBMITTED]},
    )
    return row
