from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OmbudsmanConfig(AppConfig):
    name = "sigap.ombudsman"
    verbose_name = _("Ombudsman RI")
