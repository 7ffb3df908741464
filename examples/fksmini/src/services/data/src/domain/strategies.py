"""Turn candles into orders; `trading` was split out of this repository and exists nowhere here."""

from __future__ import annotations

from domain.candles import Candle
from trading.orders import submit_order


def follow_trend(candles: list[Candle]) -> None:
    if len(candles) >= 2 and candles[-1].close > candles[-2].close:
        submit_order("BUY", 1)
