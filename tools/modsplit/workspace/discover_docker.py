"""Find import roots in Dockerfiles: where ``COPY`` puts folders, and what is on the path.

An image's ``sys.path`` contains the ``ENV PYTHONPATH`` entries, the folder of a script run by
``CMD``/``ENTRYPOINT`` (``python src/main.py``), and the working directory for ``python -m``,
uvicorn, gunicorn, celery and the like. Mapping those image paths back through the ``COPY``
instructions gives repository folders. ``${SERVICE_DIR}``-style build arguments take their value
from the ``build.args`` of the compose file that builds the Dockerfile, else from the ``ARG``
default.
"""

from __future__ import annotations

import json
import logging
import re
import shlex
from dataclasses import dataclass, field

from modsplit.workspace.discover_scan import Tree, normalise, parent_of

logger = logging.getLogger(__name__)

_VARIABLE = re.compile(r"\$\{(\w+)(?::?[-+]([^}]*))?\}|\$(\w+)")
_MODULE_RUNNERS = frozenset(
    {"uvicorn", "gunicorn", "celery", "daphne", "hypercorn", "flask", "django-admin", "pytest"}
)


@dataclass(frozen=True)
class ImageRoot:
    """A repository folder that an image puts on ``sys.path``, and the instruction that does it."""

    folder: str
    reason: str


@dataclass
class Image:
    """The folders and files one build of a Dockerfile copies, and the roots it puts on the path."""

    dockerfile: str
    context: str
    build_args: dict[str, str]
    roots: list[ImageRoot] = field(default_factory=list)
    copied_files: list[str] = field(default_factory=list)
    argument_folders: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.dockerfile


@dataclass(frozen=True)
class ComposeBuild:
    """A ``build:`` entry of a compose file, with paths relative to the repository."""

    source: str
    context: str
    dockerfile: str
    args: dict[str, str]


def read_images(tree: Tree) -> list[Image]:
    """Return one image per compose build of each Dockerfile, or one with its defaults."""
    builds = read_compose_builds(tree)
    images = []
    for dockerfile in (f for f in tree.other_files if _is_dockerfile(f)):
        matching = {
            (build.context, tuple(sorted(build.args.items()))): build
            for build in builds
            if build.dockerfile == dockerfile
        }
        if not matching:
            matching = {(".", ()): ComposeBuild("", ".", dockerfile, {})}
        for build in matching.values():
            image = Image(dockerfile, build.context, dict(build.args))
            _Interpreter(tree, image).run(tree.read(dockerfile))
            images.append(image)
    return images


def read_compose_builds(tree: Tree) -> list[ComposeBuild]:
    """Return the ``build:`` entries of every compose file in the tree."""
    builds = []
    for relative in tree.other_files:
        name = relative.rpartition("/")[2]
        if re.fullmatch(r"(docker-)?compose[\w.-]*\.ya?ml", name):
            builds += _compose_builds(relative, tree.read(relative))
    return builds


def _is_dockerfile(relative: str) -> bool:
    name = relative.rpartition("/")[2]
    return name == "Dockerfile" or name.startswith("Dockerfile.") or name.endswith(".Dockerfile")


def _compose_builds(source: str, text: str) -> list[ComposeBuild]:
    """Read ``build:`` blocks from a compose file.

    NOTE: a line-based reader of the block style compose files use, not a YAML parser; flow
    style (``build: {context: .}``) and anchors are not understood.
    """
    folder = parent_of(source)
    builds = []
    lines = [line.rstrip() for line in text.splitlines()]
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("#") or not stripped.startswith("build:"):
            continue
        inline = stripped.removeprefix("build:").strip().strip("'\"")
        block: dict[str, object] = _block(lines, index) if not inline else {"context": inline}
        build = _compose_build(source, folder, block)
        if build is not None:
            builds.append(build)
    return builds


def _block(lines: list[str], start: int) -> dict[str, object]:
    indent = len(lines[start]) - len(lines[start].lstrip())
    values: dict[str, object] = {}
    args: dict[str, str] = {}
    in_args = False
    for line in lines[start + 1:]:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if len(line) - len(line.lstrip()) <= indent:
            break
        key, _, value = stripped.partition(":")
        if stripped.startswith("- ") and in_args:
            name, _, arg_value = stripped[2:].strip().strip("'\"").partition("=")
            args[name.strip()] = arg_value.strip()
        elif key.strip() in ("context", "dockerfile"):
            values[key.strip()] = value.strip().strip("'\"")
            in_args = False
        elif key.strip() == "args":
            in_args = True
        elif in_args and value:
            args[key.strip()] = value.strip().strip("'\"")
    values["args"] = args
    return values


def _compose_build(source: str, folder: str, block: dict[str, object]) -> ComposeBuild | None:
    context = normalise(folder, str(block.get("context", ".")))
    if context is None:
        return None
    dockerfile = normalise(context, str(block.get("dockerfile", "Dockerfile")))
    args = block.get("args", {})
    if dockerfile is None or not isinstance(args, dict):
        return None
    return ComposeBuild(source, context, dockerfile, {str(k): str(v) for k, v in args.items()})


class _Interpreter:
    """Follows the instructions of one Dockerfile that matter for the import path."""

    def __init__(self, tree: Tree, image: Image) -> None:
        self.tree = tree
        self.image = image
        self.arguments: dict[str, str] = {}
        self.workdir = "/"
        self.copies: list[tuple[str, str]] = []
        self.pythonpath: list[tuple[str, int]] = []
        self.command: tuple[list[str], int] | None = None

    def run(self, text: str) -> None:
        for line_number, instruction, argument in _instructions(text):
            handler = getattr(self, f"_on_{instruction}", None)
            if handler is not None:
                handler(self._substitute(argument), line_number)
        self._finish()

    def _on_from(self, argument: str, line: int) -> None:
        # A new stage starts from scratch, except for arguments declared before it.
        self.workdir = "/"
        self.copies = []
        self.pythonpath = []
        self.command = None

    def _on_arg(self, argument: str, line: int) -> None:
        name, _, default = argument.partition("=")
        name = name.strip()
        value = self.image.build_args.get(name, default.strip().strip("'\""))
        self.arguments[name] = value
        folder = normalise(self.image.context, value) if value else None
        if folder not in (None, ".") and folder in self.tree.folders:
            self.image.argument_folders.append(folder)

    def _on_workdir(self, argument: str, line: int) -> None:
        self.workdir = _image_path(self.workdir, argument.strip())

    def _on_env(self, argument: str, line: int) -> None:
        for name, value in _env_pairs(argument):
            if name == "PYTHONPATH":
                self.pythonpath = [
                    (_image_path(self.workdir, entry), line)
                    for entry in value.split(":")
                    if entry and "$" not in entry
                ]

    def _on_copy(self, argument: str, line: int) -> None:
        words = _words(argument)
        if any(word.startswith("--from") for word in words):
            return
        paths = [word for word in words if not word.startswith("--")]
        if len(paths) < 2:
            return
        destination = _image_path(self.workdir, paths[-1])
        for source in paths[:-1]:
            self._copy(source, destination)

    _on_add = _on_copy

    def _on_cmd(self, argument: str, line: int) -> None:
        self.command = (_words(argument), line)

    _on_entrypoint = _on_cmd

    def _copy(self, source: str, destination: str) -> None:
        relative = normalise(self.image.context, source)
        if relative is None or any(char in source for char in "*?["):
            return
        if relative in self.tree.folders:
            self.copies.append((destination, relative))
        elif self.tree.has_file(relative):
            self.image.copied_files.append(relative)

    def _finish(self) -> None:
        where = self.image.dockerfile
        for path, line in self.pythonpath:
            self._add_root(path, f"ENV PYTHONPATH in {where}:{line} puts {path} on the path")
        if self.command is None:
            return
        words, line = self.command
        folder = _command_folder(words, self.workdir)
        if folder is None:
            return
        script = _script(words)
        if script is not None and self._repository_path(_image_path(self.workdir, script)) is None:
            logger.info("%s:%d runs %s, which is not in the repository", where, line, script)
            return
        self._add_root(folder, f"the command in {where}:{line} runs with {folder} on the path")

    def _add_root(self, image_path: str, reason: str) -> None:
        folder = self._repository_path(image_path)
        if folder is None:
            logger.info("%s: %s is not copied from the repository", self.image.label, image_path)
            return
        if all(root.folder != folder for root in self.image.roots):
            self.image.roots.append(ImageRoot(folder, f"{reason}, copied from {folder}"))

    def _repository_path(self, image_path: str) -> str | None:
        for destination, source in sorted(self.copies, key=lambda c: -len(c[0])):
            if image_path == destination or image_path.startswith(destination.rstrip("/") + "/"):
                remainder = image_path[len(destination):].strip("/")
                found = normalise(source, remainder) if remainder else source
                if found is not None and (found in self.tree.folders or self.tree.has_file(found)):
                    return found
        return self._parent_by_common_tail(image_path)

    def _parent_by_common_tail(self, image_path: str) -> str | None:
        # ``COPY app/src ./src/`` with WORKDIR /app: /app itself plays the part of app/.
        for destination, source in self.copies:
            tail = destination.removeprefix(image_path.rstrip("/") + "/")
            if tail != destination and "/" not in tail and source.endswith("/" + tail):
                return source.removesuffix("/" + tail)
        return None

    def _substitute(self, text: str) -> str:
        def value(match: re.Match[str]) -> str:
            name = match.group(1) or match.group(3)
            return self.arguments.get(name, match.group(2) or "")

        return _VARIABLE.sub(value, text)


def _instructions(text: str) -> list[tuple[int, str, str]]:
    """Split a Dockerfile into (line, lower-case instruction, argument), joining continuations."""
    found: list[tuple[int, str, str]] = []
    pending = ""
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if not pending:
            start = number
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        whole = (pending + stripped).strip()
        pending = ""
        instruction, _, argument = whole.partition(" ")
        found.append((start, instruction.lower(), argument.strip()))
    return found


def _words(argument: str) -> list[str]:
    if argument.startswith("["):
        try:
            parsed = json.loads(argument)
        except json.JSONDecodeError:
            parsed = None
        if isinstance(parsed, list):
            return [str(item) for item in parsed]
    try:
        return shlex.split(argument)
    except ValueError:
        return argument.split()


def _env_pairs(argument: str) -> list[tuple[str, str]]:
    words = _words(argument)
    if words and "=" not in words[0]:
        return [(words[0], " ".join(words[1:]))]
    return [(name, value) for name, _, value in (word.partition("=") for word in words)]


def _image_path(workdir: str, path: str) -> str:
    joined = path if path.startswith("/") else f"{workdir.rstrip('/')}/{path}"
    parts: list[str] = []
    for part in joined.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/" + "/".join(parts)


def _script(words: list[str]) -> str | None:
    runner = _python_index(words)
    if runner is None:
        return None
    rest = [word for word in words[runner + 1:] if not word.startswith("-")]
    if "-m" in words[runner + 1:] or not rest or not rest[0].endswith(".py"):
        return None
    return rest[0]


def _command_folder(words: list[str], workdir: str) -> str | None:
    """Return the image folder a command puts first on ``sys.path``, if it runs Python."""
    script = _script(words)
    if script is not None:
        return _image_path(workdir, script).rpartition("/")[0] or "/"
    runner = _python_index(words)
    if runner is not None and "-m" in words[runner + 1:]:
        return workdir
    if words and words[0].rpartition("/")[2] in _MODULE_RUNNERS:
        return workdir
    return None


def _python_index(words: list[str]) -> int | None:
    for index, word in enumerate(words[:3]):
        if re.fullmatch(r"python(\d+(\.\d+)?)?", word.rpartition("/")[2]):
            return index
    return None
