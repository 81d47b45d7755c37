"""Keep each case's search document current."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sigap.complaints.models import ComplaintEvent
from sigap.search.backends import TEXT_KINDS, backend

# Events that change what a case is found by: new case, new text, changed details. A transition
# (whose text and status the document holds) refreshes it as its row in the workflow declares.
INDEXED_KINDS = frozenset({ComplaintEvent.Kind.CREATED, ComplaintEvent.Kind.EDIT, *TEXT_KINDS})


def document_refresh(*, complaint_ids: Sequence[int]) -> None:
    """Rebuild the search documents of these cases from their current text."""
    if complaint_ids:
        backend().refresh(list(complaint_ids))


def document_deadlines_follow(*, complaint_ids: Sequence[int]) -> None:
    """Copy these cases' current deadlines into their documents, for a change that moves due dates alone.

    Transitions rebuild the whole document; a holiday change or the sweep's push of a
    failing case moves `due_at` without one, and the deadline filter reads it here.
    """
    if complaint_ids:
        backend().deadlines_follow(list(complaint_ids))


def refresh_for_events(events: Sequence[ComplaintEvent]) -> None:
    """Refresh the documents of the events' cases, in the transaction that records the events.

    The workflow runs this for each transition whose row declares `refresh=("search",)`:
    the document then never disagrees with the committed case (the status the
    inbox filters on included), whether one transition or a sweep batch moved it.
    """
    document_refresh(complaint_ids=sorted({event.complaint_id for event in events}))


def refresh_on_events(events: Sequence[ComplaintEvent]) -> None:
    """EVENT_BATCH_OBSERVERS hook: the same for the indexed events other than transitions."""
    ids = sorted(
        {
            event.complaint_id
            for event in events
            if event.kind in INDEXED_KINDS and event.kind != ComplaintEvent.Kind.TRANSITION
        }
    )
    document_refresh(complaint_ids=ids)


def documents_rebuild(*, batch_size: int = 5000, progress: Callable[[int], None] | None = None) -> int:
    """Rebuild every case's search document (after bulk imports); return how many."""
    done = 0
    for count in backend().rebuild(batch_size=batch_size):
        done += count
        if progress:
            progress(done)
    return done
