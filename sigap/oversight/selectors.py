"""Who sees and answers requests sent to institutions.

- the requesting side: Ombudsman officers see their office's requests to the
  jurisdictions it oversees; Inspektorat auditors see their jurisdiction's
  explanation requests;
- the answering side: an OPD's focal point and head see (and answer) requests
  addressed to that OPD; a jurisdiction's own focal point those addressed to
  the jurisdiction as a whole.
Anyone else gets a 404.
"""

from __future__ import annotations

from django.db.models import F, Q, QuerySet
from django.http import Http404

from sigap.accounts.models import Role
from sigap.accounts.principal import Principal
from sigap.oversight.models import WAITING, InformationRequest, Requester


def _jurisdiction_focal(principal: Principal) -> frozenset[int]:
    return frozenset(jid for role, jid, oid in principal.grants if role == Role.FOCAL_POINT and oid is None)


def _answering_opds(principal: Principal) -> frozenset[int]:
    return principal.opds_with(Role.FOCAL_POINT, Role.OPD_HEAD)


def requests_visible_to(principal: Principal) -> QuerySet[InformationRequest]:
    q = Q(pk__in=[])
    if principal.ombudsman_jurisdictions:
        q |= Q(requester=Requester.OMBUDSMAN, jurisdiction_id__in=principal.ombudsman_jurisdictions)
    inspektorat = principal.jurisdictions_with(Role.INSPEKTORAT)
    if inspektorat:
        q |= Q(requester=Requester.INSPEKTORAT, jurisdiction_id__in=inspektorat)
    if _answering_opds(principal):
        q |= Q(opd_id__in=_answering_opds(principal))
    if _jurisdiction_focal(principal):
        q |= Q(opd__isnull=True, jurisdiction_id__in=_jurisdiction_focal(principal))
    return InformationRequest.objects.filter(q).select_related("jurisdiction", "opd", "sent_by", "report", "complaint")


def request_get_for_user(*, principal: Principal, pk: int) -> InformationRequest:
    try:
        return requests_visible_to(principal).get(pk=pk)
    except InformationRequest.DoesNotExist as exc:
        raise Http404 from exc


def answering_role(principal: Principal, request: InformationRequest) -> str | None:
    """The role in which this user answers for the institution, or None."""
    if request.opd_id is not None:
        for role in (Role.FOCAL_POINT, Role.OPD_HEAD):
            if principal.has_role(role, opd_id=request.opd_id):
                return role
        return None
    return Role.FOCAL_POINT if request.jurisdiction_id in _jurisdiction_focal(principal) else None


def may_answer(principal: Principal, request: InformationRequest) -> bool:
    return request.status in WAITING and answering_role(principal, request) is not None


def requesting_role(principal: Principal, request: InformationRequest) -> str | None:
    if request.requester == Requester.OMBUDSMAN and request.jurisdiction_id in principal.ombudsman_jurisdictions:
        return Role.OMBUDSMAN
    if request.requester == Requester.INSPEKTORAT and principal.has_role(
        Role.INSPEKTORAT, jurisdiction_id=request.jurisdiction_id
    ):
        return Role.INSPEKTORAT
    return None


def inbox_for_institution(principal: Principal) -> QuerySet[InformationRequest]:
    """Requests this user answers for, waiting ones first, then by deadline."""
    q = Q(pk__in=[])
    if _answering_opds(principal):
        q |= Q(opd_id__in=_answering_opds(principal))
    if _jurisdiction_focal(principal):
        q |= Q(opd__isnull=True, jurisdiction_id__in=_jurisdiction_focal(principal))
    return requests_visible_to(principal).filter(q).order_by(F("answered_at").asc(nulls_first=True), "due_at")
