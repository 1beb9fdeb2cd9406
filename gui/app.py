"""Start the desktop application."""

from __future__ import annotations

import logging
import signal
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from core import __version__
from core.config import TrainConfig
from gui import i18n, theme
from gui.settings import APPLICATION, ORGANISATION, Preferences


def application() -> QApplication:
    """The one QApplication, named (settings and the About box use the names)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(__version__)
    return app


def run_app(config: TrainConfig | None = None, *, start: bool = False, verbose: bool = False) -> int:
    """Open the window with ``config`` in the controls (``start``: train at once); returns the
    exit code. ``verbose`` logs run events to stderr.

    Without options (``config`` None or the defaults) the window starts from the last config; the
    language, theme, geometry and dock layout come back from the settings (``SGD_LAB_SETTINGS``,
    an INI file, overrides where they are kept)."""
    if verbose:
        logging.basicConfig(level=logging.INFO, format="sgd-lab: %(message)s", stream=sys.stderr)
    app = application()
    window = build_window(config, Preferences.open())
    window.show()
    if start:
        QTimer.singleShot(0, window.start)
    # Ctrl-C in the terminal closes the window the normal way (stopping any run first).
    signal.signal(signal.SIGINT, lambda *_: window.close())
    heartbeat = QTimer()  # lets Python see the signal while Qt's event loop runs
    heartbeat.start(200)
    heartbeat.timeout.connect(lambda: None)
    return app.exec()


def build_window(config: TrainConfig | None, preferences: Preferences):
    """The window as the user left it: their language and theme, and their last config unless
    ``config`` asks for another (``None`` or the defaults mean "no options given")."""
    from gui.main_window import MainWindow

    i18n.set_language(preferences.language)
    theme.apply(preferences.theme)
    if config is None or config == TrainConfig():
        config = preferences.config or config
    return MainWindow(config, preferences=preferences)
