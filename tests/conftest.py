"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parent.parent
EXAMPLE = REPOSITORY / "examples" / "fksmini"


@pytest.fixture
def example_path() -> Path:
    """The bundled example monorepo."""
    return EXAMPLE
