"""Configuration read from the environment, with defaults from `constants`."""

from framework.config.constants import CACHE_TTL_SECONDS, DATABASE_URL
from framework.config.loader import load_settings

__all__ = ["CACHE_TTL_SECONDS", "DATABASE_URL", "load_settings"]
