"""The engine applies what a transition declares, and nothing the table does not declare."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import PermissionDenied
from django.test import SimpleTestCase

from sigap.workflow import Context, Effects, Machine, Transition, TransitionError, changes_record

NOW = datetime(2026, 6, 1, 3, tzinfo=UTC)
LATER = datetime(2026, 6, 10, 3, tzinfo=UTC)


def _ten_days(ctx: Context) -> dict[str, Any]:
    return {"due_at": LATER}


def _reason(ctx: Context) -> tuple[dict[str, Any], dict[str, Any]]:
    if not ctx.inputs.get("reason"):
        raise TransitionError("Give a reason.")
    return {"reason": ctx.inputs["reason"]}, {"reason_given": True}


def machine(**extra: Any) -> Machine:
    followed: list[str] = []
    table = {
        t.action: t
        for t in [
            Transition("open", {"new"}, "open", {"clerk"}, effects=Effects(stamp=("opened_at",), deadline="ten_days")),
            Transition(
                "close",
                {"open"},
                "closed",
                {"clerk", "system"},
                needs_text=True,
                effects=Effects(
                    take=("reason",),
                    stamp=("closed_at",),
                    stamp_first=("first_at",),
                    count=("moves",),
                    values={"level": 0},
                    values_as={"system": {"by": "silence"}, "clerk": {"by": "hand"}},
                    text_to="closing_text",
                    clear=("paused",),
                    follow=("remember",),
                    notify={"clerk": "closed", "owner": "closed", "feed": "event"},
                    refresh=("index",),
                ),
            ),
        ]
    }
    bound: dict[str, Any] = {
        "transitions": table,
        "not_allowed": "not allowed",
        "wrong_status": "cannot %(action)s from %(status)s",
        "text_missing": "write something",
        "deadlines": {"ten_days": _ten_days},
        "inputs": {"reason": _reason},
        "follow_ups": {"remember": lambda case, ctx: followed.append(ctx.transition.action)},
        "on_new_deadline": {"reminded_at": None},
    }
    return Machine(**{**bound, **extra})


def case(**fields: Any) -> SimpleNamespace:
    base = {"status": "open", "due_at": NOW, "first_at": None, "moves": 2, "paused": 3, "reminded_at": NOW}
    return SimpleNamespace(**{**base, **fields})


class EngineTest(SimpleTestCase):
    def test_it_applies_every_declared_effect(self):
        wf = machine()
        rule = wf.transition("close")
        ctx = Context(case=case(), transition=rule, acting_as="system", now=LATER, text="done", inputs={"reason": "x"})
        changed, data = wf.changes(ctx)
        self.assertEqual(
            changed,
            {
                "status": "closed",
                "reason": "x",
                "closed_at": LATER,
                "first_at": LATER,
                "moves": 3,
                "level": 0,
                "by": "silence",
                "closing_text": "done",
                "paused": None,
            },
        )
        self.assertEqual(data, {"reason_given": True})

    def test_a_first_moment_already_set_and_an_empty_field_are_left_alone(self):
        wf = machine()
        ctx = Context(
            case=case(first_at=NOW, paused=None),
            transition=wf.transition("close"),
            acting_as="clerk",
            now=LATER,
            inputs={"reason": "x"},
        )
        changed, _data = wf.changes(ctx)
        self.assertNotIn("first_at", changed)
        self.assertNotIn("paused", changed)
        self.assertEqual(changed["by"], "hand")

    def test_a_new_deadline_sets_the_new_clock_fields(self):
        wf = machine()
        ctx = Context(case=case(status="new"), transition=wf.transition("open"), acting_as="clerk", now=NOW)
        changed, _data = wf.changes(ctx)
        self.assertEqual(changed, {"status": "open", "opened_at": NOW, "due_at": LATER, "reminded_at": None})

    def test_an_undeclared_transition_is_refused(self):
        with self.assertRaisesMessage(TransitionError, "not allowed"):
            machine().transition("reopen")

    def test_a_move_from_a_status_not_in_the_table_is_refused(self):
        wf = machine()
        with self.assertRaisesMessage(TransitionError, "cannot close from closed"):
            wf.check(wf.transition("close"), source="closed", acting_as="clerk", text="done")

    def test_an_actor_not_in_the_table_is_refused(self):
        wf = machine()
        with self.assertRaises(PermissionDenied):
            wf.check(wf.transition("open"), source="new", acting_as="system", text="")
        with self.assertRaises(PermissionDenied):
            wf.check(wf.transition("open"), source="new", acting_as=None, text="")

    def test_a_required_text_is_required_and_stripped(self):
        wf = machine()
        with self.assertRaisesMessage(TransitionError, "write something"):
            wf.check(wf.transition("close"), source="open", acting_as="clerk", text="  ")
        self.assertEqual(wf.check(wf.transition("close"), source="open", acting_as="clerk", text=" ok "), "ok")

    def test_an_input_rule_refuses_a_bad_input(self):
        wf = machine()
        ctx = Context(case=case(), transition=wf.transition("close"), acting_as="clerk", now=LATER)
        with self.assertRaisesMessage(TransitionError, "Give a reason."):
            wf.changes(ctx)

    def test_a_name_the_table_uses_must_be_bound(self):
        with self.assertRaisesMessage(ValueError, "close: the input rule 'reason' is not bound"):
            machine(inputs={})

    def test_the_declared_follow_ups_run(self):
        ran: list[str] = []
        wf = machine(follow_ups={"remember": lambda c, ctx: ran.append(ctx.acting_as)})
        wf.follow(case(), Context(case=case(), transition=wf.transition("close"), acting_as="clerk", now=NOW))
        self.assertEqual(ran, ["clerk"])

    def test_what_follows_tells_each_declared_audience_but_the_one_that_acted_all_events_at_once(self):
        wf = machine()
        told: list[tuple[list[str], dict[str, str]]] = []
        refreshed: list[list[str]] = []
        wf.bind_notifier(lambda events, audiences: told.append((list(events), dict(audiences))), audiences={
            "clerk", "owner", "feed",
        })  # fmt: skip
        wf.bind_refresher("index", lambda events: refreshed.append(list(events)))
        self.assertEqual(wf.unbound(), [])
        wf.announce(wf.transition("close"), ["e1", "e2"], acting_as="clerk")
        wf.announce(wf.transition("close"), ["e3"], acting_as="system")
        wf.announce(wf.transition("open"), ["e4"], acting_as="clerk")  # declares nothing
        self.assertEqual(
            told,
            [
                (["e1", "e2"], {"owner": "closed", "feed": "event"}),
                (["e3"], {"clerk": "closed", "owner": "closed", "feed": "event"}),
            ],
        )
        self.assertEqual(refreshed, [["e1", "e2"], ["e3"]])

    def test_what_follows_must_have_someone_to_deliver_it(self):
        wf = machine()
        wf.bind_notifier(lambda events, audiences: None, audiences={"clerk", "owner"})
        self.assertEqual(wf.unbound(), ["close: nobody tells the audience 'feed'", "close: nobody refreshes 'index'"])
        with self.assertRaisesMessage(ValueError, "close: nobody tells the audience 'feed'"):
            wf.announce(wf.transition("close"), ["e1"], acting_as="clerk")

    def test_the_change_record_holds_before_and_after_as_plain_values(self):
        self.assertEqual(
            changes_record({"due_at": NOW, "opd": SimpleNamespace(pk=4)}, {"due_at": None, "opd": None}),
            {"due_at": [NOW.isoformat(), None], "opd": [4, None]},
        )
