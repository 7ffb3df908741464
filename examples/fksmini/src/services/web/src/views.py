"""The search page."""

from __future__ import annotations

from core.cache import Cache
from framework.config.constants import SERVICE_NAME
from src.rag import retrieve

CACHE = Cache()


def search_page(query: str) -> str:
    hits = retrieve(CACHE, query)
    return f"{SERVICE_NAME}: {len(hits)} result(s) for {query!r}"
