"""The workflow engine shared by complaints and Ombudsman reports (see engine.py).

A plain package, not a Django app: it imports no app, so every app can use it.
"""

from __future__ import annotations

from sigap.workflow.engine import (
    Context,
    Effects,
    Machine,
    Transition,
    TransitionError,
    actions_from,
    changes_record,
    plain,
)

__all__ = [
    "Context",
    "Effects",
    "Machine",
    "Transition",
    "TransitionError",
    "actions_from",
    "changes_record",
    "plain",
]
