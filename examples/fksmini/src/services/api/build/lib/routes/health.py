"""Liveness check."""

from framework.config.constants import SERVICE_NAME


def health() -> dict[str, str]:
    return {"status": "ok", "service": SERVICE_NAME}
