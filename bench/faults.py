"""Complaint intake under faults, the long run: many clients file while the app, the job consumer and
PostgreSQL crash, and every reporter must get exactly one acknowledgement e-mail.

    .venv/bin/python bench/faults.py --complaints 3000 --clients 24

Starts its own PostgreSQL cluster (initdb/pg_ctl from SIGAP_PG_BIN, default the Debian path) in a
temporary directory on `--pg-port`, migrates it, runs gunicorn with `--workers` processes on a free
loopback port in 8200-8299, the job consumer (`manage.py run_huey`) and an SMTP server on the
loopback. While the clients file `--complaints` complaints (a share `--open311` of them as plain
Open311 clients that resend the same form without any key, the rest through the REST API with an
Idempotency-Key; every one with a reporter e-mail) it SIGKILLs workers, kills and restarts the whole
app, kills and restarts the consumer and crash-restarts PostgreSQL, and workers die right after a
filing commits with probability `--kill-after-commit`. Prints the counts; exits 1 if anything
acknowledged was lost, anything was filed twice, an acknowledgement e-mail is missing or came twice,
or an error answer was not in its endpoint's shape. Nothing outside the loopback is contacted, and the
filing stops by itself after `--max-seconds`. The suite runs the same code in a short form
(sigap/api/tests/test_intake_faults.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# The repository instead of bench/ on the path: bench/public.py would shadow the `public` module that
# aiosmtpd (the run's SMTP server) imports.
sys.path.pop(0)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sigap.api.tests.faults import postgres_available, run_faults


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--complaints", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=24)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--max-seconds", type=float, default=900)
    parser.add_argument(
        "--chaos-every", type=float, nargs=2, default=(0.4, 1.2), metavar=("MIN", "MAX"),
        help="seconds between two faults (uniformly drawn)",
    )  # fmt: skip
    parser.add_argument("--open311", type=float, default=0.5, help="share of plain Open311 clients (0-1)")
    parser.add_argument(
        "--kill-after-commit", type=float, default=0.03, metavar="P",
        help="chance that a worker dies right after a filing commits",
    )  # fmt: skip
    parser.add_argument("--pg-port", type=int, default=None, help="default: the first free port from 55433")
    args = parser.parse_args()
    if not postgres_available():
        raise SystemExit("PostgreSQL's initdb/pg_ctl not found (set SIGAP_PG_BIN)")
    counts = run_faults(
        complaints=args.complaints,
        clients=args.clients,
        workers=args.workers,
        max_seconds=args.max_seconds,
        chaos_every=tuple(args.chaos_every),
        open311_share=args.open311,
        kill_after_commit=args.kill_after_commit,
        pg_port=args.pg_port,
        log=lambda line: print(line, flush=True),
    )
    print(counts.table())
    for problem in counts.problems:
        print("problem:", problem)
    failed = counts.lost or counts.duplicated or counts.missing_emails or counts.duplicate_emails or counts.problems
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
