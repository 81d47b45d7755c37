"""Seed answer time limits and early-warning thresholds; make the request trail append-only."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import migrations

from sigap.audit.append_only import append_only

ANSWER_LIMITS = [
    # UU 37/2008 Pasal 33: written explanation within 14 days; a second request, again 14 days.
    ("ombudsman", 14, 14, "calendar", 3, "UU 37/2008 Pasal 33 (14 days; second request 14 days)"),
    # No rule sets the Inspektorat's limit: Sigap's default, mirroring Pasal 33.
    ("inspektorat", 14, 14, "calendar", 3, "Sigap default (no rule found); mirrors UU 37/2008 Pasal 33"),
]

THRESHOLDS = [
    # (metric, value, window days, minimum cases, note): Sigap's defaults, to be tuned per jurisdiction.
    ("maladministration", Decimal("3"), 90, 1, "Sigap default: 3 complaints of one form in 90 days"),
    ("reopen_rate", Decimal("20"), 90, 5, "Sigap default: a fifth of answered complaints reopened"),
    ("overdue_rate", Decimal("25"), 90, 5, "Sigap default: a quarter of open complaints overdue (now)"),
    ("ikm_below", Decimal("76.61"), 365, 10, "Below grade B (baik) of PermenPANRB 14/2017"),
]


def seed(apps: Any, schema_editor: Any) -> None:
    AnswerLimit = apps.get_model("oversight", "AnswerLimit")
    WarningThreshold = apps.get_model("oversight", "WarningThreshold")
    for requester, days, second, counting, remind, source in ANSWER_LIMITS:
        AnswerLimit.objects.get_or_create(
            requester=requester,
            defaults={
                "days": days,
                "second_request_days": second,
                "counting": counting,
                "remind_days_before": remind,
                "source": source,
            },
        )
    for metric, value, window, minimum, note in THRESHOLDS:
        WarningThreshold.objects.get_or_create(
            jurisdiction=None,
            metric=metric,
            defaults={"value": value, "window_days": window, "min_cases": minimum, "note": note},
        )


class Migration(migrations.Migration):
    dependencies = [("oversight", "0001_initial"), ("audit", "0002_append_only_trigger")]
    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        append_only("oversight_requestevent"),
    ]
