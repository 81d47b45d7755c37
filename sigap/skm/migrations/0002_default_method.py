"""Seed the default IKM method of PermenPANRB 14/2017: weight 1/9, × 25, four bands.

Bands as lower bounds on the converted score (A ≥ 88.31, B ≥ 76.61, C ≥ 65.00,
D ≥ 25.00), which leaves no gaps (docs/legal-sources.md §6).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import migrations

BANDS = [
    ("A", Decimal("88.31"), "Sangat baik"),
    ("B", Decimal("76.61"), "Baik"),
    ("C", Decimal("65.00"), "Kurang baik"),
    ("D", Decimal("25.00"), "Tidak baik"),
]


def seed(apps: Any, schema_editor: Any) -> None:
    IkmMethod = apps.get_model("skm", "IkmMethod")
    IkmBand = apps.get_model("skm", "IkmBand")
    method, created = IkmMethod.objects.get_or_create(
        jurisdiction=None,
        defaults={
            "weight": "1/9",
            "conversion": Decimal(25),
            "source": "PermenPANRB 14/2017 Lampiran (as restated; secondary source)",
        },
    )
    if created:
        for grade, bound, label in BANDS:
            IkmBand.objects.create(method=method, grade=grade, lower_bound=bound, label=label)


class Migration(migrations.Migration):
    dependencies = [("skm", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
