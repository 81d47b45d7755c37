"""Public reports checked against the cases they copy (`manage.py check_consistency`).

A public report copies its case's status, OPD, dates and place, and is published
by a rule on them (`PublicReport.compute_published`); every case change refreshes
it in the same transaction, so a report that disagrees is a defect, repaired by
`manage.py public_reports_refresh`.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone

from sigap.publicreports.models import PublicReport
from sigap.publicreports.services import follow_case, refreshed_values


def public_report_disagreements(batch_size: int) -> Iterator[tuple[int, str]]:
    """(report id, "differs") for every report whose copied or derived columns disagree with its case."""
    last = 0
    while True:
        batch = list(PublicReport.objects.select_related("complaint").filter(pk__gt=last).order_by("pk")[:batch_size])
        if not batch:
            return
        for report in batch:
            # What a refresh would write now: a kept publication date stays, a missing one is a difference.
            stored = refreshed_values(report)
            follow_case(report, now=timezone.now())
            if stored != refreshed_values(report):
                yield report.pk, "differs"
        last = batch[-1].pk
