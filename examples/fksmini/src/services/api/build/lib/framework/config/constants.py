"""Default settings of the API service (diverged from the monolith's copy)."""

CACHE_TTL_SECONDS = 60
DATABASE_URL = "sqlite:///api.db"
SERVICE_NAME = "api"
