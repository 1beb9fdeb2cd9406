"""GUI test fixtures: a window per test, and no test may leave a QThread running."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QThread

from core.config import TrainConfig


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

    def make(config: TrainConfig | None = None) -> MainWindow:
        window = MainWindow(config)
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        if shiboken6.isValid(window):
            window.close()
