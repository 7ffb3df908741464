"""Profile slow imports, rewrite them as lazy imports, forward moved modules, verify the result.

  modsplit lazy profile TARGET [PATH]   rank the imports of TARGET's package by import time
  modsplit lazy apply PACKAGE [PATH]    make the package's re-exports lazy (a diff unless --write)
  modsplit lazy forward OLD NEW [PATH]  write a module at OLD forwarding to NEW
  modsplit lazy verify PACKAGE [PATH]   compare the eager and the lazy package in fresh interpreters

PACKAGE and TARGET are dotted names found under the roots of the workspace at PATH, or package
folders. A folder given without PATH or --config is imported from the folder above its topmost
package.
"""

from __future__ import annotations

import argparse

# Not `from typing import TYPE_CHECKING`: this module is imported for every `modsplit --help`,
# and neither typing nor pathlib is loaded by then. Type checkers treat the name as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    from modsplit.lazy.target import Target
    from modsplit.workspace.model import Workspace


def add_arguments(parser: argparse.ArgumentParser) -> None:
    commands = parser.add_subparsers(title="lazy commands", metavar="LAZY_COMMAND",
                                     dest="lazy_command")
    profile = _subcommand(commands, "profile", "rank the imports of a package by import time")
    profile.add_argument("target", metavar="TARGET", help="module to import: dotted name or folder")
    _add_location(profile)
    profile.add_argument("--limit", type=int, default=20, metavar="N",
                         help="show the N most expensive imports; 0 shows all (default: 20)")
    profile.add_argument("--format", choices=("text", "json"), default="text",
                         help="output format (default: text)")

    apply = _subcommand(commands, "apply", "make a package's re-exported names lazy")
    apply.add_argument("package", metavar="PACKAGE", help="package: dotted name or folder")
    _add_location(apply)
    apply.add_argument("--module", action="append", default=[], metavar="NAME",
                       help="also rewrite this module of the package (repeatable)")
    apply.add_argument("--style", choices=("pep562", "pep810"), default="pep562",
                       help="pep562: module __getattr__ (default); pep810: __lazy_modules__")
    _add_write_options(apply)
    apply.add_argument("--format", choices=("text", "json"), default="text",
                       help="output format (default: text)")

    forward = _subcommand(commands, "forward", "write a module forwarding OLD to NEW")
    forward.add_argument("old", metavar="OLD", help="the module's previous dotted name")
    forward.add_argument("new", metavar="NEW", help="the module's new dotted name")
    _add_location(forward)
    _add_write_options(forward)

    verify = _subcommand(commands, "verify", "compare the eager and the lazy package")
    verify.add_argument("package", metavar="PACKAGE", help="package: dotted name or folder")
    _add_location(verify)
    verify.add_argument("--against", metavar="DIR",
                        help="root holding the eager version (default: the package at git HEAD)")
    verify.add_argument("--repeat", type=int, default=5, metavar="N",
                        help="time N imports of each version (default: 5)")


def run(args: argparse.Namespace) -> int:
    from modsplit.errors import UsageError

    handlers = {"profile": _profile, "apply": _apply, "forward": _forward, "verify": _verify}
    if args.lazy_command is None:
        raise UsageError("name a lazy command: profile, apply, forward or verify")
    return handlers[args.lazy_command](args)


def _profile(args: argparse.Namespace) -> int:
    from modsplit.adapters.interpreter import run_python
    from modsplit.commands._common import emit
    from modsplit.errors import UsageError
    from modsplit.lazy.profile import module_namer, parse_importtime
    from modsplit.lazy.render import profile_json, profile_text

    if args.limit < 0:
        raise UsageError(f"--limit {args.limit}: pass 0 (all) or a positive number")
    target = _target(args.target, args)
    run = run_python(["-X", "importtime", "-c", f"import {target.name}"],
                     roots=target.roots, cwd=target.root)
    profile = parse_importtime(run.stderr, target=target.name, returncode=run.returncode,
                               module_for_file=module_namer(target.roots))
    if args.format == "json":
        emit(profile_json(profile))
    else:
        emit(profile_text(profile, limit=args.limit))
    return 0


def _apply(args: argparse.Namespace) -> int:
    import sys

    from modsplit.adapters import libcst
    from modsplit.commands._common import emit
    from modsplit.lazy.apply import plan_apply
    from modsplit.lazy.gates import Style
    from modsplit.lazy.render import apply_json, apply_text
    from modsplit.writing import unified_diff, write_atomically

    workspace = _workspace(args, args.package)
    target = _target(args.package, args, workspace=workspace)
    result = plan_apply(target, modules=args.module, style=Style(args.style),
                        registering=_registering(workspace), engine=libcst)
    changed = [plan for plan in result.files if plan.has_changes]
    shown_from = _shown_from(target)
    diff = "".join(
        unified_diff(plan.path, plan.old_text, plan.new_text, relative_to=shown_from)
        for plan in changed
    )
    if args.write:
        # The plans keep each file's line endings and encoding, so they are written as they are.
        destinations = [_destination(plan.path, fallback=target.root) for plan in changed]
        _check_committed(destinations, force=args.force)
        for plan, destination in zip(changed, destinations, strict=True):
            write_atomically(destination, plan.new_text, encoding=plan.encoding)
    if args.format == "json":
        emit(apply_json(result, relative_to=shown_from, diff=diff))
    else:
        sys.stderr.write(apply_text(result, relative_to=shown_from))
        if not args.write:
            emit(diff)
    return 1 if changed and not args.write else 0


def _forward(args: argparse.Namespace) -> int:
    from modsplit.commands._common import emit
    from modsplit.lazy.forward import plan_forward
    from modsplit.writing import WriteMode, write_text_files

    new = _target(args.new, args)
    plan = plan_forward(args.old, new, force=args.force)
    path = plan.path
    if args.write and path.exists():
        path = _destination(path, fallback=new.root)
        _check_committed([path], force=args.force)
    mode = WriteMode.WRITE if args.write else WriteMode.DIFF
    written = write_text_files({path: plan.text}, mode=mode, relative_to=_shown_from(new))
    if not args.write:
        emit(written.diff)
    return 1 if written.has_changes and not args.write else 0


def _verify(args: argparse.Namespace) -> int:
    import tempfile
    from pathlib import Path

    from modsplit.adapters.interpreter import run_python
    from modsplit.commands._common import emit
    from modsplit.errors import UsageError
    from modsplit.lazy.render import verification_text
    from modsplit.lazy.verify import verify_package

    if args.repeat < 1:
        raise UsageError(f"--repeat {args.repeat} must be at least 1")
    target = _target(args.package, args)
    with tempfile.TemporaryDirectory(prefix="modsplit-verify-") as temporary:
        if args.against:
            eager_root = Path(args.against).resolve()
            if not eager_root.is_dir():
                raise UsageError(f"--against {args.against}: not a folder; pass the eager root")
        else:
            eager_root = _head_root(target, Path(temporary))
        _check_eager_root(target, eager_root, from_head=not args.against)
        result = verify_package(target, eager_root=eager_root, runner=run_python,
                                repeat=args.repeat)
    emit(verification_text(result))
    return 0 if result.is_equal else 1


def _check_eager_root(target: Target, eager_root: Path, *, from_head: bool) -> None:
    """Reject an eager root that would make verify compare the package with itself."""
    from modsplit.errors import UsageError
    from modsplit.lazy.target import module_file
    from modsplit.lazy.verify import has_same_files

    if module_file(eager_root, target.name) is None:
        # Python would then find the lazy version on the other roots and compare it with itself.
        raise UsageError(
            f"{target.name} not found under {eager_root}; pass the folder above the package"
        )
    if not has_same_files(target.name, eager_root, target.root):
        return
    if from_head:
        raise UsageError(
            f"{target.name} at git HEAD is byte-identical to the work tree, so there is nothing "
            "to compare; run verify before committing the lazy rewrite, or pass --against a "
            "copy from before it"
        )
    raise UsageError(
        f"{target.name} under {eager_root} is byte-identical to the one verified, so there is "
        "nothing to compare; pass --against a copy from before the lazy rewrite"
    )


# --- shared steps --------------------------------------------------------------------------


def _subcommand(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str, help_text: str
) -> argparse.ArgumentParser:
    parser = commands.add_parser(name, help=help_text, description=help_text)
    parser.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                        help="log progress details on stderr")
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show tracebacks and debug logs")
    return parser


def _add_location(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default=None, metavar="PATH",
                        help="the monorepo whose roots to use (default: the current directory, "
                             "or the folder above a package given as a path)")
    parser.add_argument("--config", metavar="FILE",
                        help="read configuration from FILE instead of the repository's own")


def _add_write_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--write", action="store_true",
                        help="write the files instead of printing a diff")
    parser.add_argument("--force", action="store_true",
                        help="with --write, also overwrite files that git cannot restore")


def _workspace(args: argparse.Namespace, spec: str) -> Workspace | None:
    from pathlib import Path

    from modsplit.lazy.target import looks_like_path
    from modsplit.workspace.load import load_workspace

    if looks_like_path(spec) and args.path is None and args.config is None:
        return None
    config = Path(args.config) if args.config else None
    return load_workspace(Path(args.path or "."), config=config)


def _target(spec: str, args: argparse.Namespace, *, workspace: Workspace | None = None) -> Target:
    from modsplit.lazy.target import looks_like_path, target_from_name, target_from_path

    workspace = workspace or _workspace(args, spec)
    if looks_like_path(spec):
        return target_from_path(spec, workspace)
    assert workspace is not None
    return target_from_name(spec, workspace)


def _registering(workspace: Workspace | None) -> tuple[str, ...]:
    from modsplit.errors import ConfigError
    from modsplit.workspace.config import check_keys

    if workspace is None:
        return ()
    section = workspace.section("lazy")
    problems = check_keys("lazy", section, {"registering": list})
    value = section.get("registering", [])
    if isinstance(value, list) and not all(isinstance(item, str) for item in value):
        problems.append(f"[lazy] registering = {value!r} must be a list of strings")
    if problems:
        raise ConfigError(problems, source=str(workspace.config_path or workspace.directory))
    return tuple(value)


def _check_committed(paths: list[Path], *, force: bool) -> None:
    from modsplit.adapters.git_status import uncommitted_files
    from modsplit.errors import UsageError

    if force or not paths:
        return
    problems = uncommitted_files(paths)
    if problems:
        path, reason = problems[0]
        raise UsageError(
            f"{path} {reason}, so --write could not be undone; commit it or pass --force"
        )


def _destination(path: Path, *, fallback: Path) -> Path:
    """Return the file to write for ``path``: the file itself, or the target of its symbolic link.

    A link is followed only to a file inside the git repository holding it (or inside
    ``fallback`` outside git), so that --write never edits a file elsewhere.
    """
    from modsplit.adapters.git_status import repository_root
    from modsplit.errors import UsageError

    if not path.is_symlink():
        return path
    real = path.resolve()
    boundary = (repository_root(path.parent) or fallback).resolve()
    if not real.is_relative_to(boundary):
        raise UsageError(
            f"{path} is a symbolic link to {real}, outside {boundary}; edit that file there or "
            "replace the link with a copy"
        )
    return real


def _head_root(target: Target, temporary: Path) -> Path:
    from modsplit.adapters.git_status import export_head

    top = target.root / target.name.split(".")[0]
    if not top.exists():
        top = top.with_suffix(".py")
    return export_head(top, temporary).parent


def _shown_from(target: Target) -> Path:
    from pathlib import Path

    cwd = Path.cwd()
    return cwd if target.path.is_relative_to(cwd) else target.root
