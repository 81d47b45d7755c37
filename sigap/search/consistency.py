"""Derived tables checked against their source (`manage.py check_consistency`).

The search documents are derived from the complaints and their events; every
change writes both in one transaction, so any disagreement found here is a
defect (or a restore from mismatched backups), repaired by `search_rebuild`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sigap.search.backends import backend


@dataclass(frozen=True)
class Disagreement:
    table: str
    key: int
    problem: str  # missing, differs, orphan


def disagreements(*, batch_size: int = 5000) -> Iterator[Disagreement]:
    """Every row of a derived table that disagrees with its source, in key order per table."""
    for pk, problem in backend().disagreements(batch_size=batch_size):
        yield Disagreement("search_document", pk, problem)
