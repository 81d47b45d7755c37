"""What a signed-in user may reach: their roles, resolved once per request.

Selectors in each app turn a Principal into query filters, so visibility is
enforced in the query layer and never left to a template.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser

from sigap.accounts.models import Role, RoleAssignment, User


@dataclass(frozen=True)
class Principal:
    user_id: int | None
    is_superuser: bool = False
    # (role, jurisdiction_id, opd_id or None) for every active assignment.
    grants: frozenset[tuple[str, int, int | None]] = field(default_factory=frozenset)
    # Jurisdictions an Ombudsman office oversees, resolved from `overseen_by`.
    ombudsman_jurisdictions: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_staff_member(self) -> bool:
        return self.is_superuser or bool(self.grants)

    def has_role(self, role: Role, *, jurisdiction_id: int | None = None, opd_id: int | None = None) -> bool:
        for granted_role, jid, oid in self.grants:
            if granted_role != role:
                continue
            if jurisdiction_id is not None and jid != jurisdiction_id:
                continue
            if opd_id is not None and oid != opd_id:
                continue
            return True
        return False

    def jurisdictions_with(self, *roles: Role) -> frozenset[int]:
        return frozenset(jid for r, jid, _ in self.grants if r in roles)

    def opds_with(self, *roles: Role) -> frozenset[int]:
        return frozenset(oid for r, _, oid in self.grants if r in roles and oid is not None)

    @property
    def admin_jurisdictions(self) -> frozenset[int]:
        return self.jurisdictions_with(Role.COMPLAINT_ADMIN)

    @property
    def staff_admin_jurisdictions(self) -> frozenset[int]:
        """Jurisdictions whose staff accounts and training records this user manages."""
        return self.jurisdictions_with(Role.STAFF_ADMIN)

    @property
    def oversight_jurisdictions(self) -> frozenset[int]:
        """Jurisdictions whose every case this user may read (not act on)."""
        whole = {
            jid
            for r, jid, oid in self.grants
            if r in (Role.INSPEKTORAT, Role.LEADER) or (r == Role.FOCAL_POINT and oid is None)
        }
        return frozenset(whole) | self.ombudsman_jurisdictions

    @property
    def handling_opds(self) -> frozenset[int]:
        """OPD whose cases this user follows up (officers and heads)."""
        return self.opds_with(Role.OPD_OFFICER, Role.OPD_HEAD)

    @property
    def reading_opds(self) -> frozenset[int]:
        """OPD whose cases this user may read: handlers plus OPD focal points."""
        return self.handling_opds | self.opds_with(Role.FOCAL_POINT)


ANONYMOUS = Principal(user_id=None)


def principal_for(user: User | AnonymousUser) -> Principal:
    """Return the user's Principal, computed once and kept on the user object."""
    if not user.is_authenticated:
        return ANONYMOUS
    cached: Principal | None = getattr(user, "_sigap_principal", None)
    if cached is not None:
        return cached
    rows = list(
        RoleAssignment.objects.filter(user=user, is_active=True, jurisdiction__is_active=True).values_list(
            "role", "jurisdiction_id", "opd_id", "jurisdiction__kind"
        )
    )
    grants = frozenset((role, jid, oid) for role, jid, oid, _ in rows)
    offices = [jid for role, jid, _, kind in rows if role == Role.OMBUDSMAN and kind == "ombudsman"]
    overseen: frozenset[int] = frozenset()
    if offices:
        from sigap.organisations.models import Jurisdiction

        overseen = frozenset(Jurisdiction.objects.filter(overseen_by_id__in=offices).values_list("id", flat=True))
    principal = Principal(
        user_id=user.pk, is_superuser=user.is_superuser, grants=grants, ombudsman_jurisdictions=overseen
    )
    user._sigap_principal = principal  # type: ignore[attr-defined]
    return principal
