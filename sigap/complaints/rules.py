"""The named rules the complaint workflow's table uses, bound into its machine.

Deadline rules compute a transition's new clock; input rules take and check a
value the actor gives (an OPD, a tier, a reason). Both read only the case as it
was before the transition, so the single and the bulk transition agree.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.complaints.models import Complaint
from sigap.complaints.workflow import STAGE_OF_STATUS, TRANSITIONS, ArchiveReason, Status
from sigap.organisations.models import ComplexityTier
from sigap.sla import deadlines
from sigap.sla.models import Stage
from sigap.workflow import Context, Machine, TransitionError


def stage_due(case: Complaint, status: Status, now: datetime) -> datetime | None:
    """When the clock that runs while the case is in `status` runs out (None: no clock)."""
    stage = STAGE_OF_STATUS[status]
    if stage is None:
        return None
    if stage == Stage.COMPLETION:
        return case.completion_due_at
    return deadlines.deadline(jurisdiction=case.jurisdiction, category=case.category, stage=stage, start=now)


def _completion_due(case: Complaint, tier: ComplexityTier | None, now: datetime) -> datetime:
    """The follow-up deadline from verification: the tier's days if the case has a tier, else the time limit."""
    if tier is None:
        return deadlines.deadline(
            jurisdiction=case.jurisdiction, category=case.category, stage=Stage.COMPLETION, start=now
        )
    limit = deadlines.Limit(days=tier.days, counting=tier.counting, source=tier.source)
    start_day = deadlines.local_date(now, case.jurisdiction)
    calendar = deadlines.calendar_for(case.jurisdiction, start_day)
    return deadlines.end_of_day(deadlines.due_date(limit, start_day, calendar), case.jurisdiction)


# --- deadline rules --------------------------------------------------------


def _stage(ctx: Context) -> dict[str, Any]:
    return {"due_at": stage_due(ctx.case, Status(ctx.transition.target), ctx.now)}


def _pause(ctx: Context) -> dict[str, Any]:
    """The reporter's turn: keep the working days left on the clock, run the reporter's limit."""
    case = ctx.case
    assert case.due_at is not None
    left = deadlines.remaining_working_days(jurisdiction=case.jurisdiction, due_at=case.due_at, now=ctx.now)
    return {"paused_days_left": max(0, left), **_stage(ctx)}


def _resume(ctx: Context) -> dict[str, Any]:
    """The verification clock restarts with the working days that were left when it paused."""
    case = ctx.case
    if case.paused_days_left is None:
        return _stage(ctx)
    today = deadlines.local_date(ctx.now, case.jurisdiction)
    calendar = deadlines.calendar_for(case.jurisdiction, today)
    return {"due_at": deadlines.end_of_day(calendar.add_days(today, max(case.paused_days_left, 1)), case.jurisdiction)}


# --- input rules -----------------------------------------------------------


def _complexity_tier(ctx: Context) -> tuple[dict[str, Any], dict[str, Any]]:
    """The tier the administrator chose, else the category's default; the follow-up deadline follows from it."""
    case = ctx.case
    tier = ctx.inputs.get("complexity_tier")
    if tier is None and case.category is not None and case.category.default_tier_id is not None:
        tier = case.category.default_tier
    if tier is not None and (tier.jurisdiction_id != case.jurisdiction_id or not tier.is_active):
        raise TransitionError(_("This complexity tier is not one of the jurisdiction's tiers."))
    changed: dict[str, Any] = {}
    data: dict[str, Any] = {}
    if tier is not None or case.complexity_tier_id is not None:
        changed["complexity_tier"] = tier
    if tier is not None:
        data["complexity_tier"] = {"name": tier.name, "days": tier.days, "counting": tier.counting}
    changed["completion_due_at"] = _completion_due(case, tier, ctx.now)
    return changed, data


def _opd(ctx: Context) -> tuple[dict[str, Any], dict[str, Any]]:
    """The OPD chosen, else the category's default OPD; it must be an active OPD of the case's jurisdiction."""
    case = ctx.case
    opd = ctx.inputs.get("opd") or (case.category.default_opd if case.category else None)
    if opd is None:
        raise TransitionError(_("Choose the OPD to dispatch the complaint to."))
    if opd.jurisdiction_id != case.jurisdiction_id or not opd.is_active:
        raise TransitionError(_("This OPD does not belong to the complaint's jurisdiction."))
    return {"opd": opd}, {"opd": [case.opd_id, opd.pk]}


def _opd_returned(ctx: Context) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"opd": None}, {"opd": [ctx.case.opd_id, None]}


def _forwarded_to(ctx: Context) -> tuple[dict[str, Any], dict[str, Any]]:
    forwarded_to = str(ctx.inputs.get("forwarded_to") or "")
    if not forwarded_to.strip():
        raise TransitionError(_("Name the institution the complaint is forwarded to."))
    return {"forwarded_to": forwarded_to.strip()[:200]}, {}


def _archive_reason(ctx: Context) -> tuple[dict[str, Any], dict[str, Any]]:
    reason = ctx.inputs.get("archive_reason") or ""
    if reason not in ArchiveReason.values:
        raise TransitionError(_("Choose why the complaint is archived."))
    return {"archive_reason": reason}, {}


WORKFLOW = Machine(
    transitions=TRANSITIONS,
    not_allowed=gettext_lazy("You may not do this to the complaint."),
    wrong_status=gettext_lazy("A complaint that is “%(status)s” cannot be given the action “%(action)s”."),
    text_missing=gettext_lazy("Write the reason or the message for this action."),
    deadlines={"stage": _stage, "pause": _pause, "resume": _resume},
    inputs={
        "complexity_tier": _complexity_tier,
        "opd": _opd,
        "opd_returned": _opd_returned,
        "forwarded_to": _forwarded_to,
        "archive_reason": _archive_reason,
    },
    # A new clock starts: the sweep may remind and escalate again.
    on_new_deadline={"reminded_at": None, "escalation_level": 0},
)
