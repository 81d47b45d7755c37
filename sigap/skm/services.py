"""Record survey answers (public, no account needed)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.complaints.models import Complaint
from sigap.complaints.workflow import Status
from sigap.organisations.models import Service
from sigap.skm.models import ELEMENTS, SurveyResponse


def _checked(answers: Mapping[str, int]) -> dict[str, int]:
    values = {}
    for element in ELEMENTS:
        value = answers.get(element)
        if not isinstance(value, int) or not 1 <= value <= 4:
            raise ValidationError({element: [_("Choose an answer from 1 to 4.")]})
        values[element] = value
    return values


@transaction.atomic
def survey_submit(
    *,
    answers: Mapping[str, int],
    suggestion: str = "",
    service: Service | None = None,
    complaint: Complaint | None = None,
    now: datetime | None = None,
) -> SurveyResponse:
    """Store one respondent's answers about a service, or about a closed complaint (once per complaint)."""
    if (service is None) == (complaint is None):
        raise ValueError("a survey is about a service or a complaint")
    values = _checked(answers)
    now = now or timezone.now()
    if complaint is not None:
        if complaint.status != Status.CLOSED:
            raise ValidationError(_("The survey opens once the complaint is closed."))
        service = complaint.service
        unit = service.unit if service else None
        opd = unit.opd if unit else complaint.opd
        if opd is None:
            raise ValidationError(_("This complaint was not handled by an OPD, so there is nothing to survey."))
        source = SurveyResponse.Source.COMPLAINT
    else:
        assert service is not None
        unit = service.unit
        opd = unit.opd
        source = SurveyResponse.Source.SERVICE
    try:
        with transaction.atomic():
            return SurveyResponse.objects.create(
                jurisdiction_id=opd.jurisdiction_id,
                opd=opd,
                unit=unit,
                service=service,
                complaint=complaint,
                source=source,
                submitted_at=now,
                suggestion=suggestion.strip()[:2000],
                **values,
            )
    except IntegrityError as exc:
        raise ValidationError(_("This complaint's survey has already been answered. Thank you.")) from exc
