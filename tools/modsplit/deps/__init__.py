"""Dependency hygiene per unit: manifests, import names to distributions, findings and locks."""
