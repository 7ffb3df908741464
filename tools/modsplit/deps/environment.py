"""Read the installed distributions of a target Python environment (``--python PATH``).

The interpreter at PATH runs a small script in a subprocess that prints, as JSON, each installed
distribution's version, requirements and the import names its files provide, and the values of
PEP 508 environment markers there. modsplit's own environment is never consulted.
"""

from __future__ import annotations

import json
import logging
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from packaging.markers import InvalidMarker, Marker, UndefinedComparison, UndefinedEnvironmentName
from packaging.requirements import InvalidRequirement
from packaging.requirements import Requirement as PackagingRequirement

from modsplit.deps.model import normalise
from modsplit.errors import AnalysisError

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 120

# Runs in the target interpreter, which may be older than modsplit's: Python 3.8 syntax only.
_DUMP_SCRIPT = r"""
import json, os, platform, sys
from importlib import metadata

def provided(dist):
    names = set()
    files = list(dist.files or [])
    tops = {}
    for item in files:
        parts = item.parts
        if not parts or parts[0] in ("..", "__pycache__"):
            continue
        if parts[0].endswith((".dist-info", ".egg-info", ".data")):
            continue
        tops.setdefault(parts[0], []).append(parts)
    for first, entries in tops.items():
        if len(entries) == 1 and len(entries[0]) == 1:
            if first.endswith(".py"):
                names.add(first[:-3])
            elif first.endswith((".so", ".pyd")):
                names.add(first.split(".")[0])
            continue
        if any(parts[1:] == ("__init__.py",) for parts in entries):
            names.add(first)
            continue
        for parts in entries:  # a namespace package: name its portions
            if len(parts) > 2 and parts[1] != "__pycache__":
                names.add(first + "." + parts[1])
            elif len(parts) == 2 and parts[1].endswith(".py"):
                names.add(first + "." + parts[1][:-3])
    text = dist.read_text("top_level.txt")
    if not names and text:
        names.update(line.strip().replace("/", ".") for line in text.splitlines() if line.strip())
    return sorted(names)

def markers():
    info = sys.implementation.version
    version = "%d.%d.%d" % (info.major, info.minor, info.micro)
    if info.releaselevel != "final":
        version += info.releaselevel[0] + str(info.serial)
    return {
        "implementation_name": sys.implementation.name,
        "implementation_version": version,
        "os_name": os.name,
        "platform_machine": platform.machine(),
        "platform_release": platform.release(),
        "platform_system": platform.system(),
        "platform_version": platform.version(),
        "python_full_version": platform.python_version(),
        "platform_python_implementation": platform.python_implementation(),
        "python_version": ".".join(platform.python_version_tuple()[:2]),
        "sys_platform": sys.platform,
    }

result = {"distributions": {}, "markers": markers()}
for dist in metadata.distributions():
    name = dist.metadata["Name"]
    if not name or name in result["distributions"]:
        continue
    result["distributions"][name] = {
        "version": dist.version,
        "requires": list(dist.requires or []),
        "modules": provided(dist),
    }
json.dump(result, sys.stdout)
"""


@dataclass(frozen=True)
class InstalledDistribution:
    """A distribution installed in the target environment."""

    name: str
    version: str
    requires: tuple[str, ...]
    modules: tuple[str, ...]


@dataclass(frozen=True)
class TargetEnvironment:
    """The installed distributions of the environment the code runs in."""

    python: str
    distributions: Mapping[str, InstalledDistribution]  # by normalised name
    markers: Mapping[str, str] = field(default_factory=dict)

    def module_table(self) -> dict[str, tuple[str, ...]]:
        """Return each provided import name with the distributions that provide it."""
        table: dict[str, list[str]] = {}
        for distribution in self.distributions.values():
            for module in distribution.modules:
                table.setdefault(module, []).append(distribution.name)
        return {module: tuple(sorted(names)) for module, names in table.items()}

    def marker_holds(self, marker: str, *, extra: str = "") -> bool:
        """Evaluate an environment marker here; an unreadable marker counts as true."""
        if not marker:
            return True
        environment = dict(self.markers)
        environment["extra"] = extra
        try:
            return Marker(marker).evaluate(environment)
        except (InvalidMarker, UndefinedComparison, UndefinedEnvironmentName):
            return True

    def closure(self, roots: Mapping[str, tuple[str, ...]]) -> frozenset[str]:
        """Return the distributions that ``roots`` (name to extras) pull in, roots excluded."""
        seen: set[str] = set()
        pending = [(normalise(name), extras) for name, extras in roots.items()]
        while pending:
            name, extras = pending.pop()
            installed = self.distributions.get(name)
            if installed is None:
                continue
            for text in installed.requires:
                required = self._required(text, extras)
                if required is not None and required[0] not in seen:
                    seen.add(required[0])
                    pending.append(required)
        return frozenset(seen - {normalise(name) for name in roots})

    def _required(self, text: str, extras: tuple[str, ...]) -> tuple[str, tuple[str, ...]] | None:
        try:
            requirement = PackagingRequirement(text)
        except InvalidRequirement:
            return None
        marker = str(requirement.marker) if requirement.marker else ""
        if marker and not any(self.marker_holds(marker, extra=e) for e in ("", *extras)):
            return None
        return normalise(requirement.name), tuple(sorted(requirement.extras))


def read_environment(python: str) -> TargetEnvironment:
    """Run ``python`` and return what is installed in its environment."""
    if not Path(python).exists():
        raise AnalysisError(f"--python {python}: no such interpreter; pass the path of the "
                            "target environment's python")
    try:
        completed = subprocess.run(
            [python, "-I", "-c", _DUMP_SCRIPT],
            capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise AnalysisError(f"--python {python}: failed to run ({error}); pass a working "
                            "interpreter") from None
    if completed.returncode != 0:
        last = (completed.stderr.strip().splitlines() or ["no output"])[-1]
        raise AnalysisError(f"--python {python}: listing its distributions failed: {last}")
    return parse_environment(python, completed.stdout)


def parse_environment(python: str, text: str) -> TargetEnvironment:
    """Build a target environment from the JSON the dump script prints."""
    try:
        data = json.loads(text)
        raw = data["distributions"]
    except (ValueError, KeyError, TypeError) as error:
        raise AnalysisError(f"--python {python}: unreadable distribution list ({error})") from None
    distributions = {
        normalise(name): InstalledDistribution(
            name=name,
            version=str(body.get("version", "")),
            requires=tuple(body.get("requires", [])),
            modules=tuple(body.get("modules", [])),
        )
        for name, body in raw.items()
    }
    logger.info("target environment %s: %d distributions", python, len(distributions))
    return TargetEnvironment(python, distributions, dict(data.get("markers", {})))
