"""tests/core, tests/cli and the top-level tests import no Qt: `make test-noqt` runs them where PySide6
and pyqtgraph are not installed. Checked here, with Qt installed, by refusing its modules."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

QT_FREE = [
    "tests/core",
    "tests/cli",
    "tests/test_architecture.py",
    "tests/test_packaging.py",
    "tests/test_qt_free_tests.py",
    "tests/test_glossary.py",
]

# Collects the tests named on its command line while every import of Qt, pyqtgraph or pytest-qt fails.
COLLECT_WITHOUT_QT = """
import sys

BLOCKED = {"PySide6", "shiboken6", "pyqtgraph", "pytestqt"}


class RefuseQt:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"blocked: {name}", name=name)
        return None


sys.meta_path.insert(0, RefuseQt())
import pytest

sys.exit(pytest.main(["--collect-only", "-q", "-p", "no:pytest-qt", "-p", "no:cacheprovider", *sys.argv[1:]]))
"""


def _collect_without_qt(*paths: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", COLLECT_WITHOUT_QT, *paths],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_core_cli_and_top_level_tests_collect_with_qt_refused():
    p = _collect_without_qt(*QT_FREE)
    assert p.returncode == 0, p.stdout + p.stderr
    collected = [line for line in p.stdout.splitlines() if "::" in line]
    for path in ("tests/core/", "tests/cli/", "tests/test_architecture.py", "tests/test_qt_free_tests.py"):
        assert any(line.startswith(path) for line in collected), f"nothing collected from {path}"


def test_refusing_qt_does_fail_a_test_module_that_needs_it():
    p = _collect_without_qt("tests/gui/test_i18n.py")
    assert p.returncode != 0
    assert "blocked: " in p.stdout + p.stderr
