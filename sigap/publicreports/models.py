"""Complaints shown to the public: the reporter's choice, the moderated text, supports.

A PublicReport row exists for every complaint filed through the portal (and
any other channel that asks the reporter). It repeats the few case fields the
public list filters on, so that list and map read one table through partial
indexes that hold only published rows, whatever the number of complaints.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.Model):
    """A kecamatan or kelurahan of a jurisdiction, for filters and alerts."""

    class Kind(models.TextChoices):
        KECAMATAN = "kecamatan", _("Kecamatan")
        KELURAHAN = "kelurahan", _("Kelurahan / desa")

    jurisdiction = models.ForeignKey(
        "organisations.Jurisdiction", verbose_name=_("jurisdiction"), on_delete=models.CASCADE, related_name="areas"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), max_length=80)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("kecamatan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"kind": "kecamatan"},
    )

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "slug"], name="area_slug_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"


PUBLISHED = models.Q(is_published=True)


class PublicReport(models.Model):
    complaint = models.OneToOneField(
        "complaints.Complaint", primary_key=True, on_delete=models.CASCADE, related_name="public_report"
    )
    # The reporter's choices at filing.
    wants_public = models.BooleanField(_("public report"), default=True)
    photos_public = models.BooleanField(_("photos may be public"), default=False)
    # Attachments filed with the complaint that the reporter allowed to show.
    photo_ids = models.JSONField(default=list, blank=True)
    # Anonymous and confidential complaints are never public, whatever was chosen.
    eligible = models.BooleanField(default=True)

    title = models.CharField(_("public title"), max_length=200)
    summary = models.TextField(_("public summary"))
    confirmed_at = models.DateTimeField(_("summary confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_hidden = models.BooleanField(_("hidden by the administrator"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)

    # Copies of the case, kept in step by the case-event observer.
    jurisdiction = models.ForeignKey("organisations.Jurisdiction", on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(
        "organisations.Category", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opd = models.ForeignKey("organisations.Opd", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kelurahan = models.ForeignKey(
        Area, verbose_name=_("kelurahan"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kecamatan = models.ForeignKey(Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The case's code, which never changes: the map reads thousands of points without a join.
    tracking_code = models.CharField(max_length=14, default="", editable=False)
    status = models.CharField(max_length=12)
    filed_at = models.DateTimeField()
    verified_at = models.DateTimeField(null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lng = models.FloatField(null=True, blank=True)
    completion_due_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    support_count = models.PositiveIntegerField(_("supports"), default=0)

    is_published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    announced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("public report")
        verbose_name_plural = _("public reports")
        indexes = [
            # Keyset pages of the public list, newest first, overall and per filter.
            models.Index(fields=["-filed_at", "-complaint"], name="pubrep_list_idx", condition=PUBLISHED),
            models.Index(
                fields=["jurisdiction", "-filed_at", "-complaint"], name="pubrep_jur_idx", condition=PUBLISHED
            ),
            models.Index(fields=["category", "-filed_at", "-complaint"], name="pubrep_cat_idx", condition=PUBLISHED),
            models.Index(fields=["opd", "-filed_at", "-complaint"], name="pubrep_opd_idx", condition=PUBLISHED),
            models.Index(fields=["kelurahan", "-filed_at", "-complaint"], name="pubrep_kel_idx", condition=PUBLISHED),
            models.Index(fields=["kecamatan", "-filed_at", "-complaint"], name="pubrep_kec_idx", condition=PUBLISHED),
            models.Index(fields=["status", "-filed_at", "-complaint"], name="pubrep_status_idx", condition=PUBLISHED),
            # The map: published points inside a box.
            models.Index(fields=["lat", "lng"], name="pubrep_map_idx", condition=PUBLISHED),
        ]

    def __str__(self) -> str:
        return self.title

    def compute_published(self) -> bool:
        return bool(
            self.eligible
            and self.wants_public
            and not self.is_hidden
            and self.confirmed_at is not None
            and self.verified_at is not None
            and self.status != "archived"
        )

    @property
    def met_deadline(self) -> bool | None:
        """Whether the OPD answered within the working-day limit; None while it runs."""
        if self.completion_due_at is None:
            return None
        if self.answered_at is None:
            return None
        return self.answered_at <= self.completion_due_at


class PublicReportEdit(models.Model):
    """An administrator's change to what the public sees; the before value is kept."""

    class Field(models.TextChoices):
        TITLE = "title", _("public title")
        SUMMARY = "summary", _("public summary")
        HIDDEN = "hidden", _("hidden")
        CONFIRMED = "confirmed", _("confirmed")

    report = models.ForeignKey(PublicReport, on_delete=models.PROTECT, related_name="edits")
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    field = models.CharField(max_length=10, choices=Field.choices)
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.field} {self.at:%Y-%m-%d %H:%M}"


class Support(models.Model):
    """One person's "dukung" of a public report: an account, a confirmed e-mail address or a verified phone."""

    report = models.ForeignKey(PublicReport, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="supports"
    )
    email = models.EmailField(blank=True)
    # A keyed hash of the verified phone number (sigap.publicreports.phone); the number itself is not kept.
    phone_hash = models.CharField(max_length=64, blank=True)
    token = models.CharField(max_length=64, unique=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    # "Saya juga mengalami": the supporter has the same problem.
    same_problem = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "user"], name="support_one_per_account", condition=models.Q(user__isnull=False)
            ),
            models.UniqueConstraint(
                fields=["report", "email"], name="support_one_per_email", condition=~models.Q(email="")
            ),
            models.UniqueConstraint(
                fields=["report", "phone_hash"], name="support_one_per_phone", condition=~models.Q(phone_hash="")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.user_id or self.email or 'phone'}"


class PhoneVerification(models.Model):
    """A one-time code sent to a phone number to support a report with it.

    Only keyed hashes of the number and of the code are kept; the code expires,
    and a wrong code counts against a small number of attempts.
    """

    report = models.ForeignKey(PublicReport, on_delete=models.CASCADE, related_name="+")
    # The handle in the page's URL where the code is typed.
    token = models.CharField(max_length=64, unique=True)
    phone_hash = models.CharField(max_length=64)
    code_hash = models.CharField(max_length=64)
    same_problem = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    verified_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.report_id} {self.created_at:%Y-%m-%d %H:%M}"
