"""Who delivers public services: jurisdictions, their OPD, units, services and categories."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def name_in(language: str, name: str, name_en: str) -> str:
    """The English name for an English reader when there is one, else the Indonesian name."""
    if language.startswith("en") and name_en:
        return name_en
    return name


class JurisdictionManager(models.Manager["Jurisdiction"]):
    def get_by_natural_key(self, slug: str) -> Jurisdiction:
        return self.get(slug=slug)


class Jurisdiction(models.Model):
    """A tenant: a Pemkot/Pemkab, or an Ombudsman perwakilan overseeing several."""

    class Kind(models.TextChoices):
        KOTA = "kota", _("City government (Pemkot)")
        KABUPATEN = "kabupaten", _("Regency government (Pemkab)")
        PROVINSI = "provinsi", _("Provincial government (Pemprov)")
        OMBUDSMAN = "ombudsman", _("Ombudsman RI representative office")

    class Zone(models.TextChoices):
        WIB = "Asia/Jakarta", _("WIB (UTC+7)")
        WITA = "Asia/Makassar", _("WITA (UTC+8)")
        WIT = "Asia/Jayapura", _("WIT (UTC+9)")

    slug = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.KOTA)
    timezone = models.CharField(_("time zone"), max_length=40, choices=Zone.choices, default=Zone.WIB)
    # The Open311 jurisdiction_id: the government's domain without "www".
    domain = models.CharField(_("web domain"), max_length=120, unique=True, null=True, blank=True)
    province = models.CharField(_("province"), max_length=120, blank=True)
    # The province's code in the holidays library, for regional holidays (e.g. "BA" for Bali).
    holiday_subdivision = models.CharField(_("holiday subdivision"), max_length=10, blank=True)
    # Cuti bersama binds civil servants' leave, not every service: some keep running.
    works_on_cuti_bersama = models.BooleanField(
        _("services run on cuti bersama"),
        default=False,
        help_text=_("Count cuti bersama days as working days for this jurisdiction's deadlines."),
    )
    # UU 37/2008 Pasal 33(1), 38(2) and PerOmbudsman 58/2023 Pasal 54(1) count from the day the institution
    # received the document; when nobody records that day, the clock counts from the sending date after this.
    receipt_presumed_after_days = models.PositiveSmallIntegerField(
        _("receipt presumed after (days)"),
        null=True,
        blank=True,
        help_text=_(
            "When the receipt of a request, LHP or recommendation is not recorded within this many days, its clock "
            "counts from the day it was sent. Empty: the system-wide setting."
        ),
    )
    overseen_by = models.ForeignKey(
        "self",
        verbose_name=_("overseen by (Ombudsman office)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="overseen",
        limit_choices_to={"kind": "ombudsman"},
    )
    complaint_email = models.EmailField(_("complaint e-mail address"), blank=True)
    map_center_lat = models.FloatField(_("map centre latitude"), null=True, blank=True)
    map_center_lng = models.FloatField(_("map centre longitude"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = JurisdictionManager()

    class Meta:
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        """Identify the jurisdiction by its code, so backups refer to it across databases."""
        return (self.slug,)

    @property
    def zone(self) -> ZoneInfo:
        """The jurisdiction's own time zone (WIB, WITA or WIT)."""
        return ZoneInfo(self.timezone)


class Opd(models.Model):
    """An Organisasi Perangkat Daerah: a Dinas, Badan, Kecamatan, Kelurahan …"""

    class Kind(models.TextChoices):
        DINAS = "dinas", _("Agency (Dinas)")
        BADAN = "badan", _("Board (Badan)")
        SEKRETARIAT = "sekretariat", _("Secretariat")
        INSPEKTORAT = "inspektorat", _("Inspectorate (Inspektorat)")
        KECAMATAN = "kecamatan", _("District (Kecamatan)")
        KELURAHAN = "kelurahan", _("Sub-district (Kelurahan)")
        RSUD = "rsud", _("Regional hospital (RSUD)")
        BUMD = "bumd", _("Regional enterprise (BUMD)")
        OTHER = "other", _("Other")

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="opds"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DINAS)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("OPD")
        verbose_name_plural = _("OPD")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "code"], name="opd_code_unique_per_jurisdiction")
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class ServiceUnit(models.Model):
    """A unit layanan and its loket, and where it serves the public."""

    class Venue(models.TextChoices):
        MPP = "mpp", _("Public Service Mall (MPP)")
        DPMPTSP = "dpmptsp", _("One-stop licensing office (DPMPTSP)")
        OWN_OFFICE = "own_office", _("The OPD's own office")

    opd = models.ForeignKey(Opd, verbose_name=_("OPD"), on_delete=models.PROTECT, related_name="units")
    name = models.CharField(_("name"), max_length=200)
    venue = models.CharField(_("where it serves"), max_length=20, choices=Venue.choices, default=Venue.OWN_OFFICE)
    address = models.CharField(_("address"), max_length=300, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    # PermenPANRB 14/2017: the SKM sample is judged against the people the unit serves in a year.
    yearly_population = models.PositiveIntegerField(
        _("people served per year"),
        null=True,
        blank=True,
        help_text=_("Used to check the community satisfaction survey has enough respondents (Krejcie–Morgan)."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service unit")
        verbose_name_plural = _("service units")
        ordering = ["opd__name", "name"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """A public service a unit delivers (e.g. issuing a KTP)."""

    unit = models.ForeignKey(
        ServiceUnit, verbose_name=_("service unit"), on_delete=models.PROTECT, related_name="services"
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["unit", "code"], name="service_code_unique_per_unit")]

    def __str__(self) -> str:
        return self.name


class ComplexityTier(models.Model):
    """A complexity tier with its own completion limit, defined by a jurisdiction that uses them.

    Optional: many local service standards publish completion limits by how complex a
    complaint is (e.g. 2 / 5 / 14 / 60 working days); no national regulation sets them
    (docs/legal-sources.md, "Complexity tiers"). A category may carry a default tier and the complaint
    administrator may choose another when verifying; the case's follow-up deadline then
    counts the tier's days instead of the completion time limit.
    """

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.CASCADE, related_name="complexity_tiers"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    days = models.PositiveSmallIntegerField(_("days to complete"))
    # Same meaning as sla.models.Counting; a plain choice list here keeps this app free of sla.
    counting = models.CharField(
        _("counted in"),
        max_length=10,
        choices=[("working", _("working days")), ("calendar", _("calendar days"))],
        default="working",
    )
    source = models.CharField(_("legal source"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("complexity tier")
        verbose_name_plural = _("complexity tiers")
        ordering = ["jurisdiction_id", "position", "days"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "code"], name="complexity_tier_code_unique"),
            models.CheckConstraint(condition=models.Q(days__gt=0), name="complexity_tier_days_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.days} {self.get_counting_display()})"

    def display_name(self, language: str) -> str:
        return name_in(language, self.name, self.name_en)


class Category(models.Model):
    """A complaint category, routed by default to one OPD.

    `lapor_category`/`lapor_subcategory` map it onto SP4N-LAPOR!'s taxonomy for
    imports and exports.
    """

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="categories"
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    group = models.CharField(_("group"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    default_opd = models.ForeignKey(
        Opd,
        verbose_name=_("default OPD"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="default_categories",
    )
    service = models.ForeignKey(Service, verbose_name=_("service"), null=True, blank=True, on_delete=models.SET_NULL)
    default_tier = models.ForeignKey(
        ComplexityTier,
        verbose_name=_("default complexity tier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional: the tier of this category's complaints unless the administrator chooses another."),
    )
    lapor_category = models.CharField(_("SP4N-LAPOR! category"), max_length=120, blank=True)
    lapor_subcategory = models.CharField(_("SP4N-LAPOR! subcategory"), max_length=120, blank=True)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Open311 discovery's changeset: clients refetch service lists when this moves.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["group", "name"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "code"], name="category_code_unique_per_jurisdiction")
        ]

    def __str__(self) -> str:
        return self.name

    def display_name(self, language: str) -> str:
        """Return the name in the given language, falling back to Indonesian."""
        return name_in(language, self.name, self.name_en)

    def clean(self) -> None:
        if self.default_tier is not None and self.default_tier.jurisdiction_id != self.jurisdiction_id:
            raise ValidationError({"default_tier": _("This tier belongs to another jurisdiction.")})
