"""Who receives what: reporters and the staff who hold a role on a case."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from sigap.accounts.models import Role, RoleAssignment, User
from sigap.complaints.models import Complaint, Reporter


@dataclass(frozen=True)
class Recipient:
    address: str
    language: str
    user: User | None = None


def reporter_email(complaint: Complaint) -> Recipient | None:
    """The reporter's e-mail address, or None (anonymous reporters keep no address at all)."""
    if complaint.is_anonymous:
        return None
    email = ""
    with contextlib.suppress(Reporter.DoesNotExist):
        email = complaint.reporter.email
    if not email and complaint.reporter_user_id and complaint.reporter_user:
        email = complaint.reporter_user.email
    return Recipient(address=email, language=complaint.language or "id") if email else None


def reporter_phone(complaint: Complaint) -> str:
    if complaint.is_anonymous:
        return ""
    try:
        return complaint.reporter.phone
    except Reporter.DoesNotExist:
        return ""


def staff(*, jurisdiction_id: int, roles: set[Role], opd_id: int | None = None) -> list[Recipient]:
    """Active staff holding one of `roles` in the jurisdiction (for OPD roles: in that OPD), with an e-mail."""
    rows = RoleAssignment.objects.filter(
        jurisdiction_id=jurisdiction_id, role__in=roles, is_active=True, user__is_active=True
    ).exclude(user__email="")
    if opd_id is not None:
        rows = rows.filter(opd_id=opd_id)
    users = {row.user_id: row.user for row in rows.select_related("user").order_by("user_id")}
    return [Recipient(address=u.email, language=u.preferred_language or "id", user=u) for u in users.values()]


def opd_handlers(complaint: Complaint) -> list[Recipient]:
    """Officers and the head of the OPD holding the case."""
    if complaint.opd_id is None:
        return []
    return staff(
        jurisdiction_id=complaint.jurisdiction_id, roles={Role.OPD_OFFICER, Role.OPD_HEAD}, opd_id=complaint.opd_id
    )


def administrators(jurisdiction_id: int) -> list[Recipient]:
    return staff(jurisdiction_id=jurisdiction_id, roles={Role.COMPLAINT_ADMIN})
