"""Shared building blocks of every service: configuration and middleware."""

__version__ = "2.3.0"
