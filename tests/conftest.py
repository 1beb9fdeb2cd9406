"""Shared test set-up for every test, Qt-free: tests/core and tests/cli also run where PySide6 and
pyqtgraph are not installed (``make test-noqt``). Qt's own fixtures are in tests/gui/conftest.py."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # for the windows that child processes open

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# pyproject's pytest-qt settings, known to pytest when pytest-qt is not there to declare them.
QT_INI = {
    "qt_api": ("the Qt binding pytest-qt uses", "string"),
    "qt_log_level_fail": ("the Qt message level that fails a test", "string"),
    "qt_log_ignore": ("Qt messages that never fail a test", "linelist"),
}


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    """Without pytest-qt, pyproject's qt_* keys would be unknown (a config warning, an error here)."""
    if not pluginmanager.has_plugin("pytest-qt"):
        for name, (help_text, kind) in QT_INI.items():
            parser.addini(name, f"{help_text} (read by pytest-qt, which is not loaded)", type=kind)


@pytest.fixture(scope="session")
def settings_folder(tmp_path_factory) -> Path:
    """A temporary folder for everything the app remembers between launches."""
    return tmp_path_factory.mktemp("settings")


@pytest.fixture(scope="session", autouse=True)
def _private_settings(settings_folder):
    """No test, nor any process it starts, reads or writes the user's own settings file
    (SGD_LAB_SETTINGS; tests/gui/conftest.py also moves QSettings() for the tests' own process)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SGD_LAB_SETTINGS", str(settings_folder / "sgd-lab.ini"))
        yield settings_folder
