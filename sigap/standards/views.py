"""Service standards: maintained by each unit's staff, published on a public page per service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sigap.accounts.decorators import staff_required
from sigap.accounts.principal import principal_for
from sigap.accounts.requests import AuthenticatedRequest
from sigap.standards.components import DELIVERY, FIELDS, MANUFACTURING
from sigap.standards.forms import StandardForm
from sigap.standards.models import ServiceStandard
from sigap.standards.selectors import may_maintain, published_services, services_readable_by
from sigap.standards.services import standard_save


def public_index(request: HttpRequest) -> HttpResponse:
    return render(request, "standards/public_index.html", {"services": published_services()})


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(published_services(), pk=pk)
    standard = service.standard
    return render(
        request,
        "standards/public_detail.html",
        {"service": service, "standard": standard, "components": [(c, getattr(standard, c.field)) for c in DELIVERY]},
    )


@staff_required
def manage(request: AuthenticatedRequest) -> HttpResponse:
    principal = principal_for(request.user)
    services = list(services_readable_by(principal).order_by("unit__opd__name", "unit__name", "name"))
    if not services:
        raise PermissionDenied
    rows = [
        (s, getattr(s, "standard", None) if _has_standard(s) else None, may_maintain(principal, s)) for s in services
    ]
    return render(request, "standards/manage.html", {"rows": rows})


def _has_standard(service: object) -> bool:
    try:
        return getattr(service, "standard", None) is not None
    except ServiceStandard.DoesNotExist:
        return False


@staff_required
def edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    principal = principal_for(request.user)
    service = get_object_or_404(services_readable_by(principal), pk=pk)
    editable = may_maintain(principal, service)
    standard = service.standard if _has_standard(service) else None
    initial = {name: getattr(standard, name) for name in FIELDS} if standard else {}
    if standard:
        initial.update(decree=standard.decree, publish=standard.is_published)
    form = StandardForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                standard_save(
                    service=service,
                    values={name: form.cleaned_data[name] for name in FIELDS},
                    decree=form.cleaned_data["decree"],
                    publish=form.cleaned_data["publish"],
                    actor=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
                status = 400
            else:
                messages.success(request, _("The service standard was saved."))
                return redirect("standards:edit", pk=service.pk)
        else:
            status = 400
    delivery = [form[c.field] for c in DELIVERY]
    manufacturing = [form[c.field] for c in MANUFACTURING]
    return render(
        request,
        "standards/edit.html",
        {
            "service": service,
            "standard": standard,
            "form": form,
            "editable": editable,
            "delivery": delivery,
            "manufacturing": manufacturing,
        },
        status=status,
    )
