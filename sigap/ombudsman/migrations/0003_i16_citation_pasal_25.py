"""Correct the cited article of the reporter's 30-day completion limit: UU 37/2008 Pasal 25(3)–(4), not 25(2).

Pasal 25(2) only says the Ombudsman tells the reporter in writing what is missing; ayat (3) gives the
30 days (counted from the day the reporter received that notice) and ayat (4) the deemed withdrawal.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

OLD = "UU 37/2008 Pasal 25(2): 30 days to complete, else deemed withdrawn"
NEW = "UU 37/2008 Pasal 25(3)-(4): 30 days to complete, else deemed withdrawn"


def correct(apps: Any, schema_editor: Any) -> None:
    apps.get_model("ombudsman", "StageLimit").objects.filter(stage="completion", source=OLD).update(source=NEW)


def restore(apps: Any, schema_editor: Any) -> None:
    apps.get_model("ombudsman", "StageLimit").objects.filter(stage="completion", source=NEW).update(source=OLD)


class Migration(migrations.Migration):
    dependencies = [("ombudsman", "0002_stage_limits_and_append_only")]
    operations = [migrations.RunPython(correct, restore)]
