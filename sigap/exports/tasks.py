"""The export job: a thin wrapper, state on the Export row."""

from __future__ import annotations

from django_tasks import task


@task()
def run_export(export_id: str) -> str:
    from sigap.exports.services import export_run

    return export_run(export_id=export_id).state
