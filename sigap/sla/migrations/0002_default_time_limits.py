"""Seed the system-wide default time limits (docs/legal-sources.md has the sources)."""

from __future__ import annotations

from django.db import migrations

DEFAULTS = [
    (
        "verification",
        3,
        "working",
        "SP4N-LAPOR! FAQ: verified and dispatched within 3 working days (PermenPANRB 5/2025)",
    ),
    ("info_request", 30, "calendar", "UU 25/2009 Pasal 44 ayat (4)-(5): 30 days to complete, else withdrawn"),
    ("first_response", 5, "working", "SP4N-LAPOR! (KemenPANRB): 5 working days to follow up after dispatch"),
    ("completion", 60, "calendar", "UU 25/2009 Pasal 50 ayat (1): 60 days after the file is complete"),
    ("reporter_response", 10, "working", "SP4N-LAPOR! (KemenPANRB): closed after 10 working days without reply"),
    ("filing_window", 30, "calendar", "UU 25/2009 Pasal 42 ayat (2): within 30 days of receiving the service"),
    ("due_soon", 1, "working", "Sigap: warn one working day before a deadline"),
]


def seed(apps, schema_editor):
    TimeLimit = apps.get_model("sla", "TimeLimit")
    for stage, days, counting, source in DEFAULTS:
        TimeLimit.objects.get_or_create(
            jurisdiction=None,
            category=None,
            stage=stage,
            defaults={"days": days, "counting": counting, "source": source},
        )


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
