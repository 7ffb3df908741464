"""Parsing ``python -X importtime`` output into ranked import edges."""

from __future__ import annotations

from pathlib import Path

from modsplit.lazy.profile import ImportEdge, module_namer, parse_importtime
from modsplit.lazy.render import profile_text

OUTPUT = """\
import time: self [us] | cumulative | imported package
import time:       100 |        100 | site
import time:       300 |        300 |     json.decoder
import time:       200 |        500 |   json
import time:        50 |         50 |   pkg.small
import time:      1000 |       1550 | pkg
"""

# `import pkg.utils.log` from pkg while pkg.utils is not loaded: the outer line is a wrapper.
WRAPPED = """\
import time:       700 |        700 |       pkg.utils.log
import time:       100 |        800 |     pkg.utils
import time:        10 |        810 |   pkg.utils.log
import time:        90 |        900 | pkg
"""

FAILED = """\
import time:        40 |         40 |   pkg.ok
import time:       400 |        400 |     json
Traceback (most recent call last):
  File "<string>", line 1, in <module>
  File "/root/pkg/__init__.py", line 2, in <module>
    from .heavy import x
  File "/root/pkg/heavy.py", line 1, in <module>
    import missing_dep
ModuleNotFoundError: No module named 'missing_dep'
"""


def no_files(filename: str) -> None:
    return None


def test_edges_ranked_by_cumulative_time() -> None:
    profile = parse_importtime(OUTPUT, target="pkg", returncode=0, module_for_file=no_files)

    assert profile.total_us == 1550
    assert profile.module_count == 4
    assert profile.edges == (
        ImportEdge("pkg", "json", 200, 500, is_first_party=False),
        ImportEdge("pkg", "pkg.small", 50, 50, is_first_party=True),
    )


def test_wrapper_line_gives_children_to_importer() -> None:
    profile = parse_importtime(WRAPPED, target="pkg", returncode=0, module_for_file=no_files)

    assert [(e.importer, e.imported) for e in profile.edges] == [
        ("pkg", "pkg.utils"),
        ("pkg.utils", "pkg.utils.log"),
    ]


def test_failed_import_names_missing_module_and_keeps_times() -> None:
    namer = module_namer([Path("/root")])
    profile = parse_importtime(FAILED, target="pkg", returncode=1, module_for_file=namer)

    assert profile.failure is not None
    assert profile.failure.missing == "missing_dep"
    assert profile.failure.importer == "pkg.heavy"
    assert [(e.importer, e.imported) for e in profile.edges] == [
        ("pkg.heavy", "json"),
        ("pkg", "pkg.ok"),
    ]
    assert profile_text(profile, limit=20) == (
        "import pkg failed: module missing_dep is not installed (imported by pkg.heavy)\n"
        "the times below cover what was imported before the failure\n"
        "cumulative      self  imported  importer\n"
        "    0.4 ms    0.4 ms  json      pkg.heavy\n"
        "    0.0 ms    0.0 ms  pkg.ok    pkg\n"
    )
