"""Requesting, running and downloading exports; every one is audited.

The job re-reads the requester's roles when it runs, so an export never
holds more than the requester may see at that moment.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.accounts.principal import Principal, principal_for
from sigap.audit.services import audit_record
from sigap.complaints.models import Complaint
from sigap.complaints.selectors import acting_role
from sigap.complaints.services import identity_views_record
from sigap.exports import ombudsman, report, tabular
from sigap.exports.models import Export
from sigap.organisations.models import Jurisdiction, Opd

LIST_KINDS = (Export.Kind.CSV, Export.Kind.XLSX)


def _may_report(principal: Principal, *, jurisdiction_id: int, opd_id: int | None) -> bool:
    if jurisdiction_id in principal.admin_jurisdictions | principal.oversight_jurisdictions:
        return True
    return opd_id is not None and opd_id in principal.reading_opds


def _may_exchange(principal: Principal, jurisdiction_id: int) -> bool:
    """The package goes to the Ombudsman: its officers, and the administrator who sends it."""
    return jurisdiction_id in principal.admin_jurisdictions | principal.ombudsman_jurisdictions


def export_request(
    *,
    user: User,
    kind: str,
    params: dict[str, Any],
    include_identities: bool = False,
    request: HttpRequest | None = None,
) -> Export:
    """Check the user may have this export, record it, and queue the job that makes it."""
    from sigap.exports.tasks import run_export

    principal = principal_for(user)
    if not principal.is_staff_member:
        raise PermissionDenied
    if kind not in Export.Kind.values:
        raise ValidationError(_("Unknown export."))
    if kind in LIST_KINDS:
        include_identities = include_identities and bool(principal.admin_jurisdictions | principal.handling_opds)
    else:
        include_identities = False
        jurisdiction_id = params.get("jurisdiction_id")
        if not isinstance(jurisdiction_id, int):
            raise ValidationError(_("Choose the jurisdiction."))
        try:
            report.month_bounds(str(params.get("month", "")))
        except ValueError as exc:
            raise ValidationError(_("Choose a month.")) from exc
        opd_id = params.get("opd_id")
        allowed = (
            _may_exchange(principal, jurisdiction_id)
            if kind == Export.Kind.OMBUDSMAN
            else _may_report(principal, jurisdiction_id=jurisdiction_id, opd_id=opd_id)
        )
        if not allowed:
            raise PermissionDenied
    with transaction.atomic():
        export = Export.objects.create(
            requested_by=user, kind=kind, params=params, include_identities=include_identities
        )
        audit_record(
            actor=user, action="export.request", obj=export, jurisdiction_id=params.get("jurisdiction_id"),
            summary=f"{kind} requested", changes={"params": [None, params], "identities": [None, include_identities]},
            request=request,
        )  # fmt: skip
        run_export.enqueue(str(export.pk))
    return export


def _progress(export: Export, done: int, total: int | None = None) -> None:
    fields: dict[str, Any] = {"done": done}
    if total is not None:
        fields["total"] = total
    Export.objects.filter(pk=export.pk).update(**fields)


def export_run(*, export_id: str) -> Export:
    """Make the export's file (the job's body). Idempotent: a finished export is left alone."""
    export = Export.objects.select_related("requested_by").get(pk=export_id)
    if export.is_finished:
        return export
    Export.objects.filter(pk=export.pk).update(state=Export.State.RUNNING)
    user = export.requested_by
    try:
        with translation.override(user.preferred_language or "id"):
            content, name = _make(export, principal_for(user))
    except Exception as exc:
        Export.objects.filter(pk=export.pk).update(
            state=Export.State.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    export.refresh_from_db()
    export.file.save(name, ContentFile(content), save=False)
    export.file_name = name
    export.state = Export.State.DONE
    export.finished_at = timezone.now()
    export.done = max(export.done, export.total)
    export.save(update_fields=["file", "file_name", "state", "finished_at", "done"])
    audit_record(actor=user, action="export.done", obj=export, summary=f"{export.kind}: {name} ({len(content)} bytes)")
    return export


def _make(export: Export, principal: Principal) -> tuple[bytes, str]:
    params = export.params
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if export.kind in LIST_KINDS:
        cases = tabular.complaints_for(principal, params, identities=False)
        _progress(export, 0, cases.count())

        def seen(batch: list[Complaint]) -> None:
            # Every identity that leaves Sigap in a file is a view, logged on the case (a batch at a time).
            identity_views_record(
                complaints=batch, actor=export.requested_by, acting_as=lambda case: acting_role(principal, case)
            )

        lines = tabular.rows(principal, params, identities=export.include_identities, seen=seen)
        head = tabular.header(identities=export.include_identities)
        if export.kind == Export.Kind.CSV:
            return tabular.write_csv(lines, head, lambda n: _progress(export, n)), f"pengaduan-{stamp}.csv"
        return tabular.write_xlsx(lines, head, lambda n: _progress(export, n)), f"pengaduan-{stamp}.xlsx"
    jurisdiction = Jurisdiction.objects.get(pk=params["jurisdiction_id"])
    first, last = report.month_bounds(params["month"])
    if export.kind == Export.Kind.MONTHLY_PDF:
        opd = Opd.objects.filter(pk=params.get("opd_id"), jurisdiction=jurisdiction).first()
        if not _may_report(principal, jurisdiction_id=jurisdiction.pk, opd_id=opd.pk if opd else None):
            raise PermissionDenied
        _progress(export, 0, 1)
        context = report.report_context(jurisdiction=jurisdiction, opd=opd, month=params["month"])
        slug = f"{jurisdiction.slug}-{opd.code}" if opd else jurisdiction.slug
        return report.render_pdf(context), f"laporan-{slug}-{params['month']}.pdf"
    if not _may_exchange(principal, jurisdiction.pk):
        raise PermissionDenied
    content = ombudsman.build_package(
        jurisdiction=jurisdiction, first=first, last=last, progress=lambda n, total: _progress(export, n, total)
    )
    return content, f"ombudsman-{jurisdiction.slug}-{params['month']}.zip"


def export_download_record(*, export: Export, user: User, request: HttpRequest | None) -> None:
    audit_record(actor=user, action="export.download", obj=export, summary=export.file_name, request=request)
