from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizensConfig(AppConfig):
    name = "sigap.citizens"
    verbose_name = _("Citizens")
