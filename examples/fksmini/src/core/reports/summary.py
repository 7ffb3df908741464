"""Summaries of cached values; `core/reports` has no __init__.py, so it is a namespace portion."""

from __future__ import annotations

from core.cache import Cache


def count_keys(cache: Cache, prefix: str) -> int:
    return sum(1 for key in cache.keys() if key.startswith(prefix))
