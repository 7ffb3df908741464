"""Value at risk of a list of returns; needs one function, but importing it loads all of analytics."""

from analytics.risk import value_at_risk


def risk(returns: list[float]) -> dict[str, float]:
    return {"value_at_risk": value_at_risk(returns)}
