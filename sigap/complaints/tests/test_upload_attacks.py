"""Hostile uploads: scripts dressed as images, polyglots, bombs, archives, hidden location data."""

from __future__ import annotations

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import translation
from PIL import Image, PngImagePlugin

from sigap.complaints.models import Attachment, Complaint
from sigap.complaints.uploads import clean_upload
from sigap.test import BaseTestCase

PHP = b"<?php system($_GET['c']); ?>"
HTML = b"<html><body><script>fetch('/staf/').then(r=>r.text())</script></body></html>"


def jpeg(**save: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(out, format="JPEG", **save)  # type: ignore[arg-type]
    return out.getvalue()


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "KameraHP"
    exif[0x8825] = {1: "S", 2: (7.0, 38.0, 45.0), 3: "E", 4: (112.0, 54.0, 24.0)}
    return exif


class DisguisedScriptTest(SimpleTestCase):
    def setUp(self) -> None:
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def refused(self, name: str, content: bytes, content_type: str = "image/jpeg") -> ValidationError:
        with self.assertRaises(ValidationError) as caught:
            clean_upload(SimpleUploadedFile(name, content, content_type=content_type))
        return caught.exception

    def test_a_php_script_named_jpg_is_refused(self) -> None:
        self.refused("foto.jpg", PHP)

    def test_a_php_script_with_a_gif_header_is_refused(self) -> None:
        self.refused("foto.jpg", b"GIF89a" + PHP)

    def test_an_html_page_named_jpeg_is_refused(self) -> None:
        self.refused("foto.jpeg", HTML)

    def test_an_svg_with_a_script_is_refused(self) -> None:
        svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script></svg>'
        self.refused("peta.svg", svg, "image/svg+xml")
        self.refused("peta.png", svg, "image/png")

    def test_a_double_extension_keeps_only_the_sniffed_type(self) -> None:
        clean = clean_upload(SimpleUploadedFile("shell.php.jpg", jpeg()))
        self.assertTrue(clean.name.endswith(".jpg"))
        self.assertEqual(clean.content_type, "image/jpeg")

    def test_a_script_hidden_in_a_real_jpeg_comment_or_tail_is_removed(self) -> None:
        # A valid photo that is also a script: in a comment segment and after the end-of-image marker.
        polyglot = jpeg(comment=PHP) + HTML
        self.assertIn(PHP, polyglot)
        clean = clean_upload(SimpleUploadedFile("foto.jpg", polyglot))
        self.assertNotIn(b"<?php", clean.content)
        self.assertNotIn(b"<script", clean.content)
        with Image.open(io.BytesIO(clean.content)) as image:
            self.assertEqual(image.size, (40, 30))

    def test_a_script_in_png_text_chunks_is_removed(self) -> None:
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", HTML.decode())
        out = io.BytesIO()
        Image.new("RGB", (20, 20), "red").save(out, format="PNG", pnginfo=info)
        self.assertIn(b"<script", out.getvalue())
        clean = clean_upload(SimpleUploadedFile("foto.png", out.getvalue()))
        self.assertNotIn(b"<script", clean.content)

    def test_a_pdf_that_launches_a_program_is_refused(self) -> None:
        pdf = b"%PDF-1.4\n1 0 obj << /OpenAction << /S /Launch /F (cmd.exe) >> >> endobj\n%%EOF"
        self.refused("surat.pdf", pdf, "application/pdf")


class BombAndArchiveTest(SimpleTestCase):
    def setUp(self) -> None:
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def test_a_small_png_that_decodes_to_a_huge_image_is_refused_with_the_default_limit(self) -> None:
        side = int(settings.SIGAP_IMAGE_MAX_PIXELS**0.5) * 2 + 1  # over twice the limit: Pillow's bomb error
        out = io.BytesIO()
        Image.new("1", (side, side)).save(out, format="PNG", optimize=True)
        self.assertLess(len(out.getvalue()), settings.SIGAP_UPLOAD_MAX_BYTES)
        with self.assertRaisesMessage(ValidationError, "too large an image"):
            clean_upload(SimpleUploadedFile("bom.png", out.getvalue()))

    def test_an_image_just_over_the_pixel_limit_is_refused_too(self) -> None:
        side = int(settings.SIGAP_IMAGE_MAX_PIXELS**0.5) + 10  # over the limit, under twice it: only a warning
        out = io.BytesIO()
        Image.new("1", (side, side)).save(out, format="PNG", optimize=True)
        with self.assertRaises(ValidationError):
            clean_upload(SimpleUploadedFile("besar.png", out.getvalue()))

    def test_a_zip_archive_is_refused_even_named_as_a_pdf(self) -> None:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("nol.bin", b"\0" * 50_000_000)  # 50 MB of zeros in ~50 kB
        self.assertLess(len(out.getvalue()), 100_000)
        for name in ("bukti.zip", "bukti.pdf", "bukti.jpg"):
            with self.subTest(name=name), self.assertRaisesMessage(ValidationError, "not an allowed file type"):
                clean_upload(SimpleUploadedFile(name, out.getvalue()))

    def test_a_gzip_or_tar_is_refused(self) -> None:
        import gzip

        with self.assertRaises(ValidationError):
            clean_upload(SimpleUploadedFile("a.jpg", gzip.compress(b"\0" * 1_000_000)))


class LocationDataTest(SimpleTestCase):
    def test_gps_is_stripped_from_png_and_webp_too(self) -> None:
        for fmt, name in (("PNG", "foto.png"), ("WEBP", "foto.webp")):
            out = io.BytesIO()
            Image.new("RGB", (32, 32), "red").save(out, format=fmt, exif=gps_exif())
            self.assertIn(b"KameraHP", out.getvalue())
            with self.subTest(fmt=fmt):
                clean = clean_upload(SimpleUploadedFile(name, out.getvalue()))
                self.assertNotIn(b"KameraHP", clean.content)
                with Image.open(io.BytesIO(clean.content)) as image:
                    self.assertEqual(dict(image.getexif()), {})


class PortalUploadTest(BaseTestCase):
    def form(self, upload: SimpleUploadedFile) -> dict[str, object]:
        return {
            "jurisdiction": self.city.pk,
            "category": self.roads.pk,
            "title": "Jalan berlubang di Jl. Merdeka",
            "description": "Lubang besar di depan sekolah sudah dua minggu membahayakan pengendara motor.",
            "kind": "pengaduan",
            "reporter_name": "Budi Santoso",
            "reporter_email": "budi@example.id",
            "attachments": upload,
        }

    def test_a_disguised_script_sent_through_the_portal_files_nothing(self) -> None:
        response = self.client.post(reverse("portal:submit"), self.form(SimpleUploadedFile("foto.jpg", PHP)))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Complaint.objects.exists())
        self.assertFalse(Attachment.objects.exists())

    def test_a_photo_sent_through_the_portal_is_stored_without_its_location(self) -> None:
        photo = jpeg(exif=gps_exif())
        response = self.client.post(reverse("portal:submit"), self.form(SimpleUploadedFile("foto.jpg", photo)))
        # The receipt e-mail is rendered in the filing's transaction: the context holds more than the form.
        form = response.context.get("form") if response.context else None
        self.assertEqual(response.status_code, 302, form and form.errors)
        stored = Attachment.objects.get()
        with stored.file.open("rb") as f:
            content = f.read()
        self.assertNotIn(b"KameraHP", content)
        with Image.open(io.BytesIO(content)) as image:
            self.assertEqual(dict(image.getexif()), {})
