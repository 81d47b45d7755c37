"""Each service's public-service standard (standar pelayanan), with its fourteen components."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceStandard(models.Model):
    service = models.OneToOneField(
        "organisations.Service", verbose_name=_("service"), on_delete=models.CASCADE, related_name="standard"
    )
    # UU 25/2009 Pasal 21 huruf a–n (see components.py for the delivery/manufacturing split).
    legal_basis = models.TextField(_("legal basis"), blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    procedure = models.TextField(_("systems, mechanisms and procedures"), blank=True)
    completion_time = models.TextField(_("completion time"), blank=True)
    cost = models.TextField(_("cost / tariff"), blank=True)
    product = models.TextField(_("service product"), blank=True)
    facilities = models.TextField(_("facilities and infrastructure"), blank=True)
    competence = models.TextField(_("competence of the staff"), blank=True)
    internal_control = models.TextField(_("internal supervision"), blank=True)
    complaints = models.TextField(_("handling of complaints, suggestions and feedback"), blank=True)
    staff_count = models.TextField(_("number of staff"), blank=True)
    service_guarantee = models.TextField(_("service guarantee"), blank=True)
    safety_guarantee = models.TextField(_("security and safety guarantee"), blank=True)
    performance_evaluation = models.TextField(_("evaluation of staff performance"), blank=True)

    decree = models.CharField(_("decree setting the standard"), max_length=300, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("service standard")
        verbose_name_plural = _("service standards")

    def __str__(self) -> str:
        return str(self.service)
