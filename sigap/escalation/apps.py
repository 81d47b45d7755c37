from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EscalationConfig(AppConfig):
    name = "sigap.escalation"
    verbose_name = _("Deadline sweep")

    def ready(self) -> None:
        # Registers the periodic sweep with the huey consumer.
        from sigap.escalation import tasks  # noqa: F401
