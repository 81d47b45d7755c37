"""Trained suggestion models, stored in the database so every app server and worker shares them."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
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
    # The held-out fifth as [confidence of the best guess, right?] pairs (routing models):
    # an auto-dispatch threshold for a wanted precision is measured on it.
    holdout = models.JSONField(default=list, blank=True)
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


class AutoDispatchSetting(models.Model):
    """A jurisdiction's choice to let confident routing suggestions dispatch cases by themselves."""

    jurisdiction = models.OneToOneField(
        "organisations.Jurisdiction", on_delete=models.CASCADE, related_name="auto_dispatch_setting"
    )
    enabled = models.BooleanField(_("dispatch automatically when confident"), default=False)
    # The share of automatic dispatches that must be right, on the jurisdiction's held-out history.
    precision = models.FloatField(
        _("wanted precision"), default=0.95, validators=[MinValueValidator(0.8), MaxValueValidator(0.999)]
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("auto-dispatch setting")
        verbose_name_plural = _("auto-dispatch settings")

    def __str__(self) -> str:
        return f"{self.jurisdiction_id}: {'on' if self.enabled else 'off'} at {self.precision:.0%}"


class AutoDispatch(models.Model):
    """A case the routing suggestion dispatched by itself, and whether an administrator undid it."""

    complaint = models.OneToOneField("complaints.Complaint", on_delete=models.CASCADE, related_name="auto_dispatch")
    opd = models.ForeignKey("organisations.Opd", on_delete=models.PROTECT)
    confidence = models.FloatField()
    threshold = models.FloatField()
    precision = models.FloatField()
    trained_model = models.ForeignKey(TrainedModel, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField()
    # The verification deadline: until then the administrator may take the case back.
    undo_until = models.DateTimeField()
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("automatic dispatch")
        verbose_name_plural = _("automatic dispatches")

    def __str__(self) -> str:
        return f"{self.complaint_id} → {self.opd_id} ({self.confidence:.0%})"

    @property
    def percent(self) -> int:
        return round(self.confidence * 100)
