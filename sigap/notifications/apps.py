from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "sigap.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from sigap.complaints.rules import WORKFLOW
        from sigap.complaints.services import EVENT_BATCH_OBSERVERS
        from sigap.notifications.observers import AUDIENCES, notify_case_events, notify_transition_events

        # The messages each transition declares; the other case events are observed.
        WORKFLOW.bind_notifier(notify_transition_events, audiences=AUDIENCES)
        # Idempotent: `ready` may run more than once in one process (tests, autoreload).
        if notify_case_events not in EVENT_BATCH_OBSERVERS:
            EVENT_BATCH_OBSERVERS.append(notify_case_events)
        # Registers the periodic jobs with the huey consumer.
        from sigap.notifications import tasks  # noqa: F401
