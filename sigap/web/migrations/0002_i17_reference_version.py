from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("web", "0001_i17_rate_counters")]

    operations = [
        migrations.CreateModel(
            name="ReferenceVersion",
            fields=[
                ("id", models.PositiveSmallIntegerField(primary_key=True, serialize=False)),
                ("token", models.BigIntegerField()),
            ],
        ),
    ]
