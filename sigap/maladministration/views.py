"""Set and review a complaint's forms of maladministration from the case page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sigap.accounts.decorators import staff_required
from sigap.accounts.principal import principal_for
from sigap.accounts.requests import AuthenticatedRequest
from sigap.complaints.selectors import acting_role, complaint_get_for_user
from sigap.maladministration.forms import KindsForm
from sigap.maladministration.selectors import classification_of, may_classify, may_review
from sigap.maladministration.services import classification_review, classification_set
from sigap.web.forms import error_text


@staff_required
@require_POST
def classify(request: AuthenticatedRequest, code: str) -> HttpResponse:
    principal = principal_for(request.user)
    case = complaint_get_for_user(principal=principal, code=code)
    if not may_classify(principal, case):
        raise PermissionDenied
    form = KindsForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_text(form))
    else:
        try:
            classification_set(
                complaint=case,
                kinds=form.cleaned_data["kinds"],
                actor=request.user,
                acting_as=acting_role(principal, case),
            )
            messages.success(request, _("The forms of maladministration were saved."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("backoffice:case", code=case.tracking_code)


@staff_required
@require_POST
def review(request: AuthenticatedRequest, code: str) -> HttpResponse:
    principal = principal_for(request.user)
    case = complaint_get_for_user(principal=principal, code=code)
    if not may_review(principal, case):
        raise PermissionDenied
    classification = classification_of(case)
    form = KindsForm(request.POST)
    if classification is None:
        messages.error(request, _("The complaint has not been classified yet."))
    elif not form.is_valid():
        messages.error(request, error_text(form))
    else:
        classification_review(
            classification=classification,
            kinds=form.cleaned_data["kinds"],
            actor=request.user,
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Your review of the classification was saved."))
    return redirect("backoffice:case", code=case.tracking_code)
