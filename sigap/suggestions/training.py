"""Train the suggestion models from a jurisdiction's own past cases (or the shipped corpus)."""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from sigap.complaints.models import Complaint
from sigap.organisations.models import Category, Jurisdiction
from sigap.suggestions.classifier import MultiLabel, SingleLabel, dumps
from sigap.suggestions.corpus import Example, examples
from sigap.suggestions.models import TrainedModel

# Fewer cases than this per jurisdiction and the suggestions would be noise.
MIN_SAMPLES = 30
MAX_SAMPLES = 200_000


def case_text(title: str, description: str, address: str = "") -> str:
    """The text a suggestion reads: what happened, and where (places route too)."""
    return f"{title}. {description} {address}".strip()


def _split(n: int, *, seed: int = 0) -> tuple[list[int], list[int]]:
    order = list(range(n))
    random.Random(seed).shuffle(order)  # noqa: S311 (a reproducible split, not a secret)
    cut = max(1, n // 5)
    return order[cut:], order[:cut]


@dataclass(frozen=True)
class Fitted:
    model: SingleLabel
    # Accuracy of a model trained on four fifths, on the other fifth (None: too few labels).
    accuracy: float | None
    # That held-out fifth as (confidence of the best guess, whether it was right) pairs:
    # the history an auto-dispatch threshold is measured on.
    holdout: list[tuple[float, bool]]


def fit_routing(texts: Sequence[str], labels: Sequence[str]) -> Fitted:
    """Train a single-label routing model; also measure it on a held-out fifth.

    This is the one training path for routing: the weekly job, the first
    training of a new jurisdiction and `manage.py routing_predict` all use it.
    """
    train, held = _split(len(texts))
    accuracy = None
    holdout: list[tuple[float, bool]] = []
    if len(set(labels)) > 1 and len({labels[i] for i in train}) > 1:
        probe = SingleLabel().fit([texts[i] for i in train], [labels[i] for i in train])
        guesses = probe.predict([texts[i] for i in held], top=1)
        holdout = [(row[0].confidence, row[0].label == labels[i]) for row, i in zip(guesses, held, strict=True)]
        accuracy = round(sum(ok for _, ok in holdout) / max(len(holdout), 1), 3)
    return Fitted(SingleLabel().fit(texts, labels), accuracy, holdout)


def _store(
    *,
    jurisdiction: Jurisdiction | None,
    target: str,
    model: object,
    samples: int,
    accuracy: float | None,
    seconds: float,
    holdout: list[tuple[float, bool]] | None = None,
) -> TrainedModel:
    stored = TrainedModel.objects.create(
        holdout=[[confidence, ok] for confidence, ok in holdout or []],
        jurisdiction=jurisdiction,
        target=target,
        trained_at=timezone.now(),
        samples=samples,
        holdout_accuracy=accuracy,
        seconds_to_train=round(seconds, 2),
        blob=dumps(model),
    )
    # Keep the two newest of each kind: the current one and the one before, for comparison.
    old = TrainedModel.objects.filter(jurisdiction=jurisdiction, target=target).order_by("-trained_at")[2:]
    TrainedModel.objects.filter(pk__in=list(old.values_list("pk", flat=True))).delete()
    return stored


def train_routing(*, jurisdiction: Jurisdiction) -> list[TrainedModel]:
    """Train the category and OPD models from the jurisdiction's verified and dispatched cases.

    Category names and keywords are added as short examples so that a new
    category is suggested before it has history.
    """
    rows = list(
        Complaint.objects.filter(jurisdiction=jurisdiction, verified_at__isnull=False)
        .exclude(category=None)
        .order_by("-created_at")
        .values_list("title", "description", "address", "category_id", "opd_id", "dispatched_at")[:MAX_SAMPLES]
    )
    stored = []
    hints = [
        (f"{c.name}. {c.keywords.replace(',', ' ')}", str(c.pk), str(c.default_opd_id) if c.default_opd_id else None)
        for c in Category.objects.filter(jurisdiction=jurisdiction, is_active=True)
    ]
    texts = [case_text(t, d, a) for t, d, a, *_ in rows]
    if len(rows) >= MIN_SAMPLES:
        started = time.monotonic()
        labels = [str(r[3]) for r in rows]
        fitted = fit_routing(texts + [h[0] for h in hints], labels + [h[1] for h in hints])
        stored.append(
            _store(
                jurisdiction=jurisdiction,
                target=TrainedModel.Target.CATEGORY,
                model=fitted.model,
                samples=len(rows),
                accuracy=fitted.accuracy,
                seconds=time.monotonic() - started,
            )
        )
    dispatched = [(text, str(r[4])) for text, r in zip(texts, rows, strict=True) if r[5] is not None and r[4]]
    if len(dispatched) >= MIN_SAMPLES:
        started = time.monotonic()
        extra = [(h[0], h[2]) for h in hints if h[2]]
        fitted = fit_routing([t for t, _ in dispatched + extra], [o for _, o in dispatched + extra])
        stored.append(
            _store(
                jurisdiction=jurisdiction,
                target=TrainedModel.Target.OPD,
                model=fitted.model,
                samples=len(dispatched),
                accuracy=fitted.accuracy,
                seconds=time.monotonic() - started,
                holdout=fitted.holdout,
            )
        )
    return stored


def classified_examples(*, limit: int = MAX_SAMPLES) -> list[Example]:
    """Complaints whose forms of maladministration staff have set, as training examples.

    Rows the Ombudsman changed on review carry the corrected forms, since the
    classification holds the current forms. Complaints staff judged free of
    maladministration (no form) teach the model that too.
    """
    from sigap.maladministration.models import Classification

    rows = (
        Classification.objects.filter(complaint__isnull=False)
        .select_related("complaint")
        .prefetch_related("forms")
        .order_by("-set_at")[:limit]
    )
    return [
        Example(
            text=case_text(row.complaint.title, row.complaint.description, row.complaint.address),
            category="",
            forms=tuple(row.kinds),
        )
        for row in rows
        if row.complaint is not None
    ]


def train_maladministration(*, count: int = 8_000) -> TrainedModel:
    """Train the forms-of-maladministration model on staff classifications and Sigap's corpus.

    The labelled corpus gives every form examples from the first day; the
    classifications staff make on real complaints (all jurisdictions: the forms
    are national) are added on top and outweigh it as they accumulate.
    """
    started = time.monotonic()
    real = classified_examples()
    data = examples(count, seed=11) + real
    train, held = _split(len(data))
    probe = MultiLabel().fit([data[i].text for i in train], [data[i].forms for i in train])
    accuracy = probe.scores([data[i].text for i in held], [data[i].forms for i in held])["exact"]
    model = MultiLabel().fit([e.text for e in data], [e.forms for e in data])
    return _store(
        jurisdiction=None,
        target=TrainedModel.Target.MALADMINISTRATION,
        model=model,
        samples=len(data),
        accuracy=accuracy,
        seconds=time.monotonic() - started,
    )
