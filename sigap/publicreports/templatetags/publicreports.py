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
def support_counts(rows: Any) -> dict[int, int]:
    """Supporters per case for a page of (case, ...) rows, in one query."""
    ids = [row[0].pk if isinstance(row, tuple | list) else row.pk for row in rows]
    pairs = PublicReport.objects.filter(complaint_id__in=ids, support_count__gt=0).values_list(
        "complaint_id", "support_count"
    )
    return dict(pairs)


@register.simple_tag
def supporters_of(counts: dict[int, int], case: Any) -> int:
    return counts.get(case.pk, 0)


@register.simple_tag
def is_published(case: Any) -> bool:
    """Whether the case has a public page (the filing form's duplicate offer links to it)."""
    return PublicReport.objects.filter(complaint_id=case.pk, is_published=True).exists()
