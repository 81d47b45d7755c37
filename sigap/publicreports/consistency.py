"""Public reports checked against the cases they copy (`manage.py check_consistency`).

A public report copies its case's status, OPD, dates and place, and is published
by a rule on them (`PublicReport.compute_published`); every case change refreshes
it in the same transaction, so a report that disagrees is a defect, repaired by
`manage.py public_reports_refresh`.
"""

from __future__ import annotations

from collections.abc import Iterator

from sigap.publicreports.models import PublicReport
from sigap.publicreports.services import REFRESHED_FIELDS, copy_case, refreshed_values

# published_at keeps the first publication; a refresh never moves it.
COMPARED = tuple(name for name in REFRESHED_FIELDS if name != "published_at")


def public_report_disagreements(batch_size: int) -> Iterator[tuple[int, str]]:
    """(report id, "differs") for every report whose copied or derived columns disagree with its case."""
    last = 0
    while True:
        batch = list(PublicReport.objects.select_related("complaint").filter(pk__gt=last).order_by("pk")[:batch_size])
        if not batch:
            return
        for report in batch:
            stored = refreshed_values(report, COMPARED)
            copy_case(report, report.complaint)
            report.is_published = report.compute_published()
            if stored != refreshed_values(report, COMPARED) or (report.is_published and report.published_at is None):
                yield report.pk, "differs"
        last = batch[-1].pk
