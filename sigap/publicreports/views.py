"""Public reports: the list and map, a report's page, support, and the administrator's moderation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.accounts.decorators import staff_required
from sigap.accounts.principal import principal_for
from sigap.accounts.requests import AuthenticatedRequest
from sigap.complaints import presenters
from sigap.complaints.selectors import complaint_get_for_user
from sigap.complaints.workflow import Status
from sigap.notifications.models import Kind
from sigap.organisations.models import Jurisdiction
from sigap.publicreports import phone, selectors
from sigap.publicreports.forms import (
    FilterForm,
    HideForm,
    ModerationForm,
    PhoneCodeForm,
    SupportForm,
    SupportPhoneForm,
)
from sigap.publicreports.labels import REPORT_STATUS_LABELS
from sigap.publicreports.mail import citizen_mail
from sigap.publicreports.models import PhoneVerification, PublicReport, Support
from sigap.publicreports.services import public_report_confirm, public_report_hide, support_add, support_confirm
from sigap.web.forms import error_text
from sigap.web.ratelimit import client_address, hit

SUPPORTS_PER_HOUR = 30


def _filters(request: HttpRequest) -> tuple[FilterForm, selectors.Filters]:
    form = FilterForm(request.GET or None)
    return form, form.filters() if request.GET else selectors.Filters()


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    rows, next_cursor = selectors.report_page(filters, after=request.GET.get("setelah", ""))
    query = request.GET.copy()
    query.pop("setelah", None)
    jurisdictions = Jurisdiction.objects.filter(is_active=True).exclude(kind=Jurisdiction.Kind.OMBUDSMAN)
    return render(
        request,
        "publicreports/list.html",
        {
            "form": form,
            "reports": [(r, REPORT_STATUS_LABELS[Status(r.status)]) for r in rows],
            "next_cursor": next_cursor,
            "query": query.urlencode(),
            "map_center": presenters.map_centre(jurisdictions),
        },
    )


def _box(raw: str) -> tuple[float, float, float, float] | None:
    try:
        south, west, north, east = (float(v) for v in raw.split(","))
    except ValueError:
        return None
    return south, west, north, east


@require_GET
def report_map(request: HttpRequest) -> JsonResponse:
    _form, filters = _filters(request)
    points = selectors.map_points(filters, box=_box(request.GET.get("kotak", "")))
    # One reverse() for thousands of points: tracking codes are letters, digits and dashes.
    url = reverse("publicreports:detail", args=["KODE"])
    for point in points:
        point["url"] = url.replace("KODE", point["code"])
    return JsonResponse({"points": points})


@require_GET
def report_detail(request: HttpRequest, code: str) -> HttpResponse:
    report = selectors.public_report_get(code)
    return render(
        request,
        "publicreports/detail.html",
        {
            "report": report,
            "status_label": REPORT_STATUS_LABELS[Status(report.status)],
            "steps": selectors.public_timeline(report),
            "photos": selectors.public_photos(report),
            "support_form": SupportForm(),
            "phone_form": SupportPhoneForm() if phone.phone_channel() else None,
            "supported": _supported(request, report),
        },
    )


def _supported(request: HttpRequest, report: PublicReport) -> bool:
    if request.user.is_authenticated and Support.objects.filter(report=report, user=request.user).exists():
        return True
    return report.pk in request.session.get("supported", [])


@require_GET
def report_photo(request: HttpRequest, code: str, pk: int) -> FileResponse:
    report = selectors.public_report_get(code)
    photo = get_object_or_404(selectors.public_photos(report), pk=pk)
    return presenters.attachment_response(photo)


@require_POST
def support(request: HttpRequest, code: str) -> HttpResponse:
    report = selectors.public_report_get(code)
    verdict = hit("support", client_address(request), limit=SUPPORTS_PER_HOUR, window=3600)
    if not verdict.allowed:
        messages.error(
            request,
            _("Too many attempts. Try again in %(minutes)d minutes.") % {"minutes": verdict.retry_after // 60 + 1},
        )
        return redirect("publicreports:detail", code=report.complaint.tracking_code)
    form = SupportForm(request.POST)
    same = request.POST.get("same_problem") == "1"
    user = request.user if request.user.is_authenticated else None
    if not form.is_valid():
        messages.error(request, error_text(form))
        return redirect("publicreports:detail", code=report.complaint.tracking_code)
    try:
        item, created = support_add(report=report, user=user, email=form.cleaned_data["email"], same_problem=same)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("publicreports:detail", code=report.complaint.tracking_code)
    if user is not None:
        messages.success(request, _("Thank you: your support is counted."))
    elif created:
        citizen_mail(
            kind=Kind.CONFIRMATION,
            to=item.email,
            template="publicreports/mail/confirm_support.txt",
            context={
                "report": report,
                "url": request.build_absolute_uri(reverse("publicreports:support_confirm", args=[item.token])),
            },
            key=("support", item.pk),
            language=get_language() or "id",
            jurisdiction_id=report.jurisdiction_id,
        )
        messages.success(request, _("Almost done: open the link we sent to your e-mail to count your support."))
    else:
        messages.info(request, _("This address has already supported this report."))
    _remember_support(request, report.pk)
    return redirect("publicreports:detail", code=report.complaint.tracking_code)


@require_http_methods(["GET", "POST"])
def support_confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    """Opening the link shows one button; pressing it counts the support (link scanners only GET)."""
    item = get_object_or_404(Support.objects.select_related("report__complaint"), token=token)
    if request.method == "POST":
        support_confirm(token=token)
        messages.success(request, _("Thank you: your support is counted."))
        return redirect("publicreports:detail", code=item.report.complaint.tracking_code)
    return render(request, "publicreports/support_confirm.html", {"support": item, "report": item.report})


def _remember_support(request: HttpRequest, report_id: int) -> None:
    codes = request.session.get("supported", [])
    request.session["supported"] = [*codes[-99:], report_id]


@require_POST
def support_phone(request: HttpRequest, code: str) -> HttpResponse:
    """Send a one-time code to the visitor's phone; the next page takes the code."""
    report = selectors.public_report_get(code)
    back = redirect("publicreports:detail", code=report.complaint.tracking_code)
    form = SupportPhoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_text(form))
        return back
    try:
        sent = phone.phone_code_send(
            report=report,
            phone=form.cleaned_data["phone"],
            client=client_address(request),
            same_problem=request.POST.get("same_problem") == "1",
            language=get_language() or "id",
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return back
    if isinstance(sent, phone.Refused):
        messages.error(
            request, _("Too many attempts. Try again in %(minutes)d minutes.") % {"minutes": sent.retry_after // 60 + 1}
        )
        return back
    return redirect("publicreports:support_phone_code", token=sent.token)


@require_http_methods(["GET", "POST"])
def support_phone_code(request: HttpRequest, token: str) -> HttpResponse:
    """Type the code that was sent to the phone; a right code counts the support."""
    verification = get_object_or_404(
        PhoneVerification.objects.select_related("report__complaint"), token=token, report__is_published=True
    )
    report = verification.report
    form = PhoneCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        _found, outcome = phone.phone_code_check(
            token=token, code=form.cleaned_data["code"], client=client_address(request)
        )
        if outcome in ("counted", "already"):
            _remember_support(request, report.pk)
            messages.success(
                request,
                _("Thank you: your support is counted.")
                if outcome == "counted"
                else _("This phone number already supports this report."),
            )
            return redirect("publicreports:detail", code=report.complaint.tracking_code)
        errors = {
            "wrong": _("This code is not right. Check the message and try again."),
            "expired": _("This code can no longer be used. Ask for a new one on the report's page."),
            "limited": _("Too many attempts. Try again later."),
        }
        form.add_error("code", errors.get(outcome, errors["expired"]))
        status = 429 if outcome == "limited" else 400
    return render(
        request,
        "publicreports/support_phone.html",
        {"form": form, "report": report, "minutes": phone.CODE_MINUTES},
        status=status,
    )


@staff_required
@require_POST
def moderate(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """The complaint administrator confirms or edits the public title and summary, or hides the report."""
    principal = principal_for(request.user)
    complaint = complaint_get_for_user(principal=principal, code=code)
    if complaint.jurisdiction_id not in principal.admin_jurisdictions:
        raise PermissionDenied
    report = get_object_or_404(PublicReport, complaint=complaint)
    if "hidden" in request.POST or "reason" in request.POST:
        hide_form = HideForm(request.POST)
        try:
            if not hide_form.is_valid():
                raise ValidationError(error_text(hide_form))
            public_report_hide(
                report=report,
                hidden=hide_form.cleaned_data["hidden"],
                reason=hide_form.cleaned_data["reason"],
                actor=request.user,
            )
            messages.success(request, _("The public report has been updated."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("backoffice:case", code=complaint.tracking_code)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_text(form))
        return redirect("backoffice:case", code=complaint.tracking_code)
    try:
        public_report_confirm(
            report=report, title=form.cleaned_data["title"], summary=form.cleaned_data["summary"], actor=request.user
        )
        messages.success(request, _("The public title and summary are confirmed."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("backoffice:case", code=complaint.tracking_code)
