"""Render the results of the lazy commands as text or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from modsplit.lazy.apply import ApplyResult, FilePlan
from modsplit.lazy.profile import Profile
from modsplit.lazy.verify import Verification, median_ms


def profile_text(profile: Profile, *, limit: int) -> str:
    """Return the ranked imports of a profile as a table."""
    lines = []
    if profile.total_us is not None:
        lines.append(
            f"import {profile.target}: {_ms(profile.total_us)} ms, "
            f"{profile.module_count} modules loaded"
        )
    if profile.failure is not None:
        lines += _failure_lines(profile)
    edges = profile.edges[:limit] if limit else profile.edges
    if not edges:
        lines.append(f"no imports made by modules of {profile.target} were measured")
        return "\n".join(lines) + "\n"
    width = max(len("imported"), *(len(edge.imported) for edge in edges))
    lines.append(f"{'cumulative':>10}  {'self':>8}  {'imported':<{width}}  importer")
    for edge in edges:
        lines.append(
            f"{_ms(edge.cumulative_us):>7} ms  {_ms(edge.self_us):>5} ms  "
            f"{edge.imported:<{width}}  {edge.importer}"
        )
    hidden = len(profile.edges) - len(edges)
    if hidden:
        lines.append(f"... {hidden} more imports; --limit 0 lists them all")
    return "\n".join(lines) + "\n"


def profile_json(profile: Profile) -> str:
    failure = profile.failure
    data: dict[str, Any] = {
        "target": profile.target,
        "total_us": profile.total_us,
        "module_count": profile.module_count,
        "failure": None if failure is None else {
            "error": failure.error, "missing": failure.missing, "importer": failure.importer,
        },
        "edges": [
            {
                "importer": edge.importer,
                "imported": edge.imported,
                "self_us": edge.self_us,
                "cumulative_us": edge.cumulative_us,
                "first_party": edge.is_first_party,
            }
            for edge in profile.edges
        ],
    }
    return json.dumps(data, indent=2) + "\n"


def apply_text(result: ApplyResult, *, relative_to: Path) -> str:
    """Return each file's decisions: what became lazy and why the rest stays eager."""
    return "".join(_file_text(plan, relative_to=relative_to) for plan in result.files)


def apply_json(result: ApplyResult, *, relative_to: Path, diff: str) -> str:
    files = []
    for plan in result.files:
        files.append({
            "path": _shown(plan.path, relative_to),
            "module": plan.module,
            "skipped": plan.skipped or None,
            "changed": plan.has_changes,
            "imports": [
                {
                    "line": d.binding.position.line,
                    "import": d.binding.text,
                    "lazy": d.is_lazy,
                    "reason": d.reason or None,
                }
                for d in plan.decisions
            ],
            "side_effect_submodules": [entry.name for entry in plan.side_effect_entries],
        })
    data = {"package": result.package, "style": result.style.value, "files": files, "diff": diff}
    return json.dumps(data, indent=2) + "\n"


def verification_text(result: Verification) -> str:
    lines = [
        f"verify {result.package}: {result.names_checked} public names, "
        f"{result.classes_pickled} classes pickled, first access from 8 threads",
        _time_line(result),
    ]
    if result.is_equal:
        lines.append("no differences")
    else:
        count = len(result.differences)
        lines.append(f"{count} difference{'s' if count > 1 else ''}:")
        lines += [f"  {difference}" for difference in result.differences]
    return "\n".join(lines) + "\n"


def _time_line(result: Verification) -> str:
    if not result.lazy_seconds:
        return "import time: not measured, because the lazy version fails to import"
    eager, lazy = median_ms(result.eager_seconds), median_ms(result.lazy_seconds)
    return (
        f"import time (median of {len(result.lazy_seconds)}): eager {eager:.1f} ms, "
        f"lazy {lazy:.1f} ms ({_speed(eager, lazy)})"
    )


def _speed(eager: float, lazy: float) -> str:
    """Return how the lazy time compares, rounded as the times are shown."""
    if lazy and round(eager / lazy, 1) > 1.0:
        return f"{eager / lazy:.1f}x faster"
    if eager and round(lazy / eager, 1) > 1.0:
        return f"{lazy / eager:.1f}x slower"
    return "the same"


def _file_text(plan: FilePlan, *, relative_to: Path) -> str:
    shown = _shown(plan.path, relative_to)
    if plan.skipped:
        return f"{shown}: left unchanged: {plan.skipped}\n"
    eager = len(plan.decisions) - plan.lazy_count
    lines = [f"{shown} ({plan.module}): {plan.lazy_count} imports made lazy, {eager} kept eager"]
    for decision in plan.decisions:
        line = decision.binding.position.line
        if decision.is_lazy:
            lines.append(f"  lazy   line {line}: {decision.binding.text}")
        else:
            lines.append(f"  eager  line {line}: {decision.binding.text}: {decision.reason}")
    if plan.side_effect_entries:
        names = ", ".join(entry.name for entry in plan.side_effect_entries)
        lines.append(f"  also lazy: submodules the lazy imports bound as a side effect: {names}")
    return "\n".join(lines) + "\n"


def _failure_lines(profile: Profile) -> list[str]:
    failure = profile.failure
    assert failure is not None
    where = f" (imported by {failure.importer})" if failure.importer else ""
    if failure.missing:
        first = f"import {profile.target} failed: module {failure.missing} is not installed{where}"
    else:
        first = f"import {profile.target} failed{where}: {failure.error}"
    return [first, "the times below cover what was imported before the failure"]


def _shown(path: Path, relative_to: Path) -> str:
    try:
        return path.relative_to(relative_to).as_posix()
    except ValueError:
        return str(path)


def _ms(microseconds: int) -> str:
    return f"{microseconds / 1000:.1f}"
