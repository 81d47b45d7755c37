"""The case page's small panel for the forms of maladministration."""

from __future__ import annotations

from typing import Any

from django import template

from sigap.accounts.principal import principal_for
from sigap.complaints.models import Complaint
from sigap.maladministration.forms import KindsForm
from sigap.maladministration.selectors import classification_history, classification_of, may_classify, may_review

register = template.Library()


@register.inclusion_tag("maladministration/_panel.html", takes_context=True)
def maladministration_panel(context: dict[str, Any], case: Complaint) -> dict[str, Any]:
    principal = principal_for(context["request"].user)
    classification = classification_of(case)
    kinds = classification.kinds if classification else []
    locked = classification is not None and classification.review != "pending"
    return {
        "case": case,
        "classification": classification,
        "labels": [f.get_kind_display() for f in classification.forms.all()] if classification else [],
        "history": classification_history(classification),
        "may_set": may_classify(principal, case) and not locked,
        "may_review": may_review(principal, case) and classification is not None,
        "is_ombudsman": may_review(principal, case),
        "form": KindsForm(initial={"kinds": kinds}),
        "csrf_token": context.get("csrf_token"),
    }
