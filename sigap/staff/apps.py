from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "sigap.staff"
    verbose_name = _("Staff accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from sigap.staff import signins

        # Django's auth signals are the only hook into every sign-in path (page, admin, API).
        user_logged_in.connect(signins.on_logged_in, dispatch_uid="sigap.staff.logged_in")
        user_login_failed.connect(signins.on_login_failed, dispatch_uid="sigap.staff.login_failed")
