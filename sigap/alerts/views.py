"""Subscribe to alerts, confirm (double opt-in), unsubscribe (one click), follow one report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from sigap.alerts.forms import FollowForm, SubscribeForm
from sigap.alerts.models import Subscription
from sigap.alerts.services import (
    describe,
    subscription_confirm,
    subscription_create,
    subscription_unsubscribe,
    whatsapp_offered,
)
from sigap.publicreports.selectors import public_report_get
from sigap.web.ratelimit import client_address, hit

SUBSCRIPTIONS_PER_HOUR = 20


def _too_many(request: HttpRequest) -> bool:
    return not hit("subscribe", client_address(request), limit=SUBSCRIPTIONS_PER_HOUR, window=3600).allowed


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("laporan", "")
    report = public_report_get(code) if code else None
    user = request.user if request.user.is_authenticated else None
    initial = {"email": getattr(user, "email", "")}
    form: SubscribeForm | FollowForm
    whatsapp = whatsapp_offered()
    form = (
        FollowForm(request.POST or None, initial=initial, whatsapp=whatsapp)
        if report
        else SubscribeForm(request.POST or None, initial=initial, whatsapp=whatsapp)
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        if _too_many(request):
            form.add_error(None, _("Too many attempts. Try again later."))
            status = 429
        else:
            d = form.cleaned_data
            kind = Subscription.Kind.REPORT if report else Subscription.Kind(d["kind"])
            try:
                subscription_create(
                    kind=kind,
                    email="" if d.get("whatsapp") else d["email"],
                    whatsapp=d.get("whatsapp") or "",
                    language=get_language() or "id",
                    area=d.get("kelurahan")
                    if kind == "kelurahan"
                    else d.get("kecamatan")
                    if kind == "kecamatan"
                    else None,
                    category=d.get("category") if kind == "category" else None,
                    report=report,
                    lat=d.get("lat") if kind == "radius" else None,
                    lng=d.get("lng") if kind == "radius" else None,
                    radius_m=d.get("radius_m") if kind == "radius" else None,
                    user=user,
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                return render(
                    request, "alerts/check_mail.html", {"email": d["email"], "whatsapp": bool(d.get("whatsapp"))}
                )
    return render(request, "alerts/subscribe.html", {"form": form, "report": report}, status=status)


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the confirmation e-mail shows one button; pressing it starts the alerts."""
    subscription = get_object_or_404(Subscription, token=token, unsubscribed_at__isnull=True)
    if request.method == "POST":
        subscription_confirm(token=token)
        messages.success(request, _("Your alert is active."))
        return redirect("alerts:confirm", token=token)
    return render(request, "alerts/confirm.html", {"subscription": subscription, "what": describe(subscription)})


@csrf_exempt  # RFC 8058: mail programs POST the one-click unsubscribe without a form or cookie.
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscription = get_object_or_404(Subscription, token=token)
    if request.method == "POST":
        subscription_unsubscribe(token=token)
        subscription.refresh_from_db()
    return render(request, "alerts/unsubscribe.html", {"subscription": subscription, "what": describe(subscription)})
