from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "sigap.channels"
    verbose_name = _("Intake channels")

    def ready(self) -> None:
        from sigap.channels import tasks  # noqa: F401
        from sigap.channels.messaging.outbound import register

        register()
