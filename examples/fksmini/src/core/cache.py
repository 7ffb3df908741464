"""An in-memory cache with a time to live."""

from __future__ import annotations

import time
from typing import Any

from framework.config.constants import CACHE_TTL_SECONDS


class Cache:
    def __init__(self, ttl: float = CACHE_TTL_SECONDS) -> None:
        self.ttl = ttl
        self._items: dict[str, tuple[float, Any]] = {}

    def get(self, key: str) -> Any:
        stored = self._items.get(key)
        if stored is None or stored[0] < time.monotonic():
            return None
        return stored[1]

    def set(self, key: str, value: Any) -> None:
        self._items[key] = (time.monotonic() + self.ttl, value)

    def keys(self) -> list[str]:
        return list(self._items)
