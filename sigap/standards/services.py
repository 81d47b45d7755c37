"""Write a service's standard; every change is audited with the values before and after."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.services import audit_record
from sigap.organisations.models import Service
from sigap.standards.components import DELIVERY, FIELDS
from sigap.standards.models import ServiceStandard


@transaction.atomic
def standard_save(
    *, service: Service, values: Mapping[str, str], decree: str, publish: bool, actor: User
) -> ServiceStandard:
    """Save the components; publishing needs every part published to users (service delivery) filled in."""
    cleaned = {name: (values.get(name) or "").strip() for name in FIELDS}
    if publish:
        missing = [str(c.label) for c in DELIVERY if not cleaned[c.field]]
        if missing:
            raise ValidationError(
                _("Fill in these components before publishing: %(names)s.") % {"names": ", ".join(missing)}
            )
    now = timezone.now()
    standard = ServiceStandard.objects.select_for_update().filter(service=service).first()
    before = {name: getattr(standard, name) for name in [*FIELDS, "decree", "is_published"]} if standard else {}
    if standard is None:
        standard = ServiceStandard(service=service)
    for name, value in cleaned.items():
        setattr(standard, name, value)
    standard.decree = decree.strip()[:300]
    if publish and not standard.is_published:
        standard.published_at = now
    standard.is_published = publish
    standard.updated_by, standard.updated_at = actor, now
    standard.save()
    after = {name: getattr(standard, name) for name in [*FIELDS, "decree", "is_published"]}
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if changes:
        audit_record(
            actor=actor,
            action="standard.save",
            obj=standard,
            jurisdiction_id=service.unit.opd.jurisdiction_id,
            summary=str(service),
            changes=changes,
        )
    return standard
