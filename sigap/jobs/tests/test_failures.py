"""A failed job, whatever its app, leaves a row administrators can review."""

from __future__ import annotations

import contextlib

from django.contrib.admin.sites import site
from django.test import TestCase
from django_tasks import task

from sigap.jobs.models import JobFailure


@task()
def broken_job(case_id: int) -> None:
    raise RuntimeError(f"case {case_id} could not be processed")


@task()
def healthy_job() -> int:
    return 1


class FailureTest(TestCase):
    def test_a_failing_job_is_recorded_with_its_error_and_arguments(self):
        # huey's immediate mode (tests) re-raises; the worker logs and carries on
        with self.captureOnCommitCallbacks(execute=True), contextlib.suppress(RuntimeError):
            broken_job.enqueue(42)
        failure = JobFailure.objects.get()
        self.assertEqual(failure.task_path, "sigap.jobs.tests.test_failures.broken_job")
        self.assertEqual(failure.arguments, [[42], {}])
        self.assertIn("case 42 could not be processed", failure.error)
        self.assertIn("RuntimeError", failure.traceback)

    def test_a_successful_job_leaves_nothing(self):
        with self.captureOnCommitCallbacks(execute=True):
            healthy_job.enqueue()
        self.assertFalse(JobFailure.objects.exists())

    def test_failures_are_listed_for_system_administrators(self):
        self.assertIn(JobFailure, site._registry)
