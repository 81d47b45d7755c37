"""Seed the Ombudsman's notice time limits (UU 37/2008, read in the text; docs/legal-sources.md §3).

"hari" is unqualified in the UU, so the limits count calendar days like the other UU 37/2008 limits.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

LIMITS = [
    ("not_authority", 7, "UU 37/2008 Pasal 27(1): 7 days from the signing of the examination result"),
    ("rejection", 14, "UU 37/2008 Pasal 36(2): 14 days from the signing of the examination result"),
    ("recommendation", 14, "UU 37/2008 Pasal 37(3): 14 days from the signing of the recommendation"),
]


def seed(apps: Any, schema_editor: Any) -> None:
    NoticeLimit = apps.get_model("ombudsman", "NoticeLimit")
    for kind, days, source in LIMITS:
        NoticeLimit.objects.get_or_create(kind=kind, defaults={"days": days, "counting": "calendar", "source": source})


class Migration(migrations.Migration):
    dependencies = [("ombudsman", "0004_i16_notices")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
