"""The app as gunicorn serves it, plus one fault for `faults.py`: death right after a filing commits.

With probability `SIGAP_FAULTS_KILL_AFTER_COMMIT` (and always for the run's first filing) a worker
that creates a complaint SIGKILLs itself the moment the filing's transaction has committed: the
complaint, its idempotency record and its outbox rows are stored, but the client gets no answer and
nothing of the app's own on-commit work runs (queueing the acknowledgement's delivery job is
registered later in the transaction, so it comes after this). Each such death appends a line to
`SIGAP_FAULTS_KILL_LOG`. Used only by the fault test; production serves `sigap.wsgi`.
"""

from __future__ import annotations

import os
import random
import signal
from typing import Any

from sigap.wsgi import application

from django.db import transaction  # isort: skip (after sigap.wsgi, which sets Django up)
from django.db.models.signals import post_save  # isort: skip

from sigap.complaints.models import Complaint  # isort: skip

__all__ = ["application"]

CHANCE = float(os.environ.get("SIGAP_FAULTS_KILL_AFTER_COMMIT") or 0)
KILL_LOG = os.environ.get("SIGAP_FAULTS_KILL_LOG", "")


def _die() -> None:
    if KILL_LOG:
        fd = os.open(KILL_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.write(fd, f"{os.getpid()}\n".encode())
        os.close(fd)
    os.kill(os.getpid(), signal.SIGKILL)


def _maybe_die_after_commit(sender: type[Complaint], instance: Complaint, created: bool, **kwargs: Any) -> None:
    # The run's first filing always dies (no line in the log yet), so every run, however few filings a
    # loaded machine lets through, meets this fault at least once; later ones die by chance.
    first = bool(KILL_LOG) and CHANCE > 0 and not os.path.exists(KILL_LOG)
    if created and (first or random.random() < CHANCE):
        transaction.on_commit(_die)


post_save.connect(_maybe_die_after_commit, sender=Complaint, weak=False)
