"""Discover the roots and units of a monorepo without configuration.

Evidence, in the order it is used:

1. Units. Every folder with a dependency manifest is a unit, except a package folder or a
   ``src`` layout folder, whose manifests belong to the unit around it. A folder named by a
   Dockerfile build argument (``ARG SERVICE_DIR=...``) that contains Python code is a unit too. The
   repository itself is the catch-all unit ``toplevel``, so every Python file belongs to a unit:
   the one with the deepest folder that contains it.
2. Shared code. A root of ``toplevel`` that contains other units (``src`` holding
   ``src/services/*``) becomes a unit of its own; when the repository has such units, its
   top-level test folders become a unit too.
3. Roots. pytest's ``pythonpath``, ``ENV PYTHONPATH`` and the command of a Dockerfile mapped back
   through its ``COPY`` instructions, a ``src`` layout folder without ``__init__.py``, and then the
   first names of absolute imports that no root resolves yet, matched against the folders of the
   unit and of the folders above it. Roots found at the repository level apply to every unit.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from modsplit.workspace.discover_docker import Image, read_images
from modsplit.workspace.discover_imports import STANDARD_LIBRARY, NameIndex
from modsplit.workspace.discover_manifests import (
    ManifestFile,
    declared_import_names,
    find_manifests,
)
from modsplit.workspace.discover_pytest import PytestSettings, read_pytest_settings
from modsplit.workspace.discover_scan import ImportedName, Tree, join, parent_of, scan_tree
from modsplit.workspace.model import (
    DEFAULT_GLOBAL_FILES,
    Manifest,
    ManifestKind,
    Unit,
    Workspace,
    is_under,
)

logger = logging.getLogger(__name__)

CATCH_ALL = "toplevel"
TEST_FOLDER_NAMES = ("tests", "test")
# Import matching alone makes a root only when this many imports need it. One or two stray
# imports more often show a broken import than a root.
MIN_IMPORTS_FOR_ROOT = 3
# A unit's own roots are ordered by the strength of their evidence, then deepest first: what
# pytest settings and Dockerfiles set decides the module names of the unit's files, and so
# where its relative imports lead.
_RANK_SETTINGS = 0
_RANK_SRC_LAYOUT = 1
_RANK_IMPORTS = 2
_PYTEST_FILES = ("pytest.ini", "tox.ini", "setup.cfg", "conftest.py")


@dataclass(frozen=True)
class Decision:
    """One thing discovery decided, and the evidence for it.

    ``subject`` names what was decided as a configuration key: ``units.api`` for a unit,
    ``units.api.roots`` with ``value`` for one of its roots, ``units.api.manifests`` for a
    manifest, ``global_files`` or ``notes`` for the whole repository.
    """

    subject: str
    reason: str
    value: str = ""


@dataclass(frozen=True)
class Unresolved:
    """A top-level name whose imports no root of the importing unit resolves.

    Names of the standard library and of distributions declared by a manifest are left out.
    ``found_in`` lists up to three places where a folder or module of that name exists (inside
    a package, say), empty when it exists nowhere in the repository.
    """

    name: str
    count: int
    first_importer: str
    first_line: int
    found_in: tuple[str, ...] = ()


@dataclass(frozen=True)
class Discovery:
    """The discovered workspace and the decisions behind it."""

    workspace: Workspace
    decisions: tuple[Decision, ...]
    file_counts: tuple[tuple[str, int], ...] = ()
    unresolved: tuple[Unresolved, ...] = ()
    shadowed: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def decisions_about(self, subject: str, value: str = "") -> list[str]:
        """Return the reasons recorded for one subject (and value), in the order they were made."""
        return [d.reason for d in self.decisions if d.subject == subject and d.value == value]


def discover(directory: Path) -> Discovery:
    """Return the workspace of ``directory`` as its layout, settings and imports suggest."""
    tree = scan_tree(directory)
    return _Discoverer(tree).run()


@dataclass
class _UnitDraft:
    path: str
    name: str = ""
    manifests: list[str] = field(default_factory=list)
    own_roots: list[str] = field(default_factory=list)
    ranks: dict[str, int] = field(default_factory=dict)


class _Discoverer:
    """Holds the evidence of one tree while the units and roots are worked out."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self.manifests = find_manifests(tree)
        self.pytest_settings = read_pytest_settings(tree)
        self.images = read_images(tree)
        self.index = NameIndex(tree)
        self.third_party = declared_import_names(tree, self.manifests)
        self.decisions: list[Decision] = []
        self.drafts: dict[str, _UnitDraft] = {}
        self.global_roots: list[str] = []

    def run(self) -> Discovery:
        self._units_from_manifests()
        self._units_from_build_arguments()
        self._global_roots_from_pytest()
        self._units_from_shared_roots()
        self._unit_from_top_level_tests()
        self._drop_units_without_code()
        self._name_units()
        self._roots_from_pytest()
        self._roots_from_images()
        self._manifests_from_images()
        self._roots_from_src_layouts()
        self._roots_from_imports()
        self._inherit_manifests()
        units = tuple(self._unit(draft) for draft in self._sorted_drafts())
        workspace = Workspace(
            directory=self.tree.directory, units=units, global_files=self._global_files()
        )
        return Discovery(
            workspace=workspace,
            decisions=tuple(self._named_decisions()),
            file_counts=self._file_counts(workspace),
            unresolved=self._unresolved(workspace),
            shadowed=self._shadowed(workspace),
        )

    # Units ---------------------------------------------------------------------------------

    def _units_from_manifests(self) -> None:
        self._add_unit(".", f"the repository itself, the catch-all unit {CATCH_ALL!r}")
        by_folder: dict[str, list[ManifestFile]] = defaultdict(list)
        for manifest in self.manifests:
            by_folder[parent_of(manifest.path)].append(manifest)
        for folder in sorted(by_folder, key=_depth):
            names = ", ".join(m.path.rpartition("/")[2] for m in by_folder[folder])
            owner = self._merge_target(folder)
            if owner is None:
                self._add_unit(folder, f"{folder} has its own manifests ({names})")
                owner = folder
            else:
                self._decide(
                    f"units:{owner}",
                    f"{folder} is {self._merge_reason(folder)}, so "
                    f"its manifests ({names}) belong to the unit at {owner}",
                )
            self.drafts[owner].manifests.extend(m.path for m in by_folder[folder])

    def _merge_target(self, folder: str) -> str | None:
        if folder == "." or (not self.tree.is_package(folder) and not self._is_src_layout(folder)):
            return None
        return self._owner_folder(parent_of(folder))

    def _merge_reason(self, folder: str) -> str:
        return "a package" if self.tree.is_package(folder) else "a src layout folder"

    def _is_src_layout(self, folder: str) -> bool:
        return folder.rpartition("/")[2] == "src" and parent_of(folder) in self.drafts

    def _units_from_build_arguments(self) -> None:
        for image in self.images:
            for folder in image.argument_folders:
                if folder not in self.drafts and self._has_code(folder):
                    self._add_unit(
                        folder,
                        f"{folder} is built by {image.dockerfile}, named by a build argument",
                    )

    def _global_roots_from_pytest(self) -> None:
        for settings in self.pytest_settings:
            if settings.folder != ".":
                continue
            for root in settings.pythonpath:
                if root not in self.global_roots and root in self.tree.folders:
                    self.global_roots.append(root)
                    self._decide(
                        "roots",
                        f"pythonpath in {settings.source}; every unit gets it after its own roots",
                        root,
                    )

    def _units_from_shared_roots(self) -> None:
        for root in self.global_roots:
            if root == "." or root in self.drafts or self._owner_folder(root) != ".":
                continue
            inner = sorted(path for path in self.drafts if path != "." and is_under(path, root))
            if inner:
                self._add_unit(
                    root,
                    f"root {root} holds shared code next to the units "
                    f"{', '.join(inner)}, so it is a unit of its own",
                )

    def _unit_from_top_level_tests(self) -> None:
        if len(self.drafts) < 3:
            return
        configured = [p for s in self.pytest_settings if s.folder == "." for p in s.testpaths]
        candidates = configured or [name for name in TEST_FOLDER_NAMES if name in self.tree.folders]
        for folder in candidates:
            if folder in self.tree.folders and self._owner_folder(folder) == ".":
                source = "testpaths of the root pytest settings" if configured else "its name"
                self._add_unit(
                    folder,
                    f"{folder} is the top-level test folder ({source}) of "
                    "a repository with several units",
                )

    def _drop_units_without_code(self) -> None:
        for path in [p for p in self.drafts if p != "."]:
            if not self._owns_code(path):
                del self.drafts[path]
                self._decide("notes", f"{path} holds no Python file of its own, so it is no unit")

    def _name_units(self) -> None:
        counts = Counter(_short_name(path) for path in self.drafts if path != ".")
        for path, draft in self.drafts.items():
            short = _short_name(path)
            if path == ".":
                draft.name = CATCH_ALL
            else:
                draft.name = short if counts[short] == 1 else _long_name(path)

    # Roots ---------------------------------------------------------------------------------

    def _roots_from_pytest(self) -> None:
        for settings in self.pytest_settings:
            if settings.folder == ".":
                self._roots_from_test_packages(settings)
                continue
            unit = self._owner_folder(settings.folder)
            for root in settings.pythonpath:
                self._add_own_root(root, f"pythonpath in {settings.source}", unit=unit)

    def _roots_from_test_packages(self, settings: PytestSettings) -> None:
        # pytest's default import mode puts the first folder above a test package that has no
        # __init__.py on sys.path, so tests/__init__.py makes the repository root a root.
        for folder in settings.testpaths:
            if not self.tree.is_package(folder):
                continue
            base = parent_of(folder)
            while base != "." and self.tree.is_package(base):
                base = parent_of(base)
            self._add_global_root(
                base,
                f"pytest imports the test package {folder} from "
                f"{base}, per testpaths in {settings.source}",
            )

    def _roots_from_images(self) -> None:
        for image in self.images:
            for root in image.roots:
                self._add_own_root(root.folder, root.reason)

    def _manifests_from_images(self) -> None:
        for image in self.images:
            self._attach_image_manifests(image)

    def _attach_image_manifests(self, image: Image) -> None:
        owners = {self._owner_folder(root.folder) for root in image.roots}
        for manifest in image.copied_files:
            if manifest not in {m.path for m in self.manifests}:
                continue
            for owner in sorted(owners):
                draft = self.drafts[owner]
                if manifest not in draft.manifests:
                    draft.manifests.append(manifest)
                    self._decide(
                        f"units:{owner}:manifests",
                        f"{image.dockerfile} installs it in the image that runs {owner}",
                        manifest,
                    )

    def _roots_from_src_layouts(self) -> None:
        for path in list(self.drafts):
            folder = join(path, "src")
            is_layout = folder in self.tree.folders and not self.tree.is_package(folder)
            if is_layout and self._owner_folder(folder) == path and self._has_code(folder):
                self._add_own_root(
                    folder, "src layout: src/ without __init__.py", rank=_RANK_SRC_LAYOUT
                )

    def _roots_from_imports(self) -> None:
        # A root found for one unit can resolve imports of another, so repeat until none is new.
        for _ in range(3):
            before = (list(self.global_roots), [list(d.own_roots) for d in self.drafts.values()])
            self._match_imports_once()
            after = (list(self.global_roots), [list(d.own_roots) for d in self.drafts.values()])
            if before == after:
                return

    def _match_imports_once(self) -> None:
        for path, draft in self._sorted_drafts_deepest_first():
            votes: Counter[str] = Counter()
            examples: dict[str, str] = {}
            roots = self._roots_of(draft)
            for relative in self._files_of(path):
                for imported in self.tree.imports.get(relative, ()):
                    if self._is_external(imported) or self.index.resolves(roots, imported):
                        continue
                    folder = self._matching_folder(path, relative, imported)
                    if folder is not None:
                        votes[folder] += 1
                        examples.setdefault(folder, imported.candidates[-1])
            for folder, count in votes.most_common():
                reason = (
                    f"{count} import(s) in {draft.name} resolve only here, such as "
                    f"{examples[folder]}"
                )
                if folder in draft.own_roots:
                    continue
                if count < MIN_IMPORTS_FOR_ROOT:
                    self._decide(
                        "notes", f"{folder} is not made a root of {draft.name}: only {reason}"
                    )
                elif is_under(path, folder) and folder != path:
                    self._add_global_root(folder, reason)
                else:
                    self._add_own_root(folder, reason, rank=_RANK_IMPORTS)

    def _matching_folder(self, unit: str, importer: str, imported: ImportedName) -> str | None:
        best: tuple[int, int, int, str] | None = None
        for candidate in imported.candidates:
            for folder in self.index.folders_providing(candidate):
                if not self._may_be_root_of(unit, folder, imported.first_name):
                    continue
                owned = 0 if self._owner_folder(folder) == unit else 1
                shared = len(_common_prefix(folder, importer))
                key = (owned, -shared, _depth(folder), folder)
                if best is None or key < best:
                    best = key
            if best is not None:
                return best[3]
        return None

    def _may_be_root_of(self, unit: str, folder: str, first_name: str) -> bool:
        if self._owner_folder(folder) != unit and not is_under(unit, folder):
            return False
        # The imported package must be the unit's own code or code of a unit around it, never
        # another unit's folder reached through a shared parent (``api`` from src/services).
        if not is_under(unit, self._owner_folder(join(folder, first_name))):
            return False
        # A folder deep inside a package is not a root: its names are that package's submodules.
        return not (self.tree.is_package(folder) and self.tree.is_package(parent_of(folder)))

    def _is_external(self, imported: ImportedName) -> bool:
        first = imported.first_name
        return first in STANDARD_LIBRARY or first.lower() in self.third_party

    def _add_own_root(
        self, folder: str, reason: str, *, unit: str | None = None, rank: int = _RANK_SETTINGS
    ) -> None:
        if folder not in self.tree.folders:
            return
        owner = self._owner_folder(folder) if unit is None else unit
        draft = self.drafts[owner]
        if folder not in draft.own_roots:
            draft.own_roots.append(folder)
        draft.ranks[folder] = min(rank, draft.ranks.get(folder, rank))
        self._decide(f"units:{owner}:roots", reason, folder)

    def _add_global_root(self, folder: str, reason: str) -> None:
        if folder not in self.global_roots:
            self.global_roots.append(folder)
        self._decide("roots", reason + "; every unit gets it after its own roots", folder)

    def _roots_of(self, draft: _UnitDraft) -> list[str]:
        own = sorted(draft.own_roots, key=lambda root: (draft.ranks[root], -_depth(root), root))
        shared = [root for root in self.global_roots if root != "." and root not in own]
        tail = ["."] if "." in self.global_roots and "." not in own else []
        roots = own + shared + tail
        return roots or [draft.path]

    # Manifests, names and the result -------------------------------------------------------

    def _inherit_manifests(self) -> None:
        for path, draft in self.drafts.items():
            if path == "." or self._folder_has_manifest(path):
                continue
            ancestor = parent_of(path)
            while ancestor != "." and not self._folder_has_manifest(ancestor):
                ancestor = parent_of(ancestor)
            inherited = [m.path for m in self.manifests if parent_of(m.path) == ancestor]
            draft.manifests = (draft.manifests) + inherited
            if inherited:
                where = ancestor if ancestor != "." else "the repository root"
                self._decide(
                    f"units:{path}",
                    f"{path} has no manifest of its own, so it uses those of {where}",
                )

    def _folder_has_manifest(self, folder: str) -> bool:
        return any(parent_of(m.path) == folder for m in self.manifests)

    def _unit(self, draft: _UnitDraft) -> Unit:
        kinds = {m.path: m.is_dev for m in self.manifests}
        # Runtime manifests first, as the configuration file lists them.
        manifests = tuple(
            Manifest(path, ManifestKind.DEV if kinds.get(path) else ManifestKind.RUNTIME)
            for path in sorted(set(draft.manifests), key=lambda p: (kinds.get(p, False), p))
        )
        return Unit(
            name=draft.name,
            path=draft.path,
            roots=tuple(self._final_roots(draft)),
            manifests=manifests,
            tests=tuple(self._test_folders(draft.path)),
        )

    def _final_roots(self, draft: _UnitDraft) -> list[str]:
        """Return the unit's roots, leaving out a shared root that would hide the unit's imports.

        A shared root goes after the unit's own roots, but Python takes a regular package from
        the first root that has one: the repository root's ``src`` package hides a service's
        own ``src`` folder when that folder has no ``__init__.py``.
        """
        roots = self._roots_of(draft)
        own = [r for r in roots if r not in self.global_roots or r in draft.own_roots]
        imports = [
            imported
            for relative in self._files_of(draft.path)
            for imported in self.tree.imports.get(relative, ())
            if not self._is_external(imported)
        ]
        kept = list(own)
        for root in (r for r in roots if r not in own):
            hidden = [
                i
                for i in imports
                if self.index.resolves(kept, i) and not self.index.resolves([*kept, root], i)
            ]
            if hidden:
                self._decide(
                    f"units:{draft.path}:roots",
                    f"not a root here: it would hide "
                    f"{len(hidden)} import(s) such as {hidden[0].candidates[-1]}",
                    root,
                )
                continue
            kept.append(root)
        self._record_support(draft, kept, imports)
        return kept

    def _record_support(
        self, draft: _UnitDraft, roots: list[str], imports: list[ImportedName]
    ) -> None:
        resolved = [i for i in imports if self.index.resolves(roots, i)]
        for root in roots:
            known = self.decisions_for(f"units:{draft.path}:roots", root)
            if any("resolve only here" in reason for reason in known):
                continue
            others = [r for r in roots if r != root]
            needing = [i for i in resolved if not self.index.resolves(others, i)]
            if needing:
                self._decide(
                    f"units:{draft.path}:roots",
                    f"{len(needing)} import(s) of "
                    f"{draft.name} resolve only through it, such as "
                    f"{needing[0].candidates[-1]}",
                    root,
                )

    def _test_folders(self, path: str) -> list[str]:
        found: list[str] = []
        for folder in sorted(self.tree.folders):
            name = folder.rpartition("/")[2]
            if name not in TEST_FOLDER_NAMES or self._owner_folder(folder) != path:
                continue
            if not any(is_under(folder, earlier) for earlier in found) and self._has_code(folder):
                found.append(folder)
        return found

    def _global_files(self) -> tuple[str, ...]:
        extra = [name for name in _PYTEST_FILES if self.tree.has_file(name)]
        compose = [f for f in self.tree.other_files if "/" not in f and "compose" in f]
        return DEFAULT_GLOBAL_FILES + tuple(extra) + tuple(compose)

    def _file_counts(self, workspace: Workspace) -> tuple[tuple[str, int], ...]:
        counts: Counter[str] = Counter()
        for relative in self.tree.python_files:
            unit = workspace.unit_for_path(relative)
            counts[unit.name if unit else ""] += 1
        return tuple((unit.name, counts[unit.name]) for unit in workspace.units)

    def _unresolved(self, workspace: Workspace) -> tuple[Unresolved, ...]:
        statements: set[tuple[str, int, str]] = set()
        first: dict[str, tuple[str, int]] = {}
        for relative in self.tree.python_files:
            unit = workspace.unit_for_path(relative)
            roots = list(unit.roots) if unit else ["."]
            for imported in self.tree.imports.get(relative, ()):
                if self._is_external(imported) or self.index.resolves(roots, imported):
                    continue
                statements.add((relative, imported.line, imported.first_name))
                first.setdefault(imported.first_name, (relative, imported.line))
        counts = Counter(name for _, _, name in statements)
        return tuple(
            Unresolved(name, count, *first[name], found_in=self._places_of(name))
            for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        )

    def _places_of(self, name: str) -> tuple[str, ...]:
        places = []
        for folder in sorted(self.index.providers.get(name, ())):
            place = join(folder, name)
            places.append(place if place in self.tree.folders else place + ".py")
        return tuple(places[:3])

    def _shadowed(self, workspace: Workspace) -> tuple[tuple[str, tuple[str, ...]], ...]:
        providers: dict[str, set[str]] = defaultdict(set)
        roots = {root for unit in workspace.units for root in unit.roots}
        for root in roots:
            for relative in self.tree.package_folders:
                if parent_of(relative) == root and relative != root:
                    providers[relative.rpartition("/")[2]].add(relative)
        return tuple(
            (name, tuple(sorted(paths)))
            for name, paths in sorted(providers.items())
            if len(paths) > 1
        )

    def decisions_for(self, subject: str, value: str) -> list[str]:
        return [d.reason for d in self.decisions if d.subject == subject and d.value == value]

    def _named_decisions(self) -> list[Decision]:
        """Return the decisions with each unit's folder in the subject replaced by its name."""
        named = []
        for decision in self.decisions:
            subject = decision.subject
            if subject.startswith("units:"):
                path, _, key = subject.removeprefix("units:").partition(":")
                if path not in self.drafts:
                    continue
                subject = ".".join(filter(None, ("units", self.drafts[path].name, key)))
            named.append(Decision(subject, decision.reason, decision.value))
        return named

    # Helpers -------------------------------------------------------------------------------

    def _add_unit(self, path: str, reason: str) -> None:
        self.drafts[path] = _UnitDraft(path)
        self._decide(f"units:{path}", reason)

    def _decide(self, subject: str, reason: str, value: str = "") -> None:
        decision = Decision(subject, reason, value)
        if decision not in self.decisions:
            self.decisions.append(decision)
        logger.debug("%s %s: %s", subject, value, reason)

    def _owner_folder(self, relative: str) -> str:
        best = "."
        for path in self.drafts:
            if is_under(relative, path) and _depth(path) > _depth(best):
                best = path
        return best

    def _owns_code(self, path: str) -> bool:
        return any(self._owner_folder(f) == path for f in self._python_under(path))

    def _has_code(self, folder: str) -> bool:
        return any(True for _ in self._python_under(folder))

    def _python_under(self, folder: str) -> list[str]:
        return [f for f in self.tree.python_files if is_under(f, folder)]

    def _files_of(self, path: str) -> list[str]:
        return [f for f in self._python_under(path) if self._owner_folder(f) == path]

    def _sorted_drafts(self) -> list[_UnitDraft]:
        return sorted(self.drafts.values(), key=lambda draft: draft.name)

    def _sorted_drafts_deepest_first(self) -> list[tuple[str, _UnitDraft]]:
        return sorted(self.drafts.items(), key=lambda item: (-_depth(item[0]), item[0]))


def _depth(path: str) -> int:
    return 0 if path == "." else path.count("/") + 1


def _short_name(path: str) -> str:
    return path.rpartition("/")[2]


def _long_name(path: str) -> str:
    return path.replace("/", "-")


def _common_prefix(first: str, second: str) -> list[str]:
    shared = []
    for left, right in zip(first.split("/"), second.split("/"), strict=False):
        if left != right:
            break
        shared.append(left)
    return shared
