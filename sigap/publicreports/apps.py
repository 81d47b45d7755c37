from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicReportsConfig(AppConfig):
    name = "sigap.publicreports"
    verbose_name = _("Public reports")

    def ready(self) -> None:
        from sigap.complaints.services import EVENT_OBSERVERS
        from sigap.publicreports.observers import follow_case_event

        # Idempotent: `ready` may run more than once in one process.
        if follow_case_event not in EVENT_OBSERVERS:
            EVENT_OBSERVERS.append(follow_case_event)
