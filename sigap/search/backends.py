"""The search index in each database's own form, behind one small interface.

PostgreSQL: `search_document` holds two tsvectors per case built with the
`indonesian` configuration; queries use `websearch_to_tsquery`, `ts_rank` and
`ts_headline`. SQLite: `search_document` is an FTS5 table of PySastrawi stems
(FTS5 has no Indonesian stemmer); ranking is FTS5's bm25 and highlighting is
done in Python over the original text.

Highlights mark matches with the control characters START/STOP; the caller
escapes the text first and only then turns them into <mark>, so complaint text
can never inject markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Protocol

from django.db import connection, transaction
from django.db.models import F, FloatField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from sigap.accounts.principal import Principal
from sigap.complaints.models import Complaint, ComplaintEvent
from sigap.complaints.selectors import InboxFilters, due_soon_thresholds
from sigap.complaints.workflow import OPEN
from sigap.search import indonesian
from sigap.web.prepared import prepared_cursor

START, STOP = "\x02", "\x03"
# Event kinds whose text is part of a case: messages, answers, reasons and notes.
TEXT_KINDS = (ComplaintEvent.Kind.TRANSITION, ComplaintEvent.Kind.NOTE, ComplaintEvent.Kind.REPLY)


class Backend(Protocol):
    def refresh(self, complaint_ids: Sequence[int]) -> None: ...
    def deadlines_follow(self, complaint_ids: Sequence[int]) -> None: ...
    def rebuild(self, *, batch_size: int) -> Iterable[int]: ...
    def disagreements(self, *, batch_size: int) -> Iterable[tuple[int, str]]: ...
    def match(self, qs: QuerySet[Complaint], query: str, *, public_only: bool = False) -> QuerySet[Complaint]: ...
    def headlines(self, complaints: Sequence[Complaint], query: str) -> dict[int, str]: ...


def cleaned_query(query: str) -> str:
    """Drop stop words but keep the web-search syntax ("phrase", -word, or)."""
    kept = []
    for token in query.split():
        bare = token.strip('"-').lower()
        if bare and bare not in indonesian.STOP_WORDS:
            kept.append(token)
    return " ".join(kept)


class PostgresBackend:
    CONFIG = "indonesian"
    # What each case's document should hold, computed from the case and its events.
    _EXPECTED = """
        SELECT c.id,
               setweight(to_tsvector('indonesian', c.title), 'A')
               || setweight(to_tsvector('indonesian', c.description || ' ' || c.expectation), 'B')
               || setweight(to_tsvector('indonesian', coalesce(pub.body, '')), 'C')
               || setweight(to_tsvector('indonesian', coalesce(internal.body, '')), 'D'),
               setweight(to_tsvector('indonesian', c.title), 'A')
               || setweight(to_tsvector('indonesian', c.description || ' ' || c.expectation), 'B')
               || setweight(to_tsvector('indonesian', coalesce(pub.body, '')), 'C'),
               c.jurisdiction_id, c.opd_id, c.category_id, c.channel, c.status, c.created_at,
               CASE WHEN c.status = ANY(%(open)s) THEN c.due_at END
        FROM complaints_complaint c
        LEFT JOIN LATERAL (
            SELECT string_agg(e.body, ' ' ORDER BY e.id) AS body FROM complaints_complaintevent e
            WHERE e.complaint_id = c.id AND e.is_public AND e.body <> '' AND e.kind = ANY(%(kinds)s)
        ) pub ON true
        LEFT JOIN LATERAL (
            SELECT string_agg(e.body, ' ' ORDER BY e.id) AS body FROM complaints_complaintevent e
            WHERE e.complaint_id = c.id AND NOT e.is_public AND e.body <> '' AND e.kind = ANY(%(kinds)s)
        ) internal ON true
        WHERE {where}
    """
    _DOCUMENT = (
        """
        INSERT INTO search_document (
            complaint_id, vector, public_vector, jurisdiction_id, opd_id, category_id, channel, status, created_at,
            open_due_at
        )"""
        + _EXPECTED
        + """
        ON CONFLICT (complaint_id) DO UPDATE
            SET vector = EXCLUDED.vector, public_vector = EXCLUDED.public_vector,
                jurisdiction_id = EXCLUDED.jurisdiction_id, opd_id = EXCLUDED.opd_id,
                category_id = EXCLUDED.category_id, channel = EXCLUDED.channel, status = EXCLUDED.status,
                created_at = EXCLUDED.created_at, open_due_at = EXCLUDED.open_due_at
    """
    )

    @staticmethod
    def _params() -> dict[str, list[str]]:
        return {"kinds": [str(k) for k in TEXT_KINDS], "open": sorted(str(s) for s in OPEN)}

    def refresh(self, complaint_ids: Sequence[int]) -> None:
        # Every intake runs it for its one new case, by id: prepared (sigap.web.prepared).
        with prepared_cursor(connection) as cursor:
            cursor.execute(
                self._DOCUMENT.format(where="c.id = ANY(%(ids)s)"),
                {"ids": list(complaint_ids), **self._params()},
            )

    def deadlines_follow(self, complaint_ids: Sequence[int]) -> None:
        """Copy these cases' open deadlines into their documents, leaving the text alone."""
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE search_document d SET open_due_at = CASE WHEN c.status = ANY(%(open)s) THEN c.due_at END"
                " FROM complaints_complaint c WHERE c.id = d.complaint_id AND c.id = ANY(%(ids)s)"
                " AND d.open_due_at IS DISTINCT FROM CASE WHEN c.status = ANY(%(open)s) THEN c.due_at END",
                {"ids": list(complaint_ids), "open": self._params()["open"]},
            )

    def rebuild(self, *, batch_size: int) -> Iterable[int]:
        last = 0
        while True:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT max(id) FROM (SELECT id FROM complaints_complaint WHERE id > %s ORDER BY id LIMIT %s) t",
                    [last, batch_size],
                )
                upper = cursor.fetchone()[0]
                if upper is None:
                    # Documents of cases that no longer exist (restores, test flushes).
                    cursor.execute(
                        "DELETE FROM search_document d "
                        "WHERE NOT EXISTS (SELECT 1 FROM complaints_complaint c WHERE c.id = d.complaint_id)"
                    )
                    return
                cursor.execute(
                    self._DOCUMENT.format(where="c.id > %(low)s AND c.id <= %(high)s"),
                    {"low": last, "high": upper, **self._params()},
                )
                yield cursor.rowcount
            last = upper

    def disagreements(self, *, batch_size: int) -> Iterable[tuple[int, str]]:
        """Cases whose document is missing or differs from what their text and filters give now."""
        expected = self._EXPECTED.format(where="c.id > %(low)s AND c.id <= %(high)s")
        last = 0
        with connection.cursor() as cursor:
            while True:
                cursor.execute(
                    "SELECT max(id) FROM (SELECT id FROM complaints_complaint WHERE id > %s ORDER BY id LIMIT %s) t",
                    [last, batch_size],
                )
                upper = cursor.fetchone()[0]
                if upper is None:
                    break
                cursor.execute(
                    f"""SELECT e.id, CASE WHEN d.complaint_id IS NULL THEN 'missing' ELSE 'differs' END
                    FROM ({expected}) AS e (id, vector, public_vector, jurisdiction_id, opd_id, category_id,
                                          channel, status, created_at, open_due_at)
                    LEFT JOIN search_document d ON d.complaint_id = e.id
                    WHERE d.complaint_id IS NULL OR d.vector <> e.vector OR d.public_vector <> e.public_vector
                       OR d.jurisdiction_id IS DISTINCT FROM e.jurisdiction_id OR d.opd_id IS DISTINCT FROM e.opd_id
                       OR d.category_id IS DISTINCT FROM e.category_id OR d.channel <> e.channel
                       OR d.status <> e.status OR d.created_at <> e.created_at
                       OR d.open_due_at IS DISTINCT FROM e.open_due_at
                    ORDER BY e.id""",
                    {"low": last, "high": upper, **self._params()},
                )
                yield from cursor.fetchall()
                last = upper
            cursor.execute(
                "SELECT d.complaint_id, 'orphan' FROM search_document d WHERE NOT EXISTS"
                " (SELECT 1 FROM complaints_complaint c WHERE c.id = d.complaint_id) ORDER BY 1"
            )
            yield from cursor.fetchall()

    def match(self, qs: QuerySet[Complaint], query: str, *, public_only: bool = False) -> QuerySet[Complaint]:
        column = "public_vector" if public_only else "vector"
        tsquery = f"websearch_to_tsquery('{self.CONFIG}', %s)"
        # The semi-join lets PostgreSQL read the GIN index once (a bitmap of
        # matches) before it applies the visibility and inbox filters.
        matches = RawSQL(f"SELECT complaint_id FROM search_document WHERE {column} @@ {tsquery}", (query,))
        rank = RawSQL(
            f"SELECT ts_rank(d.{column}, {tsquery}) FROM search_document d "
            "WHERE d.complaint_id = complaints_complaint.id",
            (query,),
            output_field=FloatField(),
        )
        return (
            qs.filter(pk__in=matches).annotate(search_rank=rank).order_by(F("search_rank").desc(), "-created_at", "-id")
        )

    @staticmethod
    def _where(principal: Principal, filters: InboxFilters, query: str, now: datetime) -> tuple[str, list[Any]]:
        """Mirror complaints_visible_to and the inbox filters on search_document's own columns.

        A pre-filter only: the page's cases are read again through the inbox
        selector, which stays the authority on visibility.
        """
        whole = sorted(principal.admin_jurisdictions | principal.oversight_jurisdictions)
        opds = sorted(principal.reading_opds)
        clauses: list[str]
        params: list[Any]

        # One plain condition where possible, each matching its own index; a single
        # value as "=" (an "= ANY(array)" scan cannot return rows in index order),
        # and bigint arrays, which btree_gin's int8 operator class requires.
        def one_of(column: str, values: list[int]) -> tuple[str, list[Any]]:
            if len(values) == 1:
                return f"d.{column} = %s::bigint", [values[0]]
            return f"d.{column} = ANY(%s::bigint[])", [values]

        if whole and opds:
            (a, pa), (b, pb) = one_of("jurisdiction_id", whole), one_of("opd_id", opds)
            clauses, params = [f"({a} OR {b})"], [*pa, *pb]
        elif whole:
            clause, params = one_of("jurisdiction_id", whole)
            clauses = [clause]
        elif opds:
            clause, params = one_of("opd_id", opds)
            clauses = [clause]
        else:
            clauses, params = ["false"], []
        if filters.jurisdiction_id:
            clauses.append("d.jurisdiction_id = %s::bigint")
            params.append(filters.jurisdiction_id)
        if filters.status == "open":
            clauses.append("d.status = ANY(%s)")
            params.append(sorted(str(s) for s in OPEN))
        elif filters.status:
            clauses.append("d.status = %s")
            params.append(filters.status)
        for column, value in (("opd_id", filters.opd_id), ("category_id", filters.category_id)):
            if value:
                clauses.append(f"d.{column} = %s::bigint")
                params.append(value)
        if filters.channel:
            clauses.append("d.channel = %s")
            params.append(filters.channel)
        # open_due_at is NULL once a case ends, so these also keep to open cases, as the inbox does.
        if filters.due == "overdue":
            # A jurisdiction's newest cases are mostly not yet due: search_document_open_recent_idx
            # checks the deadline inside the index while walking them newest first.
            clauses.append("d.open_due_at < %s")
            params.append(now)
        elif filters.due == "due_soon":
            # Each jurisdiction's own threshold, as _due_soon_q gives the inbox.
            soon = sorted(due_soon_thresholds(principal, now).items())
            per_jurisdiction = " OR ".join(["(d.jurisdiction_id = %s AND d.open_due_at <= %s)"] * len(soon))
            clauses.append(f"d.open_due_at >= %s AND ({per_jurisdiction or 'false'})")
            params += [now, *(value for pair in soon for value in pair)]
        clauses.append("d.vector @@ websearch_to_tsquery('indonesian', %s)")
        params.append(query)
        return " AND ".join(clauses), params

    @staticmethod
    def _serial(cursor: Any) -> None:
        # On a small server a parallel plan for these short, LIMITed reads costs
        # more in start-up than it saves (measured 30x slower on 2 cores).
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")

    @staticmethod
    def _deadlines_first(cursor: Any) -> None:
        # "Due soon" is a day or two of deadlines (2,736 open cases at 10M), read through
        # search_document_open_due_idx and checked for the words row by row. Allowed a bitmap,
        # the planner also reads the words' GIN index, every match of ten years (468,653
        # entries for "jalan berlubang" at 10M, 160 ms) to keep the 130 due soon.
        cursor.execute("SET LOCAL enable_bitmapscan = off")

    def count_upto(self, principal: Principal, filters: InboxFilters, query: str, cap: int) -> int:
        """Count the matches the user may see, stopping at cap + 1."""
        where, params = self._where(principal, filters, query, timezone.now())
        count = "SELECT count(*) FROM (SELECT 1 FROM search_document d WHERE {} LIMIT %s) t"
        with transaction.atomic(), connection.cursor() as cursor:
            self._serial(cursor)
            if filters.due == "due_soon":
                self._deadlines_first(cursor)
            if not filters.due:
                # Open cases first, through their own small index: when they alone pass the cap
                # (common words), the archive's matches, years of them, need not be read at all.
                cursor.execute(count.format(f"{where} AND d.open_due_at IS NOT NULL"), [*params, cap + 1])
                if (found := int(cursor.fetchone()[0])) > cap:
                    return found
            cursor.execute(count.format(where), [*params, cap + 1])
            return int(cursor.fetchone()[0])

    def page_ids(
        self, principal: Principal, filters: InboxFilters, query: str, *, ranked: bool, offset: int, limit: int
    ) -> list[int]:
        """Return one page of matching case ids: best first when `ranked`, else newest first."""
        where, params = self._where(principal, filters, query, timezone.now())
        order = "d.created_at DESC, d.complaint_id DESC"
        if ranked:
            order = f"ts_rank(d.vector, websearch_to_tsquery('indonesian', %s)) DESC, {order}"
        with transaction.atomic(), connection.cursor() as cursor:
            self._serial(cursor)
            if filters.due == "due_soon":
                self._deadlines_first(cursor)
            elif not ranked:
                # Past RANK_LIMIT visible matches the words are common, so walking
                # the newest-first index (for "past due", the open cases' one) finds a
                # page within a few thousand rows; the planner, underestimating how
                # common (two words that often go together), would sort every match.
                cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute(
                f"SELECT d.complaint_id FROM search_document d WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s",
                [*params, *([query] if ranked else []), limit, offset],
            )
            return [row[0] for row in cursor.fetchall()]

    def headlines(self, complaints: Sequence[Complaint], query: str) -> dict[int, str]:
        if not complaints:
            return {}
        options = f"StartSel={START}, StopSel={STOP}, MaxFragments=2, MaxWords=24, MinWords=8, FragmentDelimiter=' … '"
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT c.id, ts_headline('{self.CONFIG}', translate(c.description || ' ' || c.expectation
                                         || ' ' || coalesce(ev.body, ''), %(markers)s, ''), q, %(options)s)
                FROM complaints_complaint c
                CROSS JOIN websearch_to_tsquery('{self.CONFIG}', %(query)s) q
                LEFT JOIN LATERAL (
                    SELECT string_agg(e.body, ' … ' ORDER BY e.id) AS body FROM complaints_complaintevent e
                    WHERE e.complaint_id = c.id AND e.body <> '' AND e.kind = ANY(%(kinds)s)
                      AND to_tsvector('{self.CONFIG}', e.body) @@ q
                ) ev ON true
                WHERE c.id = ANY(%(ids)s)
                """,
                {
                    "ids": [c.pk for c in complaints],
                    "query": query,
                    "options": options,
                    "kinds": [str(k) for k in TEXT_KINDS],
                    "markers": START + STOP,
                },
            )
            return dict(cursor.fetchall())


class SqliteBackend:
    def _texts(self, complaint_ids: Sequence[int]) -> dict[int, tuple[str, str, str, str]]:
        cases = Complaint.objects.filter(pk__in=complaint_ids).values_list("pk", "title", "description", "expectation")
        public: dict[int, list[str]] = {}
        internal: dict[int, list[str]] = {}
        events = (
            ComplaintEvent.objects.filter(complaint_id__in=complaint_ids, kind__in=TEXT_KINDS)
            .exclude(body="")
            .order_by("id")
            .values_list("complaint_id", "is_public", "body")
        )
        for complaint_id, is_public, body in events:
            (public if is_public else internal).setdefault(complaint_id, []).append(body)
        return {
            pk: (
                indonesian.stemmed_text(title),
                indonesian.stemmed_text(f"{description} {expectation}"),
                indonesian.stemmed_text(" ".join(public.get(pk, []))),
                indonesian.stemmed_text(" ".join(internal.get(pk, []))),
            )
            for pk, title, description, expectation in cases
        }

    def refresh(self, complaint_ids: Sequence[int]) -> None:
        rows = self._texts(complaint_ids)
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM search_document WHERE rowid = %s", [(pk,) for pk in complaint_ids])
            cursor.executemany(
                "INSERT INTO search_document (rowid, title, body, public_notes, internal_notes) "
                "VALUES (%s, %s, %s, %s, %s)",
                [(pk, *texts) for pk, texts in rows.items()],
            )

    def deadlines_follow(self, complaint_ids: Sequence[int]) -> None:
        """Nothing to do: SQLite's deadline filter reads each case's own due date."""

    def disagreements(self, *, batch_size: int) -> Iterable[tuple[int, str]]:
        """Cases whose document is missing or differs from what their text gives now."""
        ids = list(Complaint.objects.order_by("pk").values_list("pk", flat=True))
        with connection.cursor() as cursor:
            for start in range(0, len(ids), batch_size):
                chunk = ids[start : start + batch_size]
                expected = self._texts(chunk)
                cursor.execute(
                    "SELECT rowid, title, body, public_notes, internal_notes FROM search_document"
                    f" WHERE rowid IN ({','.join(['%s'] * len(chunk))})",
                    chunk,
                )
                stored = {row[0]: tuple(row[1:]) for row in cursor.fetchall()}
                for pk in chunk:
                    if pk not in stored:
                        yield pk, "missing"
                    elif stored[pk] != expected[pk]:
                        yield pk, "differs"
            cursor.execute("SELECT rowid FROM search_document ORDER BY rowid")
            known = set(ids)
            yield from ((pk, "orphan") for (pk,) in cursor.fetchall() if pk not in known)

    def rebuild(self, *, batch_size: int) -> Iterable[int]:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_document")
        ids = list(Complaint.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            self.refresh(chunk)
            yield len(chunk)

    @staticmethod
    def fts_query(query: str, *, public_only: bool) -> str | None:
        """Turn the user's words into an FTS5 expression of quoted stems (AND), or None."""
        terms = indonesian.stems(query)
        if not terms:
            return None
        expression = " ".join('"' + term.replace('"', "") + '"' for term in dict.fromkeys(terms))
        if public_only:
            return "{title body public_notes} : (" + expression + ")"
        return expression

    def match(self, qs: QuerySet[Complaint], query: str, *, public_only: bool = False) -> QuerySet[Complaint]:
        expression = self.fts_query(query, public_only=public_only)
        if expression is None:
            return qs.none()
        matches = RawSQL("SELECT rowid FROM search_document WHERE search_document MATCH %s", (expression,))
        # bm25 is lower for better matches; negated so that both backends sort descending.
        rank = RawSQL(
            "SELECT -bm25(search_document, 10.0, 4.0, 2.0, 1.0) FROM search_document "
            "WHERE search_document MATCH %s AND search_document.rowid = complaints_complaint.id",
            (expression,),
            output_field=FloatField(),
        )
        return (
            qs.filter(pk__in=matches).annotate(search_rank=rank).order_by(F("search_rank").desc(), "-created_at", "-id")
        )

    def headlines(self, complaints: Sequence[Complaint], query: str) -> dict[int, str]:
        wanted = set(indonesian.stems(query))
        if not wanted or not complaints:
            return {}
        bodies: dict[int, list[str]] = {}
        events = (
            ComplaintEvent.objects.filter(complaint__in=complaints, kind__in=TEXT_KINDS)
            .exclude(body="")
            .order_by("id")
            .values_list("complaint_id", "body")
        )
        for complaint_id, body in events:
            bodies.setdefault(complaint_id, []).append(body)
        return {
            c.pk: mark_matches(" ".join([c.description, c.expectation, *bodies.get(c.pk, [])]), wanted)
            for c in complaints
        }


def mark_matches(text: str, wanted: set[str], *, around: int = 12, fragments: int = 2) -> str:
    """Return up to `fragments` windows of `text` around words whose stem is wanted, marked."""
    # Complaint text must not carry the markers itself.
    text = text.replace(START, "").replace(STOP, "")
    tokens = list(indonesian.WORD.finditer(text.lower()))
    hits = [i for i, m in enumerate(tokens) if indonesian.stem(m.group()) in wanted]
    if not hits:
        return text[: around * 8]
    windows: list[tuple[int, int]] = []
    for i in hits:
        low, high = max(0, i - around // 2), min(len(tokens) - 1, i + around // 2)
        if windows and low <= windows[-1][1]:
            windows[-1] = (windows[-1][0], high)
        elif len(windows) < fragments:
            windows.append((low, high))
    hit_set = set(hits)
    parts = []
    for low, high in windows:
        out, cursor = [], tokens[low].start()
        for i in range(low, high + 1):
            m = tokens[i]
            out.append(text[cursor : m.start()])
            word = text[m.start() : m.end()]
            out.append(f"{START}{word}{STOP}" if i in hit_set else word)
            cursor = m.end()
        parts.append("".join(out))
    return " … ".join(parts)


def backend() -> Backend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    return SqliteBackend()
