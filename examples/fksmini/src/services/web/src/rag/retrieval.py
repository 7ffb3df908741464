"""Find cached documents whose key contains a query."""

from __future__ import annotations

from core.cache import Cache


def retrieve(cache: Cache, query: str) -> list[str]:
    return sorted(key for key in cache.keys() if query in key)
