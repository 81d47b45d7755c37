"""Keep the figures there: a jurisdiction never computed gets its first computation queued."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache

from sigap.dashboards.models import RollupState


def figures_ensure(*, jurisdiction_ids: Iterable[int]) -> list[int]:
    """Queue the first computation for jurisdictions that have none yet; return those queued.

    The periodic job keeps figures current afterwards. A cache mark stops a
    busy page from queueing the same job on every view while it runs.
    """
    from sigap.dashboards.tasks import refresh_figures

    wanted = set(jurisdiction_ids)
    done = set(RollupState.objects.filter(jurisdiction_id__in=wanted).values_list("jurisdiction_id", flat=True))
    queued = []
    for pk in sorted(wanted - done):
        if cache.add(f"figures-queued:{pk}", True, timeout=600):
            refresh_figures.enqueue(pk)
            queued.append(pk)
    return queued
