"""Check and clean uploaded files before they are stored.

The type is sniffed from the content (never the name or the browser's claim),
the size is capped, and images are decoded and re-encoded, which drops every
EXIF tag including the GPS position of the photographer.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_TYPES = {
    "image/jpeg": ("jpg", "JPEG"),
    "image/png": ("png", "PNG"),
    "image/webp": ("webp", "WEBP"),
    "application/pdf": ("pdf", None),
}
# PDF features that run code or open other programs when the file is viewed.
PDF_ACTIVE_CONTENT = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/RichMedia")


@dataclass(frozen=True)
class CleanFile:
    name: str
    content: bytes
    content_type: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


def _read_capped(upload: UploadedFile) -> bytes:
    limit = settings.SIGAP_UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("%(name)s is larger than the %(limit)d MB allowed.")
            % {"name": upload.name, "limit": limit // (1024 * 1024)},
            code="too_large",
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _("%(name)s is larger than the %(limit)d MB allowed.")
            % {"name": upload.name, "limit": limit // (1024 * 1024)},
            code="too_large",
        )
    return data


def _clean_image(data: bytes, pil_format: str, name: str) -> bytes:
    Image.MAX_IMAGE_PIXELS = settings.SIGAP_IMAGE_MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as probe:
            # Pillow only warns between the limit and twice it; the header's size is enough to refuse.
            if probe.width * probe.height > settings.SIGAP_IMAGE_MAX_PIXELS:
                raise Image.DecompressionBombError(f"{probe.width}x{probe.height}")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            if pil_format == "JPEG" and upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            # Pillow writes some metadata it read back on save (a JPEG comment, WebP EXIF, ICC):
            # keep only transparency, so no comment-borne script or location survives.
            upright.info = {k: v for k, v in upright.info.items() if k == "transparency"}
            out = io.BytesIO()
            # Saving without exif= writes no EXIF block at all: GPS, camera, owner are gone.
            options: dict[str, Any] = {"optimize": True} if pil_format == "PNG" else {"quality": 88}
            upright.save(out, format=pil_format, **options)
            return out.getvalue()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(_("%(name)s is too large an image.") % {"name": name}, code="bomb") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("%(name)s is not a valid image.") % {"name": name}, code="invalid") from exc


def clean_upload(upload: UploadedFile) -> CleanFile:
    """Return a safe copy of the upload, or raise ValidationError saying why not."""
    name = upload.name or "file"
    data = _read_capped(upload)
    kind = filetype.guess(data)
    mime = kind.mime if kind else None
    if mime not in ALLOWED_TYPES:
        raise ValidationError(
            _("%(name)s is not an allowed file type. Send a photo (JPEG, PNG, WebP) or a PDF.") % {"name": name},
            code="type",
        )
    extension, pil_format = ALLOWED_TYPES[mime]
    if pil_format:
        data = _clean_image(data, pil_format, name)
    elif any(marker in data for marker in PDF_ACTIVE_CONTENT):
        raise ValidationError(
            _("%(name)s contains scripts or embedded files, which are not allowed.") % {"name": name},
            code="active_content",
        )
    stem = get_valid_filename(name.rsplit(".", 1)[0])[:80] or "file"
    return CleanFile(
        name=f"{stem}.{extension}",
        content=data,
        content_type=mime,
        sha256=hashlib.sha256(data).hexdigest(),
    )
