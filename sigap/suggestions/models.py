"""Trained suggestion models, stored in the database so every app server and worker shares them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TrainedModel(models.Model):
    class Target(models.TextChoices):
        CATEGORY = "category", _("Category")
        OPD = "opd", _("OPD")
        MALADMINISTRATION = "maladministration", _("Form of maladministration")

    # Null: the model trained on Sigap's own labelled corpus, for jurisdictions without history.
    jurisdiction = models.ForeignKey("organisations.Jurisdiction", null=True, blank=True, on_delete=models.CASCADE)
    target = models.CharField(max_length=20, choices=Target.choices)
    trained_at = models.DateTimeField()
    samples = models.PositiveIntegerField()
    # Accuracy on the held-out fifth of the training data (exact-set accuracy for several labels).
    holdout_accuracy = models.FloatField(null=True, blank=True)
    seconds_to_train = models.FloatField()
    blob = models.BinaryField()

    class Meta:
        verbose_name = _("trained model")
        verbose_name_plural = _("trained models")
        indexes = [models.Index(fields=["jurisdiction", "target", "-trained_at"], name="trainedmodel_latest_idx")]

    def __str__(self) -> str:
        return f"{self.target} {self.jurisdiction_id} {self.trained_at:%Y-%m-%d %H:%M}"


class DuplicateLink(models.Model):
    """Two complaints about the same problem, linked (both stay open) or merged (one archived)."""

    class Kind(models.TextChoices):
        LINKED = "linked", _("Linked")
        MERGED = "merged", _("Merged")

    # For a merge: `complaint` was archived as a duplicate of `original`.
    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE, related_name="duplicate_links")
    original = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE, related_name="duplicates")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("duplicate link")
        verbose_name_plural = _("duplicate links")
        constraints = [
            models.UniqueConstraint(fields=["complaint", "original"], name="duplicate_link_once"),
            models.CheckConstraint(condition=~models.Q(complaint=models.F("original")), name="duplicate_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} → {self.original_id} ({self.kind})"
