"""Print the current sign-in code of a demo account (only those using the published demo key)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.demo.people import demo_key_hex


class Command(BaseCommand):
    help = "Print the authenticator code a demo staff account needs right now."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        device = TOTPDevice.objects.filter(user__username=options["username"], confirmed=True).first()
        # Only the published demo key: this command must never reveal a real account's code.
        if device is None or device.key != demo_key_hex():
            raise CommandError("not a demo account (no demo authenticator)")
        generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        generator.time = time.time()
        left = device.step - int(time.time() - device.t0) % device.step
        self.stdout.write(f"{generator.token():06d}  (valid for {left} more seconds)")
