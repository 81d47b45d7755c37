"""Flag the OPD and services whose complaints or survey results cross a threshold.

Each metric is one grouped query over the jurisdictions asked about, so a
dashboard costs the same few queries for 5 OPD or 500. Thresholds are rows of
WarningThreshold: a jurisdiction's own row wins over the default.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from sigap.complaints.models import Complaint
from sigap.complaints.workflow import OPEN
from sigap.maladministration.kinds import Kind
from sigap.maladministration.models import ClassifiedForm
from sigap.organisations.models import Opd, Service
from sigap.oversight.models import Metric, WarningThreshold


@dataclass(frozen=True)
class Flag:
    jurisdiction_id: int
    opd: Opd | None
    service: Service | None
    metric: Metric
    detail: str
    value: Decimal
    threshold: Decimal
    cases: int

    @property
    def subject(self) -> str:
        return str(self.service or self.opd)


def thresholds_for(jurisdiction_ids: Iterable[int]) -> dict[tuple[int, str], WarningThreshold]:
    """Return {(jurisdiction_id, metric): row}, the jurisdiction's own row or the default."""
    ids = list(jurisdiction_ids)
    rows = list(WarningThreshold.objects.filter(Q(jurisdiction__isnull=True) | Q(jurisdiction_id__in=ids)))
    chosen: dict[tuple[int, str], WarningThreshold] = {}
    for jid in ids:
        for metric in Metric.values:
            own = [r for r in rows if r.metric == metric and r.jurisdiction_id == jid]
            default = [r for r in rows if r.metric == metric and r.jurisdiction_id is None]
            if own or default:
                chosen[(jid, metric)] = (own or default)[0]
    return chosen


def _pct(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def early_warnings(
    *, jurisdiction_ids: Iterable[int], opd_ids: Iterable[int] | None = None, now: datetime | None = None
) -> list[Flag]:
    """Return the flags for the given jurisdictions (optionally only some OPD), worst first per metric."""
    from sigap.skm.models import SurveyResponse
    from sigap.skm.sampling import sample_adequate, sample_table
    from sigap.skm.selectors import ikm_grouped, method_for

    now = now or timezone.now()
    jids = sorted(set(jurisdiction_ids))
    if not jids:
        return []
    limits = thresholds_for(jids)
    opd_filter = Q() if opd_ids is None else Q(opd_id__in=list(opd_ids))
    opd_q = Q(jurisdiction_id__in=jids) if opd_ids is None else Q(jurisdiction_id__in=jids, pk__in=list(opd_ids))
    opds = {o.pk: o for o in Opd.objects.filter(opd_q)}
    flags: list[Flag] = []

    def limit(jid: int, metric: Metric) -> WarningThreshold | None:
        return limits.get((jid, metric))

    def since(metric: Metric) -> datetime:
        windows = [limits[(j, metric)].window_days for j in jids if (j, metric) in limits]
        return now - timedelta(days=max(windows or [90]))

    complaints = Complaint.objects.filter(opd_filter, jurisdiction_id__in=jids, opd__isnull=False)

    # Complaints per OPD and form of maladministration.
    forms = (
        ClassifiedForm.objects.filter(
            classification__complaint__in=complaints.filter(created_at__gte=since(Metric.MALADMINISTRATION))
        )
        .values("classification__complaint__opd_id", "classification__complaint__jurisdiction_id", "kind")
        .annotate(n=Count("id"))
    )
    for row in forms:
        jid, oid = row["classification__complaint__jurisdiction_id"], row["classification__complaint__opd_id"]
        rule = limit(jid, Metric.MALADMINISTRATION)
        if rule and row["n"] >= rule.value and oid in opds:
            flags.append(
                Flag(
                    jid,
                    opds[oid],
                    None,
                    Metric.MALADMINISTRATION,
                    str(Kind(row["kind"]).label),
                    Decimal(row["n"]),
                    rule.value,
                    row["n"],
                )
            )

    # Reopen rate among complaints answered in the window.
    answered = (
        complaints.filter(answered_at__gte=since(Metric.REOPEN_RATE))
        .values("jurisdiction_id", "opd_id")
        .annotate(n=Count("id"), reopened=Count("id", filter=Q(reopen_count__gt=0)))
    )
    for row in answered:
        rule = limit(row["jurisdiction_id"], Metric.REOPEN_RATE)
        if rule and row["n"] >= rule.min_cases and row["opd_id"] in opds:
            rate = _pct(row["reopened"], row["n"])
            if rate >= rule.value:
                flags.append(
                    Flag(
                        row["jurisdiction_id"],
                        opds[row["opd_id"]],
                        None,
                        Metric.REOPEN_RATE,
                        "",
                        rate,
                        rule.value,
                        row["n"],
                    )
                )

    # Overdue share of the open cases each OPD holds now.
    held = (
        complaints.filter(status__in=sorted(OPEN))
        .values("jurisdiction_id", "opd_id")
        .annotate(n=Count("id"), overdue=Count("id", filter=Q(due_at__lt=now)))
    )
    for row in held:
        rule = limit(row["jurisdiction_id"], Metric.OVERDUE_RATE)
        if rule and row["n"] >= rule.min_cases and row["opd_id"] in opds:
            rate = _pct(row["overdue"], row["n"])
            if rate >= rule.value:
                flags.append(
                    Flag(
                        row["jurisdiction_id"],
                        opds[row["opd_id"]],
                        None,
                        Metric.OVERDUE_RATE,
                        "",
                        rate,
                        rule.value,
                        row["n"],
                    )
                )

    # IKM per service in the window, with each jurisdiction's own IKM method.
    table = sample_table()
    for jid in jids:
        rule = limit(jid, Metric.IKM_BELOW)
        if rule is None:
            continue
        responses = SurveyResponse.objects.filter(
            opd_filter,
            jurisdiction_id=jid,
            service__isnull=False,
            submitted_at__gte=now - timedelta(days=rule.window_days),
        )
        method = method_for(jid)
        results = ikm_grouped(responses, "service", method)
        # PermenPANRB 14/2017: an IKM only counts on an adequate sample for the unit's yearly population
        # (Krejcie–Morgan); a unit whose population is not set is judged by min_cases alone.
        per_unit = ikm_grouped(responses, "unit", method)
        services = Service.objects.select_related("unit").in_bulk([pk for pk in results if pk is not None])
        for service_id, result in results.items():
            service = services.get(service_id or 0)
            if service is None or result.respondents < rule.min_cases or result.score >= rule.value:
                continue
            unit_sample = per_unit.get(service.unit_id)
            unit_respondents = unit_sample.respondents if unit_sample else result.respondents
            if sample_adequate(unit_respondents, service.unit.yearly_population, table) is False:
                continue
            flags.append(
                Flag(
                    jid,
                    opds.get(service.unit.opd_id),
                    service,
                    Metric.IKM_BELOW,
                    result.grade,
                    result.score,
                    rule.value,
                    result.respondents,
                )
            )
    order = {m: i for i, m in enumerate(Metric.values)}
    return sorted(flags, key=lambda f: (order[f.metric], f.subject))
