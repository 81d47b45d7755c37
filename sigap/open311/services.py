"""File Open311 service requests and updates through the complaint services."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction

from sigap.apikeys.models import ApiKey
from sigap.complaints.models import Complaint, ComplaintEvent
from sigap.complaints.services import Submission, complaint_reply, complaint_submit
from sigap.complaints.uploads import CleanFile
from sigap.open311.models import RequestOrigin
from sigap.web import inserts


@dataclass(frozen=True)
class ClientFacts:
    media_urls: list[str] = field(default_factory=list)
    address_id: str = ""
    account_id: str = ""
    device_id: str = ""


# No savepoint of its own: the caller's transaction (the idempotency record's) is rolled back whole on any error.
@transaction.atomic(savepoint=False)
def service_request_create(
    *, submission: Submission, files: Sequence[CleanFile], facts: ClientFacts, api_key: ApiKey
) -> tuple[Complaint, RequestOrigin]:
    """File the complaint (channel Open311) and remember the client's facts and a token for it."""
    complaint, _secret = complaint_submit(submission=submission, files=files)
    origin = RequestOrigin(
        complaint=complaint,
        api_key=api_key,
        token=secrets.token_hex(16),
        media_urls=facts.media_urls,
        address_id=facts.address_id[:100],
        account_id=facts.account_id[:100],
        device_id=facts.device_id[:100],
    )
    inserts.insert(origin)
    return complaint, origin


def service_request_update_post(*, complaint: Complaint, description: str) -> ComplaintEvent:
    """Record a comment from the client's side as a message on the case (never a status change)."""
    return complaint_reply(complaint=complaint, actor=None, acting_as="reporter", body=description)
