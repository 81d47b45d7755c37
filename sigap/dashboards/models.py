"""Pre-aggregated daily figures behind the dashboards, reports and public statistics.

One row per (jurisdiction, day of receipt, OPD, category, channel, answering
officer). Every measure is attributed to the day the complaint was received
(a cohort), so a case answered weeks later updates the row of its receipt
day. `rollups.rollups_refresh` rebuilds the rows of days whose cases changed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Measures(models.Model):
    """The counts kept per group; rates are derived in metrics.Figures."""

    jurisdiction = models.ForeignKey("organisations.Jurisdiction", on_delete=models.CASCADE)
    opd = models.ForeignKey("organisations.Opd", null=True, blank=True, on_delete=models.CASCADE)
    category = models.ForeignKey("organisations.Category", null=True, blank=True, on_delete=models.CASCADE)
    channel = models.CharField(max_length=12)
    # Who gave the (last) answer: the grouping for per-officer figures.
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    received = models.PositiveIntegerField(default=0)
    open_cases = models.PositiveIntegerField(default=0)
    verified = models.PositiveIntegerField(default=0)
    verified_on_time = models.PositiveIntegerField(default=0)
    responded = models.PositiveIntegerField(default=0)
    responded_on_time = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    answered_on_time = models.PositiveIntegerField(default=0)
    # Open cases whose stage deadline had passed, unfinished, when the figures were computed: late
    # (see metrics.on_time_rate, the one definition of "on time").
    verification_late_open = models.PositiveIntegerField(default=0)
    response_late_open = models.PositiveIntegerField(default=0)
    answer_late_open = models.PositiveIntegerField(default=0)
    # Sum of working days from receipt to answer, over `answered` cases.
    answer_workdays = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)
    rated = models.PositiveIntegerField(default=0)
    rating_sum = models.PositiveIntegerField(default=0)
    confidential = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class DailyStat(Measures):
    day = models.DateField(_("day received"))

    class Meta:
        verbose_name = _("daily figures")
        verbose_name_plural = _("daily figures")
        indexes = [
            # Every dashboard query: a jurisdiction's days in a period.
            models.Index(fields=["jurisdiction", "day"], name="dailystat_period_idx"),
            # An OPD head's dashboard.
            models.Index(fields=["opd", "day"], name="dailystat_opd_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction_id} {self.day} {self.opd_id} {self.category_id} {self.channel}"


class MonthlyStat(Measures):
    """DailyStat summed per month (first day of the month): what dashboards over months read."""

    month = models.DateField(_("month received"))

    class Meta:
        verbose_name = _("monthly figures")
        verbose_name_plural = _("monthly figures")
        indexes = [
            models.Index(fields=["jurisdiction", "month"], name="monthlystat_period_idx"),
            models.Index(fields=["opd", "month"], name="monthlystat_opd_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction_id} {self.month:%Y-%m} {self.opd_id} {self.category_id} {self.channel}"


class RollupState(models.Model):
    """When the figures of a jurisdiction were last brought up to date."""

    jurisdiction = models.OneToOneField("organisations.Jurisdiction", on_delete=models.CASCADE)
    refreshed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.jurisdiction_id} {self.refreshed_at:%Y-%m-%d %H:%M}"
