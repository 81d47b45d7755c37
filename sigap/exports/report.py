"""The monthly report (PDF) of a jurisdiction or one OPD: figures, charts and tables."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.complaints.models import Channel
from sigap.dashboards.metrics import Scope, figures, labelled
from sigap.exports import svgcharts
from sigap.organisations.models import Category, Jurisdiction, Opd


def month_bounds(month: str) -> tuple[date, date]:
    """Return the first and last day of "YYYY-MM"; ValueError if it is not a month."""
    first = date.fromisoformat(f"{month}-01")
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return first, last


def report_context(*, jurisdiction: Jurisdiction, opd: Opd | None, month: str) -> dict[str, Any]:
    first, last = month_bounds(month)
    scope = (
        Scope(jurisdiction_ids=frozenset({jurisdiction.pk}), opd_ids=frozenset({opd.pk}), whole=False)
        if opd
        else Scope(jurisdiction_ids=frozenset({jurisdiction.pk}))
    )
    total = figures(scope=scope, start=first, end=last)[0]
    days = {f.key: f.received for f in figures(scope=scope, start=first, end=last, group_by="day")}
    span = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    categories = dict(Category.objects.filter(jurisdiction=jurisdiction).values_list("pk", "name"))
    opd_names = {
        pk: short or name
        for pk, short, name in Opd.objects.filter(jurisdiction=jurisdiction).values_list("pk", "short_name", "name")
    }
    by_category = labelled(figures(scope=scope, start=first, end=last, group_by="category"), categories, missing="—")
    by_opd = labelled(figures(scope=scope, start=first, end=last, group_by="opd"), opd_names, missing="—")
    by_channel = labelled(
        figures(scope=scope, start=first, end=last, group_by="channel"),
        {v: str(label) for v, label in Channel.choices},
        missing="—",
    )
    stage_rows = by_opd if opd is None else by_category
    return {
        "jurisdiction": jurisdiction,
        "opd": opd,
        "first": first,
        "last": last,
        "generated_at": timezone.localtime(timezone.now(), jurisdiction.zone),
        "total": total,
        "by_category": by_category,
        "by_opd": by_opd,
        "by_channel": by_channel,
        "chart_days": svgcharts.columns([str(d.day) for d in span], [days.get(d, 0) for d in span]),
        "chart_categories": svgcharts.bars(
            [r["label"] for r in by_category[:12]], [(_("Received"), [r["received"] for r in by_category[:12]])]
        ),
        "chart_on_time": svgcharts.bars(
            [r["label"] for r in stage_rows[:12]],
            [
                (_("Verified on time (%)"), [r["verification_on_time"] for r in stage_rows[:12]]),
                (_("First response on time (%)"), [r["first_response_on_time"] for r in stage_rows[:12]]),
                (_("Completed on time (%)"), [r["completion_on_time"] for r in stage_rows[:12]]),
            ],
            maximum=100,
            unit="%",
        ),
    }


def render_pdf(context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only PDF jobs need

    # WeasyPrint reports every layout step at INFO; the job's own log line is enough.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    html = render_to_string("exports/monthly_report.html", context)
    return bytes(HTML(string=html).write_pdf())
