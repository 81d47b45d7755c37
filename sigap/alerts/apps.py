from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "sigap.alerts"
    verbose_name = _("Alerts")

    def ready(self) -> None:
        from sigap.alerts.commands import alerts_command
        from sigap.alerts.services import alert_new_report, alert_updates
        from sigap.channels.messaging.commands import command_register
        from sigap.publicreports.services import PUBLISHED_OBSERVERS, REPORT_EVENT_OBSERVERS

        # Idempotent: `ready` may run more than once in one process.
        if alert_new_report not in PUBLISHED_OBSERVERS:
            PUBLISHED_OBSERVERS.append(alert_new_report)
        if alert_updates not in REPORT_EVENT_OBSERVERS:
            REPORT_EVENT_OBSERVERS.append(alert_updates)
        command_register(alerts_command)
