"""Forum sessions and the aspirations recorded at them."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from sigap.accounts.models import User
from sigap.audit.services import audit_record
from sigap.channels.models import ForumEntry, ForumSession
from sigap.complaints.models import Channel, Complaint, Kind
from sigap.complaints.services import ReporterDetails, Submission, complaint_submit
from sigap.organisations.models import Category, Jurisdiction


@transaction.atomic
def forum_session_create(
    *, jurisdiction: Jurisdiction, name: str, held_on: date, place: str, actor: User
) -> ForumSession:
    session = ForumSession.objects.create(
        jurisdiction=jurisdiction, name=name.strip(), held_on=held_on, place=place.strip(), created_by=actor
    )
    audit_record(
        actor=actor, action="forum_session.create", obj=session, jurisdiction_id=jurisdiction.pk, summary=session.label
    )
    return session


@transaction.atomic
def forum_aspiration_record(
    *,
    session: ForumSession,
    title: str,
    description: str,
    kind: str,
    category: Category | None,
    address: str,
    reporter_name: str,
    reporter_phone: str,
    actor: User,
) -> Complaint:
    """File one aspiration of the session: channel forum, the officer who typed it, the session kept."""
    complaint, _secret = complaint_submit(
        submission=Submission(
            jurisdiction=session.jurisdiction,
            title=title,
            description=description,
            channel=Channel.FORUM,
            kind=Kind(kind),
            category=category,
            address=address,
            reporter=ReporterDetails(name=reporter_name, phone=reporter_phone) if reporter_name.strip() else None,
            # A speaker who gave no name is recorded anonymously, not under a made-up one.
            is_anonymous=not reporter_name.strip(),
            forum_session=session.label,
        ),
        recorded_by=actor,
    )
    ForumEntry.objects.create(session=session, complaint=complaint)
    return complaint
