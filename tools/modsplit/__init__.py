"""modsplit: import graph, split proposals and incremental builds for Python monorepos."""

__version__ = "0.1.0"
