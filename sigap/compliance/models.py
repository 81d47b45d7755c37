"""The Ombudsman's compliance method as data, and self-assessments per service unit and year.

A scheme (one per assessment period: the zone scheme until 2021, the graded
scheme of 2022–2024, the Opini of 2025) holds its dimensions, indicators,
weights and bands. Next year's method is a new Scheme row with its children;
no code changes. Each weight and band records how sure we are of it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.organisations.models import ServiceUnit


class Confidence(models.TextChoices):
    READ = "read-in-text", _("Read in the regulation's text")
    SECONDARY = "secondary-source", _("From an official release or slides")
    UNVERIFIED = "unverified", _("Unverified: Sigap's assumption")


class Zone(models.TextChoices):
    GREEN = "hijau", _("Green zone")
    YELLOW = "kuning", _("Yellow zone")
    RED = "merah", _("Red zone")


class Scheme(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    first_year = models.PositiveIntegerField(_("first year"))
    last_year = models.PositiveIntegerField(_("last year"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=400, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["-first_year"]

    def __str__(self) -> str:
        return self.name


class Dimension(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="dimensions")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    weight = models.DecimalField(_("weight (% of the total)"), max_digits=7, decimal_places=3)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    confidence = models.CharField(_("confidence"), max_length=20, choices=Confidence.choices)
    source = models.CharField(_("source"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["scheme", "order"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="dimension_code_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight}%)"


class Indicator(models.Model):
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(_("code"), max_length=60)
    text = models.CharField(_("indicator"), max_length=300)
    weight = models.DecimalField(_("weight within the dimension"), max_digits=6, decimal_places=2, default=1)
    guidance = models.TextField(_("evidence to show"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["dimension__order", "order"]
        constraints = [models.UniqueConstraint(fields=["dimension", "code"], name="indicator_code_unique")]

    def __str__(self) -> str:
        return self.text


class Band(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="bands")
    lower_bound = models.DecimalField(_("from score"), max_digits=5, decimal_places=2)
    grade = models.CharField(_("grade"), max_length=4, blank=True)
    predicate = models.CharField(_("predicate"), max_length=120)
    zone = models.CharField(_("zone"), max_length=10, choices=Zone.choices, blank=True)
    confidence = models.CharField(_("confidence"), max_length=20, choices=Confidence.choices)

    class Meta:
        verbose_name = _("band")
        verbose_name_plural = _("bands")
        ordering = ["scheme", "-lower_bound"]
        constraints = [models.UniqueConstraint(fields=["scheme", "lower_bound"], name="band_bound_unique")]

    def __str__(self) -> str:
        return f"≥ {self.lower_bound}: {self.grade} {self.predicate}"


class QualifierRule(models.TextChoices):
    PRODUCTS_FOLLOWED_UP = (
        "products_followed_up",
        _("Every Ombudsman product of the year followed up to the end"),
    )


class Qualifier(models.Model):
    """Words a result carries beside its band, decided by what the institution did, not by the score.

    The 2025 Opini reads "Opini Kualitas Sedang Tanpa Maladministrasi" for an institution that followed up the
    Ombudsman's products and "Opini Kualitas Sedang" for one that did not (docs/legal-sources.md §5f).
    """

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="qualifiers")
    text = models.CharField(_("qualifier"), max_length=120)
    rule = models.CharField(_("given when"), max_length=30, choices=QualifierRule.choices)
    pending_withholds = models.BooleanField(
        _("a product still within its time withholds it"),
        default=True,
        help_text=_("A product still running is not yet followed up to the end."),
    )
    without_products = models.BooleanField(_("given when the year had no Ombudsman product"), default=True)
    confidence = models.CharField(_("confidence"), max_length=20, choices=Confidence.choices)
    source = models.CharField(_("source"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("qualifier")
        verbose_name_plural = _("qualifiers")
        constraints = [models.UniqueConstraint(fields=["scheme", "text"], name="qualifier_text_unique")]

    def __str__(self) -> str:
        return self.text


class VenueWeight(models.Model):
    """How much a unit's score counts in its jurisdiction's result, by where it serves (a setting)."""

    venue = models.CharField(_("where it serves"), max_length=20, choices=ServiceUnit.Venue.choices, unique=True)
    weight = models.DecimalField(_("weight"), max_digits=4, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("venue weight")
        verbose_name_plural = _("venue weights")

    def __str__(self) -> str:
        return f"{self.get_venue_display()}: {self.weight}"


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    scheme = models.ForeignKey(Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT)
    year = models.PositiveIntegerField(_("year"))
    unit = models.ForeignKey(
        ServiceUnit, verbose_name=_("service unit"), on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["-year", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="assessment_one_per_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"


class IndicatorAnswer(models.Model):
    class Value(models.IntegerChoices):
        FULL = 100, _("Fulfilled")
        PARTLY = 50, _("Partly fulfilled")
        NOT = 0, _("Not fulfilled")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT)
    value = models.PositiveSmallIntegerField(_("answer"), choices=Value.choices, default=Value.NOT)
    note = models.TextField(_("note"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("indicator answer")
        verbose_name_plural = _("indicator answers")
        constraints = [models.UniqueConstraint(fields=["assessment", "indicator"], name="answer_unique")]

    def __str__(self) -> str:
        return f"{self.indicator_id}={self.value}"


class Evidence(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT)
    file = models.FileField(upload_to="compliance/%Y/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
