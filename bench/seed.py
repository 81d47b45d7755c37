"""Seed (or top up) the per-size benchmark databases; the other benchmarks call the same step themselves.

.venv/bin/python bench/seed.py --sizes 10k,100k,1m
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

import harness


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10k,100k,1m", help="complaints per database: 10k, 100k, 1m or numbers")
    args = parser.parse_args()
    sizes = harness.parse_sizes(args.sizes)
    if len(sizes) > 1:  # Django binds one database per process
        for size in sizes:
            subprocess.run([sys.executable, __file__, "--sizes", str(size)], check=True)
        return
    size = sizes[0]
    name = harness.database_name(size)
    print(f"{name}: seeding to {size:,} complaints", flush=True)
    started = time.monotonic()
    harness.use_database(name)
    harness.seed_to(size)
    print(f"{name}: ready in {time.monotonic() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
