"""Writes to accounts and roles; each one is audited."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest

from sigap.accounts.models import OPD_ROLES, Role, RoleAssignment, User
from sigap.audit.services import audit_record
from sigap.organisations.models import Jurisdiction, Opd
from sigap.web.addresses import client_address
from sigap.web.ratelimit import hit


class SignUpsExhausted(Exception):
    """This address has made its allowance of accounts for the hour."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


@transaction.atomic
def reporter_sign_up(*, email: str, name: str, password: str, request: HttpRequest) -> User:
    """Make a reporter's account (no role), audited; at most SIGAP_SIGN_UPS_PER_HOUR per client address.

    The limit keeps one machine from minting accounts in bulk (each can file and support complaints).
    Raises SignUpsExhausted past it, before anything is written.
    """
    verdict = hit("sign-up", client_address(request), limit=settings.SIGAP_SIGN_UPS_PER_HOUR, window=3600)
    if not verdict.allowed:
        raise SignUpsExhausted(verdict.retry_after)
    user = User.objects.create_user(username=email, email=email, first_name=name, password=password)
    audit_record(actor=user, action="account.sign_up", obj=user, summary=user.username, request=request)
    return user


@transaction.atomic
def role_grant(
    *, user: User, role: Role, jurisdiction: Jurisdiction, opd: Opd | None = None, actor: User | None
) -> RoleAssignment:
    """Give `user` a role in a jurisdiction (and OPD); re-activates a revoked one."""
    if role in OPD_ROLES and opd is None:
        raise ValueError(f"{role} needs an OPD")
    if opd is not None and opd.jurisdiction_id != jurisdiction.pk:
        raise ValueError("the OPD belongs to another jurisdiction")
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, jurisdiction=jurisdiction, opd=opd)
    if not created and not assignment.is_active:
        assignment.is_active = True
        assignment.save(update_fields=["is_active"])
    elif not created:
        return assignment
    audit_record(
        actor=actor,
        action="role.grant",
        obj=assignment,
        jurisdiction_id=jurisdiction.pk,
        summary=f"{user.username}: {role} {opd.code if opd else jurisdiction.slug}",
        changes={"role": [None, role], "opd": [None, opd.pk if opd else None]},
    )
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, actor: User | None) -> None:
    if not assignment.is_active:
        return
    assignment.is_active = False
    assignment.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="role.revoke",
        obj=assignment,
        jurisdiction_id=assignment.jurisdiction_id,
        summary=f"{assignment.user.username}: {assignment.role}",
        changes={"is_active": [True, False]},
    )
