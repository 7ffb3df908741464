"""Market data types."""
