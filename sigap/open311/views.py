"""Open311 GeoReport v2 at /open311/v2/ (docs/api.md, section Open311).

The format is chosen by the file extension alone (.xml or .json); every answer,
errors included, comes in that format. Views parse, check the key, call the
complaint services, and render.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db import InterfaceError, OperationalError
from django.db.models import Max, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from sigap.api.idempotency import IdempotencyConflict, request_fingerprint, run_once
from sigap.api.limits import write_verdict
from sigap.api.lookups import category_by_code, jurisdiction_by_ref, public_jurisdictions
from sigap.apikeys.guessing import TooManyWrongKeys, apikey_check
from sigap.apikeys.models import ApiKey
from sigap.apikeys.scopes import Scope
from sigap.apikeys.services import apikey_touch
from sigap.complaints.codes import normalise_code
from sigap.complaints.models import Channel, Complaint, Kind
from sigap.complaints.services import ReporterDetails, Submission, TransitionError
from sigap.complaints.uploads import clean_upload
from sigap.complaints.workflow import OPEN, TERMINAL
from sigap.open311 import mapping
from sigap.open311.formats import FORMATS, render_errors
from sigap.open311.formats import render as render_format
from sigap.open311.models import RequestOrigin
from sigap.open311.params import (
    Open311Error,
    comma_list,
    optional,
    page_number,
    parse_moment,
    resolve_jurisdiction,
)
from sigap.open311.selectors import (
    RequestRows,
    public_request,
    public_request_rows,
    public_updates,
    request_row,
    request_rows,
)
from sigap.open311.services import ClientFacts, service_request_create, service_request_update_post
from sigap.organisations.models import Category, Jurisdiction
from sigap.web.ratelimit import client_address

WINDOW = timedelta(days=90)
MAX_RESULTS = 1000
ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]+)\](\[\])?$")
View = Callable[..., HttpResponse]


def unavailable(fmt: str) -> HttpResponse:
    """503 with Retry-After, as an Open311 error list (docs/api.md)."""
    from sigap.web.errors import RETRY_AFTER_SECONDS, unavailable_message

    response = render_errors(fmt if fmt in FORMATS else "xml", 503, [(503, unavailable_message())])
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def endpoint(*methods: str) -> Callable[[View], View]:
    """Check the format and method; turn Open311Error into an error body in the requested format."""

    def decorate(view: View) -> View:
        @csrf_exempt
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
            if fmt not in FORMATS:
                return render_errors(
                    "xml", 400, [(400, _("Unknown format “%(fmt)s”: use .xml or .json.") % {"fmt": fmt})]
                )
            if request.method not in methods:
                response = render_errors(fmt, 405, [(405, _("This method is not allowed here."))])
                response["Allow"] = ", ".join(methods)
                return response
            try:
                _refuse_nul(request)
                return view(request, fmt, *args, **kwargs)
            except (MultiPartParserError, SuspiciousOperation, UnreadablePostError):
                # A malformed or oversized body is the client's fault: 400, never a 500.
                return render_errors(fmt, 400, [(400, _("The request body cannot be read."))])
            except Open311Error as exc:
                response = render_errors(fmt, exc.status, exc.errors)
                for name, value in exc.headers.items():
                    response[name] = value
                return response
            except (OperationalError, InterfaceError):
                # The database is restarting or out of connections: a passing outage, in Open311's shape.
                return unavailable(fmt)

        return wrapped

    return decorate


def _params(request: HttpRequest) -> QueryDict:
    """Query and form arguments together (some clients put api_key in the query even on POST).

    Read only: with nothing to merge, the request's own arguments are returned as they are.
    """
    if request.method != "POST":
        return request.GET
    if not request.GET:
        return request.POST
    params = request.GET.copy()
    for name, values in request.POST.lists():
        params.setlist(name, values)
    return params


def _refuse_nul(request: HttpRequest) -> None:
    """No database stores a NUL character (PostgreSQL refuses it): refuse it up front, as bad input."""
    sources = [request.GET, request.POST] if request.method == "POST" else [request.GET]
    for source in sources:
        for name, values in source.lists():
            if "\x00" in name or any("\x00" in v for v in values):
                raise Open311Error(400, _("The request has invalid values."))


def _language() -> str:
    return get_language() or "id"


def _key(request: HttpRequest, params: QueryDict, scope: Scope) -> ApiKey:
    raw = optional(params, "api_key") or request.headers.get("X-API-Key", "").strip() or None
    if raw is None:
        raise Open311Error(403, _("api_key is required."))
    try:
        key = apikey_check(raw, address=client_address(request))
    except TooManyWrongKeys as exc:
        raise Open311Error(429, exc.message, headers={"Retry-After": str(exc.retry_after)}) from exc
    if key is None:
        raise Open311Error(403, _("api_key is not valid or has been revoked."))
    if not key.allows(scope):
        raise Open311Error(403, _("This api_key may not do this."))
    apikey_touch(key=key)
    return key


def _key_jurisdiction(params: QueryDict, key: ApiKey) -> Jurisdiction:
    """A key files for its own jurisdiction; a jurisdiction_id naming another one is refused."""
    ref = optional(params, "jurisdiction_id")
    if ref is not None and public_jurisdictions().count() > 1:
        named = jurisdiction_by_ref(ref)
        if named is None:
            raise Open311Error(404, _("jurisdiction_id %(id)s is not served here.") % {"id": ref})
        if named.pk != key.jurisdiction_id:
            raise Open311Error(403, _("This api_key is not valid for jurisdiction_id %(id)s.") % {"id": ref})
    return key.jurisdiction


def _throttle(key: ApiKey, request: HttpRequest) -> None:
    verdict = write_verdict(api_key=key, user_id=None, address=client_address(request))
    if not verdict.allowed:
        raise Open311Error(
            429,
            _("Too many requests. Try again in %(seconds)d seconds.") % {"seconds": verdict.retry_after},
            headers={"Retry-After": str(max(verdict.retry_after, 1))},
        )


def _window(
    params: QueryDict, start_name: str, end_name: str, zone: Any, *, default_recent: bool
) -> tuple[datetime | None, datetime | None]:
    """Read a date window of at most 90 days (a longer one is refused rather than silently cut)."""
    start_text, end_text = optional(params, start_name), optional(params, end_name)
    start = parse_moment(start_text, start_name, zone) if start_text else None
    end = parse_moment(end_text, end_name, zone) if end_text else None
    if start and end:
        if end < start:
            raise Open311Error(400, _("%(end)s is before %(start)s.") % {"end": end_name, "start": start_name})
        if end - start > WINDOW:
            raise Open311Error(
                400, _("%(start)s to %(end)s may not span more than 90 days.") % {"start": start_name, "end": end_name}
            )
    elif start:
        end = start + WINDOW
    elif end:
        start = end - WINDOW
    elif default_recent:
        start = timezone.now() - WINDOW
    return start, end


def _page(params: QueryDict, rows: QuerySet[Any]) -> list[Any]:
    size = page_number(params, "page_size", MAX_RESULTS, MAX_RESULTS)
    page = page_number(params, "page", 1, 10**6)
    offset = (page - 1) * size
    return list(rows[offset : offset + size])


# --- discovery ---------------------------------------------------------------


def _services_changed(jurisdictions: QuerySet[Jurisdiction]) -> datetime:
    latest = Category.objects.filter(jurisdiction__in=jurisdictions).aggregate(at=Max("updated_at"))["at"]
    return max(filter(None, [latest, mapping.DEFINITIONS_CHANGED]))


def index(request: HttpRequest) -> HttpResponse:
    """The human-readable discovery page."""
    base = request.build_absolute_uri("/open311/v2")
    # A page, not an API answer: Indonesian unless the visitor chose otherwise (as every Sigap page).
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    language = chosen if translation.check_for_language(chosen) else settings.LANGUAGE_CODE
    with translation.override(language):
        request.LANGUAGE_CODE = language
        response = render(
            request,
            "open311/index.html",
            {"base": base, "jurisdictions": public_jurisdictions().order_by("name"), "contact": _contact()},
        )
    response.headers["Content-Language"] = language
    return response


def _contact() -> str:
    if settings.SIGAP_OPEN311_CONTACT:
        return settings.SIGAP_OPEN311_CONTACT
    email = public_jurisdictions().exclude(complaint_email="").values_list("complaint_email", flat=True).first()
    return email or settings.SITE_URL


@endpoint("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    changed = mapping.w3c(_services_changed(public_jurisdictions()), timezone.get_current_timezone())
    payload = {
        "changeset": changed,
        "contact": _contact(),
        "key_service": _("Ask the complaint administrator of your Pemkot/Pemkab for an API key; see %(url)s")
        % {"url": request.build_absolute_uri("/api/v1/docs")},
        "endpoints": [
            {
                "specification": mapping.SPECIFICATION,
                "url": request.build_absolute_uri("/open311/v2"),
                "changeset": changed,
                "type": settings.SIGAP_OPEN311_ENDPOINT_TYPE,
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return render_format(fmt, "discovery", payload)


# --- services ---------------------------------------------------------------


@endpoint("GET")
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    jurisdiction = resolve_jurisdiction(request.GET)
    categories = Category.objects.filter(jurisdiction=jurisdiction, is_active=True).order_by("group", "name", "id")
    language, kind = _language(), settings.SIGAP_OPEN311_SERVICE_TYPE
    payload = [mapping.service_out(c, language=language, service_type=kind) for c in categories]
    return render_format(fmt, "services", payload)


@endpoint("GET")
def service_definition(request: HttpRequest, fmt: str, service_code: str) -> HttpResponse:
    jurisdiction = resolve_jurisdiction(request.GET)
    category = category_by_code(jurisdiction, service_code)
    if category is None:
        raise Open311Error(404, _("service_code %(code)s does not exist.") % {"code": service_code})
    payload = {"service_code": category.code, "attributes": mapping.attributes_for(category)}
    return render_format(fmt, "service_definition", payload)


# --- service requests -----------------------------------------------------------


@endpoint("GET", "POST")
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    params = request.GET
    jurisdiction = resolve_jurisdiction(params)
    rows = public_request_rows(jurisdiction)
    ids = comma_list(params, "service_request_id")
    if ids:
        # The id list overrides every other filter (GeoReport v2).
        codes = [c for c in (normalise_code(i) for i in ids[:MAX_RESULTS]) if c]
        rows = rows.filter(tracking_code__in=codes)
    else:
        rows = _filtered(params, rows, jurisdiction)
    language = _language()
    page = request_rows(_page(params, rows))
    payload = [mapping.request_out(row, jurisdiction=jurisdiction, language=language) for row in page]
    return render_format(fmt, "service_requests", payload)


def _filtered(params: QueryDict, rows: RequestRows, jurisdiction: Jurisdiction) -> RequestRows:
    zone = jurisdiction.zone
    codes = comma_list(params, "service_code")
    if codes:
        rows = rows.filter(category__code__in=codes)
    statuses = {s.lower() for s in comma_list(params, "status")}
    if statuses - {"open", "closed"}:
        raise Open311Error(400, _("status must be open, closed, or both separated by a comma."))
    if statuses == {"open"}:
        rows = rows.filter(status__in=OPEN)
    elif statuses == {"closed"}:
        rows = rows.filter(status__in=TERMINAL)
    changes_feed = optional(params, "updated_after") or optional(params, "updated_before")
    after, before = _window(params, "updated_after", "updated_before", zone, default_recent=False)
    if after:
        rows = rows.filter(updated_at__gte=after)
    if before:
        rows = rows.filter(updated_at__lte=before)
    # Without dates the window is the last 90 days, unless the client follows changes with updated_*.
    start, end = _window(params, "start_date", "end_date", zone, default_recent=not changes_feed)
    if start:
        rows = rows.filter(created_at__gte=start)
    if end:
        rows = rows.filter(created_at__lte=end)
    return rows


def _attributes(params: QueryDict) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name in params:
        match = ATTRIBUTE.match(name)
        if match:
            found.setdefault(match.group(1), []).extend(v.strip() for v in params.getlist(name) if v.strip())
    return found


def _float(value: str | None, name: str, errors: list[str]) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        errors.append(_("%(name)s must be a number in decimal degrees.") % {"name": name})
        return None
    return number


def _reporter(params: QueryDict) -> ReporterDetails | None:
    """Build the identity from first/last name, e-mail, phone (FixMyStreet sends "-" for unknown)."""
    first, last = optional(params, "first_name") or "", optional(params, "last_name") or ""
    email, phone = optional(params, "email") or "", optional(params, "phone") or ""
    name = " ".join(p for p in (first, last) if p and p != "-")
    if not name:
        name = email or phone
    if not name:
        return None
    return ReporterDetails(name=name[:200], email=email[:254], phone=phone[:30])


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    params = _params(request)
    key = _key(request, params, Scope.OPEN311_POST)
    jurisdiction = _key_jurisdiction(params, key)
    _throttle(key, request)
    code = optional(params, "service_code")
    if code is None:
        raise Open311Error(400, _("service_code is required."))
    category = category_by_code(jurisdiction, code)
    if category is None:
        raise Open311Error(404, _("service_code %(code)s does not exist.") % {"code": code})

    errors: list[str] = []
    lat = _float(optional(params, "lat"), "lat", errors)
    lng = _float(optional(params, "long"), "long", errors)
    address = optional(params, "address_string") or ""
    address_id = optional(params, "address_id") or ""
    if (lat is None) != (lng is None) and not errors:
        errors.append(_("Give lat and long together."))
    if lat is None and lng is None and not address and not address_id:
        errors.append(_("A location is required: lat and long, address_string, or address_id."))
    description = (optional(params, "description") or "").replace("\r\n", "\n")
    if len(description) > mapping.MAX_DESCRIPTION:
        errors.append(_("description may be at most %(n)d characters.") % {"n": mapping.MAX_DESCRIPTION})
    attributes = _attributes(params)
    kind = (attributes.get("kind") or [Kind.COMPLAINT.value])[0]
    if kind not in Kind.values:
        errors.append(_("attribute[kind] must be one of: %(values)s.") % {"values": ", ".join(Kind.values)})
    confidential = (attributes.get("confidential") or ["false"])[0].lower()
    if confidential not in ("true", "false"):
        errors.append(_("attribute[confidential] must be true or false."))
    incident_date = None
    if attributes.get("incident_date"):
        try:
            incident_date = parse_moment(attributes["incident_date"][0], "attribute[incident_date]", jurisdiction.zone)
        except Open311Error as exc:
            errors.extend(d for _c, d in exc.errors)
    compensation_amount = None
    raw_amount = (attributes.get("compensation_amount") or [""])[0].strip()
    if raw_amount:
        if raw_amount.isdigit() and len(raw_amount) <= 15:
            compensation_amount = int(raw_amount)
        else:
            errors.append(_("attribute[compensation_amount] must be a whole number of rupiah."))
    media_urls = [u.strip() for u in params.getlist("media_url") if u.strip()]
    if any(not u.startswith(("http://", "https://")) or len(u) > 1000 for u in media_urls):
        errors.append(_("media_url must be an http(s) address of at most 1000 characters."))
    files = []
    for upload in request.FILES.getlist("media"):
        try:
            files.append(clean_upload(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if len(files) > settings.SIGAP_UPLOAD_MAX_FILES:
        errors.append(_("At most %(n)d files at once.") % {"n": settings.SIGAP_UPLOAD_MAX_FILES})
    if errors:
        raise Open311Error(400, *errors)

    title = (attributes.get("title") or [""])[0] or description.strip().split("\n", 1)[0][:80]
    reporter = _reporter(params)
    submission = Submission(
        jurisdiction=jurisdiction,
        title=title[:200],
        description=description,
        channel=Channel.OPEN311,
        kind=Kind(kind),
        expectation=(attributes.get("expectation") or [""])[0],
        incident_date=incident_date.astimezone(jurisdiction.zone).date() if incident_date else None,
        address=address[:300],
        lat=lat,
        lng=lng,
        category=category,
        reporter=reporter,
        is_anonymous=reporter is None,
        is_confidential=confidential == "true",
        language=_language()[:8],
        external_system=f"open311:{key.prefix}"[:30],
        external_ref=(attributes.get("fixmystreet_id") or [""])[0][:100],
        compensation_amount=compensation_amount,
        compensation_grounds=(attributes.get("compensation_grounds") or [""])[0][:4000],
    )
    facts = ClientFacts(
        media_urls=media_urls,
        address_id=address_id,
        account_id=optional(params, "account_id") or "",
        device_id=optional(params, "device_id") or optional(params, "deviceid") or "",
    )

    def create() -> tuple[int, Any, Complaint]:
        try:
            complaint, origin = service_request_create(submission=submission, files=files, facts=facts, api_key=key)
        except ValidationError as exc:
            raise Open311Error(400, *_validation_texts(exc)) from exc
        body: dict[str, Any] = (
            {"token": origin.token}
            if settings.SIGAP_OPEN311_SERVICE_TYPE == "batch"
            else {"service_request_id": complaint.tracking_code}
        )
        body["service_notice"] = mapping.service_notice(complaint)
        body["account_id"] = facts.account_id or None
        return 200, [body], complaint

    fingerprint = sorted(
        [(name, params.getlist(name)) for name in params if name != "api_key"] + [("media", [f.sha256 for f in files])]
    )
    # Open311 clients retry a POST whose answer they lost, byte for byte and without a key: the
    # same parameters from the same key within the idempotency window are the same request and
    # get the same service_request_id (docs/api.md).
    client_key = (
        request.headers.get("Idempotency-Key", "").strip()
        or (f"fixmystreet_id:{attributes['fixmystreet_id'][0]}" if attributes.get("fixmystreet_id") else "")
        or f"plain:{request_fingerprint('open311.requests', fingerprint)}"
    )
    try:
        outcome = run_once(
            client=f"key:{key.pk}", key=client_key[:200], operation="open311.requests", payload=fingerprint,
            create=create,
        )  # fmt: skip
    except IdempotencyConflict as exc:
        raise Open311Error(400, _("This request id was already used for a different request.")) from exc
    return render_format(fmt, "service_requests", outcome.body, status=outcome.status)


def _validation_texts(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [f"{field}: {message}" for field, messages in exc.message_dict.items() for message in messages]
    return list(exc.messages)


@endpoint("GET")
def request_detail(request: HttpRequest, fmt: str, service_request_id: str) -> HttpResponse:
    jurisdiction = resolve_jurisdiction(request.GET)
    complaint = public_request(jurisdiction, service_request_id)
    if complaint is None:
        raise Open311Error(404, _("service_request_id %(id)s does not exist.") % {"id": service_request_id})
    payload = [mapping.request_out(request_row(complaint), jurisdiction=jurisdiction, language=_language())]
    return render_format(fmt, "service_requests", payload)


@endpoint("GET")
def token(request: HttpRequest, fmt: str, token: str) -> HttpResponse:
    jurisdiction = resolve_jurisdiction(request.GET)
    origin = (
        RequestOrigin.objects.filter(token=token, complaint__jurisdiction=jurisdiction)
        .select_related("complaint")
        .first()
    )
    if origin is None or origin.complaint.is_confidential:
        raise Open311Error(404, _("token %(token)s does not exist.") % {"token": token})
    payload = [{"service_request_id": origin.complaint.tracking_code, "token": origin.token}]
    return render_format(fmt, "service_requests", payload)


# --- FixMyStreet's servicerequestupdates -------------------------------------------


@endpoint("GET", "POST")
def updates(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _post_update(request, fmt)
    params = request.GET
    jurisdiction = resolve_jurisdiction(params)
    start, end = _window(params, "start_date", "end_date", jurisdiction.zone, default_recent=True)
    rows = public_updates(jurisdiction)
    if start:
        rows = rows.filter(at__gte=start)
    if end:
        rows = rows.filter(at__lte=end)
    payload = [mapping.update_out(e) for e in _page(params, rows)]
    return render_format(fmt, "service_request_updates", payload)


REQUIRED_UPDATE_FIELDS = ("service_request_id", "update_id", "updated_datetime", "status", "description")


def _post_update(request: HttpRequest, fmt: str) -> HttpResponse:
    params = _params(request)
    key = _key(request, params, Scope.UPDATES_POST)
    jurisdiction = _key_jurisdiction(params, key)
    _throttle(key, request)
    given = {name: optional(params, name) or "" for name in REQUIRED_UPDATE_FIELDS}
    missing = [name for name, value in given.items() if not value]
    if missing:
        raise Open311Error(400, *[_("Bad request: %(field)s is required.") % {"field": name} for name in missing])
    parse_moment(given["updated_datetime"], "updated_datetime", jurisdiction.zone)
    status = given["status"].strip().upper().replace(" ", "_")
    if status not in mapping.EXTENDED_STATUSES:
        raise Open311Error(400, _("status %(status)s is not known.") % {"status": given["status"]})
    description = given["description"].strip()
    if len(description) > mapping.MAX_DESCRIPTION:
        raise Open311Error(400, _("description may be at most %(n)d characters.") % {"n": mapping.MAX_DESCRIPTION})
    # Only requests this client filed itself: a key cannot comment on other people's cases.
    complaint = public_request(jurisdiction, given["service_request_id"])
    origin = getattr(complaint, "open311_origin", None) if complaint else None
    if complaint is None or origin is None or origin.api_key_id != key.pk:
        raise Open311Error(404, _("service_request_id %(id)s does not exist.") % {"id": given["service_request_id"]})
    found = complaint

    def create() -> tuple[int, Any, Complaint]:
        try:
            event = service_request_update_post(complaint=found, description=description)
        except (TransitionError, ValidationError) as exc:
            raise Open311Error(400, *getattr(exc, "messages", [str(exc)])) from exc
        return 200, [{"update_id": str(event.pk)}], found

    fingerprint = [given["service_request_id"].strip(), status, description]
    try:
        outcome = run_once(
            client=f"key:{key.pk}", key=f"update:{given['update_id'].strip()[:180]}", operation="open311.updates",
            payload=fingerprint, create=create,
        )  # fmt: skip
    except IdempotencyConflict as exc:
        raise Open311Error(400, _("update_id %(id)s already exists.") % {"id": given["update_id"]}) from exc
    return render_format(fmt, "service_request_updates", outcome.body, status=outcome.status)


@csrf_exempt
def not_found(request: HttpRequest, rest: str) -> HttpResponse:
    fmt = rest.rsplit(".", 1)[-1] if "." in rest else "xml"
    return render_errors(fmt, 404, [(404, _("There is no such Open311 resource."))])
