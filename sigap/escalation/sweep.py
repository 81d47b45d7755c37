"""The deadline sweep: reminders, escalation, auto-close and auto-archive, set-based.

Every step claims its cases with one conditional UPDATE per batch
(`… WHERE id IN (batch) AND <the step's condition still holds> RETURNING …`)
and writes their timeline events with one INSERT … SELECT, so a million open
cases cost a few statements per batch, never a loop of queries per case.
Auto-close and auto-archive are workflow transitions: they go through
`complaint_transition_bulk`, which writes exactly what the same transition by
hand writes (fields, event, outbox rows, search document) for the whole batch. A case another worker or a user moved
in the meantime simply no longer matches the condition (compare-and-swap).
The same SQL runs on SQLite (3.35+) and PostgreSQL.

Rules (docs/workflow.md, docs/legal-sources.md):
- reminder: a staff-held case whose deadline falls before the due-soon threshold
  (default 1 working day) reminds the responsible officers and the OPD's focal
  point, or the complaint administrators while the case is with them;
- escalation level 1: a staff-held case past its deadline goes to the OPD head
  (the administrators for a case not yet dispatched);
- escalation level 2: still overdue after the escalation limit (default 3
  working days) it goes to the Inspektorat and the complaint administrators;
- auto-close: an answered case whose reporter stayed silent past the
  reporter_response limit (10 working days, SP4N-LAPOR!) closes as confirmed by silence;
- auto-archive: an incomplete report not completed within info_request (30 days)
  is deemed withdrawn (UU 25/2009 Pasal 44(5)) and archived as never completed.

A batch that fails is retried case by case; a case that still fails gets its
bookkeeping pushed forward (and the error recorded on the SweepRun), so one
bad row cannot make every later sweep fail on it again.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sigap.accounts.models import Role
from sigap.complaints.models import Complaint, ComplaintEvent
from sigap.complaints.services import complaint_transition_bulk
from sigap.complaints.workflow import STAFF_CLOCK, TRANSITIONS, WITH_OPD, Action, Actor, ArchiveReason
from sigap.escalation.models import SweepRun
from sigap.notifications import recipients
from sigap.notifications.models import Channel, Kind, Notification
from sigap.notifications.services import dedupe_key, enqueue, notifications_create
from sigap.organisations.models import Jurisdiction
from sigap.search.documents import document_deadlines_follow
from sigap.sla import deadlines
from sigap.sla.models import Stage

logger = logging.getLogger(__name__)

BATCH = 5000
# How many cases one reminder or escalation e-mail lists (the count covers all).
LISTED = 50
# How far a case that cannot be processed is pushed before the sweep tries it again.
PUSH_FORWARD = timedelta(hours=1)

COMPLAINTS = Complaint._meta.db_table
EVENTS = ComplaintEvent._meta.db_table


@dataclass(frozen=True)
class Step:
    """One rule: which cases it claims, what it writes on them, which event it records."""

    name: str
    where: str  # SQL condition on the complaint table
    params: list[Any]
    assign: str  # SQL SET clause
    assign_params: list[Any]
    # Timeline event: (kind, action, from_status, to_status, body, is_public, data); None: no event.
    event: tuple[str, str, str | None, str | None, str, bool, dict[str, Any]] | None = None
    # When the step cannot process a case: SET clause (and params) that moves it out of the way.
    push: tuple[str, list[Any]] = ("", [])
    # A workflow transition (auto-close, auto-archive): applied by complaint_transition_bulk
    # instead of `assign`/`event`, so it writes what the same transition by hand writes.
    action: Action | None = None
    text: str = ""
    archive_reason: str = ""


@dataclass
class Touched:
    ids: list[int] = field(default_factory=list)
    events: list[int] = field(default_factory=list)
    # (id, jurisdiction_id, opd_id, status, due_at) of each claimed case, as the claim returned it.
    cases: list[tuple[Any, ...]] = field(default_factory=list)


def _in(values: list[int] | frozenset[str]) -> tuple[str, list[Any]]:
    """Placeholders and plain values (ids, or statuses as str) for an SQL IN list."""
    items = sorted(v if isinstance(v, int) else str(v) for v in values)
    return ",".join(["%s"] * len(items)), items


def _dt(value: datetime) -> Any:
    """A datetime as the database stores it (text on SQLite, timestamptz on PostgreSQL)."""
    return connection.ops.adapt_datetimefield_value(value)


def _json() -> str:
    return "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"


class Sweep:
    def __init__(self, run: SweepRun, now: datetime, batch_size: int) -> None:
        self.run = run
        self.now = now
        self.batch_size = batch_size
        self.touched: dict[str, Touched] = defaultdict(Touched)

    # --- the rules -------------------------------------------------------

    def steps(self) -> list[Step]:
        now = _dt(self.now)
        staff, staff_params = _in(STAFF_CLOCK)
        jurisdictions = list(
            Jurisdiction.objects.filter(is_active=True).exclude(kind=Jurisdiction.Kind.OMBUDSMAN).order_by("pk")
        )
        steps: list[Step] = []
        for jurisdiction in jurisdictions:
            soon = deadlines.due_soon_threshold(jurisdiction=jurisdiction, now=self.now)
            steps.append(
                Step(
                    name="reminded",
                    # Only deadlines still ahead: an overdue case is escalated, not reminded.
                    where=f"jurisdiction_id = %s AND status IN ({staff}) AND reminded_at IS NULL"
                    " AND due_at >= %s AND due_at <= %s",
                    params=[jurisdiction.pk, *staff_params, now, _dt(soon)],
                    assign="reminded_at = %s",
                    assign_params=[now],
                    push=("reminded_at = %s", [now]),
                )
            )
        # The second level first, so a case long overdue goes there in one step, not through both.
        # One step per level: an equality on the level lets the index deliver the cases in
        # deadline order (an IN list would not, and the planner would scan the table).
        for jurisdiction in jurisdictions:
            before = _dt(self.second_level_before(jurisdiction))
            for level in (1, 0):
                steps.append(
                    Step(
                        name="escalated_2",
                        where=f"jurisdiction_id = %s AND status IN ({staff}) AND escalation_level = {level}"
                        " AND due_at < %s",
                        params=[jurisdiction.pk, *staff_params, before],
                        assign="escalation_level = 2",
                        assign_params=[],
                        event=("escalation", "", None, None, "", False, {"level": 2}),
                        push=("escalation_level = 2", []),
                    )
                )
        steps.append(
            Step(
                name="escalated_1",
                where=f"status IN ({staff}) AND escalation_level = 0 AND due_at < %s",
                params=[*staff_params, now],
                assign="escalation_level = 1",
                assign_params=[],
                event=("escalation", "", None, None, "", False, {"level": 1}),
                push=("escalation_level = 1", []),
            )
        )
        steps.append(self._system_transition(Action.AUTO_CLOSE))
        steps.append(self._system_transition(Action.ARCHIVE))
        return steps

    def second_level_before(self, jurisdiction: Jurisdiction) -> datetime:
        """Cases due before this moment have been overdue for the whole escalation limit."""
        limit = deadlines.time_limit(jurisdiction=jurisdiction, category=None, stage=Stage.ESCALATION)
        today = deadlines.local_date(self.now, jurisdiction)
        calendar = deadlines.calendar_for(jurisdiction, today)
        if limit.counting == "working":
            day = calendar.add_days(today, -limit.days)
        else:
            day = today - timedelta(days=limit.days)
        return deadlines.end_of_day(day, jurisdiction)

    def _system_transition(self, action: Action) -> Step:
        """AUTO_CLOSE (from ANSWERED) or ARCHIVE (from INCOMPLETE), through the workflow's bulk transition."""
        rule = TRANSITIONS[action]
        assert Actor.SYSTEM in rule.actors, f"the workflow does not let the system {action}"
        source = next(s for s in sorted(rule.sources) if s in ("answered", "incomplete"))
        text = ""
        if action == Action.ARCHIVE:
            with translation.override("id"):
                # Stored once on the timeline, in the portal's default language.
                text = _("The report was not completed within the time limit and is deemed withdrawn.")
        return Step(
            name="auto_closed" if action == Action.AUTO_CLOSE else "auto_archived",
            where="status = %s AND due_at < %s",
            params=[source, _dt(self.now)],
            assign="",
            assign_params=[],
            push=("due_at = %s", [_dt(self.now + PUSH_FORWARD)]),
            action=action,
            text=text,
            archive_reason=ArchiveReason.NEVER_COMPLETED if action == Action.ARCHIVE else "",
        )

    # --- the machinery ---------------------------------------------------

    def run_step(self, step: Step) -> None:
        while True:
            try:
                with transaction.atomic():
                    claimed = self.apply(step)
            except Exception:
                logger.exception("sweep step %s failed on a batch; retrying case by case", step.name)
                claimed = self.one_by_one(step)
            if claimed < self.batch_size:
                return

    def apply(self, step: Step, ids: list[int] | None = None) -> int:
        """Claim a batch (the next one by deadline, or `ids`), record its events; return how many were claimed."""
        if ids is None:
            # In deadline order, which each step's partial index delivers directly (equality on
            # its leading columns); a claimed case leaves that index range, so every batch starts
            # at fresh cases and the ordered scan also keeps the planner off a table scan.
            batch = f"SELECT id FROM {COMPLAINTS} WHERE {step.where} ORDER BY due_at LIMIT %s"  # noqa: S608
            batch_params = [*step.params, self.batch_size]
        else:
            marks, batch_params = _in(ids)
            batch = marks
        touched = self.touched[step.name]
        if step.action is not None:
            pairs = complaint_transition_bulk(
                action=step.action,
                candidates=f"SELECT id FROM {COMPLAINTS} WHERE id IN ({batch}) AND {step.where}",  # noqa: S608
                params=[*batch_params, *step.params],
                text=step.text,
                archive_reason=step.archive_reason,
                now=self.now,
            )
            touched.ids += [pk for pk, _ in pairs]
            touched.events += [event for _, event in pairs]
            return len(pairs)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {COMPLAINTS} SET {step.assign} WHERE id IN ({batch}) AND {step.where}"  # noqa: S608
                " RETURNING id, jurisdiction_id, opd_id, status, due_at",
                [*step.assign_params, *batch_params, *step.params],
            )
            cases = cursor.fetchall()
        if not cases:
            return 0
        claimed = [row[0] for row in cases]
        events = record_events(step, claimed, _dt(self.now)) if step.event else []
        touched.ids += claimed
        touched.events += events
        touched.cases += cases
        return len(claimed)

    def one_by_one(self, step: Step) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM {COMPLAINTS} WHERE {step.where} ORDER BY due_at LIMIT %s",  # noqa: S608
                [*step.params, self.batch_size],
            )
            ids = [row[0] for row in cursor.fetchall()]
        for pk in ids:
            self.apply_one(step, pk)
        return len(ids)

    def apply_one(self, step: Step, pk: int) -> None:
        try:
            with transaction.atomic():
                self.apply(step, [pk])
        except Exception as exc:
            logger.exception("sweep step %s failed on complaint %s", step.name, pk)
            self.run.errors.append({"step": step.name, "complaint": pk, "error": f"{type(exc).__name__}: {exc}"})
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {COMPLAINTS} SET {step.push[0]} WHERE id = %s",  # noqa: S608
                    [*step.push[1], pk],
                )
            document_deadlines_follow(complaint_ids=[pk])

    def finish(self) -> None:
        self.run.counts = {name: len(t.ids) for name, t in self.touched.items()}
        queue_staff_notifications(self)


def record_events(step: Step, ids: list[int], at: Any) -> list[int]:
    """Write one timeline event per claimed case with a single INSERT … SELECT; return the event ids."""
    assert step.event is not None
    kind, action, from_status, to_status, body, is_public, data = step.event
    marks, id_params = _in(ids)
    from_sql = "%s" if from_status else "status"
    to_sql = "%s" if to_status else "status"
    params: list[Any] = [at, kind, action]
    params += [from_status] if from_status else []
    params += [to_status] if to_status else []
    params += [body, is_public, json.dumps(data)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {EVENTS} (complaint_id, at, kind, action, actor_id, actor_role, from_status, to_status,"  # noqa: S608
            f" body, is_public, data) SELECT id, %s, %s, %s, NULL, 'system', {from_sql}, {to_sql}, %s, %s, {_json()}"
            f" FROM {COMPLAINTS} WHERE id IN ({marks}) RETURNING id",
            [*params, *id_params],
        )
        return [row[0] for row in cursor.fetchall()]


def _staff_for(kind: str, level: int, case: dict[str, Any]) -> list[recipients.Recipient]:
    j, opd, held_by_opd = case["jurisdiction_id"], case["opd_id"], case["status"] in WITH_OPD and case["opd_id"]
    if kind == Kind.REMINDER:
        if held_by_opd:
            return recipients.staff(jurisdiction_id=j, roles={Role.OPD_OFFICER, Role.FOCAL_POINT}, opd_id=opd)
        return recipients.administrators(j)
    if level == 1 and held_by_opd:
        return recipients.staff(jurisdiction_id=j, roles={Role.OPD_HEAD}, opd_id=opd)
    if level == 1:
        return recipients.administrators(j)
    return recipients.staff(jurisdiction_id=j, roles={Role.INSPEKTORAT, Role.COMPLAINT_ADMIN})


def queue_staff_notifications(sweep: Sweep) -> None:
    """One reminder or escalation e-mail per person per sweep, listing their cases."""
    groups: list[tuple[str, int, list[tuple[Any, ...]]]] = [
        (Kind.REMINDER, 0, sweep.touched["reminded"].cases),
        (Kind.ESCALATION, 1, sweep.touched["escalated_1"].cases),
        (Kind.ESCALATION, 2, sweep.touched["escalated_2"].cases),
    ]
    rows: list[Notification] = []
    cache: dict[tuple[Any, ...], list[recipients.Recipient]] = {}
    for kind, level, cases in groups:
        per_person: dict[int, tuple[recipients.Recipient, int, list[int]]] = {}
        # From what each claim returned: no query naming every touched case (a sweep touching
        # hundreds of thousands of cases would exceed SQLite's limit on query parameters).
        claimed = [
            {"pk": pk, "jurisdiction_id": j, "opd_id": opd, "status": status, "due_at": _aware(due_at)}
            for pk, j, opd, status, due_at in cases
        ]
        if kind == Kind.REMINDER:
            # Cases already past their deadline are escalated instead of reminded.
            claimed = [row for row in claimed if row["due_at"] is not None and row["due_at"] >= sweep.now]
        claimed.sort(key=lambda row: (row["due_at"], row["pk"]))
        for case in claimed:
            key = (kind, level, case["jurisdiction_id"], case["opd_id"], case["status"] in WITH_OPD)
            if key not in cache:
                cache[key] = _staff_for(kind, level, case)
            for person in cache[key]:
                assert person.user is not None
                entry = per_person.setdefault(person.user.pk, (person, case["jurisdiction_id"], []))
                entry[2].append(case["pk"])
        for user_id, (person, jurisdiction_id, case_ids) in per_person.items():
            rows.append(
                Notification(
                    dedupe_key=dedupe_key("sweep", sweep.run.pk, kind, level, user_id),
                    kind=kind,
                    channel=Channel.EMAIL,
                    recipient=person.address,
                    recipient_user=person.user,
                    jurisdiction_id=jurisdiction_id,
                    language=person.language,
                    context={"cases": case_ids[:LISTED], "total": len(case_ids), "level": level},
                )
            )
    enqueue(notifications_create(rows))


def _aware(value: Any) -> datetime | None:
    """A datetime as a raw cursor returns it (text on SQLite), aware in UTC."""
    if value is None:
        return None
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def sweep(
    *, now: datetime | None = None, batch_size: int = BATCH, progress: Callable[[str, int], None] | None = None
) -> SweepRun:
    """Apply every deadline rule as of `now`; return the run with its counts and errors.

    Each batch commits on its own, so a sweep interrupted half-way leaves
    consistent cases behind and the next sweep carries on where it stopped.
    Notifications are written as outbox rows; the re-drive job sends them.
    """
    now = now or timezone.now()
    run = SweepRun.objects.create(started_at=timezone.now(), as_of=now)
    work = Sweep(run, now, batch_size)
    for step in work.steps():
        work.run_step(step)
        if progress:
            progress(step.name, len(work.touched[step.name].ids))
    work.finish()
    run.finished_at = timezone.now()
    run.save(update_fields=["counts", "errors", "finished_at"])
    return run
