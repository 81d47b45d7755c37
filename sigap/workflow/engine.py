"""A small state machine whose transitions declare their effects as data.

A workflow is a table of `Transition`s (status from, status to, who may, whether
a text is required) each carrying its `Effects`: the timestamps it sets, the
counters it increments, the fixed values it writes, the named rule that
computes its new deadline, the named rules that take a value from the actor's
input (an OPD, a reason), the named follow-ups that run once its event is
recorded, who is told of it (`notify`: audience → message) and which derived
documents are rebuilt (`refresh`: the search document). A `Machine` binds the
rule names to functions and checks at start-up that every name the table uses
is bound; the delivery of `notify` and `refresh` is bound later, at start-up,
by the apps that deliver them (they import the workflow's app, never the
reverse), and `Machine.unbound` names what is missing.

The engine only decides: `Machine.check` refuses a move the table does not
allow, `Machine.changes` returns the field changes and the extra event data of
one case. The app's services lock the rows, write the changes (one case, or a
whole batch set-based: the changes are the same), record the event with the
values before and after (`changes_record`), and in the same transaction run
what the transition declares follows (`Machine.announce`: its messages and
documents, over one event or a whole batch at once), the observers other apps
hook onto the event, and the transition's follow-ups.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django_stubs_ext import StrOrPromise


class TransitionError(Exception):
    """A transition that the workflow does not allow; the message is for the user."""


@dataclass(frozen=True)
class Effects:
    """What a transition writes besides the status, and what follows it, all by name."""

    stamp: tuple[str, ...] = ()  # fields set to the moment of the transition
    stamp_first: tuple[str, ...] = ()  # the same, unless they already hold a moment
    count: tuple[str, ...] = ()  # counters incremented by one
    values: Mapping[str, Any] = field(default_factory=dict)  # fields set to a fixed value
    values_as: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # the same, per capacity acted in
    take: tuple[str, ...] = ()  # input rules: values the actor gives, checked (an OPD, a reason)
    text_to: str = ""  # the field that keeps the transition's text
    deadline: str = ""  # the deadline rule that starts the new clock; "" keeps the running one
    clear: tuple[str, ...] = ()  # fields emptied (None) when they hold a value
    follow: tuple[str, ...] = ()  # follow-ups run on the case after the event is recorded
    # Who is told (an audience the notifier knows) with which message kind; never the audience that acted.
    notify: Mapping[str, str] = field(default_factory=dict)
    refresh: tuple[str, ...] = ()  # derived documents rebuilt from the case (its search document)


@dataclass(frozen=True)
class Transition:
    # Each app's own enums (Action, Status, Actor), all str.
    action: Any
    sources: AbstractSet[Any]
    target: Any
    actors: AbstractSet[Any]
    needs_text: bool = False  # a reason, question or answer the actor must write
    public: bool = True  # shown on the reporter's timeline
    effects: Effects = Effects()
    guard: str = ""  # a rule listing what keeps the case from this transition

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", frozenset(self.sources))
        object.__setattr__(self, "actors", frozenset(self.actors))


@dataclass(frozen=True)
class Context:
    """One transition being applied: the case as it was, who acts in which capacity, when, and their input."""

    case: Any
    transition: Transition
    acting_as: str
    now: datetime
    text: str = ""
    inputs: Mapping[str, Any] = field(default_factory=dict)


# A deadline rule returns the clock fields it sets (at least the deadline).
DeadlineRule = Callable[[Context], dict[str, Any]]
# An input rule returns the fields it sets and the extra event data, or raises TransitionError.
InputRule = Callable[[Context], tuple[dict[str, Any], dict[str, Any]]]
# A guard returns what keeps the case from the transition (empty: nothing).
Guard = Callable[[Any], list[str]]
# A follow-up runs after the event, on the case as it is now.
FollowUp = Callable[[Any, Context], None]
# Writes the messages of the events of one transition (one case or a batch): audience → message kind.
Notifier = Callable[[Sequence[Any], Mapping[str, str]], None]
# Rebuilds a derived document of the events' cases.
Refresher = Callable[[Sequence[Any]], None]


@dataclass
class Delivery:
    """Who delivers what the transitions declare follows them; filled at start-up by the delivering apps."""

    notifier: Notifier | None = None
    audiences: frozenset[str] = frozenset()  # the audiences the notifier knows
    refreshers: dict[str, Refresher] = field(default_factory=dict)


@dataclass(frozen=True)
class Machine:
    transitions: Mapping[Any, Transition]
    not_allowed: StrOrPromise  # the actor may not take this action
    wrong_status: StrOrPromise  # with %(status)s and %(action)s
    text_missing: StrOrPromise
    deadlines: Mapping[str, DeadlineRule] = field(default_factory=dict)
    inputs: Mapping[str, InputRule] = field(default_factory=dict)
    guards: Mapping[str, Guard] = field(default_factory=dict)
    follow_ups: Mapping[str, FollowUp] = field(default_factory=dict)
    deadline_field: str = "due_at"
    # Fields set whenever a transition moves the deadline (a new clock: remind and escalate anew).
    on_new_deadline: Mapping[str, Any] = field(default_factory=dict)
    delivery: Delivery = field(default_factory=Delivery)

    def __post_init__(self) -> None:
        for t in self.transitions.values():
            e = t.effects
            named = [
                *(("input", n, self.inputs) for n in e.take),
                *(("follow-up", n, self.follow_ups) for n in e.follow),
                *([("deadline", e.deadline, self.deadlines)] if e.deadline else []),
                *([("guard", t.guard, self.guards)] if t.guard else []),
            ]
            for kind, name, bound in named:
                if name not in bound:
                    raise ValueError(f"{t.action}: the {kind} rule {name!r} is not bound")

    def transition(self, action: str) -> Transition:
        """The table's row for `action`; an action the table does not declare is refused."""
        try:
            return self.transitions[action]
        except KeyError:
            raise TransitionError(str(self.not_allowed)) from None

    def check(self, rule: Transition, *, source: str, acting_as: str | None, text: str) -> str:
        """Refuse the move unless the table allows it; return the text, stripped."""
        if acting_as is None or acting_as not in rule.actors:
            raise PermissionDenied(str(self.not_allowed))
        if source not in rule.sources:
            raise TransitionError(str(self.wrong_status) % {"status": _label(source), "action": _label(rule.action)})
        text = text.strip()
        if rule.needs_text and not text:
            raise TransitionError(str(self.text_missing))
        return text

    def changes(self, ctx: Context) -> tuple[dict[str, Any], dict[str, Any]]:
        """The fields the transition changes on `ctx.case` (as it is before) and the extra event data."""
        t, e, case = ctx.transition, ctx.transition.effects, ctx.case
        if t.guard and (problems := self.guards[t.guard](case)):
            raise TransitionError(" ".join(problems))
        changed: dict[str, Any] = {"status": t.target}
        data: dict[str, Any] = {}
        for name in e.take:
            fields, extra = self.inputs[name](ctx)
            changed.update(fields)
            data.update(extra)
        for name in e.stamp:
            changed[name] = ctx.now
        for name in e.stamp_first:
            if getattr(case, name) is None:
                changed[name] = ctx.now
        for name in e.count:
            changed[name] = getattr(case, name) + 1
        changed.update(e.values)
        changed.update(e.values_as.get(str(ctx.acting_as), {}))
        if e.text_to:
            changed[e.text_to] = ctx.text
        if e.deadline:
            changed.update(self.deadlines[e.deadline](ctx))
        for name in e.clear:
            if getattr(case, name) is not None:
                changed[name] = None
        running = getattr(case, self.deadline_field)
        if self.on_new_deadline and changed.get(self.deadline_field, running) != running:
            changed.update(self.on_new_deadline)
        return changed, data

    def follow(self, case: Any, ctx: Context) -> None:
        """Run the transition's follow-ups, after its event is recorded."""
        for name in ctx.transition.effects.follow:
            self.follow_ups[name](case, ctx)

    def bind_notifier(self, notifier: Notifier, *, audiences: Iterable[str]) -> None:
        """Let `notifier` write the messages the table declares (idempotent: start-up may run twice)."""
        self.delivery.notifier, self.delivery.audiences = notifier, frozenset(audiences)

    def bind_refresher(self, name: str, refresher: Refresher) -> None:
        self.delivery.refreshers[name] = refresher

    def unbound(self) -> list[str]:
        """What the table declares follows a transition but nobody delivers (empty once every app is ready)."""
        return [problem for t in self.transitions.values() for problem in self._unbound(t)]

    def _unbound(self, t: Transition) -> list[str]:
        known = self.delivery.audiences if self.delivery.notifier is not None else frozenset()
        return [
            *(f"{t.action}: nobody tells the audience {a!r}" for a in t.effects.notify if a not in known),
            *(f"{t.action}: nobody refreshes {n!r}" for n in t.effects.refresh if n not in self.delivery.refreshers),
        ]

    def told(self, rule: Transition, acting_as: str) -> dict[str, str]:
        """Who is told of the transition, with which message kind: its declaration, less the audience that acted."""
        return {audience: kind for audience, kind in rule.effects.notify.items() if audience != str(acting_as)}

    def announce(self, rule: Transition, events: Sequence[Any], *, acting_as: str) -> None:
        """Run what the transition declares follows its events (one case, or a batch) in their transaction.

        Each declared audience but the one that acted is told (the reporter is
        not told of their own step), all events at once; each named document
        of their cases is rebuilt, all at once.
        """
        if not events:
            return
        if problems := self._unbound(rule):
            raise ValueError("; ".join(problems))
        if (told := self.told(rule, acting_as)) and self.delivery.notifier is not None:
            self.delivery.notifier(events, told)
        for name in rule.effects.refresh:
            self.delivery.refreshers[name](events)


def _label(value: str) -> str:
    return str(getattr(value, "label", value))


def plain(value: Any) -> Any:
    """Make a field value JSON-friendly for the event's before/after record."""
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def changes_record(before: Mapping[str, Any], changed: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The event's record of a change: each field with its value before and after."""
    return {name: [plain(before[name]), plain(value)] for name, value in changed.items()}


def actions_from(transitions: Iterable[Transition], status: str, actors: AbstractSet[str]) -> list[str]:
    """The actions any of `actors` may take from `status`, in table order."""
    return [t.action for t in transitions if status in t.sources and t.actors & actors]
