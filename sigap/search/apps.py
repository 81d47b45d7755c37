from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "sigap.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from sigap.complaints.services import EVENT_BATCH_OBSERVERS
        from sigap.search.documents import refresh_on_events

        # Every committed case event may change what a case is found by.
        if refresh_on_events not in EVENT_BATCH_OBSERVERS:
            EVENT_BATCH_OBSERVERS.append(refresh_on_events)
