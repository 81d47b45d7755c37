"""Certificates of attendance as PDF, drawn by WeasyPrint from an HTML template."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from sigap.training.models import Participation


def certificate_pdf(participation: Participation) -> bytes:
    """Return the certificate of one attendee as PDF bytes (Indonesian, the language of the record).

    WeasyPrint needs Pango from the operating system (`make system-deps`
    installs it); it is imported here so pages that never print do not need it.
    """
    from weasyprint import HTML

    with translation.override("id"):
        html = render_to_string("training/certificate.html", {"p": participation, "session": participation.session})
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
