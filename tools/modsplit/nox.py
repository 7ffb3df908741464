"""Per-unit nox sessions for a monorepo's noxfile.

In the monorepo's ``noxfile.py``::

    import modsplit.nox

    modsplit.nox.define_sessions()

This defines the sessions ``tests``, ``lint`` and ``wheel``, each parametrized by the units of
the workspace configuration, so that ``nox -s "tests(unit='api')"`` runs the tests of ``api``
in a virtualenv holding only that unit's own requirements. ``modsplit build`` runs these
sessions for the affected units. A session of one's own, parametrized the same way::

    @modsplit.nox.unit_session(venv_backend="none")
    def docs(session, unit):
        session.run("sphinx-build", str(unit.folder / "docs"), "build")

nox is imported only inside these functions, so importing this module outside a noxfile
costs nothing. The recipes (what each session installs and runs) live in
``modsplit.build.sessions``.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modsplit.build.sessions import Recipe, UnitLayout, recipe, unit_layouts

if TYPE_CHECKING:
    import nox

    UnitSessionFunction = Callable[[nox.Session, UnitLayout], None]

DEFAULT_SESSIONS = ("tests", "lint", "wheel")


def define_sessions(
    directory: str | Path = ".",
    *,
    config: str | Path | None = None,
    sessions: Sequence[str] = DEFAULT_SESSIONS,
    prefix: str = "",
    python: str | Sequence[str] | bool | None = None,
    venv_backend: str | None = None,
    reuse_venv: bool | None = True,
) -> tuple[str, ...]:
    """Define each session kind of ``sessions`` for every unit and return the session names.

    ``directory`` is the monorepo, relative to the noxfile's folder; ``config`` a configuration
    file to read instead of its own. The kinds are ``tests``, ``lint``, ``wheel`` and ``smoke``
    (byte-compile the unit and check that its top-level modules are importable). ``prefix``
    goes before each session name, so that the sessions of a monorepo inside another project
    do not replace that project's own. ``venv_backend="none"`` runs without a virtualenv and
    installs nothing.
    """
    layouts = _layouts(directory, config)
    names = []
    for kind in sessions:
        body = _recipe_runner(kind)
        _register(f"{prefix}{kind}", body, layouts, python=python, venv_backend=venv_backend,
                  reuse_venv=reuse_venv, description=f"{kind} for one unit")
        names.append(f"{prefix}{kind}")
    return tuple(names)


def unit_session(
    *,
    name: str | None = None,
    directory: str | Path = ".",
    config: str | Path | None = None,
    python: str | Sequence[str] | bool | None = None,
    venv_backend: str | None = None,
    reuse_venv: bool | None = True,
) -> Callable[[UnitSessionFunction], UnitSessionFunction]:
    """Define a session parametrized by unit; the function gets the unit's ``UnitLayout``."""

    def decorate(function: UnitSessionFunction) -> UnitSessionFunction:
        _register(name or function.__name__, function, _layouts(directory, config),
                  python=python, venv_backend=venv_backend, reuse_venv=reuse_venv,
                  description=(function.__doc__ or "").strip().splitlines()[0:1])
        return function

    return decorate


def run_recipe(session: nox.Session, session_recipe: Recipe) -> None:
    """Install and run what a recipe lists, in ``session``."""
    if session_recipe.skip is not None:
        session.skip(session_recipe.skip)
    if session_recipe.install:
        if session.venv_backend == "none":
            session.log("no virtualenv: not installing " + " ".join(session_recipe.install))
        else:
            session.install(*session_recipe.install)
    for command in session_recipe.commands:
        session.run(*command.arguments, env=dict(command.env),
                    success_codes=list(command.success_codes))


def _recipe_runner(kind: str) -> UnitSessionFunction:
    def run(session: nox.Session, layout: UnitLayout) -> None:
        run_recipe(session, recipe(kind, layout, session.posargs))

    return run


def _layouts(directory: str | Path, config: str | Path | None) -> dict[str, UnitLayout]:
    config_path = Path(config).resolve() if config else None
    return _cached_layouts(Path(directory).resolve(), config_path)


@functools.cache
def _cached_layouts(directory: Path, config: Path | None) -> dict[str, UnitLayout]:
    from modsplit.workspace.load import load_workspace

    # nox shows every INFO record of the root logger; discovery's reasoning is noise there.
    package_logger = logging.getLogger("modsplit")
    if package_logger.level == logging.NOTSET:
        package_logger.setLevel(logging.WARNING)
    return unit_layouts(load_workspace(directory, config=config))


def _register(
    name: str,
    body: UnitSessionFunction,
    layouts: dict[str, UnitLayout],
    *,
    description: str | list[str],
    **options: Any,
) -> None:
    import nox

    def session_function(session: nox.Session, unit: str) -> None:
        body(session, layouts[unit])

    session_function.__name__ = name
    session_function.__qualname__ = name
    session_function.__doc__ = description if isinstance(description, str) else "".join(description)
    parametrized = nox.parametrize("unit", list(layouts))(session_function)
    nox.session(parametrized, name=name, **options)
