"""A forecast model whose import is slow, like a module that loads a model file at import."""

from __future__ import annotations

import time

# Stands in for loading model weights at import time.
time.sleep(0.2)
WEIGHTS = (0.5, 0.3, 0.2)


def forecast(prices: list[float]) -> float:
    recent = prices[-len(WEIGHTS):]
    return sum(w * p for w, p in zip(WEIGHTS, reversed(recent)))
