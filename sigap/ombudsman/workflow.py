"""The Ombudsman report's state machine (UU 37/2008; Peraturan Ombudsman 58/2023).

Receipt → formal verification (Pasal 24) → material verification → examination
(clarification, investigation / field examination, conciliation or mediation,
ajudikasi khusus) → LHP with corrective action → resolution and monitoring →
recommendation. The table is the whole workflow, effects included;
`report_transition` is the only code that applies it, through the engine in
sigap/workflow/ that complaints use too. Time limits are data (`StageLimit`).
"""

from __future__ import annotations

import enum
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sigap.workflow import Effects, Transition, actions_from


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    INCOMPLETE = "incomplete", _("Waiting for the reporter to complete")
    FORMAL_VERIFIED = "formal_verified", _("Formally verified")
    CLARIFICATION = "clarification", _("Examination: clarification")
    INVESTIGATION = "investigation", _("Examination: investigation")
    CONCILIATION = "conciliation", _("Examination: conciliation or mediation")
    ADJUDICATION = "adjudication", _("Special adjudication (ajudikasi khusus)")
    LHP = "lhp", _("LHP issued: corrective action running")
    MONITORING = "monitoring", _("Resolution and monitoring")
    RECOMMENDATION = "recommendation", _("Recommendation issued")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")


TERMINAL = frozenset({Status.CLOSED, Status.REJECTED})
OPEN = frozenset(set(Status) - TERMINAL)
EXAMINATION = frozenset({Status.CLARIFICATION, Status.INVESTIGATION, Status.CONCILIATION, Status.ADJUDICATION})


class Stage(models.TextChoices):
    """A clock; each status runs at most one (see STAGE_OF_STATUS)."""

    VERIFICATION = "verification", _("Verify the report")
    COMPLETION = "completion", _("Reporter completes the report")
    EXAMINATION = "examination", _("Examine the report")
    CORRECTIVE_ACTION = "corrective_action", _("Carry out the corrective action of the LHP")
    MONITORING = "monitoring", _("Resolution and monitoring")
    RECOMMENDATION = "recommendation", _("Superior reports on the recommendation")


STAGE_OF_STATUS: dict[Status, Stage | None] = {
    Status.RECEIVED: Stage.VERIFICATION,
    Status.INCOMPLETE: Stage.COMPLETION,
    Status.FORMAL_VERIFIED: Stage.VERIFICATION,
    Status.CLARIFICATION: Stage.EXAMINATION,
    Status.INVESTIGATION: Stage.EXAMINATION,
    Status.CONCILIATION: Stage.EXAMINATION,
    Status.ADJUDICATION: Stage.EXAMINATION,
    Status.LHP: Stage.CORRECTIVE_ACTION,
    Status.MONITORING: Stage.MONITORING,
    Status.RECOMMENDATION: Stage.RECOMMENDATION,
    Status.CLOSED: None,
    Status.REJECTED: None,
}


# Stages whose clock counts from the day the reported party received the document, not from the transition:
# the LHP (PerOmbudsman 58/2023 Pasal 54(1)) and the recommendation (UU 37/2008 Pasal 38(2)).
RECEIPT_CLOCKS = frozenset({Status.LHP, Status.RECOMMENDATION})


class Actor(enum.StrEnum):
    OFFICER = "ombudsman"  # an officer of the perwakilan overseeing the jurisdiction
    SYSTEM = "system"  # the deadline sweep


class Action(models.TextChoices):
    REQUEST_COMPLETION = "request_completion", pgettext_lazy("ombudsman", "Ask the reporter to complete")
    SUPPLEMENT = "supplement", pgettext_lazy("ombudsman", "Record the completed report")
    WITHDRAWN = "withdrawn", pgettext_lazy("ombudsman", "Close as withdrawn")
    VERIFY_FORMAL = "verify_formal", pgettext_lazy("ombudsman", "Formal verification passed")
    VERIFY_MATERIAL = "verify_material", pgettext_lazy("ombudsman", "Material verification passed: examine")
    REJECT = "reject", pgettext_lazy("ombudsman", "Reject the report")
    INVESTIGATE = "investigate", pgettext_lazy("ombudsman", "Start investigation / field examination")
    CONCILIATE = "conciliate", pgettext_lazy("ombudsman", "Start conciliation or mediation")
    ADJUDICATE = "adjudicate", pgettext_lazy("ombudsman", "Start special adjudication")
    SETTLE = "settle", pgettext_lazy("ombudsman", "Close as settled")
    NO_MALADMINISTRATION = "no_maladministration", pgettext_lazy("ombudsman", "Close: no maladministration found")
    ISSUE_LHP = "issue_lhp", pgettext_lazy("ombudsman", "Issue the LHP with corrective action")
    CORRECTED = "corrected", pgettext_lazy("ombudsman", "Corrective action carried out: close")
    START_MONITORING = "start_monitoring", pgettext_lazy("ombudsman", "Move to resolution and monitoring")
    RECOMMEND = "recommend", pgettext_lazy("ombudsman", "Issue a recommendation")
    RECOMMENDATION_DONE = "recommendation_done", pgettext_lazy("ombudsman", "Recommendation implemented: close")
    RECOMMENDATION_IGNORED = (
        "recommendation_ignored",
        pgettext_lazy("ombudsman", "Recommendation not implemented: close"),
    )


class Outcome(models.TextChoices):
    WITHDRAWN = "withdrawn", _("Deemed withdrawn (not completed in time)")
    REJECTED = "rejected", _("Rejected")
    SETTLED = "settled", _("Settled by conciliation, mediation or adjudication")
    NO_MALADMINISTRATION = "no_maladministration", _("No maladministration found")
    CORRECTED = "corrected", _("Corrective action carried out")
    RECOMMENDATION_DONE = "recommendation_done", _("Recommendation implemented")
    RECOMMENDATION_IGNORED = "recommendation_ignored", _("Recommendation not implemented")


# Each transition declares what it writes; the engine (sigap/workflow/engine.py) applies it and
# ombudsman/services.py binds the named rules: "stage" starts the target status's clock now,
# "on_receipt" waits for the reported party's receipt of the document (RECEIPT_CLOCKS);
# "formal"/"material" are the verification guards; "notice" opens the clock for telling the
# parties of a signed decision (UU 37/2008 Pasal 27(1), 36(2), 37(3)).
_STAGE = Effects(deadline="stage")


def _closing(outcome: Outcome, **effects: Any) -> Effects:
    """A transition that closes the report with `outcome`."""
    return Effects(deadline="stage", values={"outcome": outcome}, stamp=("closed_at",), **effects)


_OFFICER = {Actor.OFFICER}

TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in [
        Transition(Action.REQUEST_COMPLETION, {Status.RECEIVED}, Status.INCOMPLETE, _OFFICER, True, effects=_STAGE),
        Transition(Action.SUPPLEMENT, {Status.INCOMPLETE}, Status.RECEIVED, _OFFICER, True, effects=_STAGE),
        Transition(
            Action.WITHDRAWN,
            {Status.INCOMPLETE},
            Status.CLOSED,
            {Actor.SYSTEM, Actor.OFFICER},
            effects=_closing(Outcome.WITHDRAWN),
        ),
        Transition(
            Action.VERIFY_FORMAL, {Status.RECEIVED}, Status.FORMAL_VERIFIED, _OFFICER, effects=_STAGE, guard="formal"
        ),
        Transition(
            Action.VERIFY_MATERIAL,
            {Status.FORMAL_VERIFIED},
            Status.CLARIFICATION,
            _OFFICER,
            effects=_STAGE,
            guard="material",
        ),
        Transition(
            Action.REJECT,
            {Status.RECEIVED, Status.FORMAL_VERIFIED},
            Status.REJECTED,
            _OFFICER,
            True,
            effects=_closing(Outcome.REJECTED, take=("reject_reason",), follow=("notice",)),
        ),
        Transition(Action.INVESTIGATE, {Status.CLARIFICATION}, Status.INVESTIGATION, _OFFICER, effects=_STAGE),
        Transition(
            Action.CONCILIATE,
            {Status.CLARIFICATION, Status.INVESTIGATION},
            Status.CONCILIATION,
            _OFFICER,
            effects=_STAGE,
        ),
        Transition(Action.ADJUDICATE, {Status.CONCILIATION}, Status.ADJUDICATION, _OFFICER, effects=_STAGE),
        Transition(
            Action.SETTLE,
            {Status.CONCILIATION, Status.ADJUDICATION},
            Status.CLOSED,
            _OFFICER,
            True,
            effects=_closing(Outcome.SETTLED),
        ),
        Transition(
            Action.NO_MALADMINISTRATION,
            {Status.CLARIFICATION, Status.INVESTIGATION, Status.CONCILIATION},
            Status.CLOSED,
            _OFFICER,
            True,
            effects=_closing(Outcome.NO_MALADMINISTRATION),
        ),
        Transition(
            Action.ISSUE_LHP,
            EXAMINATION,
            Status.LHP,
            _OFFICER,
            True,
            effects=Effects(deadline="on_receipt", text_to="corrective_action", stamp=("lhp_at",)),
        ),
        Transition(
            Action.CORRECTED,
            {Status.LHP, Status.MONITORING},
            Status.CLOSED,
            _OFFICER,
            True,
            effects=_closing(Outcome.CORRECTED),
        ),
        Transition(
            Action.START_MONITORING, {Status.LHP}, Status.MONITORING, {Actor.SYSTEM, Actor.OFFICER}, effects=_STAGE
        ),
        Transition(
            Action.RECOMMEND,
            {Status.MONITORING},
            Status.RECOMMENDATION,
            _OFFICER,
            True,
            effects=Effects(
                deadline="on_receipt",
                text_to="recommendation",
                stamp=("recommendation_at",),
                follow=("notice",),
            ),
        ),
        Transition(
            Action.RECOMMENDATION_DONE,
            {Status.RECOMMENDATION},
            Status.CLOSED,
            _OFFICER,
            True,
            effects=_closing(Outcome.RECOMMENDATION_DONE),
        ),
        Transition(
            Action.RECOMMENDATION_IGNORED,
            {Status.RECOMMENDATION},
            Status.CLOSED,
            _OFFICER,
            True,
            effects=_closing(Outcome.RECOMMENDATION_IGNORED),
        ),
    ]
}


def available_actions(status: Status | str, actors: set[Actor]) -> list[Action]:
    return [Action(a) for a in actions_from(TRANSITIONS.values(), status, actors)]
