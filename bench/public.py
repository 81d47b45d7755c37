"""The public report list and map (/laporan/) at 1M complaints on PostgreSQL: keyset pages with filters, map data.

    .venv/bin/python bench/public.py --sizes 1m [--repeat 30] [--runs 3]

Uses the benchmark database of each size as bench/harness.py seeded it (it is not seeded here).
The bulk seed files complaints without the reporter's public/private choice, so on first use every
complaint gets its public-report row in one INSERT … SELECT, as the portal and the case-event observer
would have written it: 85% of reporters choose public, anonymous and confidential complaints are never
public, a verified one's summary counts as confirmed at verification, and each complaint lies in one of
the demo's kelurahan (sigap.demo.city.AREAS). Nothing else in the database is changed.

Pages are requested in process through Django's test client (whole view, middleware, templates), as
an anonymous visitor. After one untimed request per URL each row is timed `--repeat` times; the whole
measurement runs `--runs` times, each in a fresh process, and the table shows the median of the runs'
p50 and p95. `--explain` prints EXPLAIN (ANALYZE, BUFFERS) of each row's main query.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import timedelta
from typing import Any

import harness

PUBLIC_SHARE = 85  # per cent of reporters who choose "public"


def publish_all() -> int:
    """Give every complaint its public-report row (once); return how many rows were added."""
    from django.db import connection

    from sigap.complaints.models import Complaint
    from sigap.demo.seeding import CITY_SLUG, seed_areas
    from sigap.organisations.models import Jurisdiction
    from sigap.publicreports.models import PublicReport

    city = Jurisdiction.objects.get(slug=CITY_SLUG)
    missing = Complaint.objects.count() - PublicReport.objects.count()
    if missing <= 0:
        return 0
    areas = list(seed_areas(city).values())
    kelurahan = ",".join(str(a.pk) for a in areas)
    kecamatan = ",".join(str(a.parent_id) for a in areas)
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO publicreports_publicreport (
                complaint_id, tracking_code, wants_public, photos_public, photo_ids, eligible, title, summary,
                confirmed_at,
                is_hidden, hidden_reason, jurisdiction_id, category_id, opd_id, kelurahan_id, kecamatan_id,
                status, filed_at, verified_at, lat, lng, completion_due_at, answered_at, support_count,
                is_published, published_at, announced_at)
            SELECT c.id, c.tracking_code, c.wants_public, false, '[]'::jsonb, c.eligible, left(c.title, 200),
                   left(c.description, 1200), c.verified_at, false, '', c.jurisdiction_id, c.category_id,
                   c.opd_id, (ARRAY[{kelurahan}])[1 + c.id % {len(areas)}],
                   (ARRAY[{kecamatan}])[1 + c.id % {len(areas)}], c.status, c.created_at, c.verified_at,
                   c.lat, c.lng, c.completion_due_at, c.answered_at, 0,
                   c.wants_public AND c.eligible AND c.verified_at IS NOT NULL AND c.status <> 'archived',
                   CASE WHEN c.wants_public AND c.eligible AND c.verified_at IS NOT NULL
                        AND c.status <> 'archived' THEN c.verified_at END,
                   now()
            FROM (
                SELECT cc.*, (cc.id * 7919) % 100 < {PUBLIC_SHARE} AS wants_public,
                       NOT (cc.is_anonymous OR cc.is_confidential) AS eligible
                FROM complaints_complaint cc
                -- NOT IN over a hashed subplan: the ids present are read once, before any row is written.
                WHERE cc.id NOT IN (SELECT p.complaint_id FROM publicreports_publicreport p)
            ) c
            """  # noqa: S608 - numbers we made
        )
        added = cursor.rowcount
        cursor.execute("VACUUM (ANALYZE) publicreports_publicreport")
    print(f"  {added:,} public-report rows written in {time.monotonic() - started:.0f} s", flush=True)
    return added


def rows_to_measure() -> list[tuple[str, list[str]]]:
    from django.utils import timezone

    from sigap.demo.seeding import CITY_SLUG
    from sigap.organisations.models import Category, Opd
    from sigap.publicreports.models import Area, PublicReport
    from sigap.publicreports.selectors import cursor_of

    kec = Area.objects.filter(kind=Area.Kind.KECAMATAN).order_by("name").first()
    kel = Area.objects.filter(kind=Area.Kind.KELURAHAN).order_by("name").first()
    category = Category.objects.get(jurisdiction__slug=CITY_SLUG, code="jalan")
    opd = Opd.objects.get(jurisdiction__slug=CITY_SLUG, code="dpupr")
    assert kec and kel
    published = PublicReport.objects.filter(is_published=True).order_by("-filed_at", "-complaint_id")
    deep = published[20_000]  # after page 1000
    month = timezone.localdate() - timedelta(days=180)
    period = f"since={month.replace(day=1)}&until={month.replace(day=28)}"
    year_ago = timezone.localdate() - timedelta(days=300)
    old_period = f"since={year_ago.replace(day=1)}&until={year_ago.replace(day=28)}"
    # A quarter of the city around its centre (south, west, north, east).
    box = "-7.6453,112.9075,-7.6203,112.9375"
    return [
        ("list, first page", ["/laporan/"]),
        ("list, page 1001 (keyset)", [f"/laporan/?setelah={cursor_of(deep)}"]),
        ("list, government", [f"/laporan/?jurisdiction={CITY_SLUG}"]),
        ("list, kecamatan", [f"/laporan/?kecamatan={kec.pk}"]),
        ("list, kelurahan", [f"/laporan/?kelurahan={kel.pk}"]),
        ("list, category", [f"/laporan/?category={category.pk}"]),
        ("list, OPD", [f"/laporan/?opd={opd.pk}"]),
        ("list, status reopened (2%)", ["/laporan/?status=reopened"]),
        ("list, one month", [f"/laporan/?{period}"]),
        ("list, kecamatan + status", [f"/laporan/?kecamatan={kec.pk}&status=in_followup"]),
        ("list, category + month 10 months ago", [f"/laporan/?category={category.pk}&{old_period}"]),
        ("map, all", ["/laporan/peta.json"]),
        ("map, box", [f"/laporan/peta.json?kotak={box}"]),
        ("map, kecamatan", [f"/laporan/peta.json?kecamatan={kec.pk}"]),
        ("map, category + box", [f"/laporan/peta.json?category={category.pk}&kotak={box}"]),
    ]


def _main_query(captured: Any) -> str:
    """The request's query on the public-report table that reads the page or the points."""
    found = [q["sql"] for q in captured.captured_queries if 'FROM "publicreports_publicreport"' in q["sql"]]
    return max(found, key=len) if found else ""


def measure(size: int, repeat: int, explain: bool) -> list[list[object]]:
    harness.use_database(harness.database_name(size))
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sigap.complaints.models import Complaint
    from sigap.publicreports.models import PublicReport
    from sigap.test import Client

    call_command("migrate", "--noinput", verbosity=0)
    publish_all()
    call_command("collectstatic", interactive=False, verbosity=0)
    total = Complaint.objects.count()
    published = PublicReport.objects.filter(is_published=True).count()
    client = Client()
    results: list[list[object]] = []
    for label, urls in rows_to_measure():
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(urls[0])
        shown = len(response.json()["points"]) if "peta.json" in urls[0] else response.content.count(b'<h2 class="h6')
        if explain:
            sql = _main_query(captured)
            print(f"\n### {label}: {urls[0]}\n{sql}\n{harness.explain(sql)}\n", flush=True)
        times = []
        for i in range(repeat):
            url = urls[i % len(urls)]
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, url
        results.append([label, total, published, len(captured), shown, statistics.median(times),
                        harness.percentile(times, 0.95)])  # fmt: skip
        print(f"  {results[-1]}", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1m")
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per row and run")
    parser.add_argument("--runs", type=int, default=3, help="runs, each in a fresh process; medians are shown")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of each row's main query")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # one size, in a child process
    args = parser.parse_args()
    if args.one:
        harness.child_result(measure(args.one, args.repeat, args.explain))
        return
    for size in harness.parse_sizes(args.sizes):
        runs: list[list[list[Any]]] = []
        for run in range(args.runs):
            print(f"{harness.database_name(size)}, run {run + 1} ...", flush=True)
            extra = ["--explain"] if args.explain and run == 0 else []
            runs.append(harness.in_child(__file__, size, "--repeat", str(args.repeat), *extra))  # type: ignore[arg-type]
        first = runs[0]
        print(f"\npublic list and map, {harness.size_label(size)} complaints ({first[0][1]:,}; {first[0][2]:,} "
              f"published), in process, {args.repeat} timed requests per row, median of {args.runs} runs; "
              f"{harness.machine()}")  # fmt: skip
        table = []
        for i, row in enumerate(first):
            p50 = statistics.median(r[i][5] for r in runs)
            p95 = statistics.median(r[i][6] for r in runs)
            table.append([row[0], row[3], row[4], p50, p95])
        print(harness.table(["page", "queries", "rows shown", "p50 ms", "p95 ms"], table))


if __name__ == "__main__":
    main()
