"""Which forms of maladministration a complaint or an Ombudsman report shows.

Staff who handle a complaint (the complaint administrator or the OPD) set the
forms; the Ombudsman officer overseeing the jurisdiction reviews them, either
confirming or changing them. Every change is an append-only event.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.maladministration.kinds import Kind


class Review(models.TextChoices):
    PENDING = "pending", _("Not reviewed by the Ombudsman")
    CONFIRMED = "confirmed", _("Confirmed by the Ombudsman")
    CHANGED = "changed", _("Changed by the Ombudsman")


class Classification(models.Model):
    """The forms of maladministration of one complaint or one Ombudsman report."""

    complaint = models.OneToOneField(
        "complaints.Complaint",
        verbose_name=_("complaint"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="maladministration",
    )
    report = models.OneToOneField(
        "ombudsman.Report",
        verbose_name=_("Ombudsman report"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="maladministration",
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("set by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    set_by_role = models.CharField(_("set as"), max_length=30)
    set_at = models.DateTimeField(_("set at"))
    review = models.CharField(_("review"), max_length=12, choices=Review.choices, default=Review.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        verbose_name = _("maladministration classification")
        verbose_name_plural = _("maladministration classifications")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(complaint__isnull=False, report__isnull=True)
                | models.Q(complaint__isnull=True, report__isnull=False),
                name="classification_of_one_case",
            )
        ]

    def __str__(self) -> str:
        return ", ".join(self.kinds)

    @property
    def kinds(self) -> list[str]:
        """The forms' codes, in the order of `Kind` (uses the prefetched rows)."""
        present = {row.kind for row in self.forms.all()}
        return [k for k in Kind.values if k in present]


class ClassifiedForm(models.Model):
    """One form of maladministration of a classification (a row each, so forms can be counted)."""

    classification = models.ForeignKey(Classification, on_delete=models.CASCADE, related_name="forms")
    kind = models.CharField(_("form"), max_length=40, choices=Kind.choices)

    class Meta:
        verbose_name = _("form of maladministration")
        verbose_name_plural = _("forms of maladministration")
        constraints = [models.UniqueConstraint(fields=["classification", "kind"], name="classified_form_unique")]

    def __str__(self) -> str:
        return self.get_kind_display()


class ClassificationEvent(models.Model):
    """Append-only history of a classification: who set, confirmed or changed which forms."""

    class Kind(models.TextChoices):
        SET = "set", _("Forms of maladministration set")
        CONFIRMED = "confirmed", _("Forms confirmed by the Ombudsman")
        CHANGED = "changed", _("Forms changed by the Ombudsman")

    classification = models.ForeignKey(Classification, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("at"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    actor_role = models.CharField(_("acting as"), max_length=30)
    before = models.JSONField(default=list)
    after = models.JSONField(default=list)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("classification event")
        verbose_name_plural = _("classification events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.classification_id} {self.kind} {self.at:%Y-%m-%d}"
