"""Which cases this browser may follow as their reporter: those it proved the secret for, or the account filed.

The portal grants a tracking code once the secret is shown; every reporter page (the case, the
survey after it closes) asks the same question here.
"""

from __future__ import annotations

from django.http import HttpRequest

from sigap.complaints.models import Complaint

SESSION_KEY = "tracked_codes"


def reporter_access_grant(request: HttpRequest, code: str) -> None:
    """Remember that this browser proved the secret of `code` (the last 20 codes are kept)."""
    codes = request.session.get(SESSION_KEY, [])
    if code not in codes:
        request.session[SESSION_KEY] = [*codes[-19:], code]


def reporter_may_follow(request: HttpRequest, complaint: Complaint) -> bool:
    """Whether this browser proved the case's secret, or the signed-in account filed it."""
    owns = request.user.is_authenticated and complaint.reporter_user_id == request.user.pk
    return owns or complaint.tracking_code in request.session.get(SESSION_KEY, [])
