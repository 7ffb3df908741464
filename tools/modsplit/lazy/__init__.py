"""Import-time profiling, lazy-import shims and their verification."""
