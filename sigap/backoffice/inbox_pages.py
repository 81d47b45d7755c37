"""One page of the staff inbox: keyset pages for the list, numbered pages for ranked search.

The list is paged by (created_at, id) cursors and counted only up to COUNT_CAP,
so a page costs the same at a million cases as at a thousand: no OFFSET walks
past earlier pages and no COUNT(*) reads every visible case. Search results are
ranked best first, which has no cursor order; their count already stops at the
search's RANK_LIMIT on PostgreSQL, so they keep numbered pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import QuerySet

from sigap.complaints.models import Complaint
from sigap.search.selectors import SearchResults
from sigap.web import keyset

COUNT_CAP = 1000
AFTER = "setelah"  # query parameter: the page after this cursor (older cases)
BEFORE = "sebelum"  # query parameter: the page before this cursor (newer cases)


@dataclass(frozen=True)
class InboxPage:
    rows: list[Complaint]
    count: int
    more: bool  # more than `count` cases match: the count stopped at its cap
    next_url: str  # "" on the last page
    previous_url: str  # "" on the first page
    position: str = ""  # "2 / 7" for numbered pages
    bad_cursor: bool = False  # the link named no page of ours; the list starts at the first page


def _url(query: str, **params: object) -> str:
    return "?" + "&".join(part for part in (query, urlencode(params)) if part)


def list_page(cases: QuerySet[Complaint], *, after: str | None, before: str | None, query: str, size: int) -> InboxPage:
    """Return the page `after` or `before` names (cursor texts from the query string), or the first page."""
    after_at = keyset.decode(after) if after else None
    before_at = keyset.decode(before) if before and not after else None
    bad = bool(after and after_at is None) or bool(before and not after and before_at is None)
    window = keyset.window(cases, after=after_at, before=before_at, size=size, time_field="created_at", pk_field="id")
    # COUNT over at most COUNT_CAP + 1 ids: a scan that stops there, not a read of every visible case.
    found = cases.order_by().values("id")[: COUNT_CAP + 1].count()
    if window.previous:
        previous_url = _url(query, **{BEFORE: window.previous})
    elif after_at is not None:
        # A page after a cursor has newer cases before it even when it is empty: link the first page.
        previous_url = _url(query)
    else:
        previous_url = ""  # the first page, or going back reached the newest case
    return InboxPage(
        rows=window.rows,
        count=min(found, COUNT_CAP),
        more=found > COUNT_CAP,
        next_url=_url(query, **{AFTER: window.next}) if window.next else "",
        previous_url=previous_url,
        bad_cursor=bad,
    )


def search_page(results: SearchResults, *, number: str | None, query: str, size: int) -> InboxPage:
    """Return a numbered page of search results (their count is capped by the search itself on PostgreSQL)."""
    page = Paginator(results, size).get_page(number)
    return InboxPage(
        rows=list(page.object_list),
        count=page.paginator.count,
        more=results.capped,
        next_url=_url(query, page=page.next_page_number()) if page.has_next() else "",
        previous_url=_url(query, page=page.previous_page_number()) if page.has_previous() else "",
        position=f"{page.number} / {page.paginator.num_pages}" if page.has_other_pages() else "",
    )
