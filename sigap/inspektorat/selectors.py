"""The Inspektorat's view of every OPD's follow-up, computed with a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from sigap.accounts.models import Role
from sigap.accounts.principal import Principal
from sigap.complaints.models import Complaint
from sigap.complaints.workflow import OPEN, Status
from sigap.dashboards.metrics import on_time_rate
from sigap.maladministration.models import ClassifiedForm
from sigap.organisations.models import Jurisdiction, Opd
from sigap.skm.selectors import Period
from sigap.sla.deadlines import due_soon_threshold

POOR_RATING = 2  # ratings of 1–2 (of 5) count as poorly rated
LIST_SIZE = 10


def monitoring_jurisdictions(principal: Principal) -> QuerySet[Jurisdiction]:
    """Jurisdictions whose follow-up the user monitors: the Inspektorat's and the regional leader's."""
    return Jurisdiction.objects.filter(
        pk__in=principal.jurisdictions_with(Role.INSPEKTORAT, Role.LEADER), is_active=True
    )


def may_request_explanation(principal: Principal, jurisdiction_id: int) -> bool:
    return principal.has_role(Role.INSPEKTORAT, jurisdiction_id=jurisdiction_id)


def opd_for_monitor(*, principal: Principal, pk: int) -> Opd:
    try:
        return Opd.objects.select_related("jurisdiction").get(
            pk=pk, jurisdiction__in=monitoring_jurisdictions(principal)
        )
    except Opd.DoesNotExist as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class OpdRow:
    opd: Opd
    received: int
    open: int
    due_soon: int
    overdue: int
    reopened: int
    rated: int
    poorly_rated: int

    @property
    def overdue_pct(self) -> float:
        return round(100 * self.overdue / self.open, 1) if self.open else 0.0


def followup_by_opd(jurisdictions: list[Jurisdiction], now: datetime | None = None) -> list[OpdRow]:
    """One row per OPD of the jurisdictions, worst overdue share first."""
    now = now or timezone.now()
    soon = Q(pk__in=[])
    for jurisdiction in jurisdictions:
        soon |= Q(jurisdiction=jurisdiction, due_at__lte=due_soon_threshold(jurisdiction=jurisdiction, now=now))
    is_open = Q(status__in=sorted(OPEN))
    stats = {
        row["opd_id"]: row
        for row in Complaint.objects.filter(jurisdiction__in=jurisdictions, opd__isnull=False)
        .order_by()
        .values("opd_id")
        .annotate(
            received=Count("id"),
            open=Count("id", filter=is_open),
            overdue=Count("id", filter=is_open & Q(due_at__lt=now)),
            due_soon=Count("id", filter=is_open & Q(due_at__gte=now) & soon),
            reopened=Count("id", filter=Q(reopen_count__gt=0)),
            rated=Count("id", filter=Q(rating__isnull=False)),
            poorly_rated=Count("id", filter=Q(rating__lte=POOR_RATING)),
        )
    }
    rows = []
    for opd in Opd.objects.filter(jurisdiction__in=jurisdictions, is_active=True).select_related("jurisdiction"):
        s = stats.get(opd.pk, {})
        rows.append(
            OpdRow(
                opd,
                s.get("received", 0),
                s.get("open", 0),
                s.get("due_soon", 0),
                s.get("overdue", 0),
                s.get("reopened", 0),
                s.get("rated", 0),
                s.get("poorly_rated", 0),
            )
        )
    return sorted(rows, key=lambda r: (-r.overdue_pct, -r.overdue, -r.open, r.opd.name))


def _cases(jurisdictions: list[Jurisdiction]) -> QuerySet[Complaint]:
    return Complaint.objects.filter(jurisdiction__in=jurisdictions, opd__isnull=False).select_related(
        "opd", "jurisdiction"
    )


def slowest_open(jurisdictions: list[Jurisdiction]) -> list[Complaint]:
    """Open cases held by an OPD the longest."""
    return list(_cases(jurisdictions).filter(status__in=sorted(OPEN)).order_by("created_at", "id")[:LIST_SIZE])


def most_reopened(jurisdictions: list[Jurisdiction]) -> list[Complaint]:
    return list(_cases(jurisdictions).filter(reopen_count__gt=0).order_by("-reopen_count", "-updated_at")[:LIST_SIZE])


def poorly_rated(jurisdictions: list[Jurisdiction]) -> list[Complaint]:
    return list(_cases(jurisdictions).filter(rating__lte=POOR_RATING).order_by("rating", "-rated_at")[:LIST_SIZE])


@dataclass(frozen=True)
class MonthRow:
    month: datetime
    received: int
    answered: int
    answered_on_time: int
    closed: int
    late_open: int = 0


@dataclass(frozen=True)
class Evaluation:
    opd: Opd
    period: Period
    months: list[MonthRow]
    ratings: dict[int, int]
    forms: list[tuple[str, int]]
    totals: dict[str, int]

    @property
    def on_time_pct(self) -> float | None:
        """Answered on time, with open cases past their deadline counted late (as on every page)."""
        return on_time_rate(
            on_time=self.totals.get("answered_on_time", 0),
            finished=self.totals.get("answered", 0),
            late_open=self.totals.get("late_open", 0),
        )


def evaluation(opd: Opd, period: Period) -> Evaluation:
    """The periodic evaluation of one OPD: monthly flow, timeliness, ratings, forms of maladministration."""
    from sigap.maladministration.kinds import Kind

    start, end = period.bounds(opd.jurisdiction)
    cases = Complaint.objects.filter(opd=opd, created_at__gte=start, created_at__lt=end)
    answered = Q(answered_at__isnull=False)
    on_time = answered & (Q(completion_due_at__isnull=True) | Q(answered_at__lte=F("completion_due_at")))
    late_open = Q(answered_at__isnull=True, status__in=sorted(OPEN), completion_due_at__lt=timezone.now())
    monthly = (
        cases.order_by()
        .annotate(month=TruncMonth("created_at", tzinfo=opd.jurisdiction.zone))
        .values("month")
        .annotate(
            received=Count("id"),
            answered=Count("id", filter=Q(answered_at__isnull=False)),
            answered_on_time=Count("id", filter=on_time),
            closed=Count("id", filter=Q(status=Status.CLOSED)),
            late_open=Count("id", filter=late_open),
        )
        .order_by("month")
    )
    months = [
        MonthRow(r["month"], r["received"], r["answered"], r["answered_on_time"], r["closed"], r["late_open"])
        for r in monthly
    ]
    ratings = dict(cases.filter(rating__isnull=False).order_by().values_list("rating").annotate(n=Count("id")))
    forms = (
        ClassifiedForm.objects.filter(classification__complaint__in=cases)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("id"))
    )
    totals = {
        "received": sum(m.received for m in months),
        "answered": sum(m.answered for m in months),
        "answered_on_time": sum(m.answered_on_time for m in months),
        "closed": sum(m.closed for m in months),
        "late_open": sum(m.late_open for m in months),
        "reopened": cases.filter(reopen_count__gt=0).count(),
    }
    return Evaluation(
        opd=opd,
        period=period,
        months=months,
        ratings={stars: ratings.get(stars, 0) for stars in range(1, 6)},
        forms=sorted(((str(Kind(k).label), n) for k, n in forms), key=lambda x: -x[1]),
        totals=totals,
    )
