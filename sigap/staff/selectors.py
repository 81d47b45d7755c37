"""Reads of staff accounts that depend on who asks.

A staff administrator sees the people who hold, or held, a role in the
jurisdictions they administer, and nobody else: another jurisdiction's staff
answer 404, as cases do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.models import Role, RoleAssignment, User
from sigap.accounts.principal import Principal
from sigap.audit.models import AuditEntry
from sigap.organisations.models import Jurisdiction
from sigap.staff.models import Invitation, SignIn


def managed_jurisdictions(principal: Principal) -> QuerySet[Jurisdiction]:
    return Jurisdiction.objects.filter(pk__in=principal.jurisdictions_with(Role.STAFF_ADMIN), is_active=True)


def managed_jurisdiction(principal: Principal, jurisdiction_id: int | str | None) -> Jurisdiction:
    """Return the jurisdiction asked for (or the first one) if the user administers its staff; 404 otherwise."""
    jurisdictions = managed_jurisdictions(principal).order_by("name")
    if jurisdiction_id in (None, ""):
        first = jurisdictions.first()
        if first is None:
            raise Http404
        return first
    try:
        return jurisdictions.get(pk=int(jurisdiction_id))  # type: ignore[arg-type]
    except (ValueError, Jurisdiction.DoesNotExist) as exc:
        raise Http404 from exc


def locked_usernames(usernames: list[str]) -> set[str]:
    """Return which of these user names are locked out of signing in right now (django-axes)."""
    cool_off = settings.AXES_COOLOFF_TIME
    since = timezone.now() - cool_off
    return set(
        AccessAttempt.objects.filter(
            username__in=usernames, failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
        ).values_list("username", flat=True)
    )


@dataclass(frozen=True)
class StaffRow:
    user: User
    roles: list[RoleAssignment]
    has_two_factor: bool
    last_sign_in: datetime | None
    locked: bool

    @property
    def active_roles(self) -> list[RoleAssignment]:
        return [r for r in self.roles if r.is_active]


def staff_of(*, jurisdiction: Jurisdiction) -> list[StaffRow]:
    """Everyone who holds or held a role in the jurisdiction, in four queries whatever their number."""
    roles = RoleAssignment.objects.filter(jurisdiction=jurisdiction).select_related("opd").order_by("role", "opd__name")
    users = list(
        User.objects.filter(roles__jurisdiction=jurisdiction)
        .distinct()
        .annotate(
            has_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            last_sign_in=Max("sign_ins__at", filter=Q(sign_ins__outcome=SignIn.Outcome.PASSWORD_OK)),
        )
        .prefetch_related(Prefetch("roles", queryset=roles, to_attr="jurisdiction_roles"))
        .order_by("-is_active", "first_name", "username")
    )
    locked = locked_usernames([u.username for u in users])
    return [
        StaffRow(
            user=u,
            roles=u.jurisdiction_roles,
            has_two_factor=u.has_two_factor,
            last_sign_in=u.last_sign_in,
            locked=u.username in locked,
        )
        for u in users
    ]


def staff_member_get(*, jurisdiction: Jurisdiction, user_id: int) -> User:
    """Return the user if they hold or held a role in the jurisdiction; 404 otherwise."""
    user = User.objects.filter(pk=user_id, roles__jurisdiction=jurisdiction).distinct().first()
    if user is None:
        raise Http404
    return user


def roles_elsewhere(*, user: User, jurisdiction: Jurisdiction) -> bool:
    """Whether the user also works for another jurisdiction (account-wide resets then need its consent)."""
    return RoleAssignment.objects.filter(user=user, is_active=True).exclude(jurisdiction=jurisdiction).exists()


def account_history(*, user: User, jurisdiction: Jurisdiction) -> QuerySet[AuditEntry]:
    """Audit entries about the account and its roles, as far as this jurisdiction is concerned."""
    assignment_ids = [str(pk) for pk in RoleAssignment.objects.filter(user=user).values_list("pk", flat=True)]
    return (
        AuditEntry.objects.filter(
            Q(object_type="accounts.user", object_id=str(user.pk))
            | Q(object_type="accounts.roleassignment", object_id__in=assignment_ids)
        )
        .filter(Q(jurisdiction=jurisdiction) | Q(jurisdiction__isnull=True))
        .select_related("actor")
        .order_by("-at", "-id")
    )


# What each entry of an account's history did, in words (the audit log keeps the codes).
HISTORY_LABELS = {
    "role.grant": _("Role given"),
    "role.revoke": _("Role withdrawn"),
    "role.delete": _("Role deleted"),
    "staff.invite_accept": _("Invitation accepted, account created"),
    "staff.deactivate": _("Account deactivated"),
    "staff.reactivate": _("Account reactivated"),
    "staff.password_reset_requested": _("New password asked for"),
    "staff.password_reset_sent": _("Link to choose a new password sent"),
    "staff.twofactor_reset": _("Two-factor sign-in reset"),
    "staff.unlock": _("Sign-in lock lifted"),
    "twofactor.enrol": _("Two-factor sign-in set up"),
    "twofactor.recovery_codes": _("New recovery codes made"),
}


@dataclass(frozen=True)
class HistoryLine:
    entry: AuditEntry
    what: str
    detail: str  # the role and OPD a role entry is about; empty otherwise


def account_history_lines(entries: Iterable[AuditEntry]) -> list[HistoryLine]:
    """The account's history as a person reads it: what happened in words, and which role it was about."""
    entries = list(entries)
    role_ids = [int(e.object_id) for e in entries if e.object_type == "accounts.roleassignment"]
    roles = RoleAssignment.objects.filter(pk__in=role_ids).select_related("opd").in_bulk()
    lines = []
    for e in entries:
        role = roles.get(int(e.object_id)) if e.object_type == "accounts.roleassignment" else None
        detail = f"{role.get_role_display()}{f' — {role.opd}' if role.opd else ''}" if role else ""
        lines.append(HistoryLine(e, str(HISTORY_LABELS.get(e.action, e.action)), detail))
    return lines


def invitations_of(*, jurisdiction: Jurisdiction) -> QuerySet[Invitation]:
    return Invitation.objects.filter(jurisdiction=jurisdiction).select_related("invited_by", "accepted_by")


def invitation_get(*, jurisdiction: Jurisdiction, pk: int) -> Invitation:
    invitation = invitations_of(jurisdiction=jurisdiction).filter(pk=pk).first()
    if invitation is None:
        raise Http404
    return invitation


def recent_sign_ins(*, user: User, limit: int = 30) -> QuerySet[SignIn]:
    """The user's own latest sign-in steps, failures against their name included."""
    return SignIn.objects.filter(user=user).order_by("-at", "-id")[:limit]
