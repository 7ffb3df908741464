"""String references: Django settings, Celery brokers and entry points."""

from __future__ import annotations

from pathlib import Path

from modsplit.deps.model import Use, UseSource
from modsplit.deps.references import entry_point_uses, find_references
from tests.helpers import make_tree

SETTINGS = '''
import os

INSTALLED_APPS = [
    "django.contrib.admin",
    "rest_framework",
    "corsheaders",
    "core",  # first party
]
MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", "logging.Filter"]
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "db"}}
CELERY_BROKER_URL = os.getenv("CELERY_BROKER_URL", "redis://redis:6379/0")
CELERY_RESULT_BACKEND = "django-db"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
LANGUAGE_CODE = "en-us"
STATIC_NAME = "styles"
'''


def test_django_and_celery_settings(tmp_path: Path) -> None:
    make_tree(tmp_path, {"web/settings.py": SETTINGS, "web/views.py": "x = 1\n"})
    uses = find_references(tmp_path, ["web/settings.py", "web/views.py"],
                           first_party=frozenset({"core"}))
    found = [(use.line, use.import_name, use.source.value) for use in uses]
    assert sorted(found) == [
        (4, "django.contrib.admin", "reference"),
        (5, "rest_framework", "reference"),
        (6, "corsheaders", "reference"),
        (9, "corsheaders.middleware.CorsMiddleware", "reference"),
        (10, "django.db.backends.postgresql", "reference"),
        (10, "psycopg", "implied"),
        (10, "psycopg2", "implied"),
        (11, "redis", "implied"),
        (12, "django_celery_results", "implied"),
        (13, "django_celery_beat.schedulers", "reference"),
    ]


def test_file_without_settings_is_not_parsed(tmp_path: Path) -> None:
    make_tree(tmp_path, {"a.py": "def broken(:\n"})
    assert find_references(tmp_path, ["a.py"], first_party=frozenset()) == ()


def test_entry_points_name_their_module() -> None:
    uses = entry_point_uses([("gunicorn.app.wsgiapp:run", 12), ("main:main", 13)],
                            "pyproject.toml", first_party=frozenset({"main"}))
    assert uses == (Use("pyproject.toml", 12, "gunicorn.app.wsgiapp",
                        source=UseSource.REFERENCE),)
