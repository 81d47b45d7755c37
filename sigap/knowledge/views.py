"""Knowledge base pages: the searchable guidance library and the response templates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sigap.accounts.decorators import staff_required
from sigap.accounts.principal import principal_for
from sigap.accounts.requests import AuthenticatedRequest
from sigap.complaints.models import ResponseTemplate
from sigap.knowledge import selectors, services
from sigap.knowledge.forms import SearchForm, TemplateForm
from sigap.organisations.models import Jurisdiction


def _language(request: AuthenticatedRequest) -> str:
    chosen = request.GET.get("lang", "")
    return chosen if chosen in ("id", "en") else (get_language() or "id")[:2]


@staff_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    principal = principal_for(request.user)
    form = SearchForm(request.GET or None)
    text, topic = "", ""
    if form.is_valid():
        text, topic = form.cleaned_data["q"], form.cleaned_data["topic"]
    language = _language(request)
    return render(
        request,
        "knowledge/home.html",
        {
            "form": form,
            "articles": selectors.articles_for(principal, text=text, topic=topic, language=language)[:100],
            "text": text,
            "language": language,
        },
    )


@staff_required
def article(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return render(
        request,
        "knowledge/article.html",
        {"article": selectors.article_get(principal=principal_for(request.user), pk=pk)},
    )


@staff_required
def templates(request: AuthenticatedRequest) -> HttpResponse:
    principal = principal_for(request.user)
    return render(
        request,
        "knowledge/templates.html",
        {
            "templates": selectors.templates_for(principal),
            "may_edit": bool(selectors.template_editor_jurisdictions(principal)),
            "approver_of": principal.admin_jurisdictions,
        },
    )


def _editing_jurisdiction(request: AuthenticatedRequest) -> Jurisdiction:
    ids = selectors.template_editor_jurisdictions(principal_for(request.user))
    jurisdiction = Jurisdiction.objects.filter(pk__in=ids).order_by("name").first()
    if jurisdiction is None:
        raise PermissionDenied
    return jurisdiction


@staff_required
def template_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    principal = principal_for(request.user)
    template: ResponseTemplate | None = None
    if pk is not None:
        template = selectors.template_get_for_editing(principal=principal, pk=pk)
        jurisdiction = template.jurisdiction
    else:
        jurisdiction = _editing_jurisdiction(request)
    initial = (
        {
            "title": template.title,
            "category": template.category_id,
            "language": template.language,
            "body": template.body,
        }
        if template
        else {"language": get_language()}
    )
    form = TemplateForm(request.POST or None, jurisdiction=jurisdiction, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_template_save(
                jurisdiction=jurisdiction, template=template, actor=request.user, **form.cleaned_data
            )
        except services.TemplateError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Saved. The text is offered on case pages once another administrator approves it.")
            )
            return redirect("knowledge:templates")
    return render(request, "knowledge/template_form.html", {"form": form, "template": template})


@staff_required
@require_POST
def template_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    principal = principal_for(request.user)
    template = selectors.template_get_for_editing(principal=principal, pk=pk)
    if template.jurisdiction_id not in principal.admin_jurisdictions:
        raise PermissionDenied
    try:
        services.response_template_approve(template=template, actor=request.user)
    except services.TemplateError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The template is approved."))
    return redirect("knowledge:templates")


@staff_required
@require_POST
def template_retire(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    principal = principal_for(request.user)
    template = selectors.template_get_for_editing(principal=principal, pk=pk)
    if template.jurisdiction_id not in principal.admin_jurisdictions:
        raise PermissionDenied
    services.response_template_retire(template=template, actor=request.user)
    messages.success(request, _("The template is no longer offered."))
    return redirect("knowledge:templates")
