"""Editable deadline data: time limits per stage and holiday overrides.

Every number here is data an administrator can change, seeded with the
defaults from the regulations (see docs/legal-sources.md); none lives in code.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    VERIFICATION = "verification", _("Verify a new complaint")
    INFO_REQUEST = "info_request", _("Reporter completes an incomplete report")
    FIRST_RESPONSE = "first_response", _("First follow-up by the OPD after dispatch")
    COMPLETION = "completion", _("Complete the follow-up")
    REPORTER_RESPONSE = "reporter_response", _("Reporter's reaction to the answer before auto-close")
    FILING_WINDOW = "filing_window", _("Complaint filed after receiving the service")
    DUE_SOON = "due_soon", _("Warn that a deadline is near")
    ESCALATION = "escalation", _("Overdue before the second escalation")


class Counting(models.TextChoices):
    WORKING_DAYS = "working", _("working days")
    CALENDAR_DAYS = "calendar", _("calendar days")


class TimeLimit(models.Model):
    """How long a stage may take; the most specific row wins.

    Lookup order: (jurisdiction, category) → (jurisdiction, any category) →
    (system default: no jurisdiction, no category).
    """

    jurisdiction = models.ForeignKey(
        "organisations.Jurisdiction",
        verbose_name=_("jurisdiction"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Empty for the system-wide default."),
    )
    category = models.ForeignKey(
        "organisations.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Empty for every category of the jurisdiction."),
    )
    stage = models.CharField(_("stage"), max_length=30, choices=Stage.choices)
    days = models.PositiveIntegerField(_("days"))
    counting = models.CharField(_("counted in"), max_length=10, choices=Counting.choices)
    source = models.CharField(_("legal source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("time limit")
        verbose_name_plural = _("time limits")
        ordering = ["jurisdiction_id", "category_id", "stage"]
        constraints = [
            # Three partial constraints rather than NULLS NOT DISTINCT, which SQLite lacks.
            models.UniqueConstraint(
                fields=["jurisdiction", "category", "stage"],
                condition=models.Q(category__isnull=False),
                name="time_limit_unique_per_category",
            ),
            models.UniqueConstraint(
                fields=["jurisdiction", "stage"],
                condition=models.Q(category__isnull=True, jurisdiction__isnull=False),
                name="time_limit_unique_per_jurisdiction",
            ),
            models.UniqueConstraint(
                fields=["stage"],
                condition=models.Q(jurisdiction__isnull=True),
                name="time_limit_unique_default",
            ),
            models.CheckConstraint(
                condition=models.Q(category__isnull=True) | models.Q(jurisdiction__isnull=False),
                name="time_limit_category_needs_jurisdiction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.days} {self.get_counting_display()}"


class HolidayOverride(models.Model):
    """A decree the holiday library does not know yet, or a regional day.

    `ADD` makes a date non-working; `REMOVE` makes a library holiday a working day
    (a cuti bersama cancelled or moved by a new SKB).
    """

    class Action(models.TextChoices):
        ADD = "add", _("Non-working day")
        REMOVE = "remove", _("Working day after all")

    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=200)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices, default=Action.ADD)
    jurisdiction = models.ForeignKey(
        "organisations.Jurisdiction",
        verbose_name=_("jurisdiction"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Empty for a national decree."),
    )
    decree = models.CharField(_("decree"), max_length=300, blank=True)
    # An added day that is cuti bersama (not a national holiday): a jurisdiction that
    # works on cuti bersama ignores it, like the SKB's own cuti bersama days.
    is_cuti_bersama = models.BooleanField(
        _("cuti bersama"),
        default=False,
        help_text=_("Tick for a collective leave day; jurisdictions that work on cuti bersama ignore it."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("holiday override")
        verbose_name_plural = _("holiday overrides")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "jurisdiction"],
                condition=models.Q(jurisdiction__isnull=False),
                name="holiday_override_unique_regional",
            ),
            models.UniqueConstraint(
                fields=["date"], condition=models.Q(jurisdiction__isnull=True), name="holiday_override_unique_national"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"
