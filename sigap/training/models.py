"""Training records: sessions (bimtek, sosialisasi), their material, participants and attendance."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TrainingSession(models.Model):
    class Kind(models.TextChoices):
        BIMTEK = "bimtek", _("Technical guidance (bimtek)")
        SOSIALISASI = "sosialisasi", _("Socialisation (sosialisasi)")
        WORKSHOP = "workshop", _("Workshop")
        COACHING = "coaching", _("Coaching / mentoring")
        OTHER = "other", _("Other")

    jurisdiction = models.ForeignKey(
        "organisations.Jurisdiction", verbose_name=_("jurisdiction"), on_delete=models.PROTECT
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.BIMTEK)
    # Who gave it: e.g. "Ombudsman RI Perwakilan Jawa Timur", "Diskominfo", "KemenPANRB".
    organiser = models.CharField(_("organiser"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    # Lesson hours (jam pelajaran), printed on the certificate.
    hours = models.PositiveSmallIntegerField(_("lesson hours"), default=0)
    description = models.TextField(_("what it covered"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="training_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class TrainingMaterial(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(upload_to="training/%Y/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("training material")
        verbose_name_plural = _("training material")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title


class Participation(models.Model):
    """One staff member registered for one session, and whether they attended."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("participant"), on_delete=models.PROTECT, related_name="trainings"
    )
    # The OPD they represented, kept as it was: moving OPD later does not rewrite the record.
    opd = models.ForeignKey("organisations.Opd", verbose_name=_("OPD"), null=True, blank=True, on_delete=models.PROTECT)
    attended = models.BooleanField(_("attended"), default=False)
    attendance_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    attendance_at = models.DateTimeField(null=True, blank=True)
    # Given when attendance is recorded; printed on the certificate.
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["opd__name", "user__first_name", "user__username"]
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="participation_once_per_session")]
        indexes = [models.Index(fields=["opd", "attended"], name="participation_opd_idx")]

    def __str__(self) -> str:
        return f"{self.user} — {self.session}"
