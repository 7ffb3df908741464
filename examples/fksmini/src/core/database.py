"""Open the monolith's database."""

from __future__ import annotations

import sqlite3

from framework.config.constants import DATABASE_URL


def connect(url: str = DATABASE_URL) -> sqlite3.Connection:
    return sqlite3.connect(url.removeprefix("sqlite:///"))
