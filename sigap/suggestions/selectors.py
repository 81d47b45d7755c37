"""Suggestions for one case: where to route it and which forms of maladministration it shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from sigap.complaints.models import Complaint
from sigap.maladministration.kinds import Kind as MalKind
from sigap.organisations.models import Category, Opd
from sigap.suggestions.classifier import Guess, loads
from sigap.suggestions.models import TrainedModel
from sigap.suggestions.training import case_text

# Loaded models by row id: a new training run gets a new id, so nothing stale is served.
_LOADED: dict[int, Any] = {}


def _model(jurisdiction_id: int | None, target: str) -> Any | None:
    pk = (
        TrainedModel.objects.filter(
            Q(jurisdiction__isnull=True) if jurisdiction_id is None else Q(jurisdiction_id=jurisdiction_id),
            target=target,
        )
        .order_by("-trained_at")
        .values_list("pk", flat=True)
        .first()
    )
    if pk is None:
        return None
    if pk not in _LOADED:
        blob = TrainedModel.objects.values_list("blob", flat=True).get(pk=pk)
        _LOADED.clear()  # a handful of models per process at most
        _LOADED[pk] = loads(bytes(blob))
    return _LOADED[pk]


@dataclass(frozen=True)
class Suggested:
    obj: Any
    confidence: float

    @property
    def percent(self) -> int:
        return round(self.confidence * 100)


@dataclass(frozen=True)
class RoutingSuggestion:
    categories: list[Suggested]
    opds: list[Suggested]

    @property
    def category(self) -> Suggested | None:
        return self.categories[0] if self.categories else None

    @property
    def opd(self) -> Suggested | None:
        return self.opds[0] if self.opds else None


def _resolve(guesses: list[Guess], objects: dict[int, Any]) -> list[Suggested]:
    out = []
    for guess in guesses:
        obj = objects.get(int(guess.label))
        if obj is not None:
            out.append(Suggested(obj, guess.confidence))
    return out


def routing_suggestion(complaint: Complaint) -> RoutingSuggestion | None:
    """Return the likely categories and OPD (best first, with confidence), or None without a model."""
    text = case_text(complaint.title, complaint.description, complaint.address)
    category_model = _model(complaint.jurisdiction_id, TrainedModel.Target.CATEGORY)
    opd_model = _model(complaint.jurisdiction_id, TrainedModel.Target.OPD)
    if category_model is None and opd_model is None:
        return None
    categories: list[Suggested] = []
    opds: list[Suggested] = []
    if category_model is not None:
        known_categories = {
            c.pk: c for c in Category.objects.filter(jurisdiction_id=complaint.jurisdiction_id, is_active=True)
        }
        categories = _resolve(category_model.predict([text])[0], known_categories)
    if opd_model is not None:
        known_opds = {o.pk: o for o in Opd.objects.filter(jurisdiction_id=complaint.jurisdiction_id, is_active=True)}
        opds = _resolve(opd_model.predict([text])[0], known_opds)
    return RoutingSuggestion(categories=categories, opds=opds)


def maladministration_suggestion(complaint: Complaint) -> list[Suggested]:
    """Return the forms of maladministration the text suggests, most likely first."""
    model = _model(None, TrainedModel.Target.MALADMINISTRATION)
    if model is None:
        return []
    labels = dict(MalKind.choices)
    guesses = model.predict([case_text(complaint.title, complaint.description)])[0]
    return [Suggested(labels[g.label], g.confidence) for g in guesses if g.label in labels]


def models_ensure(*, jurisdiction_id: int) -> bool:
    """Queue a first training for a jurisdiction without models (the weekly job does the rest).

    Return whether a job was queued; a cache mark keeps it to one a day per jurisdiction
    (a city with too little history stays without suggestions until it has more).
    """
    from django.core.cache import cache

    from sigap.suggestions.tasks import retrain_maladministration, retrain_routing

    if not cache.add(f"suggestions-queued:{jurisdiction_id}", True, timeout=24 * 3600):
        return False
    retrain_routing.enqueue(jurisdiction_id)
    if not TrainedModel.objects.filter(jurisdiction=None, target=TrainedModel.Target.MALADMINISTRATION).exists():
        retrain_maladministration.enqueue()
    return True


def case_suggestions(*, principal: Any, complaint: Complaint) -> dict[str, Any]:
    """Return what the case page shows of suggestions and duplicates to this user.

    Routing and maladministration suggestions go to the complaint administrator
    while the case waits for verification or dispatch; likely duplicates to
    anyone who acts on the case, drawn only from cases they may see.
    """
    from sigap.complaints.selectors import actor_capacities, complaints_visible_to
    from sigap.complaints.workflow import WITH_ADMIN, Actor
    from sigap.suggestions.duplicates import likely_duplicates
    from sigap.suggestions.models import DuplicateLink

    capacities = actor_capacities(principal, complaint)
    context: dict[str, Any] = {"routing": None, "mal_forms": [], "duplicates": [], "duplicate_links": []}
    if Actor.ADMIN in capacities and complaint.status in WITH_ADMIN:
        context["routing"] = routing_suggestion(complaint)
        context["mal_forms"] = maladministration_suggestion(complaint)
        if context["routing"] is None:
            models_ensure(jurisdiction_id=complaint.jurisdiction_id)
    if capacities:
        links = list(
            DuplicateLink.objects.filter(Q(complaint=complaint) | Q(original=complaint)).select_related(
                "complaint", "original"
            )
        )
        linked = {link.complaint_id for link in links} | {link.original_id for link in links}
        visible = complaints_visible_to(principal)
        context["duplicates"] = [
            c for c in likely_duplicates(visible=visible, complaint=complaint) if c.complaint.pk not in linked
        ]
        context["duplicate_links"] = links
        context["may_merge"] = Actor.ADMIN in capacities
    return context
