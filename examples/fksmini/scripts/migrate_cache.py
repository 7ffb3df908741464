"""Move cached candles to the new key format (never finished: the file does not parse)."""

from core.cache import Cache


def migrate(cache: Cache) -> int:
    moved = 0
    for key in list(cache.keys()):
        if key.startswith("candles:")
            cache.rename(key, "v2:" + key)
            moved += 1
    return moved
