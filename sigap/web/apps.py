from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "sigap.web"
    verbose_name = _("Web")

    def ready(self) -> None:
        from sigap.web import reference_cache

        reference_cache.connect_signals()
        post_migrate.connect(reference_cache.install_triggers, sender=self, dispatch_uid="reference_cache.triggers")
