"""The API's routes by path."""

from routes.health import health
from routes.risk import risk

ROUTES = {"/health": health, "/risk": risk}
