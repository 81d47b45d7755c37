from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "sigap.suggestions"
    label = "suggestions"
    verbose_name = _("Suggestions")
