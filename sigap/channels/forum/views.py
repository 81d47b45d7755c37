"""Staff pages for aspiration forums: sessions, and quick entry of many aspirations in a row."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sigap.accounts.decorators import staff_required
from sigap.accounts.principal import principal_for
from sigap.accounts.requests import AuthenticatedRequest
from sigap.channels.forum.forms import AspirationForm, ForumSessionForm
from sigap.channels.forum.services import forum_aspiration_record, forum_session_create
from sigap.channels.models import ForumSession
from sigap.organisations.models import Jurisdiction


def _jurisdictions(request: AuthenticatedRequest):  # type: ignore[no-untyped-def]
    principal = principal_for(request.user)
    if not principal.admin_jurisdictions:
        raise PermissionDenied
    return Jurisdiction.objects.filter(pk__in=principal.admin_jurisdictions)


@staff_required
def sessions(request: AuthenticatedRequest) -> HttpResponse:
    jurisdictions = _jurisdictions(request)
    form = ForumSessionForm(request.POST or None, jurisdictions=jurisdictions)
    if request.method == "POST" and form.is_valid():
        session = forum_session_create(actor=request.user, **form.cleaned_data)
        return redirect("channels:forum_entry", pk=session.pk)
    rows = ForumSession.objects.filter(jurisdiction__in=jurisdictions).annotate(n=Count("entries"))[:100]
    return render(request, "channels/forum_sessions.html", {"form": form, "sessions": rows})


@staff_required
def entry(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    jurisdictions = _jurisdictions(request)
    session = ForumSession.objects.filter(pk=pk, jurisdiction__in=jurisdictions).select_related("jurisdiction").first()
    if session is None:
        raise Http404
    form = AspirationForm(request.POST or None, jurisdiction=session.jurisdiction)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = forum_aspiration_record(session=session, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Recorded as %(code)s. Next aspiration:") % {"code": complaint.tracking_code})
            # A fresh form, keeping the type and topic: a forum often dwells on one subject.
            return redirect(f"{request.path}?kind={complaint.kind}&category={complaint.category_id or ''}")
    elif request.method == "GET":
        form = AspirationForm(
            initial={"kind": request.GET.get("kind") or "aspirasi", "category": request.GET.get("category") or None},
            jurisdiction=session.jurisdiction,
        )
    recorded = session.entries.select_related("complaint__category").order_by("-id")
    return render(request, "channels/forum_entry.html", {"session": session, "form": form, "recorded": recorded})
