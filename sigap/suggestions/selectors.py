"""Suggestions for one case: where to route it and which forms of maladministration it shows."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from sigap.complaints.models import Complaint
from sigap.maladministration.kinds import Kind as MalKind
from sigap.organisations.models import Category, Opd
from sigap.suggestions.classifier import Guess, loads
from sigap.suggestions.models import TrainedModel
from sigap.suggestions.training import case_text

# Loaded models by row id, most recently used last: a new training run gets a new id, so
# nothing stale is served. A case page needs three (category, OPD, maladministration) of
# its jurisdiction; room for several jurisdictions keeps each process from unpickling
# them again on every view.
_LOADED: OrderedDict[int, Any] = OrderedDict()
LOADED_MODELS = 12


def _model(jurisdiction_id: int | None, target: str, *, pk: int | None = None) -> Any | None:
    pk = pk or (
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
    if pk in _LOADED:
        _LOADED.move_to_end(pk)
        return _LOADED[pk]
    blob = TrainedModel.objects.values_list("blob", flat=True).get(pk=pk)
    model = loads(bytes(blob))
    _LOADED[pk] = model
    while len(_LOADED) > LOADED_MODELS:
        _LOADED.popitem(last=False)
    return model


def suggest_labels(model: Any, texts: list[str], *, top: int = 3) -> list[list[Guess]]:
    """Return each text's best labels with their confidence, best first (the case page and
    `manage.py routing_predict` both ask through here)."""
    guesses: list[list[Guess]] = model.predict(texts, top=top)
    return guesses


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
        categories = _resolve(suggest_labels(category_model, [text])[0], known_categories)
    if opd_model is not None:
        known_opds = {o.pk: o for o in Opd.objects.filter(jurisdiction_id=complaint.jurisdiction_id, is_active=True)}
        opds = _resolve(suggest_labels(opd_model, [text])[0], known_opds)
    return RoutingSuggestion(categories=categories, opds=opds)


def opd_guess(complaint: Complaint, *, trained_model_id: int) -> Suggested | None:
    """Return the best OPD of that stored model for the case (an active OPD of its jurisdiction), or None."""
    model = _model(complaint.jurisdiction_id, TrainedModel.Target.OPD, pk=trained_model_id)
    if model is None:
        return None
    known_opds = {o.pk: o for o in Opd.objects.filter(jurisdiction_id=complaint.jurisdiction_id, is_active=True)}
    text = case_text(complaint.title, complaint.description, complaint.address)
    best = suggest_labels(model, [text], top=1)[0]
    resolved = _resolve(best, known_opds)
    return resolved[0] if resolved else None


def inbox_suggestions(*, principal: Any, cases: list[Complaint]) -> dict[int, list[Suggested]]:
    """Return the three likeliest OPDs for each listed case the user must still dispatch, by case id.

    The same few queries however long the page: the current OPD model of each
    jurisdiction the user administers, then their OPDs; one prediction call per
    jurisdiction, with the models the case page uses.
    """
    from sigap.complaints.workflow import WITH_ADMIN

    if not principal.admin_jurisdictions:
        return {}
    latest: dict[int, int] = {}
    for jurisdiction_id, pk in (
        TrainedModel.objects.filter(jurisdiction_id__in=principal.admin_jurisdictions, target=TrainedModel.Target.OPD)
        .order_by("jurisdiction_id", "-trained_at")
        .values_list("jurisdiction_id", "pk")
    ):
        latest.setdefault(jurisdiction_id, pk)
    waiting: dict[int, list[Complaint]] = {}
    for case in cases:
        if case.status in WITH_ADMIN and case.opd_id is None and case.jurisdiction_id in latest:
            waiting.setdefault(case.jurisdiction_id, []).append(case)
    if not waiting:
        return {}
    known = {o.pk: o for o in Opd.objects.filter(jurisdiction_id__in=list(waiting), is_active=True)}
    out: dict[int, list[Suggested]] = {}
    for jurisdiction_id, group in waiting.items():
        model = _model(jurisdiction_id, TrainedModel.Target.OPD, pk=latest[jurisdiction_id])
        texts = [case_text(c.title, c.description, c.address) for c in group]
        for case, guesses in zip(group, suggest_labels(model, texts, top=3), strict=True):
            out[case.pk] = _resolve(guesses, known)
    return out


def undoable_auto_dispatch(*, complaint: Complaint, now: Any = None) -> Any | None:
    """Return the case's automatic dispatch while the administrator may still undo it, else None."""
    from django.utils import timezone

    from sigap.complaints.workflow import Status
    from sigap.suggestions.models import AutoDispatch

    if complaint.status != Status.DISPATCHED or complaint.opd_id is None:
        return None
    return (
        AutoDispatch.objects.filter(
            complaint=complaint,
            opd_id=complaint.opd_id,
            undone_at__isnull=True,
            undo_until__gte=now or timezone.now(),
        )
        .select_related("opd")
        .first()
    )


@dataclass(frozen=True)
class AutoDispatchOverview:
    jurisdiction: Any
    enabled: bool
    precision: float
    threshold: float | None  # None: history too short or never that precise: nothing is auto-dispatched
    history: int  # held-out complaints the threshold was measured on
    share: float  # of that history, the share that would have been dispatched automatically
    dispatched: int  # cases dispatched automatically so far
    undone: int

    @property
    def precision_percent(self) -> float:
        return round(self.precision * 100, 1)


def auto_dispatch_overview(*, jurisdiction: Any) -> AutoDispatchOverview:
    """What auto-dispatch does for a jurisdiction: its setting and its measured threshold."""
    from sigap.suggestions.autodispatch import threshold_for
    from sigap.suggestions.models import AutoDispatch, AutoDispatchSetting

    setting = AutoDispatchSetting.objects.filter(jurisdiction=jurisdiction).first()
    precision = setting.precision if setting else 0.95
    model = (
        TrainedModel.objects.filter(jurisdiction=jurisdiction, target=TrainedModel.Target.OPD)
        .defer("blob")
        .order_by("-trained_at")
        .first()
    )
    points = [(float(c), bool(ok)) for c, ok in model.holdout] if model else []
    threshold = threshold_for(points, precision)
    share = sum(c >= threshold for c, _ok in points) / len(points) if points and threshold is not None else 0.0
    records = AutoDispatch.objects.filter(complaint__jurisdiction=jurisdiction)
    return AutoDispatchOverview(
        jurisdiction=jurisdiction,
        enabled=bool(setting and setting.enabled),
        precision=precision,
        threshold=threshold,
        history=len(points),
        share=share,
        dispatched=records.count(),
        undone=records.filter(undone_at__isnull=False).count(),
    )


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
    context: dict[str, Any] = {
        "routing": None,
        "mal_forms": [],
        "duplicates": [],
        "duplicate_links": [],
        "auto_dispatch": None,
    }
    if Actor.ADMIN in capacities:
        context["auto_dispatch"] = undoable_auto_dispatch(complaint=complaint)
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
