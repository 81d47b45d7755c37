"""The citizen's side: the receipt PDF, the optional account's pages, claiming a complaint."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sigap.accounts.models import User
from sigap.accounts.requests import AuthenticatedRequest
from sigap.alerts.models import Subscription
from sigap.alerts.services import describe
from sigap.citizens.forms import ClaimForm, PreferencesForm, ReceiptForm
from sigap.citizens.receipt import receipt_pdf
from sigap.citizens.services import citizen_preferences_update, complaint_claim
from sigap.complaints.codes import secret_attempt
from sigap.complaints.models import Complaint
from sigap.complaints.selectors import complaint_for_reporter
from sigap.complaints.workflow import PUBLIC_STATUS_LABELS, Status
from sigap.publicreports.models import Support
from sigap.web.forms import error_text
from sigap.web.ratelimit import client_address

RESETS_PER_HOUR = 5


def _secret_budget(request: HttpRequest) -> bool:
    # The same budget as the tracking form: each try checks a secret.
    return secret_attempt(client_address(request)).allowed


@require_POST
def receipt(request: HttpRequest, code: str) -> HttpResponse:
    """The PDF receipt; the secret is sent with the request, checked, and printed, never stored."""
    form = ReceiptForm(request.POST)
    if not form.is_valid():
        return HttpResponse(error_text(form), status=400, content_type="text/plain; charset=utf-8")
    if not _secret_budget(request):
        return HttpResponse(
            _("Too many attempts. Try again later."), status=429, content_type="text/plain; charset=utf-8"
        )
    complaint = complaint_for_reporter(code=code, secret=form.cleaned_data["secret"])
    if complaint is None:
        return HttpResponse(
            _("The tracking code and secret do not match any complaint."),
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(receipt_pdf(complaint, form.cleaned_data["secret"]), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="tanda-terima-{complaint.tracking_code}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _subscriptions(user: User) -> list[Subscription]:
    match = Q(user=user) | (Q(email=user.email.lower()) if user.email else Q(pk__in=[]))
    return list(
        Subscription.objects.filter(match, unsubscribed_at__isnull=True)
        .select_related("report__complaint", "area", "category")
        .order_by("-created_at")
    )


@login_required
@require_GET
def account(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    cases = Complaint.objects.filter(reporter_user=user).select_related("jurisdiction").order_by("-created_at")[:200]
    supports = (
        Support.objects.filter(Q(user=user) | (Q(email=user.email.lower()) if user.email else Q(pk__in=[])))
        .filter(report__is_published=True)
        .select_related("report__complaint")
        .order_by("-created_at")[:200]
    )
    subscriptions = _subscriptions(user)
    return render(
        request,
        "citizens/account.html",
        {
            "cases": [(c, PUBLIC_STATUS_LABELS[Status(c.status)]) for c in cases],
            "supports": supports,
            "followed": [
                s for s in subscriptions if s.kind == Subscription.Kind.REPORT and s.report and s.report.is_published
            ],
            "alerts": [(s, describe(s)) for s in subscriptions if s.kind != Subscription.Kind.REPORT],
            "claim_form": ClaimForm(),
            "preferences_form": PreferencesForm(initial={"language": user.preferred_language}),
        },
    )


@login_required
@require_POST
def claim(request: AuthenticatedRequest) -> HttpResponse:
    form = ClaimForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_text(form))
    elif not _secret_budget(request):
        messages.error(request, _("Too many attempts. Try again later."))
    else:
        complaint = complaint_for_reporter(code=form.cleaned_data["code"], secret=form.cleaned_data["secret"])
        if complaint is None:
            messages.error(request, _("The tracking code and secret do not match any complaint."))
        else:
            try:
                complaint_claim(complaint=complaint, user=request.user)
                messages.success(
                    request, _("The complaint %(code)s is now in your account.") % {"code": complaint.tracking_code}
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
    return redirect("citizens:account")


@login_required
@require_POST
def preferences(request: AuthenticatedRequest) -> HttpResponse:
    form = PreferencesForm(request.POST)
    if form.is_valid():
        citizen_preferences_update(user=request.user, language=form.cleaned_data["language"], actor=request.user)
        messages.success(request, _("Your preferences are saved."))
    else:
        messages.error(request, error_text(form))
    return redirect("citizens:account")
