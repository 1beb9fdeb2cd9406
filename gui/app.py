"""Start the desktop application."""

from __future__ import annotations

import logging
import signal
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from core import __version__
from core.config import TrainConfig


def application() -> QApplication:
    """The one QApplication, named (settings and the About box use the names)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("SGD Lab")
    app.setOrganizationName("SGD Lab")
    app.setApplicationVersion(__version__)
    return app


def run_app(config: TrainConfig | None = None, *, start: bool = False, verbose: bool = False) -> int:
    """Open the window with ``config`` in the controls (``start``: train at once); returns the
    exit code. ``verbose`` logs run events to stderr."""
    if verbose:
        logging.basicConfig(level=logging.INFO, format="sgd-lab: %(message)s", stream=sys.stderr)
    app = application()
    from gui.main_window import MainWindow

    window = MainWindow(config)
    window.show()
    if start:
        QTimer.singleShot(0, window.start)
    # Ctrl-C in the terminal closes the window the normal way (stopping any run first).
    signal.signal(signal.SIGINT, lambda *_: window.close())
    heartbeat = QTimer()  # lets Python see the signal while Qt's event loop runs
    heartbeat.start(200)
    heartbeat.timeout.connect(lambda: None)
    return app.exec()
