"""Writes to public reports: the reporter's choice at filing, moderation, and supports."""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.services import audit_record
from sigap.complaints.models import Attachment, Complaint, ComplaintEvent
from sigap.complaints.workflow import Status
from sigap.publicreports.masking import mask
from sigap.publicreports.models import Area, PublicReport, PublicReportEdit, Support

# Called, inside the transaction that published it, with a report that has just become public, and
# with each public case event of a report published before it: alerts register here, so the alerts'
# outbox rows commit with the change that causes them.
PUBLISHED_OBSERVERS: list[Callable[[PublicReport], None]] = []
REPORT_EVENT_OBSERVERS: list[Callable[[Sequence[tuple[PublicReport, ComplaintEvent]]], None]] = []
# The columns a refresh copies from the case (`_copy_case`) or derives from them.
REFRESHED_FIELDS = (
    "jurisdiction",
    "tracking_code",
    "category",
    "opd",
    "status",
    "filed_at",
    "verified_at",
    "lat",
    "lng",
    "completion_due_at",
    "answered_at",
    "eligible",
    "is_published",
    "published_at",
)
REFRESHED_ATTNAMES = tuple(PublicReport._meta.get_field(name).get_attname() for name in REFRESHED_FIELDS)  # type: ignore[union-attr]
# How much of the description the public summary starts from.
SUMMARY_CHARS = 1200


def reporter_names(complaint: Complaint) -> tuple[str, ...]:
    """The reporter's own name, to be masked wherever it appears in the public text."""
    names = []
    reporter = getattr(complaint, "reporter", None) if not complaint.is_anonymous else None
    if reporter is not None and reporter.name:
        names.append(reporter.name)
    if complaint.reporter_user_id and complaint.reporter_user:
        names.append(complaint.reporter_user.get_full_name())
    return tuple(n for n in names if n)


def _copy_case(report: PublicReport, complaint: Complaint) -> None:
    report.jurisdiction_id = complaint.jurisdiction_id
    report.tracking_code = complaint.tracking_code
    report.category_id = complaint.category_id
    report.opd_id = complaint.opd_id
    report.status = complaint.status
    report.filed_at = complaint.created_at
    report.verified_at = complaint.verified_at
    report.lat, report.lng = complaint.lat, complaint.lng
    report.completion_due_at = complaint.completion_due_at
    report.answered_at = complaint.answered_at
    report.eligible = not (complaint.is_anonymous or complaint.is_confidential)


@transaction.atomic
def public_report_create(
    *,
    complaint: Complaint,
    wants_public: bool = True,
    photos_public: bool = False,
    kelurahan: Area | None = None,
    photos: Sequence[Attachment] = (),
) -> PublicReport:
    """Record the reporter's choice at filing, with an automatically masked title and summary."""
    if kelurahan is not None and kelurahan.jurisdiction_id != complaint.jurisdiction_id:
        raise ValidationError({"kelurahan": [_("This kelurahan belongs to another government.")]})
    names = reporter_names(complaint)
    report = PublicReport(
        complaint=complaint,
        wants_public=wants_public,
        photos_public=photos_public,
        photo_ids=[a.pk for a in photos if a.is_image] if photos_public else [],
        title=mask(complaint.title, names=names)[:200],
        summary=mask(complaint.description[:SUMMARY_CHARS], names=names),
        kelurahan=kelurahan,
        kecamatan_id=kelurahan.parent_id if kelurahan else None,
    )
    _copy_case(report, complaint)
    report.save()
    return report


def follow_case(report: PublicReport, *, now: datetime) -> None:
    """Bring the report up to date with its (loaded) case in memory, as a refresh writes it.

    A first publication is dated `now`; a report published before keeps its date.
    """
    _copy_case(report, report.complaint)
    report.is_published = report.compute_published()
    if report.is_published and report.published_at is None:
        report.published_at = now


def refreshed_values(report: PublicReport) -> tuple[object, ...]:
    """The report's copied and derived columns, to tell whether a refresh changed anything."""
    return tuple(report.serializable_value(name) for name in REFRESHED_FIELDS)


def public_reports_refresh(*, complaint_ids: Iterable[int], now: datetime | None = None) -> dict[int, PublicReport]:
    """Copy each case's current state to its public report and (un)publish it, set-based.

    Returns the reports found, by complaint id. Runs in the caller's transaction (the case
    events' observer passes a sweep's whole batch): a report that has just become public is
    announced to PUBLISHED_OBSERVERS there and then.
    """
    ids = sorted(set(complaint_ids))
    if not ids:
        return {}
    now = now or timezone.now()
    with transaction.atomic():
        reports = list(
            PublicReport.objects.select_for_update(of=("self",))
            .select_related("complaint", "category", "kelurahan")
            .filter(complaint_id__in=ids)
            .order_by("pk")  # locks taken in one order everywhere
        )
        # Reports whose refresh changed the same columns to the same values share one UPDATE of
        # just those columns: a sweep batch's closes are one statement, not one row each.
        changes: dict[tuple[tuple[str, object], ...], list[int]] = defaultdict(list)
        published = []
        for report in reports:
            before, was = refreshed_values(report), report.is_published
            follow_case(report, now=now)
            after = refreshed_values(report)
            if diff := tuple((n, a) for n, b, a in zip(REFRESHED_ATTNAMES, before, after, strict=True) if a != b):
                changes[diff].append(report.pk)
            if report.is_published and not was:
                published.append(report)
        for diff, pks in changes.items():
            PublicReport.objects.filter(pk__in=pks).update(**dict(diff))
        for report in published:
            for observer in PUBLISHED_OBSERVERS:
                observer(report)
    return {report.complaint_id: report for report in reports}


def public_report_refresh(*, complaint: Complaint, now: datetime | None = None) -> PublicReport | None:
    """Copy the case's current state and (un)publish; returns the report, or None if there is none."""
    return public_reports_refresh(complaint_ids=[complaint.pk], now=now).get(complaint.pk)


# Events that change none of the case's columns a report copies: no refresh (exports log thousands
# of identity views, a first sweep hundreds of thousands of escalations). A new case has no report
# yet: `public_report_create` copies the case itself. check_consistency would show a kind wrongly
# listed here.
COPIES_NOTHING = frozenset(
    {
        ComplaintEvent.Kind.CREATED,
        ComplaintEvent.Kind.IDENTITY_VIEW,
        ComplaintEvent.Kind.NOTE,
        ComplaintEvent.Kind.REPLY,
        ComplaintEvent.Kind.ATTACHMENT,
        ComplaintEvent.Kind.RATING,
        ComplaintEvent.Kind.ESCALATION,
    }
)


def public_reports_follow_events(events: Sequence[ComplaintEvent]) -> None:
    """Keep public reports in step with the cases these events changed, in the events' transaction.

    Then hand each public event of a report published before it to REPORT_EVENT_OBSERVERS.
    """
    events = [e for e in events if e.kind not in COPIES_NOTHING]
    if not events:
        return
    # A report published by this very change was published at its time, not at the clock's.
    reports = public_reports_refresh(complaint_ids=[e.complaint_id for e in events], now=max(e.at for e in events))
    followed = [
        (report, event)
        for event in events
        if event.is_public
        and (report := reports.get(event.complaint_id)) is not None
        and report.is_published
        and report.published_at is not None
        and report.published_at < event.at
    ]
    if followed:
        for observer in REPORT_EVENT_OBSERVERS:
            observer(followed)


def _record_edit(report: PublicReport, *, actor: User, field: str, before: str, after: str, reason: str = "") -> None:
    at = timezone.now()
    PublicReportEdit.objects.create(
        report=report, at=at, actor=actor, field=field, before=before, after=after, reason=reason
    )
    audit_record(
        actor=actor,
        action=f"public_report.{field}",
        obj=report.complaint,
        jurisdiction_id=report.jurisdiction_id,
        summary=report.complaint.tracking_code,
        changes={field: [before, after]},
    )


def public_report_confirm(*, report: PublicReport, title: str, summary: str, actor: User) -> PublicReport:
    """The administrator confirms (and may edit) what the public reads; every change is kept."""
    title, summary = title.strip(), summary.strip()
    errors = {}
    if not title:
        errors["title"] = [_("Write a public title.")]
    if len(summary) < 10:
        errors["summary"] = [_("Write a public summary of at least 10 characters.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        report = PublicReport.objects.select_for_update().select_related("complaint").get(pk=report.pk)
        if title != report.title:
            _record_edit(report, actor=actor, field="title", before=report.title, after=title)
            report.title = title[:200]
        if summary != report.summary:
            _record_edit(report, actor=actor, field="summary", before=report.summary, after=summary)
            report.summary = summary
        if report.confirmed_at is None:
            _record_edit(report, actor=actor, field="confirmed", before="", after="yes")
            report.confirmed_at, report.confirmed_by = timezone.now(), actor
        report.save()
        # Published (and announced) in the same transaction as the confirmation.
        refreshed = public_report_refresh(complaint=report.complaint)
    assert refreshed is not None
    return refreshed


def public_report_hide(*, report: PublicReport, hidden: bool, reason: str, actor: User) -> PublicReport:
    """Hide a report from the public (or show it again); the reason is kept with the change."""
    reason = reason.strip()
    if hidden and not reason:
        raise ValidationError({"reason": [_("Say why the report is hidden.")]})
    with transaction.atomic():
        report = PublicReport.objects.select_for_update().select_related("complaint").get(pk=report.pk)
        if report.is_hidden != hidden:
            _record_edit(
                report, actor=actor, field="hidden", before=str(report.is_hidden), after=str(hidden), reason=reason
            )
            report.is_hidden, report.hidden_reason = hidden, reason[:300] if hidden else ""
            report.save()
        refreshed = public_report_refresh(complaint=report.complaint)
    assert refreshed is not None
    return refreshed


def count_support(report_id: int) -> None:
    PublicReport.objects.filter(pk=report_id).update(support_count=F("support_count") + 1)


def support_add(
    *, report: PublicReport, user: User | None = None, email: str = "", same_problem: bool = False
) -> tuple[Support, bool]:
    """Add one person's support; return (support, created).

    With an account it counts at once; with an e-mail address it counts once
    the address is confirmed (support_confirm). One per person per report.
    """
    if not report.is_published:
        raise ValidationError(_("This report is not public."))
    email = email.strip().lower()
    if user is None and not email:
        raise ValidationError({"email": [_("Give your e-mail address, or sign in.")]})
    now = timezone.now()
    existing = (
        Support.objects.filter(report=report, user=user).first()
        if user is not None
        else Support.objects.filter(report=report, email=email).first()
    )
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            support = Support.objects.create(
                report=report,
                user=user,
                email="" if user is not None else email,
                token=secrets.token_urlsafe(24),
                confirmed_at=now if user is not None else None,
                created_at=now,
                same_problem=same_problem,
            )
            if user is not None:
                count_support(report.pk)
    except IntegrityError:  # a concurrent request by the same person won
        same = Support.objects.filter(report=report)
        return (same.get(user=user) if user is not None else same.get(email=email)), False
    return support, True


def support_confirm(*, token: str) -> Support | None:
    """Count an e-mail support once its address is confirmed; None if the token is unknown."""
    with transaction.atomic():
        support = Support.objects.select_for_update().filter(token=token).first()
        if support is None:
            return None
        if support.confirmed_at is None:
            support.confirmed_at = timezone.now()
            support.save(update_fields=["confirmed_at"])
            count_support(support.report_id)
    return support


def is_public_status(status: str) -> bool:
    return status not in (Status.RECEIVED, Status.INCOMPLETE, Status.ARCHIVED)
