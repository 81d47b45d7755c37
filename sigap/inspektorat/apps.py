from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspektoratConfig(AppConfig):
    name = "sigap.inspektorat"
    verbose_name = _("Inspektorat")
