"""Load the national guidance shipped with Sigap (sigap/knowledge/guidance/national.json)."""

import json
from pathlib import Path

from django.db import migrations

GUIDANCE = Path(__file__).resolve().parent.parent / "guidance" / "national.json"


def load(apps, schema_editor):
    Article = apps.get_model("knowledge", "Article")
    for row in json.loads(GUIDANCE.read_text(encoding="utf-8")):
        Article.objects.update_or_create(jurisdiction=None, slug=row["slug"], language=row["language"], defaults=row)


def unload(apps, schema_editor):
    Article = apps.get_model("knowledge", "Article")
    slugs = {row["slug"] for row in json.loads(GUIDANCE.read_text(encoding="utf-8"))}
    Article.objects.filter(jurisdiction=None, slug__in=slugs).delete()


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
