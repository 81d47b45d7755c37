"""Writes to training records; each is audited."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import Role, RoleAssignment, User
from sigap.audit.services import audit_record
from sigap.complaints.uploads import CleanFile
from sigap.organisations.models import Jurisdiction, Opd
from sigap.training.models import Participation, TrainingMaterial, TrainingSession

# Roles whose holders are trained as an OPD's officers when a whole OPD is registered.
OPD_STAFF_ROLES = (Role.OPD_OFFICER, Role.OPD_HEAD, Role.FOCAL_POINT)


@transaction.atomic
def training_create(
    *,
    jurisdiction: Jurisdiction,
    title: str,
    kind: str,
    organiser: str,
    starts_on: date,
    ends_on: date,
    actor: User,
    place: str = "",
    hours: int = 0,
    description: str = "",
) -> TrainingSession:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": [_("The training cannot end before it starts.")]})
    session = TrainingSession.objects.create(
        jurisdiction=jurisdiction,
        title=title.strip(),
        kind=kind,
        organiser=organiser.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        place=place.strip(),
        hours=hours,
        description=description.strip(),
        created_by=actor,
    )
    audit_record(actor=actor, action="training.create", obj=session, jurisdiction_id=jurisdiction.pk, summary=title)
    return session


@transaction.atomic
def training_material_add(*, session: TrainingSession, title: str, file: CleanFile, actor: User) -> TrainingMaterial:
    """Store material that passed complaints.uploads.clean_upload (type sniffed, active PDF content refused)."""
    material = TrainingMaterial(
        session=session,
        title=title.strip() or file.name,
        original_name=file.name,
        content_type=file.content_type,
        size=file.size,
        sha256=file.sha256,
        uploaded_by=actor,
    )
    material.file.save(file.name, ContentFile(file.content), save=False)
    material.save()
    audit_record(
        actor=actor, action="training.material", obj=material, jurisdiction_id=session.jurisdiction_id, summary=title
    )
    return material


@transaction.atomic
def training_participants_add(
    *, session: TrainingSession, actor: User, users: Iterable[User] = (), opds: Iterable[Opd] = ()
) -> int:
    """Register people, or every officer, head and focal point of whole OPD; return how many were new.

    Only staff of the session's jurisdiction can be registered; each keeps the OPD they came for.
    """
    wanted: dict[int, int | None] = {}
    opd_ids = [o.pk for o in opds if o.jurisdiction_id == session.jurisdiction_id]
    for user_id, opd_id in RoleAssignment.objects.filter(
        opd_id__in=opd_ids, role__in=OPD_STAFF_ROLES, is_active=True, user__is_active=True
    ).values_list("user_id", "opd_id"):
        wanted.setdefault(user_id, opd_id)
    user_ids = [u.pk for u in users]
    staff_rows = RoleAssignment.objects.filter(
        user_id__in=user_ids, jurisdiction_id=session.jurisdiction_id, is_active=True
    ).values_list("user_id", "opd_id")
    for user_id, opd_id in sorted(staff_rows, key=lambda row: row[1] is None):
        wanted.setdefault(user_id, opd_id)
    if set(user_ids) - set(wanted):
        raise ValidationError(_("Only staff of this jurisdiction can take part."))
    existing = set(session.participants.values_list("user_id", flat=True))
    new = [
        Participation(session=session, user_id=uid, opd_id=oid) for uid, oid in wanted.items() if uid not in existing
    ]
    Participation.objects.bulk_create(new)
    if new:
        audit_record(
            actor=actor,
            action="training.participants",
            obj=session,
            jurisdiction_id=session.jurisdiction_id,
            summary=f"{len(new)} participants added",
            changes={"users": [None, sorted(p.user_id for p in new)]},
        )
    return len(new)


@transaction.atomic
def training_attendance_set(*, session: TrainingSession, attended_user_ids: set[int], actor: User) -> None:
    """Record who attended; attendees get a certificate number, absentees lose theirs."""
    now = timezone.now()
    changed = []
    for p in session.participants.select_for_update().order_by("id"):
        attended = p.user_id in attended_user_ids
        if attended == p.attended:
            continue
        p.attended = attended
        p.attendance_by, p.attendance_at = actor, now
        p.certificate_number = f"SIGAP/{session.pk}/{p.pk:05d}/{session.starts_on:%Y}" if attended else ""
        p.save(update_fields=["attended", "attendance_by", "attendance_at", "certificate_number"])
        changed.append([p.user_id, attended])
    if changed:
        audit_record(
            actor=actor,
            action="training.attendance",
            obj=session,
            jurisdiction_id=session.jurisdiction_id,
            summary=f"{len(changed)} attendance changes",
            changes={"attended": [None, changed]},
        )
