"""Seed the Krejcie–Morgan minimum sample table that PermenPANRB 14/2017 uses for the SKM.

Krejcie & Morgan (1970), "Determining Sample Size for Research Activities": population N → sample s at a 95 %
confidence level, 5 % margin, proportion 0.5. Each row equals 3.841·N·0.25 / (0.0025·(N−1) + 3.841·0.25) rounded
(docs/legal-sources.md §6c).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

TABLE = [
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40), (50, 44), (55, 48),
    (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70), (90, 73), (95, 76), (100, 80), (110, 86),
    (120, 92), (130, 97), (140, 103), (150, 108), (160, 113), (170, 118), (180, 123), (190, 127), (200, 132),
    (210, 136), (220, 140), (230, 144), (240, 148), (250, 152), (260, 155), (270, 159), (280, 162), (290, 165),
    (300, 169), (320, 175), (340, 181), (360, 186), (380, 191), (400, 196), (420, 201), (440, 205), (460, 210),
    (480, 214), (500, 217), (550, 226), (600, 234), (650, 242), (700, 248), (750, 254), (800, 260), (850, 265),
    (900, 269), (950, 274), (1000, 278), (1100, 285), (1200, 291), (1300, 297), (1400, 302), (1500, 306),
    (1600, 310), (1700, 313), (1800, 317), (1900, 320), (2000, 322), (2200, 327), (2400, 331), (2600, 335),
    (2800, 338), (3000, 341), (3500, 346), (4000, 351), (4500, 354), (5000, 357), (6000, 361), (7000, 364),
    (8000, 367), (9000, 368), (10000, 370), (15000, 375), (20000, 377), (30000, 379), (40000, 380),
    (50000, 381), (75000, 382), (1000000, 384),
]  # fmt: skip


def seed(apps: Any, schema_editor: Any) -> None:
    SampleSize = apps.get_model("skm", "SampleSize")
    for population, minimum in TABLE:
        SampleSize.objects.get_or_create(population=population, defaults={"minimum": minimum})


class Migration(migrations.Migration):
    dependencies = [("skm", "0003_i16_sample_size")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
