"""Who may set and review a complaint's forms of maladministration, and reading them."""

from __future__ import annotations

from sigap.accounts.principal import Principal
from sigap.complaints.models import Complaint
from sigap.complaints.selectors import actor_capacities
from sigap.complaints.workflow import Actor
from sigap.maladministration.models import Classification


def may_classify(principal: Principal, complaint: Complaint) -> bool:
    """Staff who handle the case: the complaint administrator or the OPD holding it."""
    capacities = actor_capacities(principal, complaint)
    return Actor.ADMIN in capacities or Actor.OPD in capacities


def may_review(principal: Principal, complaint: Complaint) -> bool:
    """The Ombudsman officer whose office oversees the complaint's jurisdiction."""
    return complaint.jurisdiction_id in principal.ombudsman_jurisdictions


def classification_of(complaint: Complaint) -> Classification | None:
    return (
        Classification.objects.filter(complaint=complaint)
        .select_related("set_by", "reviewed_by")
        .prefetch_related("forms")
        .first()
    )


def classification_history(classification: Classification | None) -> list[object]:
    if classification is None:
        return []
    return list(classification.events.select_related("actor").order_by("at", "id"))
