"""Reads of complaints that depend on who is asking.

Visibility is decided here, in the query, so a page or API can only show
what this module returned. Rules (docs/roles.md has the full table):

- complaint administrator: every case of their jurisdiction, with identities;
- OPD officer/head: cases currently held by their OPD; identities unless confidential;
- OPD focal point: the same cases, read-only;
- Inspektorat, regional leader, jurisdiction focal point: every case of the
  jurisdiction, read-only, no identities;
- Ombudsman officer: every case of the jurisdictions their office oversees,
  read-only, no identities;
- system administrator: nothing through Sigap's pages unless also given a role.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sigap.accounts.models import Role
from sigap.accounts.principal import Principal
from sigap.complaints.codes import hash_secret, needs_rehash, normalise_code, secret_matches
from sigap.complaints.models import Complaint, ComplaintEvent, Reporter, ResponseTemplate
from sigap.complaints.workflow import OPEN, WITH_OPD, Actor


def complaints_visible_to(principal: Principal) -> QuerySet[Complaint]:
    whole = principal.admin_jurisdictions | principal.oversight_jurisdictions
    opds = principal.reading_opds
    if not whole and not opds:
        return Complaint.objects.none()
    return Complaint.objects.filter(Q(jurisdiction_id__in=whole) | Q(opd_id__in=opds))


def complaint_get_for_user(*, principal: Principal, code: str) -> Complaint:
    """Return the case if the user may see it; 404 otherwise (never reveal it exists)."""
    normalised = normalise_code(code)
    if normalised is None:
        raise Http404
    try:
        return (
            complaints_visible_to(principal)
            .select_related("jurisdiction", "category", "service", "opd")
            .get(tracking_code=normalised)
        )
    except Complaint.DoesNotExist as exc:
        raise Http404 from exc


def actor_capacities(principal: Principal, complaint: Complaint) -> set[Actor]:
    """Return the workflow capacities in which this user may act on this case."""
    capacities: set[Actor] = set()
    if complaint.jurisdiction_id in principal.admin_jurisdictions:
        capacities.add(Actor.ADMIN)
    if complaint.opd_id is not None and complaint.opd_id in principal.handling_opds and complaint.status in WITH_OPD:
        capacities.add(Actor.OPD)
    return capacities


def acting_role(principal: Principal, complaint: Complaint) -> str:
    """Name the role a user acts in on this case, for the timeline."""
    if complaint.jurisdiction_id in principal.admin_jurisdictions:
        return Role.COMPLAINT_ADMIN
    if complaint.opd_id is not None:
        if principal.has_role(Role.OPD_HEAD, opd_id=complaint.opd_id):
            return Role.OPD_HEAD
        if principal.has_role(Role.OPD_OFFICER, opd_id=complaint.opd_id):
            return Role.OPD_OFFICER
        if principal.has_role(Role.FOCAL_POINT, opd_id=complaint.opd_id):
            return Role.FOCAL_POINT
    for role in (Role.INSPEKTORAT, Role.LEADER, Role.FOCAL_POINT):
        if principal.has_role(role, jurisdiction_id=complaint.jurisdiction_id):
            return role
    if complaint.jurisdiction_id in principal.ombudsman_jurisdictions:
        return Role.OMBUDSMAN
    return "staff"


def may_view_identity(principal: Principal, complaint: Complaint) -> bool:
    if complaint.is_anonymous:
        return False
    if complaint.jurisdiction_id in principal.admin_jurisdictions:
        return True
    return (
        not complaint.is_confidential and complaint.opd_id is not None and complaint.opd_id in principal.handling_opds
    )


def may_write_notes(principal: Principal, complaint: Complaint) -> bool:
    """Internal notes: those who act on the case, and oversight staff asking questions."""
    return (
        bool(actor_capacities(principal, complaint))
        or complaint.jurisdiction_id in (principal.oversight_jurisdictions)
        or (complaint.opd_id is not None and complaint.opd_id in principal.reading_opds)
    )


def reporter_of(complaint: Complaint) -> Reporter | None:
    """Return the identity row without any check: callers must have used may_view_identity."""
    try:
        return complaint.reporter
    except Reporter.DoesNotExist:
        return None


def timeline(*, complaint: Complaint, public_only: bool) -> QuerySet[ComplaintEvent]:
    events = complaint.events.select_related("actor").order_by("at", "id")
    if public_only:
        # The reporter's view: no notes, no identity views, no internal steps.
        events = events.filter(is_public=True)
    return events


def complaint_for_reporter(*, code: str, secret: str) -> Complaint | None:
    """Return the case if code and secret match, else None (without saying which was wrong)."""
    normalised = normalise_code(code)
    if normalised is None:
        return None
    complaint = (
        Complaint.objects.select_related("jurisdiction", "category", "opd").filter(tracking_code=normalised).first()
    )
    if complaint is None or not secret_matches(secret, complaint.secret_hash):
        return None
    if needs_rehash(complaint.secret_hash):
        # Made with a key that was rotated out: re-made with the current one now that we hold the secret.
        fresh = hash_secret(secret)
        Complaint.objects.filter(pk=complaint.pk, secret_hash=complaint.secret_hash).update(secret_hash=fresh)
        complaint.secret_hash = fresh
    return complaint


@dataclass(frozen=True)
class InboxFilters:
    status: str = ""
    opd_id: int | None = None
    category_id: int | None = None
    channel: str = ""
    due: str = ""  # "overdue", "due_soon" or ""
    text: str = ""
    jurisdiction_id: int | None = None


def due_soon_thresholds(principal: Principal, now: datetime) -> dict[int, datetime]:
    """Per jurisdiction this user reads: the time before which an open deadline counts as due soon."""
    from sigap.organisations.models import Jurisdiction
    from sigap.sla.deadlines import due_soon_threshold

    ids = principal.admin_jurisdictions | principal.oversight_jurisdictions
    ids |= frozenset(Jurisdiction.objects.filter(opds__id__in=principal.reading_opds).values_list("id", flat=True))
    return {
        jurisdiction.pk: due_soon_threshold(jurisdiction=jurisdiction, now=now)
        for jurisdiction in Jurisdiction.objects.filter(pk__in=ids)
    }


def _due_soon_q(principal: Principal, now: datetime) -> Q:
    """Cases whose deadline falls before their own jurisdiction's due-soon threshold."""
    soon = Q(pk__in=[])
    for jurisdiction_id, threshold in due_soon_thresholds(principal, now).items():
        soon |= Q(jurisdiction_id=jurisdiction_id, due_at__lte=threshold)
    return soon


def inbox(*, principal: Principal, filters: InboxFilters) -> QuerySet[Complaint]:
    """Return the visible cases matching the filters, newest first, ready to list."""
    qs = complaints_visible_to(principal).select_related("jurisdiction", "category", "opd")
    if filters.jurisdiction_id:
        qs = qs.filter(jurisdiction_id=filters.jurisdiction_id)
    if filters.status == "open":
        qs = qs.filter(status__in=OPEN)
    elif filters.status:
        qs = qs.filter(status=filters.status)
    if filters.opd_id:
        qs = qs.filter(opd_id=filters.opd_id)
    if filters.category_id:
        qs = qs.filter(category_id=filters.category_id)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    now = timezone.now()
    if filters.due == "overdue":
        qs = qs.filter(status__in=OPEN, due_at__lt=now)
    elif filters.due == "due_soon":
        qs = qs.filter(_due_soon_q(principal, now), status__in=OPEN, due_at__gte=now)
    if filters.text:
        text = filters.text.strip()
        code = normalise_code(text)
        if code:
            qs = qs.filter(tracking_code=code)
        else:
            qs = qs.filter(Q(title__icontains=text) | Q(description__icontains=text))
    return qs.order_by("-created_at", "-id")


def response_templates_for(complaint: Complaint) -> QuerySet[ResponseTemplate]:
    """Approved, active templates in the reporter's language for the case's category, and the general ones."""
    category = Q(category__isnull=True)
    if complaint.category_id:
        category |= Q(category_id=complaint.category_id)
    return ResponseTemplate.objects.filter(
        category,
        jurisdiction_id=complaint.jurisdiction_id,
        is_active=True,
        approved_at__isnull=False,
        language=complaint.language,
    ).order_by("title")
