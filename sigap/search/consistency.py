"""Derived tables checked against their source (`manage.py check_consistency`).

The search documents are derived from the complaints and their events, the
public reports from the complaints; every change writes them in one transaction
with their source, so any disagreement found here is a defect (or a restore
from mismatched backups), repaired by the table's rebuild command.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from sigap.search.backends import backend


@dataclass(frozen=True)
class Disagreement:
    table: str
    key: int
    problem: str  # missing, differs, orphan


@dataclass(frozen=True)
class DerivedTable:
    table: str
    repair: str  # the management command that rebuilds it from its source
    # (batch_size) -> (key, problem) for every row that disagrees, in key order
    disagreements: Callable[[int], Iterable[tuple[int, str]]]


def _search_documents(batch_size: int) -> Iterable[tuple[int, str]]:
    return backend().disagreements(batch_size=batch_size)


# Other apps register the derived tables they keep at start-up (public reports).
DERIVED_TABLES: list[DerivedTable] = [DerivedTable("search_document", "search_rebuild", _search_documents)]


def disagreements(*, batch_size: int = 5000) -> Iterator[Disagreement]:
    """Every row of a derived table that disagrees with its source, in key order per table."""
    for derived in DERIVED_TABLES:
        for key, problem in derived.disagreements(batch_size):
            yield Disagreement(derived.table, key, problem)
