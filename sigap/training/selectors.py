"""Reads of training records that depend on who asks.

- every staff member sees the sessions of their jurisdictions and their own record;
- a staff administrator manages sessions (create, material, participants, attendance);
- an OPD's head, officers and focal point see which of the OPD's officers were trained;
- the Inspektorat sees every OPD's record.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from sigap.accounts.models import Role
from sigap.accounts.principal import Principal
from sigap.organisations.models import Opd
from sigap.training.models import Participation, TrainingSession


def staff_jurisdictions(principal: Principal) -> frozenset[int]:
    return frozenset(jid for _, jid, _ in principal.grants)


def sessions_visible_to(principal: Principal) -> QuerySet[TrainingSession]:
    return TrainingSession.objects.filter(jurisdiction_id__in=staff_jurisdictions(principal)).annotate(
        registered=Count("participants", distinct=True),
        present=Count("participants", filter=Q(participants__attended=True), distinct=True),
    )


def session_get(*, principal: Principal, pk: int) -> TrainingSession:
    session = sessions_visible_to(principal).select_related("jurisdiction").filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def may_manage(principal: Principal, session_or_jurisdiction_id: TrainingSession | int) -> bool:
    jid = (
        session_or_jurisdiction_id.jurisdiction_id
        if isinstance(session_or_jurisdiction_id, TrainingSession)
        else session_or_jurisdiction_id
    )
    return jid in principal.staff_admin_jurisdictions


def opds_with_records_for(principal: Principal) -> QuerySet[Opd]:
    """OPD whose training record the user may read."""
    whole = principal.jurisdictions_with(Role.INSPEKTORAT, Role.STAFF_ADMIN)
    own = principal.opds_with(Role.OPD_HEAD, Role.OPD_OFFICER, Role.FOCAL_POINT)
    return Opd.objects.filter(Q(jurisdiction_id__in=whole) | Q(pk__in=own)).order_by("name")


def opd_record(*, principal: Principal, opd_id: int) -> tuple[Opd, QuerySet[Participation]]:
    opd = opds_with_records_for(principal).filter(pk=opd_id).first()
    if opd is None:
        raise Http404
    rows = (
        Participation.objects.filter(opd=opd)
        .select_related("user", "session")
        .order_by("user__first_name", "user__username", "-session__starts_on")
    )
    return opd, rows


def participants_of(session: TrainingSession) -> QuerySet[Participation]:
    return session.participants.select_related("user", "opd")


def participation_for_certificate(*, principal: Principal, pk: int) -> Participation:
    """The participant, their OPD's head and the staff administrator may download an attendee's certificate."""
    p = (
        Participation.objects.select_related("user", "opd", "session", "session__jurisdiction")
        .filter(pk=pk, attended=True)
        .first()
    )
    if p is None:
        raise Http404
    allowed = (
        p.user_id == principal.user_id
        or may_manage(principal, p.session)
        or (p.opd_id is not None and principal.has_role(Role.OPD_HEAD, opd_id=p.opd_id))
    )
    if not allowed:
        raise Http404
    return p


def own_record(principal: Principal) -> QuerySet[Participation]:
    if principal.user_id is None:
        return Participation.objects.none()
    return Participation.objects.filter(user_id=principal.user_id).select_related("session", "opd")
