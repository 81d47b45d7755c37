from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkmConfig(AppConfig):
    name = "sigap.skm"
    verbose_name = _("Community satisfaction survey (SKM)")
