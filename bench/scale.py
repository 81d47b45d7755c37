"""How the staff pages' cost grows with the number of complaints: 10k, 100k and 1M on PostgreSQL.

    .venv/bin/python bench/scale.py --sizes 10k,100k,1m [--repeat 15]

One database per size (`<prefix>_10k`, `_100k`, `_1m`), seeded on first use and reused afterwards
(see harness.seed_to). Pages are requested in process through Django's test client (whole view,
middleware and templates, no network or app server), signed in with the second factor passed:

- inbox: the back-office inbox as the complaint administrator (first page, open cases only, one
  OPD, one category, the page after the first, one OPD and one category at once) and as an OPD
  officer;
- case page: the case page of ten cases spread over the table, in turn;
- search: the inbox searching the ten two-word queries of bench/search.py, in turn, and the same
  with the overdue and the due-soon filter;
- dashboards: every page of bench/dashboards.py (staff dashboards per role, public statistics);
- the exports page, the Open311 list (all, open) and the REST list (all, open, one search) with an API
  key of the complaint administrator.

After one untimed request per URL, each row is timed `--repeat` times; the number of SQL queries is
counted for one request with CaptureQueriesContext. Prints p50/p95 in milliseconds per size.
`--rows search,inbox` times only the rows whose label holds one of the words.
On a server without autovacuum (as CI's), each table autovacuum would have visited by now is vacuumed
first (harness.vacuum_as_autovacuum_would); `--as-left` times the tables as they are instead.
`--explain FILE` writes EXPLAIN (ANALYZE, BUFFERS) of every complaint and search-table query of each inbox and
search row's first URL to FILE (one file per size: `FILE` gets the size before its suffix).
"""

from __future__ import annotations

import argparse
import html
import re
import statistics
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import harness

INBOX_USER = "admin.pengaduan"  # the complaint administrator
OFFICER = "petugas.dpupr"  # an OPD officer (DPUPR, about a tenth of the cases)
API_CLIENT = "API key"  # a REST client acting as the complaint administrator
NEXT_LINK = re.compile(r'href="([^"]+)">Berikutnya<')


def _explain(captured: Any, label: str, url: str) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of each query of the request that reads complaints or the search table.

    The search's queries run after planner settings of their own (`SET LOCAL`); each is explained after them.
    """
    parts = [f"## {label}: {url}\n"]
    settings: list[str] = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if sql.startswith("SET LOCAL"):
            settings.append(sql)
            continue
        if sql in ("BEGIN", "COMMIT"):  # SET LOCAL lasts until its transaction ends
            settings = []
            continue
        if not sql.startswith("SELECT") or not ('"complaints_complaint"' in sql or "search_document d" in sql):
            continue
        shown = "".join(f"{setting};\n" for setting in settings)
        parts.append(f"```sql\n{shown}{sql}\n```\n```\n{harness.explain(sql, settings)}\n```\n")
    return "\n".join(parts)


def _api_headers(city: str) -> dict[str, str]:
    """A new API key of the complaint administrator, with every scope, as the REST client's header."""
    import secrets

    from sigap.accounts.models import User
    from sigap.apikeys.scopes import Scope
    from sigap.apikeys.services import apikey_create
    from sigap.organisations.models import Jurisdiction

    user = User.objects.get(username=INBOX_USER)
    jurisdiction = Jurisdiction.objects.get(slug=city)
    _key, raw = apikey_create(name=f"scale {secrets.token_hex(3)}", jurisdiction=jurisdiction, scopes=list(Scope),
                              user=user, actor=None)  # fmt: skip
    return {"Authorization": f"Bearer {raw}"}


def measure(size: int, repeat: int, explain: str = "", only: str = "", as_left: bool = False) -> list[list[object]]:
    harness.use_database(harness.database_name(size))
    harness.seed_to(size)
    if not as_left:
        harness.vacuum_as_autovacuum_would()
    import dashboards
    import search
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sigap.accounts.models import User
    from sigap.complaints.models import Complaint
    from sigap.test import Client

    call_command("collectstatic", interactive=False, verbosity=0)
    total = Complaint.objects.count()
    ids = list(Complaint.objects.order_by("pk").values_list("pk", flat=True)[:: max(1, total // 10)][:10])
    codes = list(Complaint.objects.filter(pk__in=ids).values_list("tracking_code", flat=True))
    opd = Complaint.objects.filter(opd__isnull=False).values_list("opd_id", flat=True).first()
    category = Complaint.objects.filter(category__isnull=False).values_list("category_id", flat=True).first()
    city = Complaint.objects.values_list("jurisdiction__slug", flat=True).first()
    open311 = f"/open311/v2/requests.json?jurisdiction_id={city}"
    admin = Client()
    admin.force_login(User.objects.get(username=INBOX_USER))
    found = NEXT_LINK.search(admin.get("/staf/").content.decode())
    second = "/staf/" + html.unescape(found.group(1)) if found else "/staf/"
    rows: list[tuple[str, str | None, list[str]]] = [
        ("inbox", INBOX_USER, ["/staf/"]),
        ("inbox, open cases", INBOX_USER, ["/staf/?status=open"]),
        ("inbox, one OPD", INBOX_USER, [f"/staf/?opd={opd}"]),
        ("inbox, one category", INBOX_USER, [f"/staf/?category={category}"]),
        ("inbox, second page", INBOX_USER, [second]),
        ("inbox", OFFICER, ["/staf/"]),
        ("inbox, open cases", OFFICER, ["/staf/?status=open"]),
        ("case page", INBOX_USER, [f"/staf/kasus/{code}/" for code in codes]),
        ("inbox, OPD and category", INBOX_USER, [f"/staf/?opd={opd}&category={category}"]),
        ("search", INBOX_USER, [f"/staf/?{urlencode({'q': q})}" for q in search.QUERIES]),
        ("search, overdue", INBOX_USER, [f"/staf/?{urlencode({'q': q, 'due': 'overdue'})}" for q in search.QUERIES]),
        ("search, due soon", INBOX_USER, [f"/staf/?{urlencode({'q': q, 'due': 'due_soon'})}" for q in search.QUERIES]),
        *[(f"dashboard {url}", user, [url]) for user, url in dashboards.PAGES],
        ("exports page", INBOX_USER, ["/staf/ekspor/"]),
        ("Open311 list", None, [open311, f"{open311}&status=open"]),
        (
            "REST list",
            API_CLIENT,
            [
                "/api/v1/complaints",
                "/api/v1/complaints?status=open",
                f"/api/v1/complaints?{urlencode({'q': search.QUERIES[0]})}",
            ],
        ),
    ]
    clients: dict[str | None, Client] = {INBOX_USER: admin, API_CLIENT: Client(headers=_api_headers(city))}
    results = []
    plans = []
    for label, username, urls in rows:
        if only and not any(part in label for part in only.split(",")):
            continue
        if username not in clients:
            clients[username] = Client()
            if username:
                clients[username].force_login(User.objects.get(username=username))
        client = clients[username]
        for url in urls:  # warm: a working server has its caches and connection
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        queries = []
        for url in urls[:3]:
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            queries.append(len(captured))
            if explain and label.startswith(("inbox", "search")) and url == urls[0]:
                plans.append(_explain(captured, f"{label} ({username})", url))
        times = []
        for i in range(max(repeat, len(urls))):
            url = urls[i % len(urls)]
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, url
        who = username or "public"
        query_text = str(queries[0]) if min(queries) == max(queries) else f"{min(queries)}-{max(queries)}"
        results.append([f"{label} ({who})", harness.size_label(size), total, query_text,
                        statistics.median(times), harness.percentile(times, 0.95)])  # fmt: skip
        print(f"  {results[-1]}", flush=True)
    if explain:
        path = Path(explain)
        path = path.with_name(f"{path.stem}-{harness.size_label(size)}{path.suffix}")
        title = f"# Inbox query plans, {harness.size_label(size)} complaints ({total:,})\n\n"
        path.write_text(title + "\n".join(plans))
        print(f"  plans written to {path}", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10k,100k,1m")
    parser.add_argument("--repeat", type=int, default=15, help="timed requests per row")
    parser.add_argument("--explain", default="", metavar="FILE", help="write the inbox rows' query plans here")
    parser.add_argument("--rows", default="", help="only the rows whose label holds one of these, comma-separated")
    parser.add_argument("--as-left", action="store_true",
                        help="on a server without autovacuum, time the tables as they are, unvacuumed")  # fmt: skip
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # one size, in a child process
    args = parser.parse_args()
    if args.one:
        harness.child_result(measure(args.one, args.repeat, args.explain, args.rows, args.as_left))
        return
    results: dict[int, list[list[object]]] = {}
    for size in harness.parse_sizes(args.sizes):
        print(f"{harness.database_name(size)} ...", flush=True)
        extra = ["--explain", str(Path(args.explain).resolve())] if args.explain else []
        extra += ["--rows", args.rows] if args.rows else []
        extra += ["--as-left"] if args.as_left else []
        results[size] = harness.in_child(__file__, size, "--repeat", str(args.repeat), *extra)  # type: ignore[assignment]
    print(f"\nstaff pages by size, in process (Django test client), {args.repeat} timed requests per row; "
          f"{harness.machine()}")  # fmt: skip
    sizes = list(results)
    headers = ["page (user)"]
    for size in sizes:
        label = harness.size_label(size)
        headers += [f"{label} queries", f"{label} p50 ms", f"{label} p95 ms"]
    table_rows = []
    for i, row in enumerate(results[sizes[0]]):
        line: list[object] = [row[0]]
        for size in sizes:
            _label, _size, _total, queries, p50, p95 = results[size][i]
            line += [str(queries), p50, p95]
        table_rows.append(line)
    print(harness.table(headers, table_rows))


if __name__ == "__main__":
    main()
