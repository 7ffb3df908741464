"""Core services of the monolith: cache and database access."""
