"""The complaint state machine: statuses, who may move a case, and where to.

The table below is the whole workflow; `complaint_transition` in services.py
is the only code that applies it. It follows SP4N-LAPOR!'s verification
outcomes and UU 25/2009's follow-up duty (docs/workflow.md draws it).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise

from sigap.sla.models import Stage


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


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[Status]
    target: Status
    actors: frozenset[Actor]
    needs_text: bool = False  # a reason, question or answer the actor must write
    public: bool = True  # shown on the reporter's timeline


def _t(
    action: Action,
    sources: set[Status],
    target: Status,
    actors: set[Actor],
    *,
    needs_text: bool = False,
    public: bool = True,
) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(actors), needs_text, public)


TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in [
        _t(Action.VERIFY, {Status.RECEIVED}, Status.VERIFIED, {Actor.ADMIN}),
        _t(Action.REQUEST_INFO, {Status.RECEIVED}, Status.INCOMPLETE, {Actor.ADMIN}, needs_text=True),
        _t(Action.SUPPLEMENT, {Status.INCOMPLETE}, Status.RECEIVED, {Actor.REPORTER, Actor.ADMIN}, needs_text=True),
        _t(Action.DISPATCH, {Status.VERIFIED}, Status.DISPATCHED, {Actor.ADMIN}),
        _t(Action.RETURN, {Status.DISPATCHED}, Status.VERIFIED, {Actor.OPD}, needs_text=True, public=False),
        _t(Action.ACCEPT, {Status.DISPATCHED}, Status.IN_FOLLOWUP, {Actor.OPD}),
        _t(Action.ANSWER, {Status.DISPATCHED, Status.IN_FOLLOWUP}, Status.ANSWERED, {Actor.OPD}, needs_text=True),
        _t(Action.CONFIRM, {Status.ANSWERED}, Status.CLOSED, {Actor.REPORTER, Actor.ADMIN}),
        _t(Action.REOPEN, {Status.ANSWERED}, Status.REOPENED, {Actor.REPORTER, Actor.ADMIN}, needs_text=True),
        _t(Action.RESUME, {Status.REOPENED}, Status.IN_FOLLOWUP, {Actor.OPD}),
        _t(Action.AUTO_CLOSE, {Status.ANSWERED}, Status.CLOSED, {Actor.SYSTEM}),
        _t(
            Action.FORWARD,
            {Status.RECEIVED, Status.VERIFIED},
            Status.FORWARDED,
            {Actor.ADMIN},
            needs_text=True,
        ),
        # The system archives an incomplete report the reporter never completed
        # (deemed withdrawn, UU 25/2009 Pasal 44(5)); the deadline sweep does it.
        _t(
            Action.ARCHIVE,
            {Status.RECEIVED, Status.VERIFIED, Status.INCOMPLETE},
            Status.ARCHIVED,
            {Actor.ADMIN, Actor.SYSTEM},
            needs_text=True,
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
    return [t.action for t in TRANSITIONS.values() if status in t.sources and t.actors & actors]


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
