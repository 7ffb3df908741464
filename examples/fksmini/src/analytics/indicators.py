"""Technical indicators."""

from __future__ import annotations


def moving_average(prices: list[float], window: int) -> list[float]:
    return [sum(prices[i - window:i]) / window for i in range(window, len(prices) + 1)]
