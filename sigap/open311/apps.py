from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Open311Config(AppConfig):
    name = "sigap.open311"
    label = "open311"
    verbose_name = _("Open311 GeoReport v2")

    def ready(self) -> None:
        from sigap.open311.formats import render_server_error
        from sigap.web.errors import server_error_writer_register

        server_error_writer_register("/open311/", render_server_error)
