"""A process killed right after committing a change still gets its message out (transactional outbox).

The outbox row is written in the same transaction as the case event, so the
kill can only lose the queued job, never the row: the next worker's re-drive
finds the row and sends it.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import pytest
from django.db import connection

from sigap.complaints.models import Complaint
from sigap.notifications.models import Kind, Notification, State
from sigap.notifications.tests.servers import smtp_server
from sigap.notifications.tests.test_worker import (  # noqa: F401 - the fixture restores the reference data
    ROOT,
    City,
    _leave_the_reference_data,
    _start_worker,
    _worker_env,
    wait_for,
)
from sigap.test import Personas

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.slow]

# Files a complaint, and dies (SIGKILL) the moment its transaction has committed: before any
# on-commit work of the application (queueing the delivery jobs) could run.
SUBMIT_AND_DIE = textwrap.dedent(
    """
    import os, signal, sys
    import django
    django.setup()
    from django.db import transaction
    from sigap.complaints.services import ReporterDetails, Submission, complaint_submit
    from sigap.organisations.models import Jurisdiction

    with transaction.atomic():
        transaction.on_commit(lambda: os.kill(os.getpid(), signal.SIGKILL))
        complaint_submit(
            submission=Submission(
                jurisdiction=Jurisdiction.objects.get(pk=int(sys.argv[1])),
                title="Lampu jalan mati",
                description="Lampu penerangan jalan mati sejak seminggu, rawan kejahatan.",
                reporter=ReporterDetails(name="Ani", email="ani@example.id"),
            )
        )
    print("not killed")
    """
)


@pytest.mark.postgres_only
def test_a_process_killed_right_after_the_commit_still_sends_the_acknowledgement(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the killed process needs a database it can open: runs in the PostgreSQL pass")
    city = City()
    Personas.build(city)
    with smtp_server() as (mailbox, port), open(tmp_path / "worker.log", "ab") as log:
        env = {**_worker_env(tmp_path, port), "PYTHONPATH": str(ROOT)}
        script = tmp_path / "submit_and_die.py"
        script.write_text(SUBMIT_AND_DIE)
        done = subprocess.run(
            [sys.executable, str(script), str(city.city.pk)], cwd=ROOT, env=env, capture_output=True, timeout=120
        )
        assert done.returncode == -signal.SIGKILL, done.stderr.decode()[-2000:]
        complaint = Complaint.objects.get(title="Lampu jalan mati")
        # The row was committed with the complaint, although nothing was queued.
        row = Notification.objects.get(complaint=complaint, kind=Kind.ACKNOWLEDGEMENT)
        assert row.state == State.PENDING
        assert mailbox.messages == []

        # A worker starts (as after a restart); its start-up re-drive finds the row and sends it.
        worker = _start_worker(env, log)
        try:
            assert wait_for(lambda: len(mailbox.messages) == 1, timeout=90), (tmp_path / "worker.log").read_text()
            assert wait_for(lambda: Notification.objects.get(pk=row.pk).state == State.SENT, timeout=30)
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=20)
    assert mailbox.messages[0]["To"] == "ani@example.id"
    assert complaint.tracking_code in mailbox.messages[0].get_content()
