"""Entry point of the API service: list the routes it serves."""

from framework.config import load_settings
from framework.config.constants import SERVICE_NAME
from routes import ROUTES


def describe() -> str:
    settings = load_settings()
    port = settings.get("port", "8001")
    return f"{SERVICE_NAME} on port {port}: " + ", ".join(sorted(ROUTES))


if __name__ == "__main__":
    print(describe())
