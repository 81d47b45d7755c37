"""SP4N-LAPOR! and Ombudsman forwards: the batch file format, both ways (docs/channels.md).

Import: a JSON file (a list of records, or {"reports": [...]}) or a CSV file
with a header row, one forwarded report per record:

    external_ref*   the report's number in the sending system (unique per system)
    title*, description*
    created_at      ISO 8601 (when it was reported there); default: now
    category, subcategory   SP4N-LAPOR! category names, mapped through Category.lapor_*
    reporter_name, reporter_email, reporter_phone
    anonymous, confidential  true/false, 1/0, ya/tidak
    address, lat, lng
(* required). Export: the same format's identifying fields plus the status,
as Sigap's code and as SP4N-LAPOR!'s name, and the public answer.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from sigap.channels.text import without_nul
from sigap.complaints.workflow import Status

FIELDS = [
    "external_ref", "title", "description", "created_at", "category", "subcategory", "reporter_name",
    "reporter_email", "reporter_phone", "anonymous", "confidential", "address", "lat", "lng",
]  # fmt: skip
REQUIRED = ("external_ref", "title", "description")
EXPORT_FIELDS = ["external_ref", "tracking_code", "status", "lapor_status", "updated_at", "closed_at", "answer"]
TRUE = {"1", "true", "yes", "ya", "y"}
FALSE = {"", "0", "false", "no", "tidak", "t", "n"}

# Sigap's statuses under SP4N-LAPOR!'s names (verification outcomes from the LAPOR! v3 admin guide:
# Verifikasi, Tunda, Bukan Wewenang, Arsipkan; the follow-up names as the LAPOR! portal shows them).
LAPOR_STATUS = {
    Status.RECEIVED: "Belum Terverifikasi",
    Status.INCOMPLETE: "Tunda",
    Status.VERIFIED: "Terverifikasi",
    Status.DISPATCHED: "Terdisposisi",
    Status.IN_FOLLOWUP: "Proses",
    Status.ANSWERED: "Sudah Ditindaklanjuti",
    Status.REOPENED: "Proses",
    Status.CLOSED: "Selesai",
    Status.FORWARDED: "Bukan Wewenang",
    Status.ARCHIVED: "Diarsipkan",
}


class BatchError(ValueError):
    """The file as a whole cannot be read; the message says why."""


@dataclass(frozen=True)
class Record:
    line: int  # 1-based position in the file (CSV: the line number)
    external_ref: str
    title: str
    description: str
    created_at: datetime | None
    category: str
    subcategory: str
    reporter_name: str
    reporter_email: str
    reporter_phone: str
    anonymous: bool
    confidential: bool
    address: str
    lat: float | None
    lng: float | None


@dataclass(frozen=True)
class RecordError:
    line: int
    external_ref: str
    error: str


def read(content: bytes, filename: str) -> list[dict[str, Any]]:
    """Return the raw records of a JSON or CSV batch file."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BatchError(_("The file is not UTF-8 text.")) from exc
    if filename.lower().endswith(".json") or text.lstrip().startswith(("[", "{")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BatchError(_("The JSON is invalid: %(error)s") % {"error": exc}) from exc
        if isinstance(data, dict):
            data = data.get("reports")
        if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
            raise BatchError(_('The JSON must be a list of reports or {"reports": [...]}.'))
        return data
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    except csv.Error as exc:  # e.g. a bare carriage return inside an unquoted field
        raise BatchError(_("The CSV is malformed: %(error)s") % {"error": exc}) from exc
    if not rows:
        raise BatchError(_("The CSV has no header row or no reports."))
    missing = [name for name in REQUIRED if name not in rows[0]]
    if missing:
        raise BatchError(_("The CSV lacks the columns: %(columns)s") % {"columns": ", ".join(missing)})
    return rows


def _text(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    return "" if value is None else without_nul(str(value)).strip()


def _flag(item: dict[str, Any], key: str) -> bool:
    value = item.get(key)
    if isinstance(value, bool):
        return value
    text = _text(item, key).lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValueError(_("%(field)s must be true or false") % {"field": key})


def _number(item: dict[str, Any], key: str) -> float | None:
    text = _text(item, key)
    if not text:
        return None
    try:
        return float(text)
    except ValueError as exc:
        raise ValueError(_("%(field)s is not a number") % {"field": key}) from exc


def parse(content: bytes, filename: str) -> tuple[list[Record], list[RecordError]]:
    """Return the valid records and the errors of the others (a bad record never stops the batch)."""
    records, errors = [], []
    items = read(content, filename)
    is_csv = not (filename.lower().endswith(".json") or content.lstrip(b"\xef\xbb\xbf \r\n\t").startswith((b"[", b"{")))
    for position, item in enumerate(items, start=1):
        line = position + 1 if is_csv else position  # CSV: the header is line 1
        ref = _text(item, "external_ref")
        try:
            missing = [key for key in REQUIRED if not _text(item, key)]
            if missing:
                raise ValueError(_("missing: %(fields)s") % {"fields": ", ".join(missing)})
            created = _text(item, "created_at")
            created_at = parse_datetime(created) if created else None
            if created and (created_at is None or created_at.tzinfo is None):
                raise ValueError(_("created_at must be an ISO 8601 time with its offset"))
            records.append(
                Record(
                    line=line, external_ref=ref[:100], title=_text(item, "title")[:200],
                    description=_text(item, "description"), created_at=created_at,
                    category=_text(item, "category"), subcategory=_text(item, "subcategory"),
                    reporter_name=_text(item, "reporter_name")[:200],
                    reporter_email=_text(item, "reporter_email")[:254],
                    reporter_phone=_text(item, "reporter_phone")[:30], anonymous=_flag(item, "anonymous"),
                    confidential=_flag(item, "confidential"), address=_text(item, "address")[:300],
                    lat=_number(item, "lat"), lng=_number(item, "lng"),
                )
            )  # fmt: skip
        except ValueError as exc:
            errors.append(RecordError(line, ref, str(exc)))
    return records, errors


def write(rows: list[dict[str, Any]], fmt: str) -> bytes:
    """Serialise export rows as JSON ({"reports": [...]}) or CSV."""
    if fmt == "json":
        return json.dumps({"reports": rows}, ensure_ascii=False, indent=1, default=str).encode()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else row[k]) for k in EXPORT_FIELDS})
    return out.getvalue().encode()
