"""The citizen portal: file a complaint, then follow it with its code and secret."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sigap.accounts.requests import AuthenticatedRequest
from sigap.citizens.receipt import public_link
from sigap.citizens.services import receipt_mail_send
from sigap.complaints import presenters
from sigap.complaints.codes import normalise_code, seal_secret, secret_attempt, unseal_secret
from sigap.complaints.forms import ComplaintForm, RatingForm, ReporterMessageForm, TextForm, TrackForm
from sigap.complaints.models import Attachment, Channel, Complaint
from sigap.complaints.reporter_access import reporter_access_grant, reporter_may_follow
from sigap.complaints.selectors import complaint_for_reporter, timeline
from sigap.complaints.services import (
    TransitionError,
    complaint_rate,
    complaint_reply,
    complaint_submit,
    complaint_transition,
)
from sigap.complaints.workflow import PUBLIC_STATUS_LABELS, Action, Actor, Status, available_actions
from sigap.organisations.models import Jurisdiction
from sigap.publicreports.forms import PublicChoiceForm
from sigap.publicreports.services import public_report_create
from sigap.sla.selectors import default_time_limits
from sigap.web.forms import error_text
from sigap.web.ratelimit import client_address


def _public_jurisdictions():  # type: ignore[no-untyped-def]
    return Jurisdiction.objects.filter(is_active=True).exclude(kind=Jurisdiction.Kind.OMBUDSMAN)


def _reporter_case(request: HttpRequest, code: str) -> Complaint:
    """Return the case if this browser proved the secret, or the account filed it."""
    normalised = normalise_code(code)
    if normalised is None:
        raise Http404
    case = get_object_or_404(
        Complaint.objects.select_related("jurisdiction", "category", "opd"), tracking_code=normalised
    )
    if not reporter_may_follow(request, case):
        raise Http404
    return case


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"limits": default_time_limits()})


def submit(request: HttpRequest) -> HttpResponse:
    jurisdictions = _public_jurisdictions()
    form = ComplaintForm(request.POST or None, request.FILES or None, jurisdictions=jurisdictions)
    public_form = PublicChoiceForm(request.POST or None, jurisdictions=jurisdictions)
    if request.method == "POST" and form.is_valid() and public_form.is_valid():
        user = request.user if request.user.is_authenticated else None
        try:
            with transaction.atomic():
                complaint, secret = complaint_submit(
                    submission=form.submission(
                        channel=Channel.WEB, reporter_user=user, language=get_language() or "id"
                    ),
                    files=form.cleaned_data["attachments"],
                )
                public_report_create(
                    complaint=complaint,
                    wants_public=public_form.cleaned_data["make_public"],
                    photos_public=public_form.cleaned_data["photos_public"],
                    kelurahan=public_form.cleaned_data["kelurahan"],
                    photos=list(complaint.attachments.all()),
                )
                if form.cleaned_data.get("whatsapp_updates") and not complaint.is_anonymous:
                    _whatsapp_opt_in(request, complaint, form.cleaned_data["reporter_phone"])
                receipt_mail_send(complaint=complaint, secret=secret)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            reporter_access_grant(request, complaint.tracking_code)
            # Until the receipt page shows it, the session (a database row) holds the secret only sealed.
            request.session["new_secret"] = {
                "code": complaint.tracking_code,
                "sealed": seal_secret(secret, context=complaint.tracking_code),
            }
            return redirect("portal:thanks", code=complaint.tracking_code)
    return render(
        request,
        "portal/submit.html",
        {"form": form, "public_form": public_form, "map_center": presenters.map_centre(jurisdictions)},
    )


def _whatsapp_opt_in(request: HttpRequest, complaint: Complaint, phone: str) -> None:
    """Subscribe the reporter's number to WhatsApp updates; say so if the government has no number yet."""
    from sigap.channels.messaging.outbound import whatsapp_opt_in

    try:
        whatsapp_opt_in(complaint=complaint, phone=phone)
    except ValueError as exc:
        messages.warning(request, str(exc))


def thanks(request: HttpRequest, code: str) -> HttpResponse:
    case = _reporter_case(request, code)
    shown = request.session.pop("new_secret", None)
    sealed = shown.get("sealed") if shown and shown.get("code") == case.tracking_code else None
    secret = unseal_secret(sealed, context=case.tracking_code) if sealed else None
    return render(
        request,
        "portal/thanks.html",
        {
            "case": case,
            "secret": secret,
            "late_filing": presenters.late_filing_days(case),
            "public_url": public_link(case),
            "receipt_mailed": secret is not None and case.notifications.filter(kind="receipt", state="sent").exists(),
        },
    )


def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    status = 200
    if request.method == "POST" and form.is_valid():
        verdict = secret_attempt(client_address(request))
        if not verdict.allowed:
            form.add_error(
                None,
                _("Too many attempts. Try again in %(minutes)d minutes.") % {"minutes": verdict.retry_after // 60 + 1},
            )
            status = 429
        else:
            case = complaint_for_reporter(code=form.cleaned_data["code"], secret=form.cleaned_data["secret"])
            if case is not None:
                reporter_access_grant(request, case.tracking_code)
                return redirect("portal:case", code=case.tracking_code)
            form.add_error(None, _("The tracking code and secret do not match any complaint."))
    return render(request, "portal/track.html", {"form": form}, status=status)


def case(request: HttpRequest, code: str) -> HttpResponse:
    try:
        complaint = _reporter_case(request, code)
    except Http404:
        # A browser that has not proved the secret is asked for it, whether the code exists or not.
        form = TrackForm(initial={"code": code})
        return render(request, "portal/track.html", {"form": form, "asking": True}, status=401)
    actions = available_actions(complaint.status, {Actor.REPORTER})
    claim = presenters.compensation_of(complaint)
    attachments = list(complaint.attachments.filter(is_internal=False))
    events = presenters.event_views(timeline(complaint=complaint, public_only=True), attachments)
    with timezone.override(complaint.jurisdiction.zone):
        return render(
            request,
            "portal/case.html",
            {
                "case": complaint,
                "public_status": PUBLIC_STATUS_LABELS[Status(complaint.status)],
                "events": events,
                "attachments": presenters.unplaced_attachments(events, attachments),
                "actions": actions,
                "can_reply": complaint.is_open,
                "text_form": ReporterMessageForm(),
                "rating_form": RatingForm() if complaint.status == Status.CLOSED and complaint.rating is None else None,
                "deadline_label": presenters.deadline_label(complaint),
                "due_at": presenters.local_due(complaint),
                "compensation": claim,
                "compensation_state": presenters.compensation_payment_state(
                    claim, today=timezone.localtime(timezone.now(), complaint.jurisdiction.zone).date()
                ),
            },
        )


@require_POST
def act(request: HttpRequest, code: str, action: str) -> HttpResponse:
    complaint = _reporter_case(request, code)
    if action not in (Action.CONFIRM, Action.REOPEN, Action.SUPPLEMENT):
        raise Http404
    form = TextForm(request.POST, request.FILES)
    text = request.POST.get("text", "")
    files = form.cleaned_data["attachments"] if form.is_valid() else []
    # The text is optional here (confirming needs none), but a NUL in it is refused as the form refuses it:
    # PostgreSQL cannot store one.
    if "attachments" in form.errors or form.has_error("text", "null_characters_not_allowed"):
        messages.error(request, error_text(form))
        return redirect("portal:case", code=complaint.tracking_code)
    try:
        complaint_transition(
            complaint=complaint, action=Action(action), actor=None, acting_as=Actor.REPORTER, text=text, files=files
        )
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Thank you, your response has been recorded."))
    return redirect("portal:case", code=complaint.tracking_code)


@require_POST
def reply(request: HttpRequest, code: str) -> HttpResponse:
    complaint = _reporter_case(request, code)
    form = TextForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            complaint_reply(
                complaint=complaint,
                actor=None,
                acting_as="reporter",
                body=form.cleaned_data["text"],
                files=form.cleaned_data["attachments"],
            )
            messages.success(request, _("Your message has been sent."))
        except (TransitionError, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.error(request, error_text(form))
    return redirect("portal:case", code=complaint.tracking_code)


@require_POST
def rate(request: HttpRequest, code: str) -> HttpResponse:
    complaint = _reporter_case(request, code)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            complaint_rate(
                complaint=complaint, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("Thank you for rating the handling of your complaint."))
        except TransitionError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Choose a rating from 1 to 5."))
    return redirect("portal:case", code=complaint.tracking_code)


def attachment(request: HttpRequest, code: str, pk: int) -> HttpResponseBase:
    complaint = _reporter_case(request, code)
    file = get_object_or_404(Attachment, pk=pk, complaint=complaint, is_internal=False)
    if "thumb" in request.GET:  # the small picture the timeline shows
        return presenters.attachment_thumbnail_response(file)
    return presenters.attachment_response(file)


@login_required
def my_complaints(request: AuthenticatedRequest) -> HttpResponse:
    cases = (
        Complaint.objects.filter(reporter_user=request.user)
        .select_related("jurisdiction", "category")
        .order_by("-created_at")[:200]
    )
    return render(
        request,
        "portal/my_complaints.html",
        {"cases": [(c, PUBLIC_STATUS_LABELS[Status(c.status)]) for c in cases]},
    )
