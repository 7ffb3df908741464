"""Record each request in the shared cache; this import of `core` closes the core/framework cycle."""

from __future__ import annotations

from core.cache import Cache


class AuditMiddleware:
    def __init__(self, cache: Cache | None = None) -> None:
        self.cache = cache or Cache()

    def record(self, path: str) -> int:
        key = f"audit:{path}"
        count = int(self.cache.get(key) or 0) + 1
        self.cache.set(key, count)
        return count
