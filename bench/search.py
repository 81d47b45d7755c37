"""Benchmark the staff search at scale: typical two-word Indonesian queries on PostgreSQL.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_bench
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_demo --complaints 1000000
    .venv/bin/python manage.py search_rebuild
    .venv/bin/python bench/search.py [--repeat 20]

Each measurement is what the inbox does for one search: count the matches
(the pager, which stops counting past 1,000), fetch the first page of 50
cases the user may see (best first, or newest first past 1,000 matches: shown
as a negative "matches"), and build their highlighted excerpts. Prints
p50/p95 per query and overall.
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

from django.core.paginator import Paginator  # noqa: E402
from django.db import connection  # noqa: E402

from sigap.accounts.models import User  # noqa: E402
from sigap.accounts.principal import principal_for  # noqa: E402
from sigap.complaints.selectors import InboxFilters  # noqa: E402
from sigap.search.selectors import SearchResults, search_highlights  # noqa: E402

QUERIES = [
    "jalan berlubang", "lampu mati", "sampah menumpuk", "air keruh", "antrian puskesmas",
    "pelayanan lambat", "ktp belum", "parkir liar", "izin usaha", "obat kosong",
]  # fmt: skip
USERS = ["admin.pengaduan", "petugas.dpupr"]


def one(principal, query: str, filters: InboxFilters) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    page = Paginator(SearchResults(principal=principal, query=query, filters=filters), 50).get_page(1)
    rows = list(page.object_list)
    search_highlights(complaints=rows, query=query)
    matches = page.paginator.count
    return (time.perf_counter() - started) * 1000, -matches if page.paginator.object_list.capped else matches


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this against PostgreSQL (set DATABASE_URL).")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_document")
        indexed = cursor.fetchone()[0]
    print(f"search_document rows: {indexed:,}")
    everything: list[float] = []
    print(f"{'user':<16} {'filter':<8} {'query':<20} {'matches':>9} {'p50 ms':>8} {'p95 ms':>8}")
    for username in USERS:
        principal = principal_for(User.objects.get(username=username))
        for status in ("", "open"):
            filters = InboxFilters(status=status)
            for query in QUERIES:
                one(principal, query, filters)  # warm the cache as a working server would be
                times, matches = [], 0
                for _ in range(args.repeat):
                    ms, matches = one(principal, query, filters)
                    times.append(ms)
                everything += times
                print(
                    f"{username:<16} {status or 'all':<8} {query:<20} {matches:>9,} "
                    f"{statistics.median(times):>8.1f} {harness.percentile(times, 0.95):>8.1f}"
                )
    print(f"\nall searches: n={len(everything)}  p50 {statistics.median(everything):.1f} ms  "
          f"p95 {harness.percentile(everything, 0.95):.1f} ms  max {max(everything):.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
