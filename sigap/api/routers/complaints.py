"""Complaints: create (anyone), list and read (staff and keys that act as staff), act on them."""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema
from ninja.responses import Status as Reply

from sigap.api import presenters
from sigap.api.auth import OPEN_AUTH, OPEN_SECURITY, STAFF_AUTH, Caller, caller_of
from sigap.api.errors import ApiError
from sigap.api.idempotency import MAX_KEY_LENGTH, request_fingerprint, run_once
from sigap.api.limits import write_verdict
from sigap.api.lookups import category_by_code, jurisdiction_by_ref, opd_by_code
from sigap.api.schemas import (
    ChannelValue,
    ComplaintCreatedOut,
    ComplaintCreateIn,
    ComplaintOut,
    ComplaintPageOut,
    ErrorOut,
    PublicComplaintOut,
    ReporterOut,
    TimelineOut,
    TransitionIn,
)
from sigap.apikeys.scopes import Scope
from sigap.complaints.codes import seal_secret, secret_attempt, unseal_secret
from sigap.complaints.compensation import Decision
from sigap.complaints.models import Channel, Complaint, Kind
from sigap.complaints.selectors import (
    InboxFilters,
    acting_role,
    complaint_for_reporter,
    complaint_get_for_user,
    inbox,
    may_view_identity,
    reporter_of,
    timeline,
)
from sigap.complaints.services import (
    ReporterDetails,
    Submission,
    complaint_submit,
    complaint_transition,
    identity_view_record,
)
from sigap.complaints.workflow import PUBLIC_STATUS_LABELS, Action, Status
from sigap.organisations.models import Jurisdiction
from sigap.search.selectors import search_complaints
from sigap.web import keyset

router = Router(tags=["complaints"])
if TYPE_CHECKING:
    StatusFilter: TypeAlias = str
else:
    StatusFilter = Literal[tuple([*Status.values, "open"])]

# Any call with an API key may meet 429 (an address that presented too many wrong keys waits),
# and any call 503 while the database is unreachable.
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut, 503: ErrorOut}
WRITE_ERRORS = {**ERRORS, 413: ErrorOut}


def _require(caller: Caller, scope: Scope) -> None:
    if not caller.allows(scope):
        raise ApiError(403, "scope_missing", _("This API key may not do this (needs “%(scope)s”).") % {"scope": scope})


def _staff_case(caller: Caller, code: str, scope: Scope = Scope.COMPLAINTS_READ) -> Complaint:
    _require(caller, scope)
    return complaint_get_for_user(principal=caller.principal, code=code)


def _rate_limited(caller: Caller) -> None:
    verdict = write_verdict(
        api_key=caller.api_key, user_id=caller.user.pk if caller.user else None, address=caller.address
    )
    if not verdict.allowed:
        raise ApiError(
            429,
            "rate_limited",
            _("Too many requests. Try again in %(seconds)d seconds.") % {"seconds": verdict.retry_after},
            headers={"Retry-After": str(max(verdict.retry_after, 1))},
        )


def _jurisdiction_for(caller: Caller, ref: str | None) -> Jurisdiction:
    if caller.api_key is not None:
        own = caller.api_key.jurisdiction
        if ref and jurisdiction_by_ref(ref) != own:
            raise ApiError(403, "wrong_jurisdiction", _("This API key belongs to another jurisdiction."))
        return own
    if not ref:
        raise ApiError(422, "invalid", _("The request has invalid values."), {"jurisdiction": [_("Required.")]})
    jurisdiction = jurisdiction_by_ref(ref)
    if jurisdiction is None:
        raise ApiError(
            422, "invalid", _("The request has invalid values."), {"jurisdiction": [_("Unknown jurisdiction.")]}
        )
    return jurisdiction


def _submission(payload: ComplaintCreateIn, jurisdiction: Jurisdiction) -> Submission:
    category = None
    if payload.category:
        category = category_by_code(jurisdiction, payload.category)
        if category is None:
            raise ApiError(422, "invalid", _("The request has invalid values."), {"category": [_("Unknown category.")]})
    reporter = None
    if payload.reporter is not None and not payload.is_anonymous:
        r = payload.reporter
        reporter = ReporterDetails(name=r.name, email=r.email, phone=r.phone, address=r.address)
    return Submission(
        jurisdiction=jurisdiction,
        title=payload.title,
        description=payload.description,
        channel=Channel.API,
        kind=Kind(payload.kind),
        expectation=payload.expectation,
        incident_date=payload.incident_date,
        address=payload.address,
        lat=payload.lat,
        lng=payload.lng,
        category=category,
        reporter=reporter,
        is_anonymous=payload.is_anonymous,
        is_confidential=payload.is_confidential,
        language=(get_language() or "id")[:8],
        compensation_amount=payload.compensation.amount if payload.compensation else None,
        compensation_grounds=payload.compensation.grounds if payload.compensation else "",
    )


def _created_body(complaint: Complaint, secret: str) -> dict[str, Any]:
    zone = complaint.jurisdiction.zone
    due = presenters.local(complaint.due_at, zone)
    return {
        "tracking_code": complaint.tracking_code,
        # The stored copy (idempotent replays) keeps the secret sealed; the caller gets it in clear.
        "secret": seal_secret(secret, context=complaint.tracking_code),
        "status": complaint.status,
        "public_status": str(PUBLIC_STATUS_LABELS[Status(complaint.status)]),
        "created_at": presenters.local(complaint.created_at, zone).isoformat(),  # type: ignore[union-attr]
        "due_at": due.isoformat() if due else None,
        "tracking_url": f"{settings.SITE_URL}{reverse('portal:track')}?code={complaint.tracking_code}",
    }


@router.post(
    "/complaints",
    response={201: ComplaintCreatedOut, **WRITE_ERRORS},
    auth=OPEN_AUTH,
    openapi_extra=OPEN_SECURITY,
    url_name="complaint_create",
    summary="File a complaint",
)
def complaint_create(
    request: HttpRequest,
    response: HttpResponse,
    payload: ComplaintCreateIn,
    idempotency_key: str | None = Header(
        None,
        alias="Idempotency-Key",
        max_length=MAX_KEY_LENGTH,
        description="Send the same key when retrying: the complaint is filed once and the first response replayed.",
    ),
) -> Any:
    """Anyone may file; an API key needs `complaints:create`. Returns the tracking code and the secret (once)."""
    caller = caller_of(request)
    if caller.api_key is not None:
        _require(caller, Scope.COMPLAINTS_CREATE)
    _rate_limited(caller)
    jurisdiction = _jurisdiction_for(caller, payload.jurisdiction)
    submission = _submission(payload, jurisdiction)

    issued: list[str] = []

    def create() -> tuple[int, Any, Complaint]:
        complaint, secret = complaint_submit(submission=submission)
        issued.append(secret)
        return 201, _created_body(complaint, secret), complaint

    fingerprint = {"jurisdiction": jurisdiction.pk, **payload.model_dump(mode="json")}
    # Without a key, a byte-identical retry from the same client within the idempotency window
    # is the same request: it is answered with the first response, never filed twice (docs/api.md).
    key = (idempotency_key or "").strip() or f"plain:{request_fingerprint('rest.complaint_create', fingerprint)}"
    outcome = run_once(
        client=caller.client_id,
        key=key,
        operation="rest.complaint_create",
        payload=fingerprint,
        create=create,
    )
    if outcome.replayed:
        response["Idempotent-Replayed"] = "true"
    body = dict(outcome.body)
    # A replay has only the stored, sealed copy; a first answer has the secret at hand.
    body["secret"] = issued[0] if issued else unseal_secret(body["secret"], context=body["tracking_code"])
    return Reply(outcome.status, body)


class ComplaintFilters(Schema):
    jurisdiction: str | None = Field(None, max_length=120, description="Slug or domain.")
    status: StatusFilter | None = Field(None, description="A status, or `open` for every unfinished one.")
    opd: str | None = Field(None, max_length=40, description="OPD code.")
    category: str | None = Field(None, max_length=60, description="Category code.")
    channel: ChannelValue | None = None
    due: Literal["overdue", "due_soon"] | None = None
    q: str | None = Field(None, max_length=200, description="Tracking code, or words in title/description.")
    created_after: datetime | None = None
    created_before: datetime | None = None
    updated_after: datetime | None = None
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(50, ge=1, le=100)


def _decode_cursor(cursor: str) -> tuple[datetime, int]:
    position = keyset.decode(cursor)
    if position is None:
        raise ApiError(
            422, "invalid", _("The request has invalid values."), {"cursor": [_("Not a cursor from this API.")]}
        )
    return position


@router.get(
    "/complaints", response={200: ComplaintPageOut, **ERRORS}, auth=STAFF_AUTH, url_name="complaint_list",
    summary="List the complaints the caller may see",
)  # fmt: skip
def complaint_list(request: HttpRequest, filters: Query[ComplaintFilters]) -> Any:
    """Newest first, `limit` per page; follow `next_cursor` for more. Visibility follows the caller's role."""
    caller = caller_of(request)
    _require(caller, Scope.COMPLAINTS_READ)
    jurisdiction_id = None
    if filters.jurisdiction:
        found = jurisdiction_by_ref(filters.jurisdiction)
        if found is None:
            return Reply(200, {"items": [], "next_cursor": None})
        jurisdiction_id = found.pk
    wanted = InboxFilters(
        status=filters.status or "",
        channel=filters.channel or "",
        due=filters.due or "",
        jurisdiction_id=jurisdiction_id,
    )
    # `q` is the inbox's own search (the full-text index, stemmed Indonesian, or a tracking code),
    # never a scan of the table with LIKE.
    query = (filters.q or "").strip()
    found_qs = (
        search_complaints(principal=caller.principal, query=query, filters=wanted)
        if query
        else inbox(principal=caller.principal, filters=wanted)
    )
    qs = found_qs.select_related("service", "compensation")
    if filters.opd:
        qs = qs.filter(opd__code=filters.opd)
    if filters.category:
        qs = qs.filter(category__code=filters.category)
    if filters.created_after:
        qs = qs.filter(created_at__gte=filters.created_after)
    if filters.created_before:
        qs = qs.filter(created_at__lt=filters.created_before)
    if filters.updated_after:
        qs = qs.filter(updated_at__gte=filters.updated_after)
    after = _decode_cursor(filters.cursor) if filters.cursor else None
    rows, next_cursor = keyset.page(qs, after=after, size=filters.limit, time_field="created_at", pk_field="id")
    return Reply(
        200,
        {
            "items": [presenters.complaint_out(c, caller.principal) for c in rows],
            "next_cursor": next_cursor or None,
        },
    )


@router.get(
    "/complaints/{code}", response={200: ComplaintOut, **ERRORS}, auth=STAFF_AUTH, url_name="complaint_detail",
    summary="Read one complaint",
)  # fmt: skip
def complaint_detail(request: HttpRequest, code: str) -> Any:
    """404 when the case does not exist *or* the caller may not see it."""
    caller = caller_of(request)
    case = _staff_case(caller, code)
    return Reply(200, presenters.complaint_out(case, caller.principal))


@router.get(
    "/complaints/{code}/public",
    response={200: PublicComplaintOut, **ERRORS},
    auth=OPEN_AUTH,
    openapi_extra=OPEN_SECURITY,
    url_name="complaint_public",
    summary="The reporter's view of a complaint (tracking code + secret)",
)
def complaint_public(
    request: HttpRequest,
    code: str,
    secret: str = Header(..., alias="X-Complaint-Secret", max_length=40, description="The secret given at filing."),
) -> Any:
    """What the reporter sees: status, deadline and the public timeline. Wrong code or secret: 404."""
    caller = caller_of(request)
    verdict = secret_attempt(caller.address)
    if not verdict.allowed:
        raise ApiError(
            429,
            "rate_limited",
            _("Too many attempts. Try again in %(minutes)d minutes.") % {"minutes": verdict.retry_after // 60 + 1},
            headers={"Retry-After": str(max(verdict.retry_after, 1))},
        )
    case = complaint_for_reporter(code=code, secret=secret)
    if case is None:
        raise ApiError(404, "not_found", _("The tracking code and secret do not match any complaint."))
    return Reply(200, presenters.public_out(case, list(timeline(complaint=case, public_only=True))))


@router.get(
    "/complaints/{code}/timeline", response={200: TimelineOut, **ERRORS}, auth=STAFF_AUTH,
    url_name="complaint_timeline", summary="The case's full timeline (staff)",
)  # fmt: skip
def complaint_timeline(request: HttpRequest, code: str) -> Any:
    caller = caller_of(request)
    case = _staff_case(caller, code)
    zone = case.jurisdiction.zone
    events = [presenters.event_out(e, zone) for e in timeline(complaint=case, public_only=False)]
    return Reply(200, {"tracking_code": case.tracking_code, "events": events})


@router.get(
    "/complaints/{code}/reporter", response={200: ReporterOut, **ERRORS}, auth=STAFF_AUTH,
    url_name="complaint_reporter", summary="The reporter's identity (allowed roles only; every read is logged)",
)  # fmt: skip
def complaint_reporter(request: HttpRequest, code: str, response: HttpResponse) -> Any:
    """Only roles that may see the identity get it; each read lands on the case's timeline."""
    caller = caller_of(request)
    case = _staff_case(caller, code)
    if caller.user is None or not may_view_identity(caller.principal, case):
        raise ApiError(403, "forbidden", _("You may not see this reporter's identity."))
    reporter = reporter_of(case)
    if reporter is None:
        raise ApiError(404, "not_found", _("This complaint keeps no identity."))
    identity_view_record(complaint=case, actor=caller.user, acting_as=acting_role(caller.principal, case))
    response["Cache-Control"] = "no-store"
    return Reply(
        200, {"name": reporter.name, "email": reporter.email, "phone": reporter.phone, "address": reporter.address}
    )


@router.post(
    "/complaints/{code}/transitions", response={200: ComplaintOut, 409: ErrorOut, **WRITE_ERRORS}, auth=STAFF_AUTH,
    url_name="complaint_transition", summary="Move the case along the workflow in the caller's role",
)  # fmt: skip
def complaint_act(request: HttpRequest, code: str, payload: TransitionIn) -> Any:
    """The action must be open to the caller's role (`available_actions`); 409 when the status does not allow it."""
    caller = caller_of(request)
    case = _staff_case(caller, code, Scope.COMPLAINTS_TRANSITION)
    action = Action(payload.action)
    if caller.user is None:
        raise ApiError(403, "forbidden", _("Your role may not take this action on this complaint."))
    opd = None
    if payload.opd:
        opd = opd_by_code(case.jurisdiction_id, payload.opd)
        if opd is None:
            raise ApiError(422, "invalid", _("The request has invalid values."), {"opd": [_("Unknown OPD.")]})
    try:
        # The capacity the caller acts in is decided by the service, under the row lock.
        updated = complaint_transition(
            complaint=case,
            action=action,
            actor=caller.user,
            principal=caller.principal,
            text=payload.text,
            opd=opd,
            archive_reason=payload.archive_reason or "",
            forwarded_to=payload.forwarded_to,
            compensation=Decision(
                outcome=payload.compensation.outcome,
                amount=payload.compensation.amount,
                reason=payload.compensation.reason,
                payment_due=payload.compensation.payment_due,
            )
            if payload.compensation
            else None,
        )
    except PermissionDenied as exc:
        raise ApiError(403, "forbidden", _("Your role may not take this action on this complaint.")) from exc
    # E.g. an OPD that returned the case may no longer see it; this answer still describes it.
    with contextlib.suppress(Http404):
        updated = complaint_get_for_user(principal=caller.principal, code=updated.tracking_code)
    return Reply(200, presenters.complaint_out(updated, caller.principal))
