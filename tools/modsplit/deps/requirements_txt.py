"""Read pip requirements files: entries with their line, and the files they include.

Handles what pip accepts in a requirements file: comments (``#`` at the start or after
whitespace, so ``#egg=`` in a URL stays), line continuations, ``-r``/``--requirement`` includes,
``-c``/``--constraint`` files, ``-e``/``--editable`` entries, direct URLs (``name @ url`` and bare
URLs with ``#egg=``), local paths, extras, version specifiers, environment markers and per-line
options such as ``--hash``. Global options (``--index-url``...) are skipped.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from packaging.requirements import InvalidRequirement
from packaging.requirements import Requirement as PackagingRequirement

from modsplit.deps.model import ManifestContents, Requirement
from modsplit.workspace.model import ManifestKind

_COMMENT = re.compile(r"(^|\s+)#.*$")
_EGG = re.compile(r"#egg=([A-Za-z0-9][A-Za-z0-9._-]*)")
_PER_LINE_OPTION = re.compile(r"\s+--(hash|config-settings|global-option)[= ]\S+")
_INCLUDE_OPTIONS = {"-r": "requirement", "--requirement": "requirement",
                    "-c": "constraint", "--constraint": "constraint",
                    "-e": "editable", "--editable": "editable"}
_ARCHIVE_NAME = re.compile(r"/([A-Za-z0-9][A-Za-z0-9._]*?)-\d[^/]*\.(?:whl|tar\.gz|zip|tar\.bz2)$")


@dataclass
class _Reader:
    directory: Path
    kind: ManifestKind
    seen: set[str] = field(default_factory=set)
    requirements: list[Requirement] = field(default_factory=list)
    constraints: list[Requirement] = field(default_factory=list)
    includes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_requirements_file(directory: Path, relative: str, kind: ManifestKind) -> ManifestContents:
    """Read a requirements file of the workspace at ``directory``, following its includes.

    Entries of included files carry the included file's path and line, so a fix edits the file
    that holds the entry. A file met twice (an include cycle) is read once.
    """
    reader = _Reader(directory, kind)
    _read(reader, relative, as_constraint=False)
    return ManifestContents(
        path=relative,
        requirements=tuple(reader.requirements),
        constraints=tuple(reader.constraints),
        includes=tuple(reader.includes),
        problems=tuple(reader.problems),
    )


def _read(reader: _Reader, relative: str, *, as_constraint: bool) -> None:
    if relative in reader.seen:
        return
    reader.seen.add(relative)
    path = reader.directory / relative
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        reader.problems.append(f"{relative}: cannot be read ({error.strerror})")
        return
    for line_number, logical in _logical_lines(text):
        _read_line(reader, relative, line_number, logical, as_constraint=as_constraint)


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Return (first line number, text) of each logical line, comments removed."""
    result: list[tuple[int, str]] = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not pending:
            start = number
        stripped = _COMMENT.sub("", raw) if not raw.lstrip().startswith("#") else ""
        if stripped.endswith("\\"):
            pending.append(stripped[:-1])
            continue
        pending.append(stripped)
        joined = " ".join(part.strip() for part in pending).strip()
        pending = []
        if joined:
            result.append((start, joined))
    return result


def _read_line(
    reader: _Reader, relative: str, line_number: int, line: str, *, as_constraint: bool
) -> None:
    option, value = _split_option(line)
    if option == "requirement" or option == "constraint":
        included = _join(relative, value)
        reader.includes.append(included)
        _read(reader, included, as_constraint=as_constraint or option == "constraint")
        return
    if option is not None and option != "editable":
        return  # a global option such as --index-url
    entry = value if option == "editable" else line
    requirement = _parse_entry(
        reader, relative, line_number, entry, is_editable=option == "editable"
    )
    if requirement is None:
        return
    if as_constraint:
        reader.constraints.append(requirement)
    else:
        reader.requirements.append(requirement)


def _split_option(line: str) -> tuple[str | None, str]:
    if not line.startswith("-"):
        return None, line
    head, _, rest = line.partition(" ")
    if "=" in head and head.startswith("--"):
        head, _, rest = head.partition("=")
    elif head[:2] in ("-r", "-c", "-e") and len(head) > 2:
        head, rest = head[:2], head[2:]
    return _INCLUDE_OPTIONS.get(head, head), rest.strip()


def _join(relative: str, value: str) -> str:
    if "://" in value:
        return value
    joined = PurePosixPath(relative).parent / value
    return os.path.normpath(joined.as_posix()).replace(os.sep, "/")


def _parse_entry(
    reader: _Reader, relative: str, line_number: int, entry: str, *, is_editable: bool
) -> Requirement | None:
    text = _PER_LINE_OPTION.sub("", entry).strip()
    if not is_editable and not _looks_like_location(text):
        try:
            parsed = PackagingRequirement(text)
        except InvalidRequirement as error:
            reader.problems.append(
                f"{relative}:{line_number}: invalid requirement {text!r}: {error}"
            )
            return None
        return Requirement(
            manifest=relative,
            line=line_number,
            name=parsed.name,
            kind=reader.kind,
            text=text,
            extras=tuple(sorted(parsed.extras)),
            specifier=str(parsed.specifier),
            marker=str(parsed.marker) if parsed.marker else "",
            url=parsed.url or "",
        )
    return _location_entry(reader, relative, line_number, text, is_editable=is_editable)


def _looks_like_location(text: str) -> bool:
    head = text.split(";")[0].strip()
    return (
        "://" in head.split(" @ ")[0]
        or head.startswith((".", "/", "~"))
        or head.endswith((".whl", ".tar.gz", ".zip"))
        or ("/" in head and " @ " not in head)
    )


def _location_entry(
    reader: _Reader, relative: str, line_number: int, text: str, *, is_editable: bool
) -> Requirement | None:
    location, _, marker = text.partition(";")
    location = location.strip()
    is_url = "://" in location
    local = "" if is_url else _join(relative, location.split("#")[0].split("[")[0])
    name = _name_of_location(reader.directory, location, local)
    if name is None:
        reader.problems.append(
            f"{relative}:{line_number}: cannot tell the distribution of {location!r}; "
            "add #egg=NAME to the entry"
        )
        return None
    return Requirement(
        manifest=relative,
        line=line_number,
        name=name,
        kind=reader.kind,
        text=text,
        marker=marker.strip(),
        url=location if is_url else "",
        path=local,
        is_editable=is_editable,
    )


def _name_of_location(directory: Path, location: str, local: str) -> str | None:
    egg = _EGG.search(location)
    if egg:
        return egg.group(1)
    archive = _ARCHIVE_NAME.search(location.split("#")[0])
    if archive:
        return archive.group(1)
    if local:
        return project_name(directory / local) or PurePosixPath(local).name or None
    return None


def project_name(folder: Path) -> str | None:
    """Return the distribution name a local project folder declares, if it says so statically."""
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, OSError):
            data = {}
        name = data.get("project", {}).get("name") or data.get("tool", {}).get(
            "poetry", {}
        ).get("name")
        if isinstance(name, str):
            return name
    setup_cfg = folder / "setup.cfg"
    if setup_cfg.is_file():
        match = re.search(r"^name\s*=\s*(\S+)", setup_cfg.read_text(encoding="utf-8"), re.M)
        if match:
            return match.group(1)
    return None
