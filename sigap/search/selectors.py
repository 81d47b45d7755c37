"""The one search function: text, inbox filters and role visibility together."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sigap.accounts.principal import Principal
from sigap.complaints.codes import normalise_code
from sigap.complaints.models import Complaint
from sigap.complaints.selectors import InboxFilters, inbox
from sigap.search.backends import START, STOP, backend, cleaned_query

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
