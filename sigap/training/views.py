"""Training pages: sessions, material, participants and attendance, certificates, each OPD's record."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sigap.accounts.decorators import staff_required
from sigap.accounts.principal import principal_for
from sigap.accounts.requests import AuthenticatedRequest
from sigap.organisations.models import Jurisdiction
from sigap.training import selectors, services
from sigap.training.certificates import certificate_pdf
from sigap.training.forms import MaterialForm, ParticipantsForm, SessionForm
from sigap.training.models import TrainingMaterial, TrainingSession
from sigap.web.forms import error_text


@staff_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    principal = principal_for(request.user)
    return render(
        request,
        "training/home.html",
        {
            "sessions": selectors.sessions_visible_to(principal).select_related("jurisdiction")[:100],
            "mine": selectors.own_record(principal),
            "opds": selectors.opds_with_records_for(principal),
            "may_create": bool(principal.staff_admin_jurisdictions),
        },
    )


@staff_required
def create(request: AuthenticatedRequest) -> HttpResponse:
    principal = principal_for(request.user)
    jurisdiction = Jurisdiction.objects.filter(pk__in=principal.staff_admin_jurisdictions).order_by("name").first()
    if jurisdiction is None:
        raise PermissionDenied
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.training_create(jurisdiction=jurisdiction, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field, errors)
        else:
            return redirect("training:detail", pk=session.pk)
    return render(request, "training/create.html", {"form": form, "jurisdiction": jurisdiction})


@staff_required
def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    principal = principal_for(request.user)
    session = selectors.session_get(principal=principal, pk=pk)
    manage = selectors.may_manage(principal, session)
    return render(
        request,
        "training/detail.html",
        {
            "session": session,
            "materials": session.materials.all(),
            # The attendance list names every participant: for those who manage the session.
            "participants": selectors.participants_of(session) if manage else None,
            "manage": manage,
            "material_form": MaterialForm() if manage else None,
            "participants_form": ParticipantsForm(jurisdiction=session.jurisdiction) if manage else None,
        },
    )


def _managed(request: AuthenticatedRequest, pk: int) -> TrainingSession:
    principal = principal_for(request.user)
    session = selectors.session_get(principal=principal, pk=pk)
    if not selectors.may_manage(principal, session):
        raise PermissionDenied
    return session


@staff_required
@require_POST
def material_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = _managed(request, pk)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid() and form.cleaned_data["attachments"]:
        for clean in form.cleaned_data["attachments"]:
            services.training_material_add(
                session=session, title=form.cleaned_data["title"], file=clean, actor=request.user
            )
        messages.success(request, _("The material was added."))
    else:
        messages.error(request, error_text(form) or _("Choose a file."))
    return redirect("training:detail", pk=session.pk)


@staff_required
def material(request: AuthenticatedRequest, pk: int, material_id: int) -> FileResponse:
    session = selectors.session_get(principal=principal_for(request.user), pk=pk)
    item = get_object_or_404(TrainingMaterial, pk=material_id, session=session)
    response = FileResponse(item.file.open("rb"), content_type=item.content_type, as_attachment=True)
    response["Content-Disposition"] = f'attachment; filename="{item.original_name}"'
    return response


@staff_required
@require_POST
def participants_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = _managed(request, pk)
    form = ParticipantsForm(request.POST, jurisdiction=session.jurisdiction)
    if form.is_valid():
        added = services.training_participants_add(
            session=session, users=form.cleaned_data["users"], opds=form.cleaned_data["opds"], actor=request.user
        )
        messages.success(request, _("%(n)d participants were added.") % {"n": added})
    else:
        messages.error(request, error_text(form))
    return redirect("training:detail", pk=session.pk)


@staff_required
@require_POST
def attendance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = _managed(request, pk)
    try:
        attended = {int(v) for v in request.POST.getlist("attended")}
    except ValueError as exc:
        raise Http404 from exc
    services.training_attendance_set(session=session, attended_user_ids=attended, actor=request.user)
    messages.success(request, _("Attendance was saved."))
    return redirect("training:detail", pk=session.pk)


@staff_required
def certificate(request: AuthenticatedRequest, participation_id: int) -> HttpResponse:
    p = selectors.participation_for_certificate(principal=principal_for(request.user), pk=participation_id)
    response = HttpResponse(certificate_pdf(p), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="sertifikat-{p.session_id}-{p.user_id}.pdf"'
    return response


@staff_required
def opd_record(request: AuthenticatedRequest, opd_id: int) -> HttpResponse:
    opd, rows = selectors.opd_record(principal=principal_for(request.user), opd_id=opd_id)
    return render(request, "training/opd.html", {"opd": opd, "rows": rows})
