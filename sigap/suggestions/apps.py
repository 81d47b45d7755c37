from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "sigap.suggestions"
    label = "suggestions"
    verbose_name = _("Suggestions")

    def ready(self) -> None:
        from sigap.complaints.services import EVENT_OBSERVERS
        from sigap.suggestions.services import auto_dispatch_on_event

        # A new case may be dispatched at once where the jurisdiction switched auto-dispatch on.
        if auto_dispatch_on_event not in EVENT_OBSERVERS:
            EVENT_OBSERVERS.append(auto_dispatch_on_event)
