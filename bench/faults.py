"""Complaint intake under faults, the long run: many clients file while the app and PostgreSQL crash.

    .venv/bin/python bench/faults.py --complaints 3000 --clients 24

Starts its own PostgreSQL cluster (initdb/pg_ctl from SIGAP_PG_BIN, default the Debian path) in a
temporary directory on `--pg-port`, migrates it, runs gunicorn with `--workers` processes on a free
loopback port in 8200-8299, and while the clients file `--complaints` complaints (each with its own
Idempotency-Key, retried with the same key until acknowledged) SIGKILLs workers, kills and restarts
the whole app and crash-restarts PostgreSQL. Prints the counts; exits 1 if anything acknowledged was
lost or anything was filed twice. Nothing outside the loopback is contacted, and the run stops by
itself after `--max-seconds`. The suite runs the same code in a short form
(sigap/api/tests/test_intake_faults.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

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
        pg_port=args.pg_port,
        log=lambda line: print(line, flush=True),
    )
    print(counts.table())
    for problem in counts.problems:
        print("problem:", problem)
    sys.exit(1 if counts.lost or counts.duplicated or counts.problems else 0)


if __name__ == "__main__":
    main()
