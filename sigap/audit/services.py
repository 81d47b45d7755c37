"""Record audit entries; the only way rows enter the audit table."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.http import HttpRequest

from sigap.audit.models import AuditEntry
from sigap.web.addresses import client_ip


def audit_record(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    obj: models.Model | None = None,
    jurisdiction_id: int | None = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Append one entry; `changes` maps field names to [before, after]."""
    return AuditEntry.objects.create(
        actor_id=actor.pk if actor is not None else None,
        actor_label=str(actor) if actor else "system",
        action=action,
        jurisdiction_id=jurisdiction_id,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary,
        changes=changes or {},
        ip_address=client_ip(request),
    )


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Return {field: [old, new]} for the fields whose value differs."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
