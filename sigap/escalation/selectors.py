"""What the deadline sweep page reads: the runs, and the errors a viewer may see in detail."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from sigap.accounts.principal import Principal
from sigap.complaints.models import Complaint
from sigap.escalation.models import STEP_LABELS, SweepRun


@dataclass(frozen=True)
class SweepError:
    step: str
    # Empty for a case outside the viewer's jurisdictions: only counted, never described.
    tracking_code: str
    message: str


@dataclass(frozen=True)
class SweepRunRow:
    run: SweepRun
    errors: list[SweepError]


def sweep_runs() -> QuerySet[SweepRun]:
    """Return every deadline sweep, newest first."""
    return SweepRun.objects.order_by("-started_at", "-id")


def sweep_runs_described(*, runs: Iterable[SweepRun], principal: Principal) -> list[SweepRunRow]:
    """Pair each run with its errors, detailed only for cases of the viewer's jurisdictions.

    One sweep covers every jurisdiction, and an error's message may quote the case it failed on,
    so another jurisdiction's failures are counted without their case or message.
    """
    runs = list(runs)
    failed = {error.get("complaint") for run in runs for error in run.errors}
    codes = dict(
        Complaint.objects.filter(pk__in=failed, jurisdiction_id__in=principal.admin_jurisdictions).values_list(
            "pk", "tracking_code"
        )
    )
    rows = []
    for run in runs:
        errors = []
        for error in run.errors:
            code = codes.get(error.get("complaint"), "")
            step = error.get("step", "")
            errors.append(
                SweepError(
                    step=str(STEP_LABELS.get(step, step)),
                    tracking_code=code,
                    message=str(error.get("error", "")) if code else "",
                )
            )
        rows.append(SweepRunRow(run=run, errors=errors))
    return rows
