"""One decision per order from its reasons: the strictest wins, with a risk score.

BLOCK outranks REVIEW outranks CLEAR. The risk score (0-100) starts from the strongest
reason's points (policy `risk_points` by severity), adds a little for each further
reason, and stays inside its decision's band, so a sorted list of risks reads like the
decisions: CLEAR 0-19, REVIEW 20-79, BLOCK 80-100.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from caspian.rules.engine import Reason

BANDS = {"CLEAR": (0, 19), "REVIEW": (20, 79), "BLOCK": (80, 100)}
RANK = {"CLEAR": 0, "REVIEW": 1, "BLOCK": 2}
EXTRA_REASON_POINTS = 5


def decide(reasons: Sequence[Reason], risk_points: Mapping[str, int]) -> tuple[str, int]:
    if not reasons:
        return "CLEAR", 0
    decision = max((r.decision for r in reasons), key=RANK.__getitem__)
    points = sorted((risk_points.get(r.severity, 0) for r in reasons), reverse=True)
    risk = points[0] + EXTRA_REASON_POINTS * (len(points) - 1)
    low, high = BANDS[decision]
    return decision, max(low, min(high, risk))


def ordered(reasons: Sequence[Reason]) -> list[Reason]:
    """Strongest first: decision, then severity, then the rule's order."""
    severity = {"high": 2, "medium": 1, "low": 0}
    indexed = list(enumerate(reasons))
    indexed.sort(key=lambda ir: (-RANK[ir[1].decision], -severity.get(ir[1].severity, 0), ir[0]))
    return [r for _, r in indexed]
