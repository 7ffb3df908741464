"""Import name to distribution: target environment, shipped tables, normalised name."""

from __future__ import annotations

import json

from modsplit.deps.environment import parse_environment
from modsplit.deps.mapping import NameResolver

NOTHING: frozenset[str] = frozenset()


def test_shipped_table_maps_common_mismatches() -> None:
    resolver = NameResolver.create(None)
    cases = {
        "rest_framework.views": "djangorestframework",
        "yaml": "pyyaml",
        "sklearn.metrics": "scikit-learn",
        "PIL.Image": "pillow",
        "cv2": "opencv-python",
        "bs4": "beautifulsoup4",
        "dotenv": "python-dotenv",
        "jwt": "pyjwt",
        "dateutil.parser": "python-dateutil",
        "google.protobuf.message": "protobuf",
        "corsheaders.middleware": "django-cors-headers",
        "talib": "ta-lib",
    }
    for import_name, distribution in cases.items():
        resolution = resolver.resolve(import_name, NOTHING)
        assert (import_name, resolution.distribution) == (import_name, distribution)
        assert resolution.source == "shipped"


def test_unknown_name_falls_back_to_normalised_name() -> None:
    resolution = NameResolver.create(None).resolve("some_lib.sub", NOTHING)
    assert (resolution.distribution, resolution.is_known) == ("some-lib", False)
    assert NameResolver.create(None).resolve("some_lib", frozenset({"some-lib"})).is_known


def test_declared_candidate_wins_a_tie() -> None:
    resolver = NameResolver.create(None)
    assert resolver.resolve("psycopg2", frozenset({"psycopg2-binary"})).distribution == (
        "psycopg2-binary")
    assert resolver.resolve("psycopg2", NOTHING).distribution == "psycopg2"


def test_environment_wins_over_shipped_table() -> None:
    environment = parse_environment("/venv/bin/python", json.dumps({"distributions": {
        "yaml-fork": {"version": "1", "requires": [], "modules": ["yaml"]},
    }}))
    resolution = NameResolver.create(environment).resolve("yaml", NOTHING)
    assert (resolution.distribution, resolution.source) == ("yaml-fork", "environment")


def test_environment_without_the_name_uses_shipped_table() -> None:
    environment = parse_environment("/venv/bin/python", json.dumps({"distributions": {}}))
    resolution = NameResolver.create(environment).resolve("rest_framework", NOTHING)
    assert (resolution.distribution, resolution.source) == ("djangorestframework", "shipped")


def test_namespace_portion_maps_by_longest_prefix() -> None:
    environment = parse_environment("/venv/bin/python", json.dumps({"distributions": {
        "google-generativeai": {"version": "1", "requires": [],
                                "modules": ["google.generativeai"]},
        "protobuf": {"version": "4", "requires": [], "modules": ["google.protobuf"]},
    }}))
    resolver = NameResolver.create(environment)
    assert resolver.resolve("google.generativeai.types", NOTHING).distribution == (
        "google-generativeai")
    assert resolver.resolve("google.protobuf", NOTHING).distribution == "protobuf"
