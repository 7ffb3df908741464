"""`modsplit report` end to end: the page it writes, its messages and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from modsplit.cli import main
from tests.helpers import make_tree

TREE = {
    "config/modsplit.toml": """
        layers = [["app"], ["core", "framework"]]
        [units.app]
        path = "src/app"
        roots = ["src"]
        [units.core]
        path = "src/core"
        roots = ["src"]
        [units.framework]
        path = "src/framework"
        roots = ["src"]
        """,
    "src/app/__init__.py": "",
    "src/app/main.py": "import core.db\nimport trading\n",
    "src/core/__init__.py": "",
    "src/core/db.py": "from framework.config import URL\n",
    "src/framework/__init__.py": "",
    "src/framework/config.py": "URL = 'sqlite://'\n",
    "src/framework/web.py": "def view():\n    import core.db\n",
}

SECTION_IDS = ("summary", "unit-graph", "dsm", "cycles", "proposal", "contracts",
               "dependencies", "lazy-imports", "resolution")


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return make_tree(tmp_path / "repo", TREE)


def test_report_writes_page_with_every_section(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out" / "report.html"

    code = main(["report", str(tree), "-o", str(output), "--no-cache"])

    captured = capsys.readouterr()
    assert code == 0
    assert captured.out == ""
    assert captured.err == f"modsplit: wrote {output}\n"
    html = output.read_text(encoding="utf-8")
    for section_id in SECTION_IDS:
        assert f'<section id="{section_id}"' in html
    assert "src/app/main.py:2" in html  # the unresolved import of trading
    assert 'class="edge cycle"' in html  # core and framework import each other


def test_report_default_output_is_in_current_folder(
    tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    assert main(["report", str(tree), "--no-cache"]) == 0

    assert (tmp_path / "modsplit-report.html").is_file()


def test_report_rejects_folder_as_output(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["report", str(tree), "-o", str(tree)])

    assert code == 2
    assert capsys.readouterr().err == (
        f"modsplit: error: {tree}: is a folder; pass the path of the HTML file to write\n")


def test_report_rejects_missing_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere"

    code = main(["report", str(missing), "-o", str(tmp_path / "r.html")])

    assert code == 2
    assert "no such directory" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_report_of_bundled_example(example_path: Path, tmp_path: Path) -> None:
    output = tmp_path / "example.html"

    assert main(["report", str(example_path), "-o", str(output)]) == 0

    html = output.read_text(encoding="utf-8")
    assert len(html.encode()) < 5_000_000
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="unit-graph"') == 1
    assert '<section id="summary" class="status-ready">' in html
    assert '<section id="unit-graph" class="status-ready">' in html
    assert 'class="status-failed"' not in html


IMPORTTIME = """\
import time: self [us] | cumulative | imported package
import time:       120 |        120 |     framework.config
import time:       900 |       1020 |   core.db
import time:        40 |       1060 | app.main
"""


def test_report_reads_importtime_profile(tree: Path, tmp_path: Path) -> None:
    profile = tmp_path / "importtime.txt"
    profile.write_text(IMPORTTIME, encoding="utf-8")
    output = tmp_path / "report.html"

    code = main(["report", str(tree), "-o", str(output), "--profile", str(profile),
                 "--no-cache"])

    html = output.read_text(encoding="utf-8")
    assert code == 0
    assert '<section id="lazy-imports" class="status-ready">' in html
    assert ('<tr><td>core.db</td><td>app.main</td>'
            '<td title="file:line of the import statement">src/app/main.py:1</td>'
            '<td data-sort="1020">1.0</td><td data-sort="900">0.9</td><td>outside</td></tr>'
            ) in html


def test_report_without_profile_says_no_data(tree: Path, tmp_path: Path) -> None:
    output = tmp_path / "report.html"

    assert main(["report", str(tree), "-o", str(output), "--no-cache"]) == 0

    html = output.read_text(encoding="utf-8")
    assert '<section id="lazy-imports" class="status-no_data">' in html
    assert "No import-time profile was given." in html


def test_report_rejects_missing_profile(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none.txt"

    code = main(["report", str(tree), "-o", str(tmp_path / "r.html"), "--profile", str(missing)])

    assert code == 2
    assert capsys.readouterr().err == (
        f"modsplit: error: {missing}: no such file; pass the output of python -X importtime\n")


def test_report_checks_generated_contracts_without_files(tree: Path, tmp_path: Path) -> None:
    output = tmp_path / "report.html"

    assert main(["report", str(tree), "-o", str(output), "--no-cache"]) == 0

    html = output.read_text(encoding="utf-8")
    assert '<section id="contracts" class="status-ready">' in html
    assert "writes from the units and layers of modsplit.toml, checked without a baseline" in html


def test_report_reads_contracts_from_boundaries(tree: Path, tmp_path: Path) -> None:
    assert main(["propose", str(tree), "--write", "--no-cache"]) == 0
    output = tmp_path / "report.html"

    assert main(["report", str(tree), "-o", str(output), "--no-cache"]) == 0

    html = output.read_text(encoding="utf-8")
    assert "writes from the boundaries of config/boundaries.toml" in html


def test_report_checks_repository_contract_files(tree: Path, tmp_path: Path) -> None:
    assert main(["contracts", "generate", str(tree), "--write", "--no-cache"]) == 0
    output = tmp_path / "report.html"

    assert main(["report", str(tree), "-o", str(output), "--no-cache"]) == 0

    html = output.read_text(encoding="utf-8")
    assert '<section id="contracts" class="status-ready">' in html
    assert "No contract files were found" not in html
    assert "contracts/modsplit.toml" in html
