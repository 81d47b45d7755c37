"""Writes to staff accounts: invitations, roles, deactivation, access resets, second factor.

Every function checks the rules that hold whoever calls it (an administrator
never changes their own roles, roles stay inside the jurisdiction, a system
administrator's account is out of a jurisdiction's reach), writes in one
transaction and records an audit entry. Role changes go through
accounts.services.role_grant / role_revoke, which audit each one.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.models import OPD_ROLES, Role, RoleAssignment, User
from sigap.accounts.services import role_grant, role_revoke
from sigap.audit.services import audit_record
from sigap.notifications.services import notification_for_staff_access
from sigap.organisations.models import Jurisdiction, Opd
from sigap.staff import twofactor
from sigap.staff.models import Invitation, SignIn
from sigap.staff.signins import sessions_end, signin_record

INVITATION_SALT = "sigap.staff.invitation"


class StaffError(Exception):
    """A staff change the rules do not allow; the message is for the user."""


@dataclass(frozen=True)
class Grant:
    role: Role
    opd: Opd | None = None


def grantable_roles(jurisdiction: Jurisdiction) -> list[Role]:
    """Roles a jurisdiction's staff administrator may hand out there.

    An Ombudsman office has Ombudsman officers; a regional government has every
    other role. Nobody here grants system administration (Django's superuser).
    """
    if jurisdiction.kind == Jurisdiction.Kind.OMBUDSMAN:
        return [Role.OMBUDSMAN, Role.STAFF_ADMIN]
    return [r for r in Role if r != Role.OMBUDSMAN]


def _check_grant(grant: Grant, jurisdiction: Jurisdiction) -> None:
    if grant.role not in grantable_roles(jurisdiction):
        raise StaffError(_("This role cannot be given in this jurisdiction."))
    if grant.role in OPD_ROLES and grant.opd is None:
        raise StaffError(_("Choose the OPD for this role."))
    if grant.opd is not None and grant.opd.jurisdiction_id != jurisdiction.pk:
        raise StaffError(_("This OPD belongs to another jurisdiction."))
    if grant.opd is not None and grant.role not in (*OPD_ROLES, Role.FOCAL_POINT):
        raise StaffError(_("This role is held for the whole jurisdiction, not for one OPD."))


def _check_target(user: User, actor: User) -> None:
    if user.pk == actor.pk:
        raise StaffError(_("You cannot change your own account here; ask another staff administrator."))
    if user.is_superuser:
        raise StaffError(_("A system administrator's account is managed by the system administrators."))


# --- invitations -------------------------------------------------------------


def _hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def invitation_token(invitation: Invitation, nonce: str) -> str:
    return signing.dumps({"i": invitation.pk, "n": nonce}, salt=INVITATION_SALT)


def invitation_from_token(token: str) -> Invitation | None:
    """Return the pending invitation a link names, or None if the link is forged, used, withdrawn or expired."""
    max_age = timedelta(days=settings.SIGAP_INVITATION_DAYS)
    try:
        payload = signing.loads(token, salt=INVITATION_SALT, max_age=max_age)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    invitation_id = payload.get("i") if isinstance(payload, dict) else None
    invitation = (
        Invitation.objects.select_related("jurisdiction").filter(pk=invitation_id).first()
        if isinstance(invitation_id, int)
        else None
    )
    if invitation is None or not invitation.nonce_hash:
        return None
    if not secrets.compare_digest(invitation.nonce_hash, _hash(str(payload.get("n", "")))):
        return None
    if invitation.state != Invitation.State.PENDING:
        return None
    return invitation


@transaction.atomic
def invitation_send(
    *, jurisdiction: Jurisdiction, email: str, name: str, grants: list[Grant], actor: User
) -> Invitation:
    """Record an invitation and e-mail its single-use link once the transaction commits."""
    email = email.strip().lower()
    if not grants:
        raise StaffError(_("Give the new staff member at least one role."))
    for grant in grants:
        _check_grant(grant, jurisdiction)
    now = timezone.now()
    nonce = secrets.token_urlsafe(24)
    invitation = Invitation.objects.create(
        jurisdiction=jurisdiction,
        email=email,
        name=name.strip()[:150],
        grants=[{"role": str(g.role), "opd": g.opd.pk if g.opd else None} for g in grants],
        nonce_hash=_hash(nonce),
        invited_by=actor,
        created_at=now,
        expires_at=now + timedelta(days=settings.SIGAP_INVITATION_DAYS),
    )
    link = settings.SITE_URL + reverse("staff:accept", args=[invitation_token(invitation, nonce)])
    with translation.override("id"):
        subject = _("Invitation to Sigap, %(jurisdiction)s") % {"jurisdiction": jurisdiction.name}
        body = render_to_string(
            "staff/email/invitation.txt",
            {"invitation": invitation, "link": link, "days": settings.SIGAP_INVITATION_DAYS, "actor": actor},
        )
    notification_for_staff_access(
        to=email, subject=subject, body=body, key=f"invitation:{invitation.pk}", jurisdiction_id=jurisdiction.pk
    )
    audit_record(
        actor=actor,
        action="staff.invite",
        obj=invitation,
        jurisdiction_id=jurisdiction.pk,
        summary=f"{email}: {', '.join(g['role'] for g in invitation.grants)}",
        changes={"grants": [None, invitation.grants]},
    )
    return invitation


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, actor: User) -> None:
    if invitation.state != Invitation.State.PENDING:
        raise StaffError(_("Only a pending invitation can be withdrawn."))
    invitation.withdrawn_at = timezone.now()
    invitation.nonce_hash = ""
    invitation.save(update_fields=["withdrawn_at", "nonce_hash"])
    audit_record(
        actor=actor,
        action="staff.invite_withdraw",
        obj=invitation,
        jurisdiction_id=invitation.jurisdiction_id,
        summary=invitation.email,
    )


@transaction.atomic
def invitation_accept(
    *,
    invitation: Invitation,
    user: User | None = None,
    username: str = "",
    first_name: str = "",
    password: str = "",
) -> User:
    """Use the invitation: create the account (or use the signed-in `user`) and grant its roles.

    An existing account is accepted only when its e-mail is the one invited.
    """
    locked = Invitation.objects.select_for_update().select_related("jurisdiction").get(pk=invitation.pk)
    if locked.state != Invitation.State.PENDING or not locked.nonce_hash:
        raise StaffError(_("This invitation has already been used, withdrawn or has expired."))
    if user is None:
        if User.objects.filter(username__iexact=username).exists():
            raise StaffError(_("This user name is taken; choose another."))
        user = User.objects.create_user(
            username=username, email=locked.email, first_name=first_name.strip()[:150], password=password
        )
    elif user.email.strip().lower() != locked.email:
        raise StaffError(_("This invitation was sent to another e-mail address."))
    elif not user.is_active:
        raise StaffError(_("This account is deactivated."))
    opds = {o.pk: o for o in Opd.objects.filter(jurisdiction=locked.jurisdiction, is_active=True)}
    for row in locked.grants:
        opd = opds.get(row["opd"]) if row["opd"] else None
        if row["opd"] and opd is None:
            continue  # the OPD was closed since the invitation went out
        role_grant(
            user=user, role=Role(row["role"]), jurisdiction=locked.jurisdiction, opd=opd, actor=locked.invited_by
        )
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.nonce_hash = ""
    locked.save(update_fields=["accepted_at", "accepted_by", "nonce_hash"])
    audit_record(
        actor=user,
        action="staff.invite_accept",
        obj=locked,
        jurisdiction_id=locked.jurisdiction_id,
        summary=f"{locked.email} → {user.username}",
    )
    return user


# --- roles and accounts ----------------------------------------------------


@transaction.atomic
def staff_role_add(*, user: User, jurisdiction: Jurisdiction, grant: Grant, actor: User) -> RoleAssignment:
    """Give a staff member a role (re-activating the account if it was deactivated)."""
    _check_target(user, actor)
    _check_grant(grant, jurisdiction)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action="staff.reactivate",
            obj=user,
            jurisdiction_id=jurisdiction.pk,
            summary=user.username,
            changes={"is_active": [False, True]},
        )
    return role_grant(user=user, role=grant.role, jurisdiction=jurisdiction, opd=grant.opd, actor=actor)


@transaction.atomic
def staff_role_remove(*, assignment: RoleAssignment, actor: User) -> None:
    _check_target(assignment.user, actor)
    role_revoke(assignment=assignment, actor=actor)
    # Roles are resolved once per request, so a session opened before still sees the role
    # until its next request; ending the sessions makes the change immediate.
    if not RoleAssignment.objects.filter(user=assignment.user, is_active=True).exists():
        sessions_end(assignment.user)


@transaction.atomic
def staff_deactivate(*, user: User, jurisdiction: Jurisdiction, actor: User) -> int:
    """Revoke every role the user holds in the jurisdiction and end their sessions.

    The account and its history stay; it can no longer sign in once it holds no
    role anywhere. Return how many roles were revoked.
    """
    _check_target(user, actor)
    active = list(RoleAssignment.objects.filter(user=user, jurisdiction=jurisdiction, is_active=True))
    for assignment in active:
        role_revoke(assignment=assignment, actor=actor)
    changes = {}
    if not RoleAssignment.objects.filter(user=user, is_active=True).exists() and user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        changes["is_active"] = [True, False]
    ended = sessions_end(user)
    audit_record(
        actor=actor,
        action="staff.deactivate",
        obj=user,
        jurisdiction_id=jurisdiction.pk,
        summary=f"{user.username}: {len(active)} roles revoked, {ended} sessions ended",
        changes=changes,
    )
    return len(active)


FORGOTTEN_PER_HOUR = 3  # reset links one account can be sent per hour by asking for them


def password_reset_request(*, login: str) -> None:
    """Someone who forgot their password asks for a link; it goes to the account's own e-mail address.

    Says nothing about whether the account exists (the page answers the same either way). The second
    factor is still asked after the new password, so the link alone does not open a staff account.
    """
    login = login.strip()
    if not login:
        return
    user = (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(username__iexact=login) | Q(email__iexact=login))
        .order_by("pk")
        .first()
    )
    if user is None:
        return
    key = f"password-forgotten:{user.pk}"
    cache.add(key, 0, timeout=3600)
    if cache.incr(key) > FORGOTTEN_PER_HOUR:
        return
    link = settings.SITE_URL + reverse(
        "staff:password_reset",
        args=[urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)],
    )
    with translation.override(user.preferred_language or "id"):
        subject = _("Choose a new password for Sigap")
        body = render_to_string("staff/email/password_forgotten.txt", {"user": user, "link": link})
    notification_for_staff_access(
        to=user.email,
        subject=subject,
        body=body,
        key=f"password-forgotten:{user.pk}:{secrets.token_hex(8)}",
        jurisdiction_id=None,
    )
    audit_record(actor=None, action="staff.password_reset_requested", obj=user, summary=user.username)


@transaction.atomic
def staff_password_reset_send(*, user: User, jurisdiction: Jurisdiction, actor: User) -> None:
    """E-mail the user a link to choose a new password (Django's expiring reset token)."""
    _check_target(user, actor)
    if not user.email:
        raise StaffError(_("This account has no e-mail address."))
    link = settings.SITE_URL + reverse(
        "staff:password_reset",
        args=[urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)],
    )
    with translation.override(user.preferred_language or "id"):
        subject = _("Choose a new password for Sigap")
        body = render_to_string(
            "staff/email/password_reset.txt",
            {"user": user, "link": link, "jurisdiction": jurisdiction, "actor": actor},
        )
    notification_for_staff_access(
        to=user.email,
        subject=subject,
        body=body,
        key=f"password-reset:{user.pk}:{secrets.token_hex(8)}",
        jurisdiction_id=jurisdiction.pk,
    )
    audit_record(
        actor=actor,
        action="staff.password_reset_sent",
        obj=user,
        jurisdiction_id=jurisdiction.pk,
        summary=user.username,
    )


@transaction.atomic
def staff_twofactor_reset(*, user: User, jurisdiction: Jurisdiction, actor: User) -> None:
    """Remove the user's authenticator and recovery codes (a lost phone) and end their sessions.

    At the next sign-in the user enrols a new authenticator before reaching any case.
    """
    _check_target(user, actor)
    removed = TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
    sessions_end(user)
    audit_record(
        actor=actor,
        action="staff.twofactor_reset",
        obj=user,
        jurisdiction_id=jurisdiction.pk,
        summary=f"{user.username}: {removed} devices removed",
    )


@transaction.atomic
def staff_unlock(*, user: User, jurisdiction: Jurisdiction, actor: User) -> int:
    """Lift a sign-in lockout (django-axes) before its cool-off ends."""
    cleared = axes_reset(username=user.get_username())
    audit_record(
        actor=actor,
        action="staff.unlock",
        obj=user,
        jurisdiction_id=jurisdiction.pk,
        summary=f"{user.username}: {cleared} lockout records cleared",
    )
    return cleared


# --- the second factor --------------------------------------------------------


def _new_recovery_codes(user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=twofactor.RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(twofactor.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def twofactor_enrol(*, request: HttpRequest, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm a new authenticator with a code from it; return fresh recovery codes, or None if the code is wrong.

    Success replaces any earlier authenticator and marks this session as verified.
    """
    user = request.user
    assert isinstance(user, User)
    if device.user_id != user.pk or device.confirmed:
        raise StaffError(_("This enrolment is no longer valid; start again."))
    if not device.verify_token(token.strip().replace(" ", "")):
        signin_record(request=request, outcome=SignIn.Outcome.SECOND_FACTOR_FAILED, user=user)
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    otp_login(request, device)
    signin_record(request=request, outcome=SignIn.Outcome.SECOND_FACTOR_OK, user=user)
    audit_record(actor=user, action="twofactor.enrol", obj=user, summary=user.username, request=request)
    return codes


def second_factor_verify(*, request: HttpRequest, token: str) -> SignIn.Outcome:
    """Check a code from the authenticator or a recovery code; on success mark the session verified."""
    user = request.user
    assert isinstance(user, User)
    device = match_token(user, token.strip().replace(" ", ""))
    if device is None:
        signin_record(request=request, outcome=SignIn.Outcome.SECOND_FACTOR_FAILED, user=user)
        return SignIn.Outcome.SECOND_FACTOR_FAILED
    otp_login(request, device)
    outcome = SignIn.Outcome.RECOVERY_CODE_USED if isinstance(device, StaticDevice) else SignIn.Outcome.SECOND_FACTOR_OK
    signin_record(request=request, outcome=outcome, user=user)
    return outcome


@transaction.atomic
def recovery_codes_renew(*, request: HttpRequest) -> list[str]:
    """Replace the user's recovery codes (the old ones stop working)."""
    user = request.user
    assert isinstance(user, User)
    codes = _new_recovery_codes(user)
    audit_record(actor=user, action="twofactor.recovery_codes", obj=user, summary=user.username, request=request)
    return codes
