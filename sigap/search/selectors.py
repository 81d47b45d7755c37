"""The one search function: text, inbox filters and role visibility together."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import overload

from django.db import connection
from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sigap.accounts.principal import Principal
from sigap.complaints.codes import normalise_code
from sigap.complaints.models import Complaint
from sigap.complaints.selectors import InboxFilters, inbox
from sigap.search.backends import START, STOP, PostgresBackend, backend, cleaned_query

# A tracking code as people type it: 12 characters, in groups of four or not.
CODE_SHAPE = re.compile(r"\s*[0-9a-z]{4}[-\s]?[0-9a-z]{4}[-\s]?[0-9a-z]{4}\s*", re.IGNORECASE)


def _code_in(query: str) -> str | None:
    # normalise_code alone would read "lubang sekolah" as a code (it drops spaces).
    return normalise_code(query) if CODE_SHAPE.fullmatch(query) else None


def search_complaints(*, principal: Principal, query: str, filters: InboxFilters) -> QuerySet[Complaint]:
    """Return the cases this user may see that match the filters and the query, best first.

    The query is Indonesian free text (stemmed, stop words dropped; "quotes"
    for a phrase and -word to exclude), or a tracking code. Visibility comes
    from `complaints_visible_to` through the inbox selector, so search can
    never return a case the inbox would hide. Reporter identities are not
    indexed at all. With no usable words, the filtered inbox is returned.
    """
    qs = inbox(principal=principal, filters=replace(filters, text=""))
    query = query.strip()
    code = _code_in(query)
    # Twelve letters may be a code or a word ("pemeliharaan"): a code wins only if it exists.
    if code and qs.filter(tracking_code=code).exists():
        return qs.filter(tracking_code=code)
    cleaned = cleaned_query(query)
    if not cleaned:
        return qs
    return backend().match(qs, cleaned)


def search_highlights(*, complaints: Sequence[Complaint], query: str) -> dict[int, SafeString]:
    """Return, per case of a result page, an HTML-safe excerpt with the matches in <mark>.

    Only call this with cases the user may see (a page of `search_complaints`):
    the excerpt is drawn from the description, answers and notes.
    """
    cleaned = cleaned_query(query)
    if not cleaned:
        return {}
    raw = backend().headlines(list(complaints), cleaned)
    return {pk: _marked(text) for pk, text in raw.items()}


def _marked(text: str) -> SafeString:
    # Escape first: START/STOP are control characters escape() leaves alone.
    safe = escape(text.replace(START + STOP, ""))
    return mark_safe(safe.replace(START, "<mark>").replace(STOP, "</mark>"))


# Above this many matches, results come newest first: ranking every match of a
# common query costs time in proportion to the matches, newest-first does not.
RANK_LIMIT = 1000


class SearchResults:
    """The inbox's search results, paged by the database: Django's Paginator counts and slices it.

    On PostgreSQL a page is answered from the search table's own columns
    (the open cases' deadlines included) and then read through the inbox
    selector, so it costs about the same whatever the number of matches. Up
    to RANK_LIMIT matches are ordered best first; beyond that `capped` is
    set, the count stops at RANK_LIMIT and the newest matches come first.
    The other path (SQLite, a tracking code) reads through the inbox selector
    and keeps the same cap and order.
    """

    def __init__(self, *, principal: Principal, query: str, filters: InboxFilters) -> None:
        self.principal = principal
        self.filters = replace(filters, text="")
        self.query = cleaned_query(query.strip())
        self.capped = False
        self._all = search_complaints(principal=principal, query=query, filters=filters)
        code = _code_in(query.strip())
        self._fast = (
            connection.vendor == "postgresql"
            and bool(self.query)
            and not (code and self._all.filter(tracking_code=code).exists())
        )
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            if self._fast:
                found = PostgresBackend().count_upto(self.principal, self.filters, self.query, RANK_LIMIT)
            else:
                # Counted only up to the cap here too: an exact count reads every match.
                found = self._all.order_by().values("pk")[: RANK_LIMIT + 1].count()
            self.capped = found > RANK_LIMIT
            self._count = min(found, RANK_LIMIT)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[Complaint]:
        return iter(self[0 : self.count()])

    @overload
    def __getitem__(self, item: int) -> Complaint: ...
    @overload
    def __getitem__(self, item: slice) -> list[Complaint]: ...
    def __getitem__(self, item: int | slice) -> Complaint | list[Complaint]:
        if isinstance(item, int):
            return self[item : item + 1][0]
        if not self._fast:
            self.count()
            # Past the cap, newest first, as on the fast path: ranking every match costs what counting them did.
            rows = self._all.order_by("-created_at", "-id") if self.capped else self._all
            return list(rows[item])
        offset = item.start or 0
        limit = (item.stop if item.stop is not None else offset + 50) - offset
        ids = PostgresBackend().page_ids(
            self.principal, self.filters, self.query, ranked=not self.capped, offset=offset, limit=limit
        )
        by_id = inbox(principal=self.principal, filters=self.filters).filter(pk__in=ids).in_bulk()
        return [by_id[pk] for pk in ids if pk in by_id]
