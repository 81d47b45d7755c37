"""Keep public reports in step with their cases (registered on EVENT_OBSERVERS)."""

from __future__ import annotations

import logging

from sigap.complaints.models import Complaint, ComplaintEvent
from sigap.publicreports.services import public_report_refresh

logger = logging.getLogger(__name__)


def follow_case_event(event: ComplaintEvent) -> None:
    """Copy the case's status, OPD and dates to its public report; never fail the caller."""
    if event.kind == ComplaintEvent.Kind.IDENTITY_VIEW:
        return  # a staff member reading the identity changes nothing a public report shows (exports log thousands)
    try:
        complaint = Complaint.objects.filter(pk=event.complaint_id).first()
        if complaint is not None:
            public_report_refresh(complaint=complaint)
    except Exception:
        logger.exception("could not refresh the public report of case event %s", event.pk)
