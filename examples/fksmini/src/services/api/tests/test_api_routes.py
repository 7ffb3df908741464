from framework.config.constants import SERVICE_NAME
from routes import ROUTES
from routes.health import health


def test_health_names_the_api_service():
    assert health() == {"status": "ok", "service": "api"}


def test_vendored_framework_copy_is_used():
    assert SERVICE_NAME == "api"


def test_risk_route_is_registered():
    assert ROUTES["/risk"]([-0.05, 0.01, 0.02, -0.01]) == {"value_at_risk": 0.05}
