"""Refuse changes to the case timeline at the database level."""

from __future__ import annotations

from django.db import migrations

from sigap.audit.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial"), ("audit", "0002_append_only_trigger")]
    operations = [append_only("complaints_complaintevent")]
