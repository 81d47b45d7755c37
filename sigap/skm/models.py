"""Survey answers and the IKM method (weight, conversion, bands) as editable data."""

from __future__ import annotations

from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.skm.ikm import parse_weight


class Element(models.TextChoices):
    """The nine elements (unsur) of PermenPANRB 14/2017, in the Lampiran's order."""

    U1 = "u1", _("Requirements")
    U2 = "u2", _("Systems, mechanisms and procedures")
    U3 = "u3", _("Completion time")
    U4 = "u4", _("Cost / tariff")
    U5 = "u5", _("Product specification of the service")
    U6 = "u6", _("Competence of the staff")
    U7 = "u7", _("Behaviour of the staff")
    U8 = "u8", _("Handling of complaints, suggestions and feedback")
    U9 = "u9", _("Facilities and infrastructure")


ELEMENTS = [e.value for e in Element]


def _check_weight(value: str) -> None:
    try:
        parse_weight(value)
    except ValueError as exc:
        raise ValidationError(_("Write the weight as a fraction (1/9) or a decimal (0.111).")) from exc


class IkmMethod(models.Model):
    """How the IKM is computed; a jurisdiction's own row overrides the default (no jurisdiction)."""

    jurisdiction = models.OneToOneField(
        "organisations.Jurisdiction",
        verbose_name=_("jurisdiction"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Empty for the system-wide default."),
    )
    weight = models.CharField(
        _("weight of each element"),
        max_length=20,
        default="1/9",
        validators=[_check_weight],
        help_text=_("Exact 1/9 by default; some offices use the rounded 0.111, which gives a lower IKM."),
    )
    conversion = models.DecimalField(_("conversion factor"), max_digits=6, decimal_places=2, default=25)
    source = models.CharField(_("legal source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("IKM method")
        verbose_name_plural = _("IKM methods")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction"], condition=models.Q(jurisdiction__isnull=True), name="ikm_method_one_default"
            ),
            # SQLite and PostgreSQL both let several NULLs past a unique column; the partial one above stops that.
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction or _('default')}: {self.weight} × {self.conversion}"

    @property
    def weight_fraction(self) -> Fraction:
        return parse_weight(self.weight)


class SampleSize(models.Model):
    """Minimum SKM respondents for a yearly service population (Krejcie–Morgan table, PermenPANRB 14/2017).

    A population between two rows takes the row above it (the larger, safer minimum).
    """

    population = models.PositiveIntegerField(_("population up to"), unique=True)
    minimum = models.PositiveIntegerField(_("minimum respondents"))

    class Meta:
        verbose_name = _("SKM sample size")
        verbose_name_plural = _("SKM sample sizes")
        ordering = ["population"]

    def __str__(self) -> str:
        return f"{self.population} → {self.minimum}"


class IkmBand(models.Model):
    method = models.ForeignKey(IkmMethod, on_delete=models.CASCADE, related_name="bands")
    grade = models.CharField(_("grade"), max_length=2)
    lower_bound = models.DecimalField(_("from (converted score)"), max_digits=5, decimal_places=2)
    label = models.CharField(_("quality"), max_length=60)

    class Meta:
        verbose_name = _("IKM band")
        verbose_name_plural = _("IKM bands")
        ordering = ["-lower_bound"]
        constraints = [models.UniqueConstraint(fields=["method", "grade"], name="ikm_band_unique")]

    def __str__(self) -> str:
        return f"{self.grade} ≥ {self.lower_bound} {self.label}"


class SurveyResponse(models.Model):
    """One respondent's answers, 1 (worst) to 4 (best) per element."""

    class Source(models.TextChoices):
        SERVICE = "service", _("After a service")
        COMPLAINT = "complaint", _("After a closed complaint")

    jurisdiction = models.ForeignKey("organisations.Jurisdiction", on_delete=models.PROTECT, related_name="+")
    opd = models.ForeignKey("organisations.Opd", verbose_name=_("OPD"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "organisations.ServiceUnit",
        verbose_name=_("service unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="survey_responses",
    )
    service = models.ForeignKey(
        "organisations.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="survey_responses",
    )
    complaint = models.OneToOneField(
        "complaints.Complaint",
        verbose_name=_("complaint"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="survey_response",
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    submitted_at = models.DateTimeField(_("submitted at"), db_index=True)
    u1 = models.PositiveSmallIntegerField(Element.U1.label)
    u2 = models.PositiveSmallIntegerField(Element.U2.label)
    u3 = models.PositiveSmallIntegerField(Element.U3.label)
    u4 = models.PositiveSmallIntegerField(Element.U4.label)
    u5 = models.PositiveSmallIntegerField(Element.U5.label)
    u6 = models.PositiveSmallIntegerField(Element.U6.label)
    u7 = models.PositiveSmallIntegerField(Element.U7.label)
    u8 = models.PositiveSmallIntegerField(Element.U8.label)
    u9 = models.PositiveSmallIntegerField(Element.U9.label)
    suggestion = models.TextField(_("suggestion"), blank=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["unit", "submitted_at"], name="skm_unit_period_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(**{f"{e}__gte": 1, f"{e}__lte": 4}), name=f"skm_{e}_1_to_4")
            for e in ELEMENTS
        ]

    def __str__(self) -> str:
        return f"{self.unit or self.opd} {self.submitted_at:%Y-%m-%d}"
