"""Run every benchmark that compares against size or load, one after another, and print their tables.

    .venv/bin/python bench/run_all.py [--sizes 10k,100k,1m] [--concurrency 1,8,32] [--only api,scale,sweep]

(`make bench` runs it with the defaults.) Seeds the per-size databases first (only what is missing),
so the later runs reuse them. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10k,100k,1m", help="complaints per database: 10k, 100k, 1m or numbers")
    parser.add_argument("--concurrency", default="1,8,32", help="client threads for the API benchmark")
    parser.add_argument("--only", default="api,scale,sweep", help="which benchmarks to run")
    parser.add_argument("--repeat", default="15", help="timed requests per page (scale)")
    parser.add_argument("--runs", default="5", help="timed runs per situation (sweep)")
    parser.add_argument("--duration", default="10", help="seconds per operation and level (api)")
    args = parser.parse_args()
    only = set(args.only.split(","))
    steps = [
        ("seed", ["seed.py", "--sizes", args.sizes], bool(only & {"scale", "sweep"})),
        ("api", ["api.py", "--concurrency", args.concurrency, "--duration", args.duration], "api" in only),
        ("scale", ["scale.py", "--sizes", args.sizes, "--repeat", args.repeat], "scale" in only),
        ("sweep", ["sweep.py", "--sizes", args.sizes, "--runs", args.runs], "sweep" in only),
    ]
    for name, command, wanted in steps:
        if not wanted:
            continue
        print(f"\n=== {name} ===", flush=True)
        started = time.monotonic()
        subprocess.run([sys.executable, "-u", str(HERE / command[0]), *command[1:]], check=True)
        print(f"=== {name}: {time.monotonic() - started:.0f} s ===", flush=True)


if __name__ == "__main__":
    main()
