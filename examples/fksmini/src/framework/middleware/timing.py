"""Measure how long a handler takes."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def timed(handler: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = handler()
    return result, time.perf_counter() - start
