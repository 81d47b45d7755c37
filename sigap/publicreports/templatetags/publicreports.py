"""Pieces of public reports shown on back-office pages."""

from __future__ import annotations

from typing import Any

from django import template

from sigap.publicreports.forms import ModerationForm
from sigap.publicreports.models import PublicReport

register = template.Library()


@register.inclusion_tag("publicreports/_moderation_panel.html")
def public_report_panel(case: Any, principal: Any) -> dict[str, Any]:
    report = PublicReport.objects.filter(complaint=case).first()
    may_moderate = principal is not None and case.jurisdiction_id in principal.admin_jurisdictions
    context: dict[str, Any] = {"case": case, "report": report, "may_moderate": may_moderate}
    if report is not None and may_moderate:
        context["moderation_form"] = ModerationForm(initial={"title": report.title, "summary": report.summary})
        context["edits"] = list(report.edits.select_related("actor"))
    return context


@register.simple_tag
def support_count(case: Any) -> int:
    """How many people support this case's public report (0 when it has none)."""
    value = PublicReport.objects.filter(complaint_id=case.pk).values_list("support_count", flat=True).first()
    return int(value or 0)
