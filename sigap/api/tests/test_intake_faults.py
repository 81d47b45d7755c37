"""Filing through the REST API and Open311 survives crashes: nothing acknowledged is lost, nothing is
filed twice, every reporter gets exactly one acknowledgement e-mail, every error is in its endpoint's shape.

The short form of `bench/faults.py` (see `faults.py` beside this module for how it works).
"""

from __future__ import annotations

import pytest
from django.db import connection

from sigap.api.tests.faults import postgres_available, run_faults

pytestmark = [pytest.mark.slow, pytest.mark.postgres_only]


def test_no_complaint_or_acknowledgement_is_lost_or_doubled_while_the_app_consumer_and_database_crash():
    # The test brings its own PostgreSQL cluster and never touches the suite's database, so one
    # pass is enough: CI runs it in the PostgreSQL pass, where PostgreSQL's programs are known
    # to be installed and the crash behaviour it checks (recovery from the WAL, the unique index
    # that serialises two requests with one key) is the one production relies on.
    if connection.vendor != "postgresql":
        pytest.skip("runs once, in the PostgreSQL pass of the suite (it starts its own cluster)")
    if not postgres_available():
        pytest.skip("PostgreSQL's initdb and pg_ctl are not installed (set SIGAP_PG_BIN)")
    counts = run_faults(
        complaints=150, clients=10, workers=3, max_seconds=35, chaos_every=(1.5, 3.0), open311_share=0.5,
        kill_after_commit=0.05,
    )  # fmt: skip
    print(counts.table())
    for problem in counts.problems:
        print("problem:", problem)
    assert counts.problems == []
    assert counts.worker_kills and counts.app_kills and counts.db_restarts, "every kind of fault happened"
    assert counts.consumer_kills and counts.kills_after_commit, "the consumer died, and workers right after a commit"
    # Plain Open311 clients (no key, the same bytes again) and REST clients with keys both got through.
    assert counts.acknowledged_open311 > 0
    assert counts.acknowledged - counts.acknowledged_open311 > 0
    assert counts.found_after == counts.acknowledged
    assert counts.lost == 0
    assert counts.duplicated == 0
    # One acknowledgement e-mail per complaint filed, through the real consumer and SMTP.
    assert counts.emails_expected >= counts.acknowledged
    assert counts.missing_emails == 0
    assert counts.duplicate_emails == 0
    # The documented at-least-once window: at most one repeat per consumer death, each worker thread
    # (two per consumer) holding one message between the server's answer and recording it.
    assert counts.resent_emails <= 2 * counts.consumer_kills
