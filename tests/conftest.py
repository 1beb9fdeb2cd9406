"""Shared test set-up: Qt runs offscreen; every test is bounded and fails loudly."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session", autouse=True)
def _private_settings(tmp_path_factory):
    """No test reads or writes the user's own settings: QSettings() and the app's own settings file
    (also in child processes, through SGD_LAB_SETTINGS) live in a temporary folder."""
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("settings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
        QSettings.setPath(fmt, QSettings.Scope.SystemScope, str(folder / "system"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SGD_LAB_SETTINGS", str(folder / "sgd-lab.ini"))
        yield folder


@pytest.fixture(autouse=True)
def _no_imported_data_left():
    """Imported data is process-wide (the ``custom`` dataset): every test starts and ends without it."""
    from core.training.config import set_imported

    set_imported(None)
    yield
    set_imported(None)
