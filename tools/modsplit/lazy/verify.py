"""Prove that a lazy package behaves as its eager version did, in fresh interpreters.

A probe script imports the package, lists ``dir()`` and ``__all__``, accesses every public name
first from 8 threads at once, then describes each value (type and qualified name) and
round-trips each public class through pickle. The eager and the lazy snapshot must be equal.
Import time is measured in separate interpreters, one import each.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from modsplit.errors import AnalysisError
from modsplit.lazy.target import Target

THREADS = 8

PROBE = r'''
import importlib, json, sys
name = sys.argv[1]
try:
    module = importlib.import_module(name)
except BaseException as error:
    import traceback
    if isinstance(error, SyntaxError):
        message, where = error.msg, (error.filename, error.lineno)
    else:
        frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename[:1] != "<"]
        message = str(error)
        where = (frames[-1].filename, frames[-1].lineno) if frames else (None, None)
    at = f" at {where[0]}:{where[1]}" if where[0] else ""
    print(json.dumps({"import_error": f"{type(error).__name__}: {message}{at}"}))
    raise SystemExit(0)
import pickle, threading, types

THREADS = int(sys.argv[2])
names_in_dir = sorted(dir(module))
all_names = module.__dict__.get("__all__")
all_names = None if all_names is None else [str(each) for each in all_names]
if all_names is None:
    star = sorted(n for n in module.__dict__ if not n.startswith("_"))
else:
    star = sorted(all_names)
public = sorted({n for n in names_in_dir if not n.startswith("_")} | set(all_names or ()))
seen = [{} for _ in range(THREADS)]
barrier = threading.Barrier(THREADS)

def describe_error(error):
    return f"{type(error).__name__}: {error}"

def access(index):
    barrier.wait()
    for position in range(len(public)):
        attribute = public[(position + index * 7) % len(public)]
        try:
            seen[index][attribute] = id(getattr(module, attribute))
        except Exception as error:
            seen[index][attribute] = describe_error(error)

threads = [threading.Thread(target=access, args=(i,)) for i in range(THREADS)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()

def qualified_name(value):
    if isinstance(value, types.ModuleType):
        return value.__name__
    qualname = getattr(value, "__qualname__", None)
    if not isinstance(qualname, str):
        return None
    return f"{getattr(value, '__module__', None)}.{qualname}"

def pickled(value):
    if not isinstance(value, type):
        return None
    try:
        return "ok" if pickle.loads(pickle.dumps(value)) is value else "a different class"
    except Exception as error:
        return describe_error(error)

def describe(attribute, value):
    results = [each.get(attribute) for each in seen]
    distinct = {result for result in results if not isinstance(result, str)}
    errors = [result for result in results if isinstance(result, str)]
    if errors:
        threads_result = errors[0]
    elif distinct != {id(value)}:
        threads_result = f"{len(distinct | {id(value)})} distinct objects"
    else:
        threads_result = "ok"
    return {
        "type": f"{type(value).__module__}.{type(value).__qualname__}",
        "qualified_name": qualified_name(value),
        "threads": threads_result,
        "pickle": pickled(value),
    }

described = {}
for attribute in public:
    try:
        value = getattr(module, attribute)
    except Exception as error:
        described[attribute] = {"error": describe_error(error)}
        continue
    try:
        described[attribute] = describe(attribute, value)
    except Exception as error:
        # Proxies such as flask.request raise on any attribute outside their context.
        described[attribute] = {"error": describe_error(error)}

print(json.dumps({"dir": names_in_dir, "all": all_names, "star": star, "names": described}))
'''

TIMER = (
    "import importlib, sys, time\n"
    "start = time.perf_counter()\n"
    "importlib.import_module(sys.argv[1])\n"
    "print(time.perf_counter() - start)\n"
)


class RunOutput(Protocol):
    """The outcome of an interpreter run."""

    @property
    def returncode(self) -> int: ...

    @property
    def stdout(self) -> str: ...

    @property
    def stderr(self) -> str: ...


class PythonRunner(Protocol):
    """Runs a fresh interpreter (``modsplit.adapters.interpreter.run_python``)."""

    def __call__(
        self, arguments: Sequence[str], *, roots: Sequence[Path], cwd: Path
    ) -> RunOutput: ...


@dataclass(frozen=True)
class NameSnapshot:
    """The value one public name resolved to in one interpreter."""

    type: str | None
    qualified_name: str | None
    threads: str | None
    pickle: str | None
    error: str | None


@dataclass(frozen=True)
class Snapshot:
    """A package as a fresh interpreter saw it."""

    import_error: str | None
    dir: tuple[str, ...]
    all: tuple[str, ...] | None
    star: tuple[str, ...]
    names: Mapping[str, NameSnapshot]


@dataclass(frozen=True)
class Verification:
    """The comparison of the eager and the lazy version of a package.

    Times are seconds for one import in a fresh interpreter, one entry per run.
    """

    package: str
    differences: tuple[str, ...]
    names_checked: int
    classes_pickled: int
    eager_seconds: tuple[float, ...]
    lazy_seconds: tuple[float, ...]

    @property
    def is_equal(self) -> bool:
        return not self.differences


def verify_package(
    target: Target, *, eager_root: Path, runner: PythonRunner, repeat: int = 5
) -> Verification:
    """Compare the package under ``eager_root`` (the eager version) with the one at ``target``."""
    eager_roots = (eager_root, *target.roots)
    eager = _snapshot(target.name, roots=eager_roots, cwd=target.root, runner=runner)
    if eager.import_error:
        raise AnalysisError(
            f"the eager version of {target.name} under {eager_root} fails to import "
            f"({eager.import_error}); install its dependencies or fix --against"
        )
    lazy = _snapshot(target.name, roots=target.roots, cwd=target.root, runner=runner)
    eager_seconds: tuple[float, ...] = ()
    lazy_seconds: tuple[float, ...] = ()
    if not lazy.import_error:
        eager_seconds, lazy_seconds = _times(
            target, {"eager": eager_roots, "lazy": target.roots}, runner=runner, repeat=repeat
        )
    return Verification(
        package=target.name,
        differences=compare(eager, lazy),
        names_checked=len(eager.names),
        classes_pickled=sum(name.pickle is not None for name in eager.names.values()),
        eager_seconds=eager_seconds,
        lazy_seconds=lazy_seconds,
    )


def compare(eager: Snapshot, lazy: Snapshot) -> tuple[str, ...]:
    """Return every difference between two snapshots, one sentence each, in a stable order."""
    if lazy.import_error:
        return (f"the lazy version fails to import: {lazy.import_error}",)
    differences = []
    only_eager = sorted(set(eager.dir) - set(lazy.dir))
    only_lazy = sorted(set(lazy.dir) - set(eager.dir))
    if only_eager:
        differences.append(f"dir() no longer lists {', '.join(only_eager)}")
    if only_lazy:
        differences.append(f"dir() now also lists {', '.join(only_lazy)}")
    if eager.all is not None and eager.all != lazy.all:
        differences.append(f"__all__ was {_listed(eager.all)}, now {_listed(lazy.all)}")
    elif eager.star != lazy.star:
        differences.append(
            f"`import *` bound {_listed(eager.star)}, now {_listed(lazy.star)}"
        )
    for name in sorted(set(eager.names) | set(lazy.names)):
        differences += _name_differences(name, eager.names.get(name), lazy.names.get(name))
    return tuple(differences)


def parse_snapshot(stdout: str) -> Snapshot:
    """Read the probe's JSON output."""
    data: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    if "import_error" in data:
        return Snapshot(data["import_error"], (), None, (), {})
    names = {
        name: NameSnapshot(
            type=value.get("type"),
            qualified_name=value.get("qualified_name"),
            threads=value.get("threads"),
            pickle=value.get("pickle"),
            error=value.get("error"),
        )
        for name, value in data["names"].items()
    }
    listed = data["all"]
    return Snapshot(
        None, tuple(data["dir"]), None if listed is None else tuple(listed),
        tuple(data["star"]), names,
    )


def median_ms(seconds: Sequence[float]) -> float:
    return statistics.median(seconds) * 1000 if seconds else 0.0


def _snapshot(
    package: str, *, roots: Sequence[Path], cwd: Path, runner: PythonRunner
) -> Snapshot:
    run = runner(["-c", PROBE, package, str(THREADS)], roots=roots, cwd=cwd)
    if run.returncode != 0 or not run.stdout.strip():
        last = (run.stderr.strip().splitlines() or ["no output"])[-1]
        raise AnalysisError(f"the verification probe for {package} failed: {last}")
    return parse_snapshot(run.stdout)


def _times(
    target: Target,
    roots_by_version: Mapping[str, Sequence[Path]],
    *,
    runner: PythonRunner,
    repeat: int,
) -> tuple[tuple[float, ...], ...]:
    """Time one import per fresh interpreter, alternating the versions so drift hits both."""
    times: dict[str, list[float]] = {version: [] for version in roots_by_version}
    for attempt in range(repeat + 1):
        for version, roots in roots_by_version.items():
            run = runner(["-c", TIMER, target.name], roots=roots, cwd=target.root)
            if run.returncode != 0:
                last = (run.stderr.strip().splitlines() or ["no output"])[-1]
                raise AnalysisError(
                    f"timing the import of the {version} version of {target.name} failed: {last}"
                )
            if attempt:  # the first run writes the bytecode cache and is not counted
                times[version].append(float(run.stdout.strip()))
    return tuple(tuple(each) for each in times.values())


def has_same_files(package: str, first_root: Path, second_root: Path) -> bool:
    """Tell whether the top-level package of ``package`` is byte-identical under both roots."""
    top = package.split(".")[0]
    first, second = _package_files(first_root, top), _package_files(second_root, top)
    if first.keys() != second.keys():
        return False
    return all(first[name].read_bytes() == second[name].read_bytes() for name in first)


def _package_files(root: Path, top: str) -> dict[str, Path]:
    module = root / f"{top}.py"
    folder = root / top
    if not folder.is_dir():
        return {module.name: module} if module.is_file() else {}
    return {
        path.relative_to(root).as_posix(): path
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def _name_differences(
    name: str, eager: NameSnapshot | None, lazy: NameSnapshot | None
) -> list[str]:
    if eager is None:
        return [f"{name}: new public name"]
    if lazy is None:
        return [f"{name}: no longer a public name"]
    if lazy.error and not eager.error:
        return [f"{name}: access now fails: {lazy.error}"]
    differences = []
    for label, before, after in (
        ("type", eager.type, lazy.type),
        ("qualified name", eager.qualified_name, lazy.qualified_name),
        ("error", eager.error, lazy.error),
    ):
        if before != after:
            differences.append(f"{name}: {label} was {before}, now {after}")
    if lazy.threads != eager.threads:
        differences.append(
            f"{name}: first access from {THREADS} threads at once gave {lazy.threads}, "
            f"before {eager.threads}"
        )
    if lazy.pickle != eager.pickle:
        differences.append(f"{name}: pickle round-trip gave {lazy.pickle}, before {eager.pickle}")
    return differences


def _listed(names: tuple[str, ...] | None) -> str:
    return "absent" if names is None else "[" + ", ".join(names) + "]"
