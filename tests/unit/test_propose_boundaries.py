"""Module patterns of config/boundaries.toml."""

from __future__ import annotations

from modsplit.propose.boundaries import matches, module_patterns

LAYOUT = {
    "src.core": "core",
    "src.core.cache": "core",
    "src.core.cache.redis": "core",
    "src.core.db": "kernel",
    "src.app": "app",
    "src.app.main": "app",
    "src.app.views.home": "app",
    "src.tool": "tool",
}


def test_patterns_use_highest_uniform_prefix() -> None:
    assert module_patterns(LAYOUT) == {
        "app": ["src.app.**"],
        "core": ["src.core", "src.core.cache.**"],
        "kernel": ["src.core.db"],
        "tool": ["src.tool"],
    }


def test_every_module_matches_one_pattern_of_its_package() -> None:
    patterns = module_patterns(LAYOUT)
    for module, package in LAYOUT.items():
        owners = [p for p, found in patterns.items() for pattern in found
                  if matches(pattern, module)]
        assert owners == [package], module


def test_subtree_pattern_matches_itself_and_below_only() -> None:
    assert matches("a.b.**", "a.b")
    assert matches("a.b.**", "a.b.c.d")
    assert not matches("a.b.**", "a.bc")
    assert not matches("a.b", "a.b.c")
