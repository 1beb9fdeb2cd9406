"""The window shell: docks, menus and actions, and the wiring of every panel to the session."""

from __future__ import annotations

import itertools

import pyqtgraph as pg
from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QDockWidget, QFrame, QMainWindow, QScrollArea, QTabBar, QVBoxLayout, QWidget

from core.experiments.queue import RunQueue
from core.session.session import Session
from core.session.state import RunState
from core.training.chunks import ChunkStore
from core.training.config import ConfigError, TrainConfig
from core.training.steps import run_steps_per_epoch
from gui import theme
from gui.actions import RunActions
from gui.centre import TrainingView, WrappingRow
from gui.files import FileActions
from gui.i18n import Retranslating, message_text, retranslate_plot_menus
from gui.keyboard import move_focus
from gui.menus import WindowMenus
from gui.panels.batch_view import BatchView
from gui.panels.controls import ControlsPanel
from gui.panels.epoch_map import EpochMap
from gui.panels.forms import FormsComparison
from gui.panels.help import HelpPanel, focused_topic
from gui.panels.inspector import StepInspector
from gui.panels.lab import LabPanel
from gui.panels.runs import RunsPanel
from gui.panels.weights import WeightsView
from gui.session_qt import SessionSignals, make_runner
from gui.settings import Preferences, WindowPreferences
from gui.status import StatusLine
from gui.surface import LossSurface

DEFAULT_SIZE = QSize(1360, 860)  # the window's first size, where the screen has room for it
CENTRE_WIDTH = 450  # the centre's share of a small screen's width, at least
RIGHT_WIDTH = 450  # the right-hand docks' share, at least (the lab's table of five batch sizes)
TITLE_BAR = 32  # pixels left for the window manager's title bar while the frame is not yet known


def available_geometry(widget: QWidget) -> QRect:
    """The part of the screen under ``widget``'s centre that windows may use (without panels and
    task bars); the primary screen's when none is under it."""
    screen = QGuiApplication.screenAt(widget.geometry().center()) or widget.screen()
    return (screen or QGuiApplication.primaryScreen()).availableGeometry()


class MainWindow(WindowPreferences, Retranslating, QMainWindow):
    """SGD Lab's window, a view of one :class:`Session` (a new one with ``config`` when none is
    given: the seed's example, 60,000 / 64 → 938). With ``preferences`` it restores the last
    geometry and dock layout and remembers them, the config, the language and the theme."""

    state_changed = Signal(object)  # RunState
    run_finished = Signal(object)  # RunResult
    runs_changed = Signal()  # the runs list was replaced (a workspace was opened)

    def __init__(
        self,
        config: TrainConfig | None = None,
        preferences: Preferences | None = None,
        session: Session | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.resize(DEFAULT_SIZE)
        self.session = session or Session(config)
        self.signals = SessionSignals(self.session, self)
        self.session.set_runner(lambda: make_runner(self.session, self))

        self.controls = ControlsPanel(self.session.draft, self.session.catalogue)
        self.controls_dock = self._dock(
            "controlsDock", self.controls.scroll_area(), Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.controls_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.inspector = StepInspector(self.session.catalogue)
        self.surface = LossSurface(self.signals)
        self.landscape, self.slice = self.surface.landscape, self.surface.slice
        self.forms = FormsComparison(self.signals, self.inspector.entry)
        self.runs = RunsPanel(self.signals)
        self.lab = LabPanel(self.session)
        self.help = HelpPanel()
        self.epoch_map = EpochMap(self.signals)
        self.epoch_map_dock = self._dock("epochMapDock", self.epoch_map)
        self.inspector_dock = self._dock("inspectorDock", self.inspector)
        self.landscape_dock = self._dock("landscapeDock", self.surface)
        self.forms_dock = self._dock("formsDock", self.forms)
        self.runs_dock = self._dock("runsDock", self.runs)
        self.lab_dock = self._dock("labDock", self.lab)
        self.help_dock = self._dock("helpDock", self.help)
        # The mini-batch and the weights as pictures, tabbed with the others (below).
        self.batch_view = BatchView(self.signals)
        self.weights_view = WeightsView(self.signals)
        self.batch_dock = self._dock("batchDock", self.batch_view)
        self.weights_dock = self._dock("weightsDock", self.weights_view)
        docks = (self.inspector_dock, self.landscape_dock, self.forms_dock, self.runs_dock, self.lab_dock)
        for first, second in itertools.pairwise((self.epoch_map_dock, *docks, self.help_dock)):
            self.tabifyDockWidget(first, second)
        # The epoch map is the tab a learner meets: Start shows the epoch's 60,000 samples being used
        # batch by batch, which is what the article is about (the step inspector is a tab away).
        self.epoch_map_dock.raise_()
        for bar in self.findChildren(QTabBar):  # six docks share the tabs: scroll, don't elide
            bar.setElideMode(Qt.TextElideMode.ElideNone)
            bar.setUsesScrollButtons(True)
        tabs = next(bar for bar in self.findChildren(QTabBar) if bar.parent() is self)
        raised = tabs.currentIndex()  # a dock tabified on top is raised: raise the one that was again
        self.tabifyDockWidget(self.inspector_dock, self.batch_dock)
        self.tabifyDockWidget(self.batch_dock, self.weights_dock)
        tabs.setCurrentIndex(raised)

        self.session.busy_elsewhere = lambda: self.lab.busy
        self.session.watch_of = self._watch_list
        self.run_actions = RunActions(self, self.session, {
            "start": self.start, "pause": self.session.toggle_pause, "step": self.step, "stop": self.session.stop,
            "reset": self.reset, "compare": self.compare_forms, "sweep": self.open_sweep,
            "cancelSweep": self.session.cancel_queue, "lab": lambda: self.show_dock(self.lab_dock),
        })  # fmt: skip
        for name, action in self.run_actions.actions.items():
            setattr(self, {"cancelSweep": "cancel_sweep"}.get(name, name) + "_action", action)
        for name, button in self.run_actions.buttons.items():
            setattr(self, f"{name}_button", button)
        self.centre = TrainingView(self.signals)
        c = self.centre  # its views, by their names (tests, the benchmarks and the screenshots use them)
        self.counter, self.banner, self.loss_plot = c.counter, c.banner, c.loss_plot
        self.epoch_plot, self.accuracy_plot = c.epoch_plot, c.accuracy_plot
        self.x_axis, self.log_y, self.smoothing = c.x_axis, c.log_y, c.smoothing
        centre = QWidget()
        layout = QVBoxLayout(centre)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(self.run_actions.bar)
        # The run buttons, and the pace on a second line when the window is too narrow for one.
        self.run_bar = WrappingRow(layout, self.run_actions.bar, len(self.run_actions.buttons))
        layout.addWidget(self.centre, 1)
        self.setCentralWidget(centre)
        self.status_label = StatusLine(self.signals, self.centre.show_banner)
        self.statusBar().addPermanentWidget(self.status_label, 1)
        self.files = FileActions(self)
        self.menus = WindowMenus(self)
        self._wire()
        self.session.set_draft(self.controls.config(), self.session.user_set)
        self.retranslate_ui()
        theme.style_window(self)
        self.fit_to_screen(move=False)  # the window manager places it
        self.split_docks()
        self.init_preferences(preferences)  # last: the default layout is the one built above

    def _dock(self, name: str, widget: QWidget, area=Qt.DockWidgetArea.RightDockWidgetArea) -> QDockWidget:
        """A dock for ``widget``; on the right, the panel scrolls when the dock is smaller than it
        needs, so that no panel's size decides the window's minimum (small screens)."""
        dock = QDockWidget(self, objectName=name)
        if area == Qt.DockWidgetArea.RightDockWidgetArea:
            scroll = QScrollArea(objectName=f"{name}Scroll", widgetResizable=True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(widget)
            widget = scroll
        dock.setWidget(widget)
        # Held from Python too: a scroll area whose wrapper only a reference cycle keeps is deleted,
        # panel and all, when the garbage collector breaks that cycle (seen mid-run in the tests).
        dock.content = widget
        self.addDockWidget(area, dock)
        return dock

    def split_docks(self) -> None:
        """The default widths of the Settings dock, the centre and the right-hand docks for the
        window's width: the right-hand panels as wide as the step inspector and the lab's table need
        (no sideways scrolling), the centre as wide as it needs, the Settings dock the rest (at most
        410 px)."""
        centre = max(CENTRE_WIDTH, self.centralWidget().minimumSizeHint().width())
        spare = self.width() - centre - 12  # the separators
        controls_least = self.controls_dock.widget().minimumWidth()
        least = max(RIGHT_WIDTH, self.inspector.minimumSizeHint().width() + 4)
        right = min(470, max(least, spare - 410), spare - controls_least)
        self.resizeDocks(
            [self.controls_dock, self.inspector_dock],
            [min(410, spare - right), right],
            Qt.Orientation.Horizontal,
        )

    def _wire(self) -> None:
        """Panels to the session, and the session's events to the window's own state."""
        s, session = self.signals, self.session
        self.controls.changed.connect(lambda: session.edit_to(self.controls.config()))
        self.controls.live_changed.connect(self._on_live_changed)
        self.controls.help_requested.connect(self.show_help)
        s.draft.connect(self._on_draft)
        s.catalogue.connect(self.controls.set_imported_data)
        s.catalogue.connect(self.run_actions.refresh)
        s.pace.connect(self.run_actions.show_pace)
        self.surface.lr_warning.connect(lambda text: self.controls.show_error("lr", text()))
        self.loss_plot.step_clicked.connect(self.inspector.show_clicked_step)
        self.inspector.watch_changed.connect(
            lambda _e: session.set_watch(self._watch_list(session.run_config))
        )
        s.run_begin.connect(lambda c: self.inspector.begin_run(c, run_steps_per_epoch(c)))
        s.chunk.connect(self.inspector.add_chunk)
        s.paused.connect(lambda _steps: self.inspector.show_latest())
        s.shown.connect(self._on_shown)
        s.state.connect(self._on_state)
        s.run_finished.connect(self._on_finished)
        s.queue.connect(self._on_queue)
        self.lab.run_added.connect(self.runs.add_result)
        self.lab.busy_changed.connect(self._on_state)
        # The pictures are drawn while their tab is raised (each keeps the last chunk, the map its cells).
        for dock, view in (
            (self.epoch_map_dock, self.epoch_map), (self.batch_dock, self.batch_view), (self.weights_dock, self.weights_view)
        ):  # fmt: skip
            view.set_on_screen(False)  # until shown: Qt says when a dock becomes visible, not that it is not
            dock.visibilityChanged.connect(view.set_on_screen)
        self._on_draft(self.session.draft)
        self._on_state()

    def retranslate_ui(self) -> None:
        """Every text of the shell in the current language (again on each language change)."""
        self.setWindowTitle(self.tr("SGD Lab — mini-batch gradient descent, step by step"))
        for dock, title in (
            (self.controls_dock, self.tr("Settings")),
            (self.inspector_dock, self.tr("Step inspector: what optimizer.step() did")),
            (self.landscape_dock, self.tr("Loss landscape")), (self.forms_dock, self.tr("Momentum forms")),
            (self.help_dock, self.tr("Help")), (self.runs_dock, self.tr("Runs")),
            (self.lab_dock, self.tr("Batch-size lab")), (self.epoch_map_dock, self.tr("Epoch map")),
        ):  # fmt: skip
            dock.setWindowTitle(title)
        self.batch_dock.setWindowTitle(self.tr("Mini-batch"))
        self.weights_dock.setWindowTitle(self.tr("Weights"))
        self.menus.retranslate_ui()
        self.run_actions.retranslate_ui()
        self.retranslate_preferences()
        self.files.retranslate_ui()
        for view in self.findChildren(pg.GraphicsView):
            retranslate_plot_menus(view)

    def show_help(self, topic: str = "") -> None:
        """Open the help dock at ``topic`` (default: the help topic of the control with the focus)."""
        self.show_dock(self.help_dock)
        self.help.show_topic(topic or focused_topic())

    # -- the session's state, as the window shows it ---------------------------------------------
    @property
    def state(self) -> RunState:
        return self.session.state

    def _watch_list(self, config: TrainConfig | None) -> list:
        return self.inspector.watch_list(self.surface.extra_watch(config) if config is not None else [])

    def set_status(self, text) -> None:
        """The status line: a text, or a function making it (made again when the language changes)."""
        self.status_label.set(text)

    def _on_state(self, *_args) -> None:
        self.run_actions.refresh()
        self.controls.set_running(self.state != RunState.IDLE)
        self.lab.set_blocked(self.state != RunState.IDLE or self.session.queue_active)
        self.state_changed.emit(self.state)

    def _on_draft(self, config: TrainConfig) -> None:
        if self.controls.config() != config:
            self.controls.set_config(config)
        if self.state == RunState.IDLE and self.session.shown is None and not self.session.errors():
            self.inspector.set_config(config)  # the entries to pick; a run shown keeps its own
        self.run_actions.refresh()

    def _on_live_changed(self, name: str, value: float) -> None:
        try:
            self.session.set_live(name, value)
        except ConfigError as exc:
            self.controls.show_error(exc.field, self.tr("not applied: {0}").format(message_text(exc.msg)))

    def _on_shown(self, result) -> None:
        """The views show a finished run (loaded, say), or none: the draft, empty."""
        if result is not None:
            store = ChunkStore.from_history(result.history, result.steps_per_epoch)
            self.inspector.show_run(result.config, result.steps_per_epoch, store)
        elif not self.session.errors():
            self.inspector.clear(self.session.draft)
        else:
            self.inspector.clear()

    def _on_finished(self, result) -> None:
        self.inspector.show_latest()
        if result.history.size:
            self.runs.add_result(result)
        self.run_finished.emit(result)

    def _on_queue(self, queue: RunQueue) -> None:
        if queue.kind == "forms" and queue.active:
            self.forms_dock.raise_()
        if queue.kind == "sweep" and not queue.active:
            self.set_status(lambda: self.runs.sweep_end_text(queue))
        self._on_state()

    # -- what the learner does -------------------------------------------------------------------
    def start(self, single_step: bool = False, config: TrainConfig | None = None) -> bool:
        """Start a run of the settings (or of ``config``); ``single_step``: pause after one step."""
        try:
            return self.session.start(config, single_step=single_step)
        except ConfigError as exc:  # e.g. CUDA asked for but absent: shown at the field
            msg = exc.msg
            self.controls.show_error(exc.field, message_text(msg))
            self.centre.show_banner(
                lambda: self.tr("Cannot start: {0}").format(message_text(msg)), error=True
            )
            return False

    def step(self) -> None:
        """One ``optimizer.step()``, then pause (starts a run when none is going)."""
        if self.state == RunState.IDLE:
            self.start(single_step=True)
        elif self.session.step():
            self.set_status(lambda: self.tr("Taking one optimizer.step()…"))

    def reset(self) -> None:
        """Clear the plots, the counter and the step inspector (between runs)."""
        if self.state == RunState.IDLE:
            self.session.clear_views()
            self.set_status(lambda: self.tr("Ready."))

    def compare_forms(self) -> bool:
        """Train the settings with PyTorch's SGD, then with the article's form, and overlay them."""
        return self.forms.compare()

    def open_sweep(self) -> None:
        self.show_dock(self.runs_dock)
        self.runs.open_sweep()

    def run_sweep(self, configs: list[TrainConfig]) -> bool:
        self.show_dock(self.runs_dock)
        return self.runs.run_sweep(configs)

    def fit_to_screen(self, move: bool = True) -> None:
        """Keep the window inside the available part of its screen: smaller where it is larger
        (never below its minimum size) and, with ``move``, moved in where it reaches past an edge.
        Before the window is shown its frame is not known: room is left for a title bar."""
        if self.isMaximized() or self.isFullScreen():
            return
        available = available_geometry(self)
        frame = self.frameGeometry().size() - self.size()
        if frame.isNull():
            frame = QSize(0, TITLE_BAR)
        size = self.size().boundedTo(available.size() - frame).expandedTo(self.minimumSizeHint())
        self.resize(size)
        if not move:
            return
        size += frame
        x = min(max(self.x(), available.left()), max(available.left(), available.right() + 1 - size.width()))
        y = min(max(self.y(), available.top()), max(available.top(), available.bottom() + 1 - size.height()))
        self.move(x, y)

    def show_dock(self, dock: QDockWidget) -> None:
        dock.show()
        dock.raise_()

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 - Qt's names
        """Tab and Shift+Tab: through what is on screen, in reading order (gui.keyboard)."""
        return move_focus(self, next) or super().focusNextPrevChild(next)

    # -- the runs kept ---------------------------------------------------------------------------
    @property
    def run_records(self) -> list:
        """Every run kept in the runs list (core.experiments.runs.RunRecord), oldest first."""
        return self.session.runs.records

    def set_run_records(self, records: list) -> None:
        """Replace the runs kept (e.g. from a workspace file) and say so with ``runs_changed``."""
        self.session.set_runs(records)
        self.runs_changed.emit()

    def show_result(self, result) -> bool:
        """Draw a finished run (a loaded one, say) in the plots, the counter and the inspector, if
        the settings describe it (False otherwise: see ``Session.show_result``)."""
        return self.session.show_result(result)

    def restyle(self) -> None:
        """Colours that follow the theme (called by gui.theme after a switch)."""
        self.centre.restyle()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Closing mid-run stops the run and waits for the worker thread before the window goes."""
        if self.session.queue_active:
            self.session.queue.cancel()  # no next run may start while the window closes
        if self.session.has_runner:
            self.session.runner.shutdown()
        self.surface.shutdown()
        self.lab.shutdown()
        self.files.shutdown()
        self.save_preferences()
        super().closeEvent(event)
