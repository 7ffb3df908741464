"""The monolith's source folder; a package too, so `src.services...` imports work from the root."""
