"""The deadline sweeps run as periodic jobs of the job worker."""

from __future__ import annotations

from unittest import mock

from django.test import SimpleTestCase
from huey.contrib.djhuey import HUEY

from sigap.ombudsman import tasks as ombudsman_tasks
from sigap.oversight import tasks as oversight_tasks


class PeriodicJobTest(SimpleTestCase):
    def test_both_sweeps_are_registered_as_periodic_tasks(self):
        periodic = {type(task) for task in HUEY._registry.periodic_tasks}
        self.assertIn(oversight_tasks.sweep_request_deadlines.task_class, periodic)
        self.assertIn(ombudsman_tasks.sweep_report_deadlines.task_class, periodic)

    def test_each_job_calls_its_sweep(self):
        with mock.patch("sigap.oversight.services.requests_sweep", autospec=True) as requests_sweep:
            oversight_tasks.sweep_request_deadlines.call_local()
        requests_sweep.assert_called_once_with()
        with mock.patch("sigap.ombudsman.services.reports_sweep", autospec=True) as reports_sweep:
            ombudsman_tasks.sweep_report_deadlines.call_local()
        reports_sweep.assert_called_once_with()
