from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicReportsConfig(AppConfig):
    name = "sigap.publicreports"
    verbose_name = _("Public reports")

    def ready(self) -> None:
        from sigap.complaints.services import EVENT_BATCH_OBSERVERS
        from sigap.publicreports.consistency import public_report_disagreements
        from sigap.publicreports.services import public_reports_follow_events
        from sigap.search.consistency import DERIVED_TABLES, DerivedTable

        # Idempotent: `ready` may run more than once in one process.
        if public_reports_follow_events not in EVENT_BATCH_OBSERVERS:
            EVENT_BATCH_OBSERVERS.append(public_reports_follow_events)
        if not any(d.table == "publicreports_publicreport" for d in DERIVED_TABLES):
            DERIVED_TABLES.append(
                DerivedTable("publicreports_publicreport", "public_reports_refresh", public_report_disagreements)
            )
