"""Default settings shared by the monolith."""

CACHE_TTL_SECONDS = 300
DATABASE_URL = "sqlite:///fksmini.db"
SERVICE_NAME = "monolith"
