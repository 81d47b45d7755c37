"""Benchmark the dashboards and the public statistics page at scale, with queries per page.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_bench
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_demo --complaints 1000000
    .venv/bin/python manage.py rollups_rebuild
    .venv/bin/python bench/dashboards.py [--repeat 20]

Each page is requested through Django's test client (the whole view, template
and middleware, no network) for every role's demo account. Prints p50/p95 and
the number of SQL queries per page.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sigap.settings")

import django
import harness

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from sigap.accounts.models import User  # noqa: E402
from sigap.complaints.models import Complaint  # noqa: E402
from sigap.dashboards.models import DailyStat  # noqa: E402
from sigap.test import Client  # noqa: E402  (force_login passes the second factor, as staff do)

PAGES = [
    ("admin.pengaduan", "/staf/dasbor/"),
    ("admin.pengaduan", "/staf/dasbor/?bulan=3"),
    ("kepala.dpupr", "/staf/dasbor/"),
    ("inspektorat", "/staf/dasbor/"),
    ("ombudsman.jatim", "/staf/dasbor/"),
    ("walikota", "/staf/dasbor/"),
    ("walikota", "/staf/dasbor/peta.json"),
    (None, "/statistik/"),
    (None, "/statistik/kota-pasuruan/peta.json"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"complaints: {Complaint.objects.count():,}  daily figure rows: {DailyStat.objects.count():,}  "
          f"database: {connection.vendor}")  # fmt: skip
    print(f"{'user':<16} {'page':<36} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8}")
    everything: list[float] = []
    for username, url in PAGES:
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        # Read now: the log is cleared at the start of every later request.
        queries = len(captured)
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        everything += times
        print(f"{username or '(public)':<16} {url:<36} {queries:>7} "
              f"{statistics.median(times):>8.1f} {harness.percentile(times, 0.95):>8.1f}")  # fmt: skip
    print(f"\nall pages: n={len(everything)}  p50 {statistics.median(everything):.1f} ms  "
          f"p95 {harness.percentile(everything, 0.95):.1f} ms  max {max(everything):.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
