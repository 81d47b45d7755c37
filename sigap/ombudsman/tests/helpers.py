"""Build Ombudsman reports for tests through the real services."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sigap.ombudsman.models import Report
from sigap.ombudsman.services import ReporterIdentity, report_receive, report_record_checks

FULL_IDENTITY = ReporterIdentity(
    name="Rina Kurniasih",
    birth="Pasuruan, 12 Mei 1988",
    marital_status="Kawin",
    occupation="Pedagang",
    address="Jl. Hayam Wuruk 10, Pasuruan",
    contact="0812000111",
)


def receive(t: Any, *, now: datetime | None = None, incident_date: date | None = date(2026, 1, 5), **kw: Any) -> Report:
    fields: dict[str, Any] = {
        "office": t.ombudsman_office,
        "jurisdiction": t.city,
        "opd": t.opd_a,
        "title": "Izin bangunan tidak diproses",
        "description": "Permohonan PBG sejak tiga bulan tidak diproses tanpa penjelasan.",
        "reporter": FULL_IDENTITY,
        "incident_date": incident_date,
        "prior_complaint": "Sudah mengadu ke DPUPR pada 10 Januari 2026.",
        "actor": t.ombudsman,
        "now": now,
    }
    fields.update(kw)
    return report_receive(**fields)


def verified(t: Any, report: Report) -> Report:
    return report_record_checks(
        report=report,
        checks={"description_detailed": True, "prior_complaint_made": True, "within_authority": True,
                "not_already_handled": True},
        actor=t.ombudsman,
    )  # fmt: skip
