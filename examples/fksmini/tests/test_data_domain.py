from src.services.data.src.domain.candles import Candle


def test_candle_range_from_repository_root():
    assert Candle(open=1.0, high=3.0, low=0.5, close=2.0).range == 2.5
