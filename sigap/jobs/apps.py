from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "sigap.jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        from django_tasks.signals import task_finished

        from sigap.jobs.failures import record_failure

        # The Tasks API announces every finished job through this signal; it is the
        # one place that sees the failures of all apps' jobs.
        task_finished.connect(record_failure, dispatch_uid="sigap.jobs.record_failure")
