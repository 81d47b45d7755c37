"""Linking and merging duplicate complaints; every step lands on both timelines."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.complaints.models import Complaint, ComplaintEvent
from sigap.complaints.services import complaint_add_note, complaint_reply, complaint_transition
from sigap.complaints.workflow import TRANSITIONS, Action, Actor, ArchiveReason, Status
from sigap.organisations.models import Jurisdiction, Opd
from sigap.suggestions.autodispatch import threshold_for
from sigap.suggestions.models import AutoDispatch, AutoDispatchSetting, DuplicateLink, TrainedModel
from sigap.web.reference_cache import cached

logger = logging.getLogger(__name__)


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


def auto_dispatch_settings_update(
    *, jurisdiction: Jurisdiction, enabled: bool, precision: float, actor: User
) -> AutoDispatchSetting:
    """Switch auto-dispatch on or off for a jurisdiction, with the precision it wants."""
    if not 0.8 <= precision <= 0.999:
        raise ValidationError({"precision": [_("Choose a precision between 80 % and 99.9 %.")]})
    setting, _created = AutoDispatchSetting.objects.update_or_create(
        jurisdiction=jurisdiction,
        defaults={"enabled": enabled, "precision": precision, "updated_by": actor, "updated_at": timezone.now()},
    )
    return setting


def auto_dispatch_enabled(*, jurisdiction_id: int) -> bool:
    """Whether the jurisdiction has auto-dispatch on; kept by the process until a setting changes."""
    return cached(
        "suggestions.auto_dispatch_enabled",
        jurisdiction_id,
        lambda: AutoDispatchSetting.objects.filter(jurisdiction_id=jurisdiction_id, enabled=True).exists(),
    )


def auto_dispatch_threshold(*, jurisdiction_id: int, precision: float) -> tuple[TrainedModel | None, float | None]:
    """Return the jurisdiction's current OPD model and the confidence `precision` needs on its history."""
    model = (
        TrainedModel.objects.filter(jurisdiction_id=jurisdiction_id, target=TrainedModel.Target.OPD)
        .defer("blob")
        .order_by("-trained_at")
        .first()
    )
    if model is None:
        return None, None
    return model, threshold_for([(float(c), bool(ok)) for c, ok in model.holdout], precision)


def complaint_auto_dispatch(*, complaint: Complaint, now: datetime | None = None) -> AutoDispatch | None:
    """Verify and dispatch a new case to the suggested OPD if the jurisdiction wants it and the
    suggestion is confident enough; otherwise leave the case to the administrator (return None).

    The steps are the administrator's own (verify, dispatch) through the workflow's
    transition service, done by the system on the jurisdiction's standing instruction;
    the dispatch is marked as automatic on the timeline.
    """
    from sigap.suggestions.selectors import opd_guess

    setting = AutoDispatchSetting.objects.filter(jurisdiction_id=complaint.jurisdiction_id, enabled=True).first()
    if setting is None or complaint.status != Status.RECEIVED:
        return None
    trained, threshold = auto_dispatch_threshold(jurisdiction_id=complaint.jurisdiction_id, precision=setting.precision)
    if trained is None or threshold is None:
        return None
    guess = opd_guess(complaint, trained_model_id=trained.pk)
    if guess is None or guess.confidence < threshold:
        return None
    opd: Opd = guess.obj
    now = now or timezone.now()
    # Written on the timeline in the site's language, whoever's request this runs after.
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        case = complaint_transition(
            complaint=complaint, action=Action.VERIFY, actor=None, acting_as=Actor.ADMIN, now=now
        )
        verification_due = case.due_at or now + timedelta(days=1)
        text = _(
            "Dispatched automatically: the routing suggestion was %(confidence)s %% sure, above this "
            "jurisdiction's threshold of %(threshold)s %%. The administrator can undo it until %(until)s."
        ) % {
            "confidence": round(guess.confidence * 100),
            "threshold": round(threshold * 100),
            "until": date_format(timezone.localtime(verification_due), "DATETIME_FORMAT"),
        }
        complaint_transition(
            complaint=case, action=Action.DISPATCH, actor=None, acting_as=Actor.ADMIN, opd=opd, text=text, now=now
        )
        return AutoDispatch.objects.create(
            complaint=complaint,
            opd=opd,
            confidence=guess.confidence,
            threshold=threshold,
            precision=setting.precision,
            trained_model=trained,
            at=now,
            undo_until=verification_due,
        )


def auto_dispatch_on_event(event: ComplaintEvent) -> None:
    """EVENT_OBSERVERS hook: a newly received case may be dispatched automatically.

    Runs after the submission committed; a failure here leaves the case with
    the administrator, as if auto-dispatch were off, and never loses the report.
    """
    if event.kind != ComplaintEvent.Kind.CREATED:
        return
    try:
        # Most jurisdictions never switch it on: ask that first (kept by the process) before
        # reading the case back.
        if not auto_dispatch_enabled(jurisdiction_id=event.complaint.jurisdiction_id):
            return
        complaint_auto_dispatch(complaint=Complaint.objects.get(pk=event.complaint_id))
    except Exception:  # the case is safe in RECEIVED; the administrator routes it by hand
        logger.exception("automatic dispatch failed for complaint %s", event.complaint_id)


@transaction.atomic
def auto_dispatch_undo(*, complaint: Complaint, actor: User, now: datetime | None = None) -> AutoDispatch:
    """Take an automatically dispatched case back to the administrator, within the verification deadline.

    The case returns to "verified" (the workflow's return step) so the
    administrator can dispatch it by hand; an internal note says who undid it.
    """
    now = now or timezone.now()
    record = AutoDispatch.objects.select_for_update().filter(complaint=complaint).first()
    if record is None:
        raise ValidationError(_("This complaint was not dispatched automatically."))
    if record.undone_at is not None:
        raise ValidationError(_("The automatic dispatch was already undone."))
    if now > record.undo_until:
        raise ValidationError(
            _("The verification deadline has passed; the automatic dispatch can no longer be undone.")
        )
    complaint.refresh_from_db(fields=["status", "opd"])
    if complaint.status != Status.DISPATCHED or complaint.opd_id != record.opd_id:
        raise ValidationError(_("The OPD has already taken the case up; ask it to return the case instead."))
    # The workflow's only step from "dispatched" back to "verified" is the OPD's return.
    complaint_transition(
        complaint=complaint,
        action=Action.RETURN,
        actor=actor,
        acting_as=Actor.OPD,
        text=_("Automatic dispatch undone by the administrator."),
        now=now,
    )
    complaint_add_note(
        complaint=complaint,
        actor=actor,
        acting_as=Actor.ADMIN,
        body=_("Undid the automatic dispatch to %(opd)s; the case waits to be dispatched by hand.")
        % {"opd": record.opd.name},
    )
    record.undone_at = now
    record.undone_by = actor
    record.save(update_fields=["undone_at", "undone_by"])
    return record
