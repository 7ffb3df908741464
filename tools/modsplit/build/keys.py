"""Cache keys: one SHA-256 per (unit, session) over everything its result depends on.

The key covers the unit's files and those of every unit upstream of it (their manifests and
lockfiles included), the global files, the modsplit configuration, the session name, the
noxfile, the Python version, the posargs, the values of an allowlist of environment variables
and modsplit's version.
"""

from __future__ import annotations

import json
import platform
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from modsplit import __version__
from modsplit.build.digests import FileDigests, combine, global_files, unit_files
from modsplit.build.plan import BuildPlan
from modsplit.build.settings import AffectedSettings
from modsplit.workspace.model import Workspace


@dataclass(frozen=True)
class KeyContext:
    """What every key of one build shares."""

    noxfile: str
    posargs: tuple[str, ...] = ()
    env: Mapping[str, str | None] | None = None
    python: str = f"{platform.python_implementation()} {platform.python_version()}"


def environment_values(names: Sequence[str], environ: Mapping[str, str]) -> dict[str, str | None]:
    """Return the allowlisted variables' values, None for those not set."""
    return {name: environ.get(name) for name in sorted(names)}


def plan_keys(
    workspace: Workspace,
    plan: BuildPlan,
    *,
    context: KeyContext,
    digests: FileDigests,
    settings: AffectedSettings,
) -> dict[str, str]:
    """Return the cache key of every step of ``plan``, by unit name."""
    unit_digests: dict[str, str] = {}

    def digest_of(name: str) -> str:
        if name not in unit_digests:
            files = unit_files(workspace, workspace.unit_named(name), settings)
            unit_digests[name] = combine((path, digests.digest(path)) for path in files)
        return unit_digests[name]

    config = workspace.config_path
    shared = [
        ("modsplit", __version__),
        ("config", digests.digest(str(config)) if config is not None else "none"),
        ("noxfile", digests.digest(context.noxfile)),
        ("python", context.python),
        ("posargs", json.dumps(list(context.posargs))),
        ("env", json.dumps(dict(context.env or {}), sort_keys=True)),
        *((f"global:{path}", digests.digest(path)) for path in global_files(workspace)),
    ]
    keys = {}
    for step in plan.steps:
        upstream = sorted(plan.upstream.get(step.unit, frozenset()) - {step.unit})
        keys[step.unit] = combine(
            [
                ("session", step.session),
                (f"unit:{step.unit}", digest_of(step.unit)),
                *((f"upstream:{name}", digest_of(name)) for name in upstream),
                *shared,
            ]
        )
    return keys
