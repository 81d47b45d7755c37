"""Linking and merging duplicate complaints; every step lands on both timelines."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.complaints.models import Complaint
from sigap.complaints.services import complaint_add_note, complaint_reply, complaint_transition
from sigap.complaints.workflow import TRANSITIONS, Action, Actor, ArchiveReason
from sigap.suggestions.models import DuplicateLink


def _check_pair(complaint: Complaint, original: Complaint) -> None:
    if complaint.pk == original.pk:
        raise ValidationError(_("A complaint cannot be a duplicate of itself."))
    if complaint.jurisdiction_id != original.jurisdiction_id:
        raise ValidationError(_("Only complaints of the same jurisdiction can be linked."))
    if (
        DuplicateLink.objects.filter(complaint=complaint, original=original).exists()
        or DuplicateLink.objects.filter(complaint=original, original=complaint).exists()
    ):
        raise ValidationError(_("These complaints are already linked."))


@transaction.atomic
def duplicate_link(*, complaint: Complaint, original: Complaint, actor: User, acting_as: str) -> DuplicateLink:
    """Record that two open cases report the same problem; both stay open.

    Each case gets an internal note naming the other, so the link is on both audit trails.
    """
    _check_pair(complaint, original)
    link = DuplicateLink.objects.create(
        complaint=complaint,
        original=original,
        kind=DuplicateLink.Kind.LINKED,
        created_by=actor,
        created_at=timezone.now(),
    )
    complaint_add_note(
        complaint=complaint,
        actor=actor,
        acting_as=acting_as,
        body=_("Linked as reporting the same problem as %(code)s.") % {"code": original.tracking_code},
    )
    complaint_add_note(
        complaint=original,
        actor=actor,
        acting_as=acting_as,
        body=_("Linked as reporting the same problem as %(code)s.") % {"code": complaint.tracking_code},
    )
    return link


@transaction.atomic
def duplicate_merge(*, duplicate: Complaint, original: Complaint, actor: User) -> DuplicateLink:
    """Keep `original`, archive `duplicate` as its duplicate, and tell both reporters.

    Only the complaint administrator merges (archiving is theirs in the
    workflow), and only a case still at verification can be archived. The
    duplicate's reporter is pointed to the original's public status page,
    which shows no text or identity of the other reporter.
    """
    # The row as it is now, locked: the page the merge came from may be stale.
    duplicate = Complaint.objects.select_for_update().get(pk=duplicate.pk)
    _check_pair(duplicate, original)
    if duplicate.status not in TRANSITIONS[Action.ARCHIVE].sources:
        raise ValidationError(_("Only a complaint that is still being verified can be merged; link the two instead."))
    link = DuplicateLink.objects.create(
        complaint=duplicate,
        original=original,
        kind=DuplicateLink.Kind.MERGED,
        created_by=actor,
        created_at=timezone.now(),
    )
    # A full address: the reporter reads it on the timeline (as a link) and in e-mail or SMS.
    follow = settings.SITE_URL + reverse("suggestions:follow", args=[original.tracking_code])
    complaint_transition(
        complaint=duplicate,
        action=Action.ARCHIVE,
        actor=actor,
        acting_as=Actor.ADMIN,
        archive_reason=ArchiveReason.DUPLICATE,
        text=_(
            "Your complaint reports the same problem as complaint %(code)s, which is already being handled. "
            "The two are handled together; you can follow its progress at %(url)s."
        )
        % {"code": original.tracking_code, "url": follow},
    )
    complaint_reply(
        complaint=original,
        actor=actor,
        acting_as=Actor.ADMIN,
        body=_("Another resident reported the same problem. The reports are now handled together in this complaint."),
    )
    complaint_add_note(
        complaint=original,
        actor=actor,
        acting_as=Actor.ADMIN,
        body=_("Complaint %(code)s was merged into this one as a duplicate.") % {"code": duplicate.tracking_code},
    )
    return link
