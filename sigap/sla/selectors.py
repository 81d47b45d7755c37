"""Reads of deadline data for display."""

from __future__ import annotations

from django.db.models import QuerySet

from sigap.sla.models import Stage, TimeLimit

# Stages a citizen cares about, in the order a complaint meets them.
PUBLIC_STAGES = [Stage.VERIFICATION, Stage.FIRST_RESPONSE, Stage.COMPLETION, Stage.REPORTER_RESPONSE]


def default_time_limits() -> list[TimeLimit]:
    rows: QuerySet[TimeLimit] = TimeLimit.objects.filter(jurisdiction__isnull=True, stage__in=PUBLIC_STAGES)
    by_stage = {row.stage: row for row in rows}
    return [by_stage[stage] for stage in PUBLIC_STAGES if stage in by_stage]
