from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "sigap.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from sigap.complaints.rules import WORKFLOW
        from sigap.complaints.services import EVENT_BATCH_OBSERVERS
        from sigap.search.documents import refresh_for_events, refresh_on_events

        # A transition refreshes the document when its row declares it ("search"); the other
        # events that change what a case is found by are observed.
        WORKFLOW.bind_refresher("search", refresh_for_events)
        if refresh_on_events not in EVENT_BATCH_OBSERVERS:
            EVENT_BATCH_OBSERVERS.append(refresh_on_events)
