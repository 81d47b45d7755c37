from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, override_settings
from django.utils import translation
from PIL import Image

from sigap.complaints.uploads import clean_upload


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[0x010F] = "KameraHP"  # Make
    gps = {1: "S", 2: (7.0, 38.0, 45.0), 3: "E", 4: (112.0, 54.0, 24.0)}
    exif[0x8825] = gps  # GPSInfo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


class UploadTest(SimpleTestCase):
    def setUp(self):
        # Messages are checked in English; the Indonesian ones are pinned by the catalogue test.
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def test_it_strips_exif_and_gps_from_photos(self):
        raw = jpeg_with_gps()
        self.assertIn(b"KameraHP", raw)
        clean = clean_upload(SimpleUploadedFile("foto.jpg", raw))
        self.assertEqual(clean.content_type, "image/jpeg")
        with Image.open(io.BytesIO(clean.content)) as image:
            self.assertEqual(dict(image.getexif()), {})
        self.assertNotIn(b"KameraHP", clean.content)

    def test_it_sniffs_the_type_instead_of_trusting_the_name(self):
        script = b"#!/bin/sh\nrm -rf /\n"
        with self.assertRaisesMessage(ValidationError, "not an allowed file type"):
            clean_upload(SimpleUploadedFile("foto.jpg", script, content_type="image/jpeg"))

    def test_an_html_page_named_png_is_refused(self):
        with self.assertRaises(ValidationError):
            clean_upload(SimpleUploadedFile("x.png", b"<html><script>alert(1)</script></html>"))

    def test_a_truncated_image_is_refused(self):
        raw = jpeg_with_gps()[:200]
        with self.assertRaisesMessage(ValidationError, "not a valid image"):
            clean_upload(SimpleUploadedFile("foto.jpg", raw))

    @override_settings(SIGAP_UPLOAD_MAX_BYTES=1024)
    def test_an_oversized_file_is_refused(self):
        with self.assertRaisesMessage(ValidationError, "larger than"):
            clean_upload(SimpleUploadedFile("besar.pdf", b"%PDF-1.4\n" + b"0" * 2048))

    @override_settings(SIGAP_IMAGE_MAX_PIXELS=1000)
    def test_a_decompression_bomb_is_refused(self):
        out = io.BytesIO()
        Image.new("L", (2000, 2000)).save(out, format="PNG")
        with self.assertRaisesMessage(ValidationError, "too large an image"):
            clean_upload(SimpleUploadedFile("bom.png", out.getvalue()))

    def test_a_pdf_with_javascript_is_refused(self):
        pdf = b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n%%EOF"
        with self.assertRaisesMessage(ValidationError, "scripts"):
            clean_upload(SimpleUploadedFile("surat.pdf", pdf))

    def test_a_plain_pdf_is_kept_as_is_with_a_safe_name(self):
        pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF"
        clean = clean_upload(SimpleUploadedFile("../../etc/surat kuasa.pdf", pdf))
        self.assertEqual(clean.content, pdf)
        self.assertEqual(clean.name, "surat_kuasa.pdf")
