"""Market analytics; importing the package imports every submodule, the slow forecast included."""

from analytics.forecast import forecast
from analytics.indicators import moving_average
from analytics.risk import value_at_risk

__all__ = ["forecast", "moving_average", "value_at_risk"]
