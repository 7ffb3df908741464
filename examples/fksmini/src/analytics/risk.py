"""Risk measures."""

from __future__ import annotations


def value_at_risk(returns: list[float], confidence: float = 0.95) -> float:
    ordered = sorted(returns)
    index = int((1 - confidence) * len(ordered))
    return -ordered[index]
