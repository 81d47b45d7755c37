"""The job queue for real: a huey consumer (not immediate mode) runs the jobs from an SQLite queue."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator

import pytest
from django.test import override_settings
from huey.contrib.djhuey import HUEY
from huey.storage import SqliteStorage

from sigap.notifications.models import Kind, Notification, State
from sigap.notifications.tasks import deliver
from sigap.notifications.tests.servers import smtp_server
from sigap.test import Personas

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.slow]


@pytest.fixture(scope="module", autouse=True)
def _leave_the_reference_data(django_db_blocker) -> Iterator[None]:
    """Put the migrations' data (time limits …) back after this module's flush.

    A transactional test ends by emptying every table; later tests that use
    an event loop (the browser test) cannot restore it themselves.
    """
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            connection.creation.deserialize_db_from_string(contents)


@pytest.fixture
def consumer(tmp_path) -> Iterator[object]:
    """Switch huey from immediate mode to a queue file and run a consumer with two worker threads."""
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    HUEY.immediate = False
    HUEY.storage = SqliteStorage(HUEY.name, filename=str(tmp_path / "queue.sqlite3"))
    worker = HUEY.create_consumer(workers=2, worker_type="thread", periodic=False, initial_delay=0.05, max_delay=0.2)
    worker.start()
    try:
        yield worker
    finally:
        worker.stop(graceful=True)
        HUEY.immediate = True
        for number, handler in handlers.items():
            signal.signal(number, handler)


def wait_for(condition, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


class City:
    pass


def test_the_worker_sends_the_acknowledgement_and_a_rerun_sends_nothing_twice(consumer):
    from sigap.complaints.services import ReporterDetails, Submission, complaint_submit

    city = City()
    Personas.build(city)
    with (
        smtp_server() as (mailbox, port),
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            SIGAP_SEND_EMAIL=True,
        ),
    ):
        complaint, _ = complaint_submit(
            submission=Submission(
                jurisdiction=city.city,
                title="Lampu jalan mati",
                description="Lampu penerangan jalan mati sejak seminggu, rawan kejahatan.",
                reporter=ReporterDetails(name="Ani", email="ani@example.id"),
            )
        )
        # The request returned before anything was sent: the job is in the queue, not run inline.
        assert wait_for(lambda: len(mailbox.messages) == 1), "the worker did not send the e-mail"
        row = Notification.objects.get(complaint=complaint, kind=Kind.ACKNOWLEDGEMENT)
        assert wait_for(lambda: Notification.objects.get(pk=row.pk).state == State.SENT)

        # The same job again (a retry, or a duplicate from the re-drive) finds the row sent.
        result = deliver.enqueue(row.pk)
        assert wait_for(lambda: deliver.get_backend().get_result(result.id).status == "SUCCESSFUL")
        finished = deliver.get_backend().get_result(result.id)
        assert finished.return_value is False
        assert finished.worker_ids, "run by a consumer's worker, not inline"
        time.sleep(0.3)
        assert len(mailbox.messages) == 1
        assert mailbox.messages[0]["To"] == "ani@example.id"
