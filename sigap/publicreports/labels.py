"""How a case's status reads on a public report, to anyone (not only to its reporter)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sigap.complaints.workflow import PUBLIC_STATUS_LABELS, Status

# The reporter's own labels speak to the reporter ("waiting for your confirmation"); a public report,
# its map and the alerts about it are read by neighbours and followers, so those steps name the reporter.
REPORT_STATUS_LABELS = {
    **PUBLIC_STATUS_LABELS,
    Status.INCOMPLETE: _("Waiting for more information from the reporter"),
    Status.ANSWERED: _("Answered, waiting for the reporter's confirmation"),
}
