from __future__ import annotations

from django.db import migrations

from sigap.audit.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("maladministration", "0001_initial"), ("audit", "0002_append_only_trigger")]
    operations = [append_only("maladministration_classificationevent")]
