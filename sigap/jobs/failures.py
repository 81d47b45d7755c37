"""Record every job that ends in failure, whichever app it belongs to."""

from __future__ import annotations

import logging
from typing import Any

from django.utils import timezone
from django_tasks.base import TaskResult, TaskResultStatus

from sigap.jobs.models import JobFailure

logger = logging.getLogger(__name__)


def record_failure(sender: Any, task_result: TaskResult, **kwargs: Any) -> None:
    """Keep a row for a failed job (the row, not the log, is what administrators review)."""
    if task_result.status != TaskResultStatus.FAILED:
        return
    last = task_result.errors[-1] if task_result.errors else None
    traceback = last.traceback if last else ""
    try:
        JobFailure.objects.create(
            task_path=task_result.task.module_path[:200],
            task_id=str(task_result.id)[:64],
            arguments=[list(task_result.args), dict(task_result.kwargs)],
            error=(traceback.strip().splitlines()[-1] if traceback.strip() else "")[:300],
            traceback=traceback,
            failed_at=timezone.now(),
        )
    except Exception:  # recording must never hide the job's own failure
        logger.exception("could not record the failure of job %s", task_result.id)
