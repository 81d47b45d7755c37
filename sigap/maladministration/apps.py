from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaladministrationConfig(AppConfig):
    name = "sigap.maladministration"
    verbose_name = _("Maladministration")
