"""Incremental builds: the units a change affects, the build plan, the nox driver, the cache."""
