"""Auto-dispatch when confident: which confidence a wanted precision needs, measured on history.

A routing model's held-out fifth (training.fit_routing) is a list of
(confidence of the best guess, whether it was right) pairs. Ranked by
confidence, the longest head whose precision still reaches the wanted
precision gives the threshold: a complaint at or above it may be dispatched
without a person, anything below waits for the administrator as before.
"""

from __future__ import annotations

from collections.abc import Sequence

# A threshold measured on fewer held-out complaints than this would be luck, not history.
MIN_HISTORY = 50
# Nor may the threshold rest on a handful of the most confident guesses.
MIN_ROUTED = 10


def routable_share(points: Sequence[tuple[float, bool]], precision: float) -> tuple[float, float | None]:
    """Return (share of `points` routable at `precision`, the confidence threshold that takes).

    The head is cut only between different confidences, so every point at or
    above the threshold is counted. (0.0, None) when no head reaches the precision.
    """
    ranked = sorted(points, key=lambda p: -p[0])
    best: tuple[int, float | None] = (0, None)
    right = 0
    for n, (confidence, ok) in enumerate(ranked, start=1):
        right += ok
        last_of_tie = n == len(ranked) or ranked[n][0] != confidence
        if last_of_tie and right / n >= precision:
            best = (n, confidence)
    return (best[0] / len(ranked) if ranked else 0.0), best[1]


def threshold_for(points: Sequence[tuple[float, bool]], precision: float) -> float | None:
    """Return the confidence from which a jurisdiction's own history reached `precision`.

    None (never dispatch automatically) when the history is too short or no
    large enough head of it reached the precision.
    """
    if len(points) < MIN_HISTORY:
        return None
    share, threshold = routable_share(points, precision)
    if threshold is None or share * len(points) < MIN_ROUTED:
        return None
    return threshold
