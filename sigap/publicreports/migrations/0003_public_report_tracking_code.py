"""The map's points are read from one index, without visiting the wide report rows.

Public reports keep their case's tracking code (it never changes), so the map needs no join, and on
PostgreSQL two covering indexes hold, newest first, every published report with a place together with
what the map shows and filters on: one overall, one per category (the filter too sparse to find by
scanning the first). The map's queries are then index-only scans: at 1M complaints the rows they would
otherwise visit (title and summary make them wide) cost most of the request.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

SHOWN = "lat, lng, tracking_code, status, title, jurisdiction_id, opd_id, kecamatan_id, kelurahan_id"
WITH_PLACE = "WHERE is_published AND lat IS NOT NULL AND lng IS NOT NULL"
MAP_INDEXES = {
    "pubrep_map_points_idx": f"(filed_at DESC, complaint_id DESC) INCLUDE (category_id, {SHOWN}) {WITH_PLACE}",
    "pubrep_map_category_idx": f"(category_id, filed_at DESC, complaint_id DESC) INCLUDE ({SHOWN}) {WITH_PLACE}",
}


def copy_codes(apps, schema_editor):  # type: ignore[no-untyped-def]
    PublicReport = apps.get_model("publicreports", "PublicReport")
    Complaint = apps.get_model("complaints", "Complaint")
    code = Complaint.objects.filter(pk=OuterRef("complaint_id")).values("tracking_code")[:1]
    PublicReport.objects.update(tracking_code=Subquery(code))


def map_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    # Covering indexes (INCLUDE) are PostgreSQL's; SQLite's small databases do without.
    if schema_editor.connection.vendor == "postgresql":
        for name, key in MAP_INDEXES.items():
            schema_editor.execute(f"CREATE INDEX {name} ON publicreports_publicreport {key}")


def map_index_drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        for name in MAP_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("publicreports", "0002_i13_phone_support")]

    operations = [
        migrations.AddField(
            model_name="publicreport",
            name="tracking_code",
            field=models.CharField(default="", editable=False, max_length=14),
        ),
        migrations.RunPython(copy_codes, migrations.RunPython.noop),
        migrations.RunPython(map_index, map_index_drop),
    ]
