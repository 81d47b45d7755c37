"""The inbox's keyset pages walk one index from their cursor.

The staff inbox is paged by (created_at, id) cursors, newest first (backoffice.inbox_pages). With the
index on created_at alone PostgreSQL sorts every run of equal timestamps by id after reading it; with
(created_at DESC, id DESC) the cursor's row is a starting point in the index and the page is its next
rows, whatever its depth.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("complaints", "0009_i16_compensation")]

    operations = [
        migrations.AddIndex(
            model_name="complaint",
            index=models.Index(fields=["-created_at", "-id"], name="complaint_inbox_keyset_idx"),
        ),
    ]
