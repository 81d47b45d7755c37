"""Find complaints that are probably about the same problem.

Likely duplicates share their words (compared as Indonesian stems with
rapidfuzz's token-set and token-sort ratios, so word order matters little),
and, where both have one, their place (haversine distance) and category,
within a time window. Candidates come from narrow indexed queries (same
jurisdiction and window; same category, or nearby), then are scored in Python.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from django.db.models import QuerySet
from rapidfuzz import fuzz

from sigap.complaints.models import Complaint
from sigap.complaints.workflow import Status
from sigap.search import indonesian

WINDOW = timedelta(days=30)
NEARBY_METRES = 500
CANDIDATES = 400
THRESHOLD = 0.55
# About 500 m in degrees of latitude; longitude is widened by the cosine below.
_DEGREE_METRES = 111_320


@dataclass(frozen=True)
class Candidate:
    complaint: Complaint
    score: float  # 0..1
    text_similarity: float  # 0..1
    distance_m: int | None

    @property
    def percent(self) -> int:
        return round(self.score * 100)


class Scored(NamedTuple):
    """The columns of a candidate that scoring reads."""

    pk: int
    title: str
    description: str
    lat: float | None
    lng: float | None
    category_id: int | None


def haversine_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres."""
    r = 6_371_000
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def _stemmed(title: str, description: str) -> str:
    return " ".join(indonesian.stems(f"{title} {description}"))


def score_pair(
    *, text_a: str, text_b: str, place_a: tuple[float, float] | None, place_b: tuple[float, float] | None,
    same_category: bool,
) -> tuple[float, float, int | None]:  # fmt: skip
    """Return (score, text similarity, distance in metres or None) for two stemmed texts."""
    # token_set alone calls any text containing the other's few shared words "alike";
    # averaged with token_sort, the rest of the words count too.
    text = (fuzz.token_set_ratio(text_a, text_b) + fuzz.token_sort_ratio(text_a, text_b)) / 200
    distance = None
    if place_a and place_b:
        distance = round(haversine_m(*place_a, *place_b))
        nearness = max(0.0, 1 - distance / 1000)
        score = 0.6 * text + 0.3 * nearness + 0.1 * same_category
    else:
        score = 0.85 * text + 0.15 * same_category
    return round(score, 3), round(text, 3), distance


def _candidates(
    qs: QuerySet[Complaint], *, around: datetime, category_id: int | None, lat: float | None, lng: float | None
) -> list[Scored]:
    """The newest CANDIDATES cases of the window nearby or in the same category, for scoring.

    Each branch is read newest first through its own index (`complaint_dup_category_idx`,
    `complaint_dup_place_idx`: suggestions migration 0003; on a table of many years the place's
    window by date, `complaint_dup_window_idx`: 0004) and the two merged here: written as one
    OR, PostgreSQL walks the whole window by date instead (at 1M complaints some 5,000 rows for 400
    kept, 25-50 ms).
    """
    window = qs.filter(created_at__gte=around - WINDOW, created_at__lte=around + WINDOW).exclude(status=Status.ARCHIVED)
    branches = []
    if lat is not None and lng is not None:
        dlat = NEARBY_METRES / _DEGREE_METRES
        dlng = dlat / max(math.cos(math.radians(lat)), 0.1)
        branches.append(window.filter(lat__range=(lat - dlat, lat + dlat), lng__range=(lng - dlng, lng + dlng)))
    if category_id:
        branches.append(window.filter(category_id=category_id))
    if not branches:  # neither a category nor a place: the newest cases of the window, compared on text alone
        branches.append(window)
    newest = sorted(
        {
            (created, pk)
            for branch in branches
            for pk, created in branch.order_by("-created_at", "-pk").values_list("pk", "created_at")[:CANDIDATES]
        },
        reverse=True,
    )[:CANDIDATES]
    # Only what scoring reads: the few cases kept are loaded whole afterwards (`rank_candidates`).
    fields = Complaint.objects.filter(pk__in=[pk for _, pk in newest]).values_list(*Scored._fields)
    rows = {row[0]: Scored(*row) for row in fields}
    return [rows[pk] for _, pk in newest]


def rank_candidates(
    rows: list[Scored], *, title: str, description: str, lat: float | None, lng: float | None,
    category_id: int | None, limit: int,
) -> list[Candidate]:  # fmt: skip
    mine = _stemmed(title, description)
    place = (lat, lng) if lat is not None and lng is not None else None
    found = []
    for other in rows:
        score, text, distance = score_pair(
            text_a=mine,
            text_b=_stemmed(other.title, other.description),
            place_a=place,
            place_b=(other.lat, other.lng) if other.lat is not None and other.lng is not None else None,
            same_category=category_id is not None and other.category_id == category_id,
        )
        if score >= THRESHOLD:
            found.append((score, text, distance, other.pk))
    kept = sorted(found, key=lambda f: -f[0])[:limit]
    complaints = Complaint.objects.select_related("category", "opd").in_bulk([pk for *_, pk in kept])
    return [Candidate(complaints[pk], score, text, distance) for score, text, distance, pk in kept]


def likely_duplicates(*, visible: QuerySet[Complaint], complaint: Complaint, limit: int = 5) -> list[Candidate]:
    """Return cases among `visible` (the user's reach) likely to report the same problem."""
    rows = _candidates(
        visible.filter(jurisdiction_id=complaint.jurisdiction_id).exclude(pk=complaint.pk),
        around=complaint.created_at,
        category_id=complaint.category_id,
        lat=complaint.lat,
        lng=complaint.lng,
    )
    return rank_candidates(
        rows,
        title=complaint.title,
        description=complaint.description,
        lat=complaint.lat,
        lng=complaint.lng,
        category_id=complaint.category_id,
        limit=limit,
    )


def similar_public_cases(
    *, jurisdiction_id: int, title: str, description: str, lat: float | None, lng: float | None,
    category_id: int | None, now: datetime, limit: int = 3,
) -> list[Candidate]:  # fmt: skip
    """Return open, non-confidential cases a reporter could follow instead of filing again.

    Callers show only public facts of these cases (category, public status,
    date, distance): never their text, place or reporter.
    """
    from sigap.complaints.workflow import OPEN

    public = Complaint.objects.filter(jurisdiction_id=jurisdiction_id, is_confidential=False, status__in=OPEN)
    rows = _candidates(public, around=now, category_id=category_id, lat=lat, lng=lng)
    return rank_candidates(
        rows, title=title, description=description, lat=lat, lng=lng, category_id=category_id, limit=limit
    )
