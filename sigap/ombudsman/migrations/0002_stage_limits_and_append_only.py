"""Seed the Ombudsman stage time limits and make the report trail append-only.

Only limits found in the rules carry days; the others are left empty (no
clock) until an administrator sets one (docs/legal-sources.md §3–4).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

from sigap.audit.append_only import append_only

LIMITS = [
    ("verification", None, "calendar", "PerOmbudsman 58/2023: limit not found; no clock until set"),
    ("completion", 30, "calendar", "UU 37/2008 Pasal 25(3)-(4): 30 days to complete, else deemed withdrawn"),
    ("examination", None, "calendar", "PerOmbudsman 58/2023: limit not found; no clock until set"),
    ("corrective_action", 30, "working", "PerOmbudsman 58/2023 Pasal 54(1): 30 working days after the LHP"),
    ("monitoring", None, "calendar", "PerOmbudsman 58/2023: limit not found; no clock until set"),
    ("recommendation", 60, "calendar", "UU 37/2008 Pasal 38(2): the superior reports within 60 days"),
]


def seed(apps: Any, schema_editor: Any) -> None:
    StageLimit = apps.get_model("ombudsman", "StageLimit")
    for stage, days, counting, source in LIMITS:
        StageLimit.objects.get_or_create(stage=stage, defaults={"days": days, "counting": counting, "source": source})


class Migration(migrations.Migration):
    dependencies = [("ombudsman", "0001_initial"), ("audit", "0002_append_only_trigger")]
    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        append_only("ombudsman_reportevent"),
    ]
