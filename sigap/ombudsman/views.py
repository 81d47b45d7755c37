"""The Ombudsman officer's workspace: reports, their stages, checks, requests to focal points."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sigap.accounts.decorators import staff_required
from sigap.accounts.principal import Principal, principal_for
from sigap.accounts.requests import AuthenticatedRequest
from sigap.accounts.zones import principal_zone
from sigap.complaints.codes import normalise_code
from sigap.complaints.models import Complaint
from sigap.maladministration.forms import KindsForm
from sigap.maladministration.models import Classification
from sigap.maladministration.services import classification_set
from sigap.ombudsman.forms import ChecksForm, ReportForm, ReportTransitionForm
from sigap.ombudsman.models import Report
from sigap.ombudsman.selectors import (
    is_ombudsman_officer,
    offices_of,
    report_get_for_user,
    report_trail,
    reports_visible_to,
    status_counts,
)
from sigap.ombudsman.services import (
    CHECK_FIELDS,
    ReporterIdentity,
    TransitionError,
    formal_shortcomings,
    material_shortcomings,
    report_add_note,
    report_identity_viewed,
    report_receive,
    report_record_checks,
    report_record_receipt,
    report_transition,
)
from sigap.ombudsman.workflow import OPEN, RECEIPT_CLOCKS, TRANSITIONS, Action, Actor, Status, available_actions
from sigap.organisations.models import Jurisdiction, Opd
from sigap.oversight.dashboards import early_warnings_for
from sigap.oversight.forms import ReceiptForm, RequestForm
from sigap.oversight.models import Requester, RequestKind
from sigap.oversight.services import Addressee, request_send
from sigap.web.forms import error_text


def _officer(request: AuthenticatedRequest) -> Principal:
    principal = principal_for(request.user)
    if not is_ombudsman_officer(principal):
        raise PermissionDenied
    return principal


def _overseen(principal: Principal) -> Any:
    return Jurisdiction.objects.filter(pk__in=principal.ombudsman_jurisdictions, is_active=True)


@staff_required
def workspace(request: AuthenticatedRequest) -> HttpResponse:
    principal = _officer(request)
    show = request.GET.get("status", "open")
    reports = reports_visible_to(principal)
    if show == "open":
        reports = reports.filter(status__in=sorted(OPEN))
    elif show in Status.values:
        reports = reports.filter(status=show)
    from sigap.oversight.selectors import requests_visible_to

    waiting = requests_visible_to(principal).filter(
        requester=Requester.OMBUDSMAN, status__in=["open", "second_request"]
    )
    with timezone.override(principal_zone(principal)):
        return render(
            request,
            "ombudsman/workspace.html",
            {
                "reports": reports.order_by("-received_at")[:200],
                "counts": [(Status(s), n) for s, n in status_counts(principal).items()],
                "show": show,
                "flags": early_warnings_for(principal),
                "waiting": waiting.order_by(F("due_at").asc(nulls_first=True), "sent_at")[:50],
                "now": timezone.now(),
            },
        )


@staff_required
def report_new(request: AuthenticatedRequest) -> HttpResponse:
    principal = _officer(request)
    jurisdictions = _overseen(principal)
    initial: dict[str, Any] = {}
    complaint = None
    code = normalise_code(request.GET.get("complaint", "") or request.POST.get("complaint_code", ""))
    if code:
        complaint = Complaint.objects.filter(tracking_code=code, jurisdiction__in=jurisdictions).first()
        if complaint is not None and request.method == "GET":
            initial = {
                "jurisdiction": complaint.jurisdiction_id,
                "opd": complaint.opd_id,
                "complaint_code": code,
                "title": complaint.title,
                "incident_date": complaint.incident_date,
            }
    form = ReportForm(request.POST or None, initial=initial, jurisdictions=jurisdictions)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if d["complaint_code"] and complaint is None:
            form.add_error("complaint_code", _("No complaint with this code in the institutions you oversee."))
        else:
            office = offices_of(principal).filter(pk=d["jurisdiction"].overseen_by_id).first()
            if office is None:
                raise PermissionDenied
            try:
                report = report_receive(
                    office=office,
                    jurisdiction=d["jurisdiction"],
                    opd=d["opd"],
                    complaint=complaint,
                    title=d["title"],
                    description=d["description"],
                    incident_date=d["incident_date"],
                    prior_complaint=d["prior_complaint"],
                    reporter=ReporterIdentity(
                        name=d["reporter_name"],
                        birth=d["reporter_birth"],
                        marital_status=d["reporter_marital_status"],
                        occupation=d["reporter_occupation"],
                        address=d["reporter_address"],
                        contact=d["reporter_contact"],
                        confidential=d["identity_confidential"],
                    ),
                    actor=request.user,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Report %(number)s registered.") % {"number": report.number})
                return redirect("ombudsman:report", pk=report.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "ombudsman/report_new.html", {"form": form, "complaint": complaint}, status=status)


def _report_context(principal: Principal, report: Report) -> dict[str, Any]:
    classification = Classification.objects.filter(report=report).prefetch_related("forms").first()
    return {
        "report": report,
        "actions": [(a, TRANSITIONS[a]) for a in available_actions(report.status, {Actor.OFFICER})],
        "transition_form": ReportTransitionForm(),
        "checks_form": ChecksForm(initial={f: getattr(report, f) for f in CHECK_FIELDS}),
        "formal_problems": formal_shortcomings(report),
        "material_problems": material_shortcomings(report),
        "request_form": RequestForm(
            opds=Opd.objects.filter(jurisdiction=report.jurisdiction, is_active=True),
            initial={"opd": report.opd_id, "kind": RequestKind.CLARIFICATION},
            kinds=[RequestKind.CLARIFICATION, RequestKind.DATA],
        ),
        "requests": report.requests.select_related("opd").order_by("-sent_at"),
        "kinds_form": KindsForm(initial={"kinds": classification.kinds if classification else []}),
        "classification": classification,
        "trail": report_trail(report),
        "notices": report.notices.all(),
        "receipt_stage": report.status in RECEIPT_CLOCKS,
        "receipt_form": ReceiptForm(),
        "now": timezone.now(),
    }


@staff_required
def report_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    principal = _officer(request)
    report = report_get_for_user(principal=principal, pk=pk)
    with timezone.override(report.jurisdiction.zone):
        return render(request, "ombudsman/report.html", _report_context(principal, report))


@staff_required
@require_GET
def report_identity(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Show the reporter's identity, recording the look in the report's trail."""
    principal = _officer(request)
    report = report_get_for_user(principal=principal, pk=pk)
    report_identity_viewed(report=report, actor=request.user)
    response = render(request, "ombudsman/_identity.html", {"report": report})
    response["Cache-Control"] = "no-store"
    return response


@staff_required
@require_POST
def report_checks(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    principal = _officer(request)
    report = report_get_for_user(principal=principal, pk=pk)
    form = ChecksForm(request.POST)
    form.is_valid()  # booleans: every input is valid
    report_record_checks(report=report, checks=form.cleaned_data, actor=request.user)
    messages.success(request, _("The verification checks were saved."))
    return redirect("ombudsman:report", pk=report.pk)


@staff_required
@require_POST
def report_action(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    principal = _officer(request)
    report = report_get_for_user(principal=principal, pk=pk)
    if action not in Action.values:
        raise Http404
    form = ReportTransitionForm(request.POST)
    form.is_valid()
    try:
        report_transition(
            report=report,
            action=Action(action),
            actor=request.user,
            acting_as=Actor.OFFICER,
            text=form.cleaned_data.get("text", ""),
            reject_reason=form.cleaned_data.get("reject_reason", ""),
        )
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": Action(action).label})
    return redirect("ombudsman:report", pk=report.pk)


@staff_required
@require_POST
def report_note(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    principal = _officer(request)
    report = report_get_for_user(principal=principal, pk=pk)
    try:
        report_add_note(report=report, actor=request.user, body=request.POST.get("text", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("ombudsman:report", pk=report.pk)


@staff_required
@require_POST
def report_request(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Send a request for clarification or data to the institution's focal point."""
    principal = _officer(request)
    report = report_get_for_user(principal=principal, pk=pk)
    form = RequestForm(
        request.POST,
        opds=Opd.objects.filter(jurisdiction=report.jurisdiction, is_active=True),
        kinds=[RequestKind.CLARIFICATION, RequestKind.DATA],
    )
    if not form.is_valid():
        messages.error(request, error_text(form))
        return redirect("ombudsman:report", pk=report.pk)
    d = form.cleaned_data
    try:
        sent = request_send(
            requester=Requester.OMBUDSMAN,
            kind=RequestKind(d["kind"]),
            to=Addressee(jurisdiction=report.jurisdiction, opd=d["opd"]),
            subject=d["subject"],
            questions=d["questions"],
            actor=request.user,
            report=report,
            complaint=report.complaint,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("ombudsman:report", pk=report.pk)
    messages.success(
        request,
        _("The request was sent; the answer clock starts when the institution receives it (at the latest %(date)s).")
        % {"date": timezone.localtime(sent.presume_receipt_at, report.jurisdiction.zone).strftime("%d-%m-%Y")},
    )
    return redirect("ombudsman:report", pk=report.pk)


@staff_required
@require_POST
def report_classify(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    principal = _officer(request)
    report = report_get_for_user(principal=principal, pk=pk)
    form = KindsForm(request.POST)
    if form.is_valid():
        classification_set(report=report, kinds=form.cleaned_data["kinds"], actor=request.user, acting_as="ombudsman")
        messages.success(request, _("The forms of maladministration were saved."))
    else:
        messages.error(request, error_text(form))
    return redirect("ombudsman:report", pk=report.pk)


@staff_required
@require_POST
def report_notice_sent(request: AuthenticatedRequest, pk: int, kind: str) -> HttpResponse:
    """Record that a notice the Ombudsman owes (UU 37/2008 Pasal 27, 36(2), 37(3)) went out."""
    from sigap.ombudsman.notices import notice_record_sent

    principal = _officer(request)
    report = report_get_for_user(principal=principal, pk=pk)
    notice = report.notices.filter(kind=kind, sent_at__isnull=True).first()
    if notice is None:
        messages.error(request, _("There is no notice of this kind waiting to be sent."))
    else:
        notice_record_sent(notice=notice, actor=request.user)
        messages.success(request, _("The sending of the notice is recorded."))
    return redirect("ombudsman:report", pk=report.pk)


@staff_required
@require_POST
def report_receipt(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record the date on the reported party's signed receipt of the LHP or recommendation."""
    principal = _officer(request)
    report = report_get_for_user(principal=principal, pk=pk)
    form = ReceiptForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_text(form))
        return redirect("ombudsman:report", pk=report.pk)
    try:
        report_record_receipt(report=report, received_on=form.cleaned_data["received_on"], actor=request.user)
    except TransitionError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The receipt is recorded; the stage clock counts from it."))
    return redirect("ombudsman:report", pk=report.pk)
