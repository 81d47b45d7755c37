"""Correct the 2022–2024 grade cut-offs to the intervals the Ombudsman published.

The first seed guessed A ≥ 88.01, B ≥ 78.01, C ≥ 57.01, D ≥ 45.01; the Ombudsman's results as reported
in the press give A 88.00–100, B 78.00–87.99, C (kuning) 54.00–77.99 and merah 32.00–53.99, so a score of
55.54 is C, not D. The D/E split inside merah was not found: D from 32.00 is Sigap's reading of the merah
interval and stays marked unverified (docs/legal-sources.md §5b). Rows an administrator already changed
are left alone.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import migrations

SCHEME = "kepatuhan-2022"
# grade: (old seed bound, corrected bound, confidence)
CHANGES = {
    "A": (Decimal("88.01"), Decimal("88.00"), "secondary-source"),
    "B": (Decimal("78.01"), Decimal("78.00"), "secondary-source"),
    "C": (Decimal("57.01"), Decimal("54.00"), "secondary-source"),
    "D": (Decimal("45.01"), Decimal("32.00"), "unverified"),
}


def _move(apps: Any, forward: bool) -> None:
    Band = apps.get_model("compliance", "Band")
    for grade, (old, new, confidence) in CHANGES.items():
        before, after = (old, new) if forward else (new, old)
        Band.objects.filter(scheme__code=SCHEME, grade=grade, lower_bound=before).update(
            lower_bound=after, confidence=confidence if forward else "unverified"
        )


def correct(apps: Any, schema_editor: Any) -> None:
    _move(apps, forward=True)


def restore(apps: Any, schema_editor: Any) -> None:
    _move(apps, forward=False)


class Migration(migrations.Migration):
    dependencies = [("compliance", "0002_seed_schemes")]
    operations = [migrations.RunPython(correct, restore)]
