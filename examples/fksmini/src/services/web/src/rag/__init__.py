"""Retrieval over cached documents."""

from src.rag.retrieval import retrieve

__all__ = ["retrieve"]
