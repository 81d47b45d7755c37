"""A record of each deadline sweep: what it did, how long it took, what failed."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# What each step's count means, for the staff page.
STEP_LABELS = {
    "reminded": _("Reminded before the deadline"),
    "escalated_1": _("Escalated to the OPD head"),
    "escalated_2": _("Escalated to the Inspektorat"),
    "auto_closed": _("Closed after the reporter's silence"),
    "auto_archived": _("Archived as never completed"),
}


class SweepRun(models.Model):
    started_at = models.DateTimeField(_("started at"), db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The moment the rules were applied for (normally the start; tests and benchmarks pass their own).
    as_of = models.DateTimeField(_("applied as of"))
    # Cases touched per step, e.g. {"reminded": 12, "escalated_1": 3, "auto_closed": 5}.
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    # Cases a step could not process: [{"step", "complaint", "error"}]; their bookkeeping was pushed forward.
    errors = models.JSONField(_("errors"), default=list, blank=True)

    class Meta:
        verbose_name = _("deadline sweep")
        verbose_name_plural = _("deadline sweeps")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M:%S}"

    @property
    def labelled_counts(self) -> list[tuple[str, int]]:
        return [(str(STEP_LABELS.get(step, step)), n) for step, n in self.counts.items() if n]

    @property
    def seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()
