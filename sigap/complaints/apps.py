from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "sigap.complaints"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        checks.register(workflow_follow_ups_delivered)


def workflow_follow_ups_delivered(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    """Every message and document the workflow's table declares has an app that delivers it (bound in its `ready`)."""
    from sigap.complaints.rules import WORKFLOW

    return [checks.Error(problem, id="complaints.E001") for problem in WORKFLOW.unbound()]
