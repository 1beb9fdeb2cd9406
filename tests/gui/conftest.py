"""GUI test fixtures (Qt and pytest-qt): private QSettings, a window per test, and no test may leave a
QThread running. tests/conftest.py holds what every test needs and imports no Qt."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, QThread
from PySide6.QtWidgets import QApplication

from core.training.config import TrainConfig
from gui import i18n, theme


@pytest.fixture(scope="session", autouse=True)
def _private_qsettings(settings_folder):
    """QSettings() in the tests' own process lives in the temporary settings folder too."""
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(settings_folder))
        QSettings.setPath(fmt, QSettings.Scope.SystemScope, str(settings_folder / "system"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    return settings_folder


@pytest.fixture(autouse=True)
def _dangling_qthreads(monkeypatch, qtbot):
    """Fail any test that leaves a QThread running (after stopping it, so later tests are clean)."""
    started: list[QThread] = []
    original = QThread.start

    def start_and_remember(self, *args):
        started.append(self)
        return original(self, *args)

    monkeypatch.setattr(QThread, "start", start_and_remember)
    yield
    dangling = [t for t in started if shiboken6.isValid(t) and t.isRunning()]
    for t in dangling:
        t.quit()
        t.wait(10_000)
    if dangling:
        pytest.fail(
            f"{len(dangling)} QThread(s) still running after the test: {[t.objectName() for t in dangling]}"
        )


SMALL = TrainConfig(epochs=2, samples=2000, batch_size=64, lr=0.05)  # 32 steps per epoch, last batch 16
LONG = TrainConfig(epochs=10_000, samples=2000, batch_size=64, lr=0.01)


@pytest.fixture
def make_window(qtbot):
    """Build a shown MainWindow (optionally with a config); closed after the test."""
    from gui.main_window import MainWindow

    windows = []

    def make(config: TrainConfig | None = None, session=None) -> MainWindow:
        window = MainWindow(config, session=session)
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        if shiboken6.isValid(window):
            window.close()
            window.deleteLater()
    delete_now()


def delete_now() -> None:
    """Carry out the pending deleteLater() calls now. Without it, the last test's window lived until
    the interpreter's exit, where PySide destroyed it while Python was going away: its plots' Python
    overrides, called from their destructors, crashed the process after the tests had passed."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(scope="session", autouse=True)
def _no_window_outlives_the_tests(qapp):
    """Every top-level widget a test left behind is closed and deleted before the interpreter exits."""
    yield
    for widget in QApplication.topLevelWidgets():
        widget.deleteLater()  # (closed by their tests; pyqtgraph's PlotWidget cannot close twice)
    delete_now()


_exit_status: list[int] = []


def pytest_sessionfinish(session, exitstatus) -> None:
    _exit_status.append(int(exitstatus))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config) -> None:
    """End the test process once pytest is done, with pytest's exit status, without PySide's own
    clean-up at the interpreter's exit. That clean-up destroys whatever Qt objects Python still
    holds (plot items that tests made and took out of their scenes), and a pyqtgraph item's Python
    override called from its destructor then crashes the process (exit 139) after every test has
    passed. The app itself deletes its window before it exits (a test checks its exit code)."""
    if _exit_status:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_exit_status[-1])


def qt_tool(name: str) -> str:
    """Path of a Qt tool shipped with PySide6 (``lupdate``, ``lrelease``)."""
    script = shutil.which(f"pyside6-{name}", path=str(Path(sys.executable).parent))
    if script:
        return script
    import PySide6

    for candidate in (Path(PySide6.__file__).parent / name, Path(PySide6.__file__).parent / f"{name}.exe"):
        if candidate.exists():
            return str(candidate)
    pytest.fail(f"Qt's {name} is not installed with PySide6")


@pytest.fixture(scope="session")
def compiled_translations(tmp_path_factory) -> Path:
    """The checked-in .ts compiled by lrelease into a temporary folder (the same as ``make``)."""
    folder = tmp_path_factory.mktemp("translations")
    for ts in sorted(i18n.TRANSLATIONS.glob("*.ts")):
        subprocess.run(
            [qt_tool("lrelease"), "-silent", str(ts), "-qm", str(folder / f"{ts.stem}.qm")],
            check=True, timeout=120,
        )  # fmt: skip
    return folder


@pytest.fixture
def translations(monkeypatch, compiled_translations) -> Path:
    """The app loads its catalogues from the freshly compiled folder during this test."""
    monkeypatch.setattr(i18n, "TRANSLATIONS", compiled_translations)
    return compiled_translations


@pytest.fixture(autouse=True)
def _english_and_light_afterwards():
    """A test that switches the language or the theme leaves English and the light theme behind."""
    yield
    if i18n.current_language() != "en":
        i18n.set_language("en")
    if theme.current() != theme.DEFAULT:
        theme.apply(theme.DEFAULT)
