"""Reads of Ombudsman reports: only officers of the office overseeing the institution see them.

The report holds the reporter's identity under UU 37/2008 Pasal 24, so no
Pemda role sees it; institutions see only the requests sent to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, QuerySet
from django.http import Http404

from sigap.accounts.models import Role, User
from sigap.accounts.principal import Principal
from sigap.ombudsman.models import Report, ReportEvent
from sigap.ombudsman.workflow import Status
from sigap.organisations.models import Jurisdiction
from sigap.oversight.models import RequestEvent


def is_ombudsman_officer(principal: Principal) -> bool:
    return bool(principal.jurisdictions_with(Role.OMBUDSMAN))


def offices_of(principal: Principal) -> QuerySet[Jurisdiction]:
    return Jurisdiction.objects.filter(
        pk__in=principal.jurisdictions_with(Role.OMBUDSMAN), kind=Jurisdiction.Kind.OMBUDSMAN, is_active=True
    )


def reports_visible_to(principal: Principal) -> QuerySet[Report]:
    return Report.objects.filter(jurisdiction_id__in=principal.ombudsman_jurisdictions).select_related(
        "jurisdiction", "opd", "complaint", "office"
    )


def report_get_for_user(*, principal: Principal, pk: int) -> Report:
    try:
        return reports_visible_to(principal).get(pk=pk)
    except Report.DoesNotExist as exc:
        raise Http404 from exc


def status_counts(principal: Principal) -> dict[str, int]:
    rows = reports_visible_to(principal).order_by().values("status").annotate(n=Count("id"))
    counts = {row["status"]: row["n"] for row in rows}
    return {s.value: counts.get(s.value, 0) for s in Status}


@dataclass(frozen=True)
class TrailItem:
    at: datetime
    title: str
    actor: User | None
    actor_role: str
    body: str
    internal: bool


def report_trail(report: Report) -> list[TrailItem]:
    """The report's audit trail: its own events and those of the requests sent about it, in time order."""
    items = [
        TrailItem(
            e.at,
            (str(e.action and _action_label(e.action)) or e.get_kind_display()),
            e.actor,
            e.actor_role,
            e.body,
            e.kind == ReportEvent.Kind.NOTE,
        )
        for e in report.events.select_related("actor")
    ]
    items += [
        TrailItem(e.at, f"{e.get_kind_display()}: {e.request.subject}", e.actor, e.actor_role, e.body, False)
        for e in RequestEvent.objects.filter(request__report=report).select_related("actor", "request")
    ]
    return sorted(items, key=lambda i: i.at)


def _action_label(action: str) -> str:
    from sigap.ombudsman.workflow import Action

    return str(Action(action).label) if action in Action.values else action
