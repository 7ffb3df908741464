"""Open the HTML report in headless Chromium and check what a reader sees.

Chromium is driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``: commands
on file descriptor 3, replies on 4, each message a JSON text ended by a NUL byte), so the test
needs no WebDriver, no download and no network port. It is skipped, with the reason, only when
no Chromium executable is found.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from modsplit.cli import main
from tests.helpers import make_tree

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
TIMEOUT_SECONDS = 60.0

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Four units; core and framework import each other; one file does not parse; one import is
# of a module that exists nowhere.
TREE = {
    "config/modsplit.toml": """
        [units.app]
        path = "src/app"
        roots = ["src"]
        [units.core]
        path = "src/core"
        roots = ["src"]
        [units.framework]
        path = "src/framework"
        roots = ["src"]
        [units.lib]
        path = "src/lib"
        roots = ["src"]
        """,
    "src/app/__init__.py": "",
    "src/app/main.py": (
        "import core.db\nimport lib.text\nfrom framework import web\n"
        "import shared_python\nimport fks_data\nimport ml_models\nimport strategies\n"
        "import trading.backtest\n"
    ),
    "src/app/broken.py": "def oops(:\n",
    "src/core/__init__.py": "",
    "src/core/db.py": "from framework.config import URL\nimport lib.text\nimport trading\n",
    "src/framework/__init__.py": "",
    "src/framework/config.py": "URL = 'sqlite://'\n",
    "src/framework/web.py": "import core.db\n",
    "src/lib/__init__.py": "",
    "src/lib/text.py": "",
}


def find_chromium() -> str | None:
    configured = os.environ.get("MODSPLIT_CHROMIUM")
    if configured:
        return configured
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


class Page:
    """One Chromium tab, driven over the DevTools pipe; collects console errors as they come."""

    def __init__(self, executable: str, profile: Path) -> None:
        commands_read, self._commands = _high_pipe()
        self._replies, replies_write = _high_pipe()

        def move_pipes() -> None:  # runs in the child, before exec
            os.dup2(commands_read, 3)
            os.dup2(replies_write, 4)

        self._process = subprocess.Popen(
            [
                executable, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--hide-scrollbars", "--mute-audio",
                f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank",
            ],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=move_pipes, pass_fds=(3, 4),
        )
        os.close(commands_read)
        os.close(replies_write)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
        attached = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})
        self._session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable")

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """Send a command to the tab and return its result."""
        return self._call(method, params, session=self._session)

    def open(self, url: str, *, width: int = 1400, height: int = 1000) -> None:
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        self.call("Page.navigate", {"url": url})
        self._wait_for_event("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path, *, full_page: bool = False) -> None:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
        path.write_bytes(base64.b64decode(self.call("Page.captureScreenshot", params)["data"]))

    def console_errors(self) -> list[str]:
        """Return the page's uncaught exceptions, console errors and logged errors."""
        errors = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                errors.append(json.dumps(params["exceptionDetails"])[:500])
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                errors.append(json.dumps(params.get("args"))[:500])
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                errors.append(params["entry"].get("text", "")[:500])
        return errors

    def close(self) -> None:
        with contextlib.suppress(OSError, AssertionError):
            self._call("Browser.close")
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._commands)
        os.close(self._replies)

    def _call(
        self, method: str, params: dict[str, Any] | None = None, *, session: str | None = None
    ) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise AssertionError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            self.events.append(reply)

    def _wait_for_event(self, method: str) -> None:
        if any(event.get("method") == method for event in self.events):
            return
        while True:
            reply = self._read()
            self.events.append(reply)
            if reply.get("method") == method:
                return

    def _read(self) -> dict[str, Any]:
        import select

        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._replies], [], [], TIMEOUT_SECONDS)
            if not ready:
                raise AssertionError("Chromium sent nothing for a minute")
            chunk = os.read(self._replies, 1 << 20)
            if not chunk:
                raise AssertionError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        parsed: dict[str, Any] = json.loads(message)
        return parsed


def _high_pipe() -> tuple[int, int]:
    """Return a pipe whose ends are above 4, so that moving them onto 3 and 4 clobbers neither."""
    ends = []
    for end in os.pipe():
        ends.append(fcntl.fcntl(end, fcntl.F_DUPFD_CLOEXEC, 10))
        os.close(end)
    return ends[0], ends[1]


@pytest.fixture(scope="module")
def chromium() -> str:
    executable = find_chromium()
    if executable is None:
        pytest.skip("Chromium not found (tried MODSPLIT_CHROMIUM and "
                    f"{', '.join(CHROMIUM_NAMES)} on PATH); install Debian's chromium package")
    return executable


@pytest.fixture(scope="module")
def report_page(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    """The example monorepo's report, opened in a fresh Chromium."""
    folder = tmp_path_factory.mktemp("report")
    output = folder / "report.html"
    tree = make_tree(folder / "repo", TREE)
    assert main(["report", str(tree), "-o", str(output), "--no-cache"]) == 0
    page = Page(chromium, Path(tempfile.mkdtemp(dir=folder)))
    try:
        page.open(output.as_uri())
        yield page
    finally:
        page.close()


def test_report_opens_without_console_errors(report_page: Page) -> None:
    assert report_page.evaluate("document.documentElement.dataset.ready") == "yes"
    assert report_page.console_errors() == []


def test_report_draws_unit_graph(report_page: Page) -> None:
    nodes = report_page.evaluate("document.querySelectorAll('svg.unit-graph .node').length")
    edges = report_page.evaluate("document.querySelectorAll('svg.unit-graph .edge').length")
    width = report_page.evaluate(
        "document.querySelector('svg.unit-graph').getBoundingClientRect().width")

    assert nodes >= 2
    assert edges >= 1
    assert width > 100


def test_report_renders_tables_and_matrices(report_page: Page) -> None:
    rows = report_page.evaluate("document.querySelectorAll('table.data tbody tr').length")
    matrices = report_page.evaluate("document.querySelectorAll('table.dsm').length")
    visible = report_page.evaluate(
        "document.querySelector('#units').getBoundingClientRect().height")

    assert rows > 0
    assert matrices == 2
    assert visible > 0


def test_report_table_sorts_on_header_click(report_page: Page) -> None:
    names = report_page.evaluate("""(() => {
        const table = document.querySelector('#units');
        const header = table.tHead.rows[0].cells[0];
        header.click(); header.click();
        return Array.from(table.tBodies[0].rows, row => row.cells[0].textContent);
    })()""")

    assert names == sorted(names, reverse=True)


def test_report_filter_hides_rows(report_page: Page) -> None:
    result = report_page.evaluate("""(() => {
        const input = document.querySelector('input.filter[data-table="unresolved"]');
        const rows = Array.from(document.getElementById('unresolved').tBodies[0].rows);
        input.value = 'ml_models';
        input.dispatchEvent(new Event('input'));
        const visible = rows.filter(row => !row.hidden).map(row => row.cells[0].textContent);
        const counter = input.parentNode.querySelector('.shown').textContent;
        input.value = '';
        input.dispatchEvent(new Event('input'));
        return {visible: visible, counter: counter, total: rows.length,
                after: rows.filter(row => !row.hidden).length};
    })()""")

    assert result["visible"] == ["ml_models"]
    assert result["counter"] == f"1 of {result['total']} rows"
    assert result["after"] == result["total"]


def test_report_matrix_count_opens_its_imports(report_page: Page) -> None:
    opened = report_page.evaluate("""(() => {
        const link = document.querySelector('#dsm-units td.filled a');
        link.click();
        const target = document.getElementById(link.getAttribute('href').slice(1));
        return [getComputedStyle(target).display, target.querySelectorAll('tbody tr').length];
    })()""")

    assert opened[0] == "block"
    assert opened[1] >= 1


def test_report_screenshot_is_saved(report_page: Page, tmp_path: Path) -> None:
    report_page.evaluate("location.hash = ''; window.scrollTo(0, 0)")
    path = tmp_path / "report.png"

    report_page.screenshot(path)

    print(f"screenshot: {path}")
    assert path.read_bytes().startswith(b"\x89PNG")
    assert report_page.console_errors() == []
