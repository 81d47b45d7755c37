"""Two-factor sign-in with an authenticator app (TOTP) and one-time recovery codes.

Every staff role needs it (docs/roles.md says why); `accounts.decorators.staff_required`
refuses a staff session that has not passed the second factor. Devices are
django-otp's: one confirmed TOTPDevice per user, and one StaticDevice holding
the recovery codes.
"""

from __future__ import annotations

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.models import User

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery"


def app_device(user: User) -> TOTPDevice | None:
    """Return the user's confirmed authenticator device, if enrolled."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def pending_device(user: User) -> TOTPDevice:
    """Return the unconfirmed device being enrolled, creating it on first use.

    Reusing it across page loads keeps the QR code stable while the user scans it.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    """The key as authenticator apps ask for it when typed by hand, in groups of four."""
    raw = b32encode(device.bin_key).decode()
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_svg(device: TOTPDevice) -> str:
    """Return the enrolment QR code as inline SVG, drawn on the server (no outside service)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    svg: bytes = image.to_string()
    return svg.decode()


def recovery_codes_left(user: User) -> int:
    device = StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).first()
    return device.token_set.count() if device else 0
