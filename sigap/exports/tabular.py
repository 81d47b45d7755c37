"""Complaint lists as CSV or XLSX: the inbox as the requester may see it."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from sigap.accounts.principal import Principal
from sigap.complaints.models import Complaint
from sigap.complaints.presenters import compensation_of
from sigap.complaints.selectors import InboxFilters, may_view_identity, reporter_of
from sigap.search.selectors import search_complaints

# A cell starting with one of these is a formula to Excel and LibreOffice (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def filters_from(params: dict[str, Any]) -> InboxFilters:
    return InboxFilters(
        status=params.get("status", ""),
        opd_id=params.get("opd_id"),
        category_id=params.get("category_id"),
        channel=params.get("channel", ""),
        due=params.get("due", ""),
        jurisdiction_id=params.get("jurisdiction_id"),
    )


def complaints_for(principal: Principal, params: dict[str, Any], *, identities: bool) -> Any:
    qs = search_complaints(principal=principal, query=params.get("text", ""), filters=filters_from(params))
    qs = qs.select_related("jurisdiction", "category", "opd", "compensation")
    return qs.select_related("reporter") if identities else qs


def header(*, identities: bool) -> list[str]:
    columns = [
        _("Code"), _("Received"), _("Channel"), _("Kind"), _("Status"), _("Category"), _("OPD"), _("Title"),
        _("What happened"), _("Place"), _("Due at"), _("Verified"), _("Dispatched"), _("Answered"), _("Closed"),
        _("Times reopened"), _("Rating"), _("Confidential"), _("Anonymous"),
        _("Compensation claimed (Rp)"), _("Compensation decision"), _("Compensation granted (Rp)"),
        _("Compensation to be paid by"), _("Compensation paid (Rp)"), _("Compensation paid on"),
    ]  # fmt: skip
    if identities:
        columns += [_("Reporter"), _("E-mail"), _("Phone")]
    return columns


def _when(value: Any, zone: Any) -> str:
    return timezone.localtime(value, zone).strftime("%Y-%m-%d %H:%M") if value else ""


def row(case: Complaint) -> list[Any]:
    zone = case.jurisdiction.zone
    cells: list[Any] = [
        case.tracking_code, _when(case.created_at, zone), case.get_channel_display(), case.get_kind_display(),
        case.get_status_display(), case.category.name if case.category else "", str(case.opd or ""), case.title,
        case.description, case.address, _when(case.due_at, zone), _when(case.verified_at, zone),
        _when(case.dispatched_at, zone), _when(case.answered_at, zone), _when(case.closed_at, zone),
        case.reopen_count, case.rating or "", _("yes") if case.is_confidential else "",
        _("yes") if case.is_anonymous else "",
    ]  # fmt: skip
    claim = compensation_of(case)
    if claim is None:
        cells += ["", "", "", "", "", ""]
    else:
        cells += [
            claim.amount_claimed, claim.get_outcome_display() if claim.outcome else "",
            "" if claim.amount_granted is None else claim.amount_granted, _day(claim.payment_due),
            "" if claim.amount_paid is None else claim.amount_paid, _day(claim.paid_on),
        ]  # fmt: skip
    return [safe_cell(c) for c in cells]


def _day(value: Any) -> str:
    return value.isoformat() if value else ""


SEEN_BATCH = 2000


def rows(
    principal: Principal, params: dict[str, Any], *, identities: bool, seen: Callable[[list[Complaint]], None]
) -> Iterator[list[Any]]:
    """Yield one row per case; identity cells only where the role may see them.

    `seen` logs those, given the cases in batches of up to SEEN_BATCH (one insert per batch, not per row).
    """
    batch: list[Complaint] = []
    for case in complaints_for(principal, params, identities=identities).iterator(chunk_size=SEEN_BATCH):
        cells = row(case)
        if identities:
            reporter = reporter_of(case) if may_view_identity(principal, case) else None
            if reporter is not None:
                batch.append(case)
                if len(batch) >= SEEN_BATCH:
                    seen(batch)
                    batch = []
                cells += [safe_cell(reporter.name), safe_cell(reporter.email), safe_cell(reporter.phone)]
            else:
                cells += ["", "", ""]
        yield cells
    if batch:
        seen(batch)


def write_csv(lines: Iterator[list[Any]], head: list[str], progress: Callable[[int], None]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(head)
    for n, line in enumerate(lines, start=1):
        writer.writerow(line)
        if n % 500 == 0:
            progress(n)
    # A byte-order mark lets Excel open UTF-8 (Indonesian names, "—") correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(lines: Iterator[list[Any]], head: list[str], progress: Callable[[int], None]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Complaints"))
    sheet.append(head)
    for n, line in enumerate(lines, start=1):
        sheet.append(line)
        if n % 500 == 0:
            progress(n)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
