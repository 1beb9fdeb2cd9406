"""Start the desktop application.

The window paints first; PyTorch (a second or more to import) loads after that, on a background
thread, so it is ready by the time the learner presses Start.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading

from PySide6.QtCore import QEvent, QObject, QSize, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from core import __version__
from core.io.resources import resource_path
from core.session.session import Session
from core.training.config import TrainConfig
from gui import i18n, platform_check, theme
from gui.settings import APPLICATION, ORGANISATION, Preferences
from gui.threads.collector import collect_on_gui_thread


def application() -> QApplication:
    """The one QApplication, named (settings and the About box use the names)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(__version__)
    # The desktop entry (packaging/linux/sgd-lab.desktop) the desktop matches the window to.
    app.setDesktopFileName(DESKTOP_NAME)
    app.setWindowIcon(application_icon())
    return app


DESKTOP_NAME = "sgd-lab"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)  # resources/icons/sgd-lab-<size>.png (tools/render_icons.py)


def application_icon() -> QIcon:
    """SGD Lab's icon at every size it ships (rendered from resources/icons/sgd-lab.svg)."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(resource_path("icons", f"sgd-lab-{size}.png")), QSize(size, size))
    return icon


# Set (to anything) by the start-up benchmark: print one line at the first paint of the window, then quit.
STARTUP_PROBE = "SGD_LAB_STARTUP_PROBE"


_event_loop_done = threading.Event()  # set when the window's event loop has returned


def _preload() -> None:
    """Import the engine (and torch) off the GUI thread, and build one optimizer: the first one
    imports ``torch._dynamo`` (seconds). Start is then quick. When the user quits while this is
    still going, the interpreter's shutdown breaks the import under it: nothing to report then."""
    try:
        import torch

        import core.training.engine  # noqa: F401

        torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    except BaseException:
        if _event_loop_done.is_set() or sys.is_finalizing():
            return
        raise


class _FirstPaint(QObject):
    """Calls ``then`` once, after the window's first paint event (or after ``fallback_ms`` if the
    window is never painted, e.g. when it starts minimised)."""

    def __init__(self, window, then, fallback_ms: int = 3000) -> None:
        super().__init__(window)
        self._then = then
        self._window = window
        window.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self._fire)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and self._then is not None:
            QTimer.singleShot(0, self, self._fire)
        return False

    def _fire(self) -> None:
        if self._then is not None:
            then, self._then = self._then, None
            self._window.removeEventFilter(self)
            then()


def run_app(
    session: Session | None = None, *, start: bool = False, verbose: bool = False, pace: float | None = None
) -> int:
    """Open the window on ``session`` (the command line's; ``start``: train at once); returns the
    exit code. ``verbose`` logs run events to stderr; ``pace`` (``--pace``; 0: max) overrides the
    pace the user last chose.

    Without options (no session, or none of its settings set by the user) the window starts from
    the last config; the
    language, theme, geometry and dock layout come back from the settings (``SGD_LAB_SETTINGS``,
    an INI file, overrides where they are kept)."""
    if verbose:
        logging.basicConfig(level=logging.INFO, format="sgd-lab: %(message)s", stream=sys.stderr)
    # Qt aborts with a generic message when its window plugin cannot load: say what is missing first.
    why = None if QApplication.instance() is not None else platform_check.problem()
    if why is not None:
        print(why, file=sys.stderr)
        return platform_check.EXIT_PLATFORM
    app = application()
    window = build_window(session, Preferences.open(), pace)
    probe = os.environ.get(STARTUP_PROBE)

    def after_first_paint() -> None:
        if probe:
            print(f"first paint; torch imported: {'yes' if 'torch' in sys.modules else 'no'}", flush=True)
            window.close()
            return
        # A daemon: closing the window while torch still loads must not wait for it.
        collect_on_gui_thread()  # before any thread but this one allocates
        threading.Thread(target=_preload, name="enginePreload", daemon=True).start()
        if start:
            window.start()

    window._first_paint = _FirstPaint(window, after_first_paint)
    window.show()
    # Ctrl-C in the terminal closes the window the normal way (stopping any run first).
    signal.signal(signal.SIGINT, lambda *_: window.close())
    heartbeat = QTimer()  # lets Python see the signal while Qt's event loop runs
    heartbeat.start(200)
    heartbeat.timeout.connect(lambda: None)
    try:
        return app.exec()
    finally:
        _event_loop_done.set()


def build_window(session: Session | TrainConfig | None, preferences: Preferences, pace: float | None = None):
    """The window as the user left it: their language, theme and pace (unless ``pace`` is given; 0:
    max), and their last config unless the session's user set some (a config: a session of it;
    ``None`` or the defaults: no options given)."""
    from gui.main_window import MainWindow

    i18n.set_language(preferences.language)
    theme.apply(preferences.theme)
    if not isinstance(session, Session):
        config, session = session, Session()
        if config is not None:
            session.set_draft(config)  # the fields that differ from the defaults count as the user's
    if not session.user_set and preferences.config is not None:
        session.set_draft(preferences.config, ())
    session.set_pace(preferences.pace if pace is None else pace)
    return MainWindow(preferences=preferences, session=session)
