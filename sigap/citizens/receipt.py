"""The receipt a reporter keeps after filing: on screen, as PDF, and by e-mail."""

from __future__ import annotations

import logging
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from sigap.complaints.models import Complaint
from sigap.publicreports.models import PublicReport
from sigap.sla.selectors import default_time_limits

logger = logging.getLogger(__name__)


def track_link(complaint: Complaint) -> str:
    """The case's tracking page; it asks for the secret, so the link alone opens nothing."""
    return f"{settings.SITE_URL}{reverse('portal:case', args=[complaint.tracking_code])}"


def public_link(complaint: Complaint) -> str:
    """Where the report will be public once verified ("" if it will never be)."""
    report = PublicReport.objects.filter(complaint=complaint).first()
    if report is None or not (report.eligible and report.wants_public):
        return ""
    return f"{settings.SITE_URL}{reverse('publicreports:detail', args=[complaint.tracking_code])}"


def qr_svg(url: str) -> str:
    """The link as an inline SVG QR code, drawn here (no outside service)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=6, border=2)
    svg: bytes = image.to_string()
    return svg.decode()


def receipt_context(complaint: Complaint, secret: str | None) -> dict[str, Any]:
    zone = complaint.jurisdiction.zone
    link = track_link(complaint)
    return {
        "case": complaint,
        "secret": secret,
        "track_url": link,
        "track_page": f"{settings.SITE_URL}{reverse('portal:track')}",
        "public_url": public_link(complaint),
        "qr": qr_svg(link),
        "received_at": timezone.localtime(complaint.created_at, zone),
        "verify_due": timezone.localtime(complaint.due_at, zone) if complaint.due_at else None,
        "limits": default_time_limits(),
    }


def receipt_pdf(complaint: Complaint, secret: str | None) -> bytes:
    """The receipt as PDF, in the reporter's language (WeasyPrint is imported only here)."""
    from weasyprint import HTML

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    with translation.override(complaint.language or settings.LANGUAGE_CODE):
        html = render_to_string("citizens/receipt_pdf.html", receipt_context(complaint, secret))
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
