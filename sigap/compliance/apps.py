from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "sigap.compliance"
    verbose_name = _("Compliance self-assessment")
