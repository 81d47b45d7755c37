"""The complaint state machine: statuses, who may move a case, and where to.

The table below is the whole workflow, effects included; `complaint_transition`
and `complaint_transition_bulk` in services.py are the only code that applies it
(through the engine in sigap/workflow/). It follows SP4N-LAPOR!'s verification
outcomes and UU 25/2009's follow-up duty (docs/workflow.md draws it).
"""

from __future__ import annotations

import enum

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise

from sigap.sla.models import Stage
from sigap.workflow import Effects, Transition, actions_from


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    INCOMPLETE = "incomplete", _("Waiting for the reporter")
    VERIFIED = "verified", _("Verified")
    DISPATCHED = "dispatched", _("Dispatched to the OPD")
    IN_FOLLOWUP = "in_followup", _("In follow-up")
    ANSWERED = "answered", _("Answered")
    REOPENED = "reopened", _("Reopened")
    CLOSED = "closed", _("Closed")
    FORWARDED = "forwarded", _("Forwarded to another institution")
    ARCHIVED = "archived", _("Archived")


TERMINAL = frozenset({Status.CLOSED, Status.FORWARDED, Status.ARCHIVED})
OPEN = frozenset(set(Status) - TERMINAL)
# Statuses in which an OPD holds the case.
WITH_OPD = frozenset({Status.DISPATCHED, Status.IN_FOLLOWUP, Status.ANSWERED, Status.REOPENED})
# Statuses in which the complaint administrator must act.
WITH_ADMIN = frozenset({Status.RECEIVED, Status.VERIFIED})
# Statuses whose clock staff must beat (the deadline sweep reminds and escalates these);
# in ANSWERED and INCOMPLETE the clock is the reporter's.
STAFF_CLOCK = frozenset({Status.RECEIVED, Status.VERIFIED, Status.DISPATCHED, Status.IN_FOLLOWUP, Status.REOPENED})

# Which time limit runs while a case sits in a status (None: no clock).
STAGE_OF_STATUS: dict[Status, Stage | None] = {
    Status.RECEIVED: Stage.VERIFICATION,
    # The verification clock pauses; the reporter's own limit to complete runs instead.
    Status.INCOMPLETE: Stage.INFO_REQUEST,
    Status.VERIFIED: Stage.VERIFICATION,
    Status.DISPATCHED: Stage.FIRST_RESPONSE,
    Status.IN_FOLLOWUP: Stage.COMPLETION,
    Status.ANSWERED: Stage.REPORTER_RESPONSE,
    Status.REOPENED: Stage.FIRST_RESPONSE,
    Status.CLOSED: None,
    Status.FORWARDED: None,
    Status.ARCHIVED: None,
}


class Actor(enum.StrEnum):
    """Who is acting on the case, as far as the workflow cares."""

    ADMIN = "admin"  # the jurisdiction's complaint administrator
    OPD = "opd"  # an officer or head of the OPD holding the case
    REPORTER = "reporter"  # the reporter, with code + secret or their account
    SYSTEM = "system"  # the deadline sweep


class Action(models.TextChoices):
    VERIFY = "verify", pgettext_lazy("action", "Verify")
    REQUEST_INFO = "request_info", pgettext_lazy("action", "Ask the reporter to complete")
    SUPPLEMENT = "supplement", pgettext_lazy("action", "Complete the report")
    DISPATCH = "dispatch", pgettext_lazy("action", "Dispatch to OPD")
    RETURN = "return", pgettext_lazy("action", "Return to the administrator")
    ACCEPT = "accept", pgettext_lazy("action", "Start follow-up")
    ANSWER = "answer", pgettext_lazy("action", "Answer")
    CONFIRM = "confirm", pgettext_lazy("action", "Confirm the answer")
    REOPEN = "reopen", pgettext_lazy("action", "Reopen")
    RESUME = "resume", pgettext_lazy("action", "Resume follow-up")
    AUTO_CLOSE = "auto_close", pgettext_lazy("action", "Close automatically")
    FORWARD = "forward", pgettext_lazy("action", "Forward to another institution")
    ARCHIVE = "archive", pgettext_lazy("action", "Archive")


class ArchiveReason(models.TextChoices):
    SPAM = "spam", _("Spam or abuse")
    UNINTELLIGIBLE = "unintelligible", _("Cannot be understood")
    NOT_PUBLIC_SERVICE = "not_public_service", _("Not about a public service")
    DUPLICATE = "duplicate", _("Duplicate of another report")
    NEVER_COMPLETED = "never_completed", _("The reporter did not complete the report")


class CloseReason(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed by the reporter")
    SILENCE = "silence", _("No reaction from the reporter within the time limit")
    ON_BEHALF = "on_behalf", _("Confirmed by the reporter through the administrator")


# Each transition declares what it writes; the engine (sigap/workflow/engine.py) applies it,
# and complaints/rules.py binds the named rules ("stage": the deadline of the target status's
# time limit; "pause"/"resume": the reporter's turn stops and restarts the clock). A finished
# case drops a paused clock (`clear`). Each also declares what follows its event, written in
# the same transaction: who is told (`notify`: audience → message kind; the audiences are the
# actors and the jurisdiction's webhook subscribers, and the audience that acted is never
# told, so a reporter hears nothing of their own step; internal steps tell the reporter
# nothing) and the search document rebuilt (`refresh`; it holds the status). The
# notifications and search apps deliver them, bound at start-up (complaints imports neither).

TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in [
        Transition(
            Action.VERIFY,
            {Status.RECEIVED},
            Status.VERIFIED,
            {Actor.ADMIN},
            # Verifying keeps the running clock: the same limit covers verifying and dispatching.
            effects=Effects(
                take=("complexity_tier",),
                stamp=("verified_at",),
                notify={"reporter": "status_changed", "webhooks": "webhook"},
                refresh=("search",),
            ),
        ),
        Transition(
            Action.REQUEST_INFO,
            {Status.RECEIVED},
            Status.INCOMPLETE,
            {Actor.ADMIN},
            needs_text=True,
            effects=Effects(
                deadline="pause", notify={"reporter": "info_requested", "webhooks": "webhook"}, refresh=("search",)
            ),
        ),
        Transition(
            Action.SUPPLEMENT,
            {Status.INCOMPLETE},
            Status.RECEIVED,
            {Actor.REPORTER, Actor.ADMIN},
            needs_text=True,
            effects=Effects(
                deadline="resume",
                clear=("paused_days_left",),
                notify={"reporter": "status_changed", "webhooks": "webhook"},
                refresh=("search",),
            ),
        ),
        Transition(
            Action.DISPATCH,
            {Status.VERIFIED},
            Status.DISPATCHED,
            {Actor.ADMIN},
            effects=Effects(
                take=("opd",),
                stamp=("dispatched_at",),
                values={"escalation_level": 0},
                deadline="stage",
                notify={"reporter": "status_changed", "opd": "dispatched", "webhooks": "webhook"},
                refresh=("search",),
            ),
        ),
        Transition(
            Action.RETURN,
            {Status.DISPATCHED},
            Status.VERIFIED,
            {Actor.OPD},
            needs_text=True,
            public=False,
            effects=Effects(
                take=("opd_returned",), deadline="stage", notify={"webhooks": "webhook"}, refresh=("search",)
            ),
        ),
        Transition(
            Action.ACCEPT,
            {Status.DISPATCHED},
            Status.IN_FOLLOWUP,
            {Actor.OPD},
            effects=Effects(
                stamp_first=("first_response_at",),
                deadline="stage",
                notify={"reporter": "status_changed", "webhooks": "webhook"},
                refresh=("search",),
            ),
        ),
        Transition(
            Action.ANSWER,
            {Status.DISPATCHED, Status.IN_FOLLOWUP},
            Status.ANSWERED,
            {Actor.OPD},
            needs_text=True,
            effects=Effects(
                stamp_first=("first_response_at",),
                stamp=("answered_at",),
                deadline="stage",
                notify={"reporter": "answered", "webhooks": "webhook"},
                refresh=("search",),
            ),
        ),
        Transition(
            Action.CONFIRM,
            {Status.ANSWERED},
            Status.CLOSED,
            {Actor.REPORTER, Actor.ADMIN},
            effects=Effects(
                stamp=("closed_at",),
                values_as={
                    Actor.REPORTER: {"close_reason": CloseReason.CONFIRMED},
                    Actor.ADMIN: {"close_reason": CloseReason.ON_BEHALF},
                },
                deadline="stage",
                clear=("paused_days_left",),
                notify={"reporter": "closed", "webhooks": "webhook"},
                refresh=("search",),
            ),
        ),
        Transition(
            Action.REOPEN,
            {Status.ANSWERED},
            Status.REOPENED,
            {Actor.REPORTER, Actor.ADMIN},
            needs_text=True,
            effects=Effects(
                count=("reopen_count",),
                deadline="stage",
                notify={"reporter": "status_changed", "opd": "dispatched", "webhooks": "webhook"},
                refresh=("search",),
            ),
        ),
        Transition(
            Action.RESUME,
            {Status.REOPENED},
            Status.IN_FOLLOWUP,
            {Actor.OPD},
            effects=Effects(
                deadline="stage", notify={"reporter": "status_changed", "webhooks": "webhook"}, refresh=("search",)
            ),
        ),
        Transition(
            Action.AUTO_CLOSE,
            {Status.ANSWERED},
            Status.CLOSED,
            {Actor.SYSTEM},
            effects=Effects(
                stamp=("closed_at",),
                values={"close_reason": CloseReason.SILENCE},
                deadline="stage",
                clear=("paused_days_left",),
                notify={"reporter": "closed", "webhooks": "webhook"},
                refresh=("search",),
            ),
        ),
        Transition(
            Action.FORWARD,
            {Status.RECEIVED, Status.VERIFIED},
            Status.FORWARDED,
            {Actor.ADMIN},
            needs_text=True,
            effects=Effects(
                take=("forwarded_to",),
                deadline="stage",
                clear=("paused_days_left",),
                notify={"reporter": "status_changed", "webhooks": "webhook"},
                refresh=("search",),
            ),
        ),
        # The system archives an incomplete report the reporter never completed
        # (deemed withdrawn, UU 25/2009 Pasal 44(5)); the deadline sweep does it.
        Transition(
            Action.ARCHIVE,
            {Status.RECEIVED, Status.VERIFIED, Status.INCOMPLETE},
            Status.ARCHIVED,
            {Actor.ADMIN, Actor.SYSTEM},
            needs_text=True,
            effects=Effects(
                take=("archive_reason",),
                deadline="stage",
                clear=("paused_days_left",),
                notify={"reporter": "status_changed", "webhooks": "webhook"},
                refresh=("search",),
            ),
        ),
    ]
}


# Who may send the other side a message on the case's timeline, per status: while the case
# is open, the reporter and the staff who may act on it; once it is finished, nobody (the
# reporter files a new complaint; staff have nothing left to say that the closing did not).
MAY_MESSAGE: dict[Status, frozenset[str]] = {
    **{status: frozenset({"reporter", "staff"}) for status in OPEN},
    **{status: frozenset() for status in TERMINAL},
}


def may_message(status: Status | str, side: str) -> bool:
    """Whether `side` ("reporter" or "staff") may send a message on a case in `status`."""
    return side in MAY_MESSAGE[Status(status)]


def available_actions(status: Status | str, actors: set[Actor]) -> list[Action]:
    """Return the actions any of `actors` may take from `status`, in table order."""
    return [Action(a) for a in actions_from(TRANSITIONS.values(), status, actors)]


# What the reporter and the public see: a coarse, friendly status.
PUBLIC_STATUS_LABELS: dict[Status, StrOrPromise] = {
    Status.RECEIVED: _("Received, being verified"),
    Status.INCOMPLETE: _("Waiting for more information from you"),
    Status.VERIFIED: _("Verified"),
    Status.DISPATCHED: _("Passed to the responsible OPD"),
    Status.IN_FOLLOWUP: _("Being followed up"),
    Status.ANSWERED: _("Answered, waiting for your confirmation"),
    Status.REOPENED: _("Reopened, being followed up again"),
    Status.CLOSED: _("Completed"),
    Status.FORWARDED: _("Forwarded to another institution"),
    Status.ARCHIVED: _("Archived"),
}
