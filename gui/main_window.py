"""The main window: controls on the left, the counter and the live plots in the middle."""

from __future__ import annotations

import logging

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSlider,
    QSplitter,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from core import __version__
from core.training.config import ConfigError, TrainConfig
from core.training.steps import steps_per_epoch
from gui import theme
from gui.files import FileActions
from gui.i18n import Retranslating, core_text, plain, retranslate_plot_menus, sentence, term
from gui.panels.controls import ControlsPanel
from gui.panels.counter import IterationCounter
from gui.panels.forms import FormsComparison
from gui.panels.help import HelpPanel, about_text
from gui.panels.inspector import StepInspector
from gui.panels.lab import LabPanel
from gui.panels.landscape import LandscapePanel
from gui.panels.plots import AccuracyPlot, EpochPlot, LossPlot
from gui.panels.runs import RunsPanel, SweepDialog, SweepQueue
from gui.panels.slice import SlicePanel
from gui.settings import Preferences, WindowPreferences

IDLE, RUNNING, PAUSED, STOPPING = "idle", "running", "paused", "stopping"
LANDSCAPE_ENTRIES = [("w", (0,)), ("b", ())]  # the two parameters of linear regression on linear-1d
AFTER = 4  # index of "after" in core.training.history.WATCH_FIELDS
log = logging.getLogger("sgd_lab")


class MainWindow(WindowPreferences, Retranslating, QMainWindow):
    """SGD Lab's window. ``MainWindow()`` starts with the seed's example (60,000 / 64 → 938).

    With ``preferences`` (a :class:`gui.settings.Preferences`) it restores the last geometry and
    dock layout and remembers them, the config, the language and the theme when it closes."""

    state_changed = Signal(str)
    run_finished = Signal(object)  # RunResult
    runs_changed = Signal()  # run_records was replaced (a workspace was opened)

    def __init__(self, config: TrainConfig | None = None, preferences: Preferences | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.resize(1360, 860)
        self._status_text = lambda: ""
        self._banner_text = lambda: ""
        self.state = IDLE
        self.last_result = None
        self._has_data = False
        self._controller = None

        self.controls = ControlsPanel(config)
        scroll = QScrollArea()
        scroll.setWidget(self.controls)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(
            self.controls.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width() + 4
        )
        self.controls_dock = QDockWidget(self)
        self.controls_dock.setObjectName("controlsDock")
        self.controls_dock.setWidget(scroll)
        self.controls_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.controls_dock)

        self.inspector = StepInspector()
        self.landscape = LandscapePanel()
        self.slice = SlicePanel()
        self.landscape_stack = QStackedWidget()
        self.landscape_stack.addWidget(self.landscape)
        self.landscape_stack.addWidget(self.slice)
        self.forms = FormsComparison()
        self.inspector_dock = self._dock("inspectorDock", self.inspector)
        self.landscape_dock = self._dock("landscapeDock", self.landscape_stack)
        self.forms_dock = self._dock("formsDock", self.forms)
        self.help = HelpPanel()
        self.help_dock = self._dock("helpDock", self.help)
        self.tabifyDockWidget(self.inspector_dock, self.landscape_dock)
        self.tabifyDockWidget(self.landscape_dock, self.forms_dock)
        self.runs = RunsPanel()
        self.lab = LabPanel(self.controls.config)
        self.runs_dock = self._dock("runsDock", self.runs)
        self.lab_dock = self._dock("labDock", self.lab)
        self.tabifyDockWidget(self.forms_dock, self.runs_dock)
        self.tabifyDockWidget(self.runs_dock, self.lab_dock)
        self.tabifyDockWidget(self.lab_dock, self.help_dock)
        self.sweep = SweepQueue(lambda config: self.start(config=config), self.stop, self)
        self.inspector_dock.raise_()
        for bar in self.findChildren(QTabBar):  # five docks share the tabs: scroll, don't elide
            bar.setElideMode(Qt.TextElideMode.ElideNone)
            bar.setUsesScrollButtons(True)
        self.resizeDocks([self.controls_dock, self.inspector_dock], [410, 470], Qt.Orientation.Horizontal)
        self._compare_queue: list[TrainConfig] = []
        self._compare_results: dict = {}
        self._comparing = False

        self._build_actions()
        self.files = FileActions(self)
        self.setCentralWidget(self._build_centre())
        self._build_menus()
        self.status_label = QLabel(objectName="statusLabel")
        self.statusBar().addPermanentWidget(self.status_label, 1)

        self.controls.changed.connect(self._on_controls_changed)
        self.controls.live_changed.connect(self._on_live_changed)
        self.loss_plot.step_clicked.connect(self.inspector.show_clicked_step)
        self.inspector.watch_changed.connect(self._on_watch_changed)
        self.controls.help_requested.connect(self.show_help)
        self.run_finished.connect(self._keep_run)
        self.run_finished.connect(self.sweep.on_run_finished)
        self.sweep.progress.connect(self._on_sweep_progress)
        self.sweep.ended.connect(self._on_sweep_ended)
        self.runs.sweep_requested.connect(self.open_sweep)
        self.runs.sweep_cancel_requested.connect(self.sweep.cancel)
        self.lab.run_added.connect(self.runs.add_result)
        self.lab.busy_changed.connect(self._refresh_actions)
        self._on_controls_changed()
        self._set_state(IDLE)
        self._set_status(
            lambda: self.tr("Ready. Set the hyperparameters and press Start (F5), or Step (F10).")
        )
        self.retranslate_ui()
        theme.style_window(self)
        self.init_preferences(preferences)  # last: the default layout is the one built above

    # -- building ------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        """Every text of the window in the current language (again on each language change)."""
        self.setWindowTitle(self.tr("SGD Lab — mini-batch gradient descent, step by step"))
        self.controls_dock.setWindowTitle(self.tr("Settings"))
        self.inspector_dock.setWindowTitle(self.tr("Step inspector: what optimizer.step() did"))
        self.landscape_dock.setWindowTitle(self.tr("Loss landscape"))
        self.forms_dock.setWindowTitle(self.tr("Momentum forms"))
        self.help_dock.setWindowTitle(self.tr("Help"))
        self.runs_dock.setWindowTitle(self.tr("Runs"))
        self.lab_dock.setWindowTitle(self.tr("Batch-size lab"))
        self.runs_menu.setTitle(self.tr("R&uns"))
        self.sweep_action.setText(self.tr("S&weep…"))
        self.cancel_sweep_action.setText(self.tr("&Cancel sweep"))
        self.lab_action.setText(self.tr("&Batch-size lab…"))
        self.step_action.setText(self.tr("S&tep"))
        self.stop_action.setText(self.tr("St&op"))
        self.reset_action.setText(self.tr("&Reset"))
        self.start_action.setText(self.tr("&Start"))
        self.compare_action.setText(self.tr("&Compare momentum forms"))
        for button, tip in (
            (self.start_button, self.tr("Train with these settings")),
            (self.pause_button, self.tr("Pause or resume between batches")),
            (self.step_button, self.tr("Exactly one optimizer.step(), then pause")),
            (self.stop_button, self.tr("End the run; its history is kept")),
            (self.reset_button, self.tr("Clear the plots and the counter")),
        ):
            keys = ", ".join(
                k.toString(QKeySequence.SequenceFormat.NativeText) for k in button.action.shortcuts()
            )
            button.setToolTip(f"{tip} ({keys})")
        self.x_axis_label.setText(self.tr("x axis:"))
        self.x_axis.setItemText(0, self.tr("optimizer step"))
        self.x_axis.setItemText(1, self.tr("epoch"))
        self.log_y.setText(self.tr("log-scale loss"))
        self.smoothing_label.setText(self.tr("smoothing:"))
        self.smoothing.setToolTip(
            self.tr(
                "Bias-corrected exponential moving average, as TensorBoard draws it: s ← w·s + (1 − w)·loss"
            )
        )
        self.file_menu.setTitle(self.tr("&File"))
        self.quit_action.setText(self.tr("&Quit"))
        self.run_menu.setTitle(self.tr("&Run"))
        self.view_menu.setTitle(self.tr("&View"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.help_action.setText(self.tr("SGD Lab &help"))
        self.about_action.setText(self.tr("&About SGD Lab"))
        self.about_qt_action.setText(self.tr("About &Qt"))
        self.retranslate_preferences()
        self.files.retranslate_ui()
        for view in self.findChildren(pg.GraphicsView):
            retranslate_plot_menus(view)
        self._refresh_actions()
        self.status_label.setText(self._status_text())
        if self.banner.isVisible():
            self.banner.setText(self._banner_text())

    def _dock(self, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        return dock

    def _build_actions(self) -> None:
        def action(keys: list[QKeySequence], slot, name: str) -> QAction:
            a = QAction(self)
            a.setObjectName(name)
            a.setShortcuts(keys)
            a.triggered.connect(slot)
            self.addAction(a)
            return a

        self.start_action = action(
            [QKeySequence("F5"), QKeySequence("Ctrl+Return")], self.start, "startAction"
        )
        self.pause_action = action([QKeySequence("F6")], self.toggle_pause, "pauseAction")
        self.step_action = action([QKeySequence("F10")], self.step, "stepAction")
        self.stop_action = action([QKeySequence("Shift+F5")], self.stop, "stopAction")
        self.reset_action = action([QKeySequence("Ctrl+R")], self.reset, "resetAction")
        self.compare_action = action([QKeySequence("Ctrl+M")], self.compare_forms, "compareAction")
        self.sweep_action = action([QKeySequence("F7")], self.open_sweep, "sweepAction")
        self.cancel_sweep_action = action([], lambda: self.sweep.cancel(), "cancelSweepAction")
        self.lab_action = action([QKeySequence("F8")], self.open_lab, "labAction")

    def _button(self, action: QAction, name: str) -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        button.action = action  # its text and tooltip follow the action (retranslate_ui)
        button.clicked.connect(action.trigger)
        button.setMinimumWidth(84)
        return button

    def _build_centre(self) -> QWidget:
        centre = QWidget()
        layout = QVBoxLayout(centre)
        layout.setContentsMargins(8, 6, 8, 6)

        bar = QHBoxLayout()
        self.start_button = self._button(self.start_action, "startButton")
        self.pause_button = self._button(self.pause_action, "pauseButton")
        self.step_button = self._button(self.step_action, "stepButton")
        self.stop_button = self._button(self.stop_action, "stopButton")
        self.reset_button = self._button(self.reset_action, "resetButton")
        self.start_button.setStyleSheet("font-weight: bold;")
        for b in (
            self.start_button,
            self.pause_button,
            self.step_button,
            self.stop_button,
            self.reset_button,
        ):
            bar.addWidget(b)
        bar.addStretch(1)
        layout.addLayout(bar)

        self.counter = IterationCounter()
        layout.addWidget(self.counter)
        self.banner = QLabel(objectName="messageBanner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        layout.addWidget(self.banner)

        self.loss_plot = LossPlot()
        self.loss_plot.hovered.connect(self._on_hover)
        options = QHBoxLayout()
        self.x_axis_label = QLabel()
        options.addWidget(self.x_axis_label)
        self.x_axis = QComboBox(objectName="xAxisCombo")
        self.x_axis.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.x_axis.addItem("", "step")
        self.x_axis.addItem("", "epoch")
        self.x_axis.currentIndexChanged.connect(lambda: self.loss_plot.set_x_mode(self.x_axis.currentData()))
        options.addWidget(self.x_axis)
        self.log_y = QCheckBox(objectName="logYCheck")
        self.log_y.toggled.connect(self.loss_plot.set_log_y)
        options.addWidget(self.log_y)
        options.addSpacing(12)
        self.smoothing_label = QLabel()
        options.addWidget(self.smoothing_label)
        self.smoothing = QSlider(Qt.Orientation.Horizontal, objectName="smoothingSlider")
        self.smoothing.setRange(0, 999)
        self.smoothing.setValue(round(self.loss_plot.smoothing * 1000))
        self.smoothing.setMaximumWidth(160)
        self.smoothing_value = QLabel(f"{self.loss_plot.smoothing:.3f}")
        self.smoothing.valueChanged.connect(self._on_smoothing)
        options.addWidget(self.smoothing)
        options.addWidget(self.smoothing_value)
        options.addStretch(1)
        self.readout = QLabel(objectName="hoverReadout")
        options.addWidget(self.readout)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.loss_plot, 1)
        top_layout.addLayout(options)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        self.epoch_plot = EpochPlot()
        self.accuracy_plot = AccuracyPlot()
        bottom.addWidget(self.epoch_plot)
        bottom.addWidget(self.accuracy_plot)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        layout.addWidget(split, 1)
        return centre

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = self.file_menu = menu.addMenu("")
        self.build_presets_menu(menu)
        quit_action = self.quit_action = QAction(self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.files.add_to(file_menu)
        run_menu = self.run_menu = menu.addMenu("")
        for a in (
            self.start_action,
            self.pause_action,
            self.step_action,
            self.stop_action,
            self.reset_action,
        ):
            run_menu.addAction(a)
        runs_menu = self.runs_menu = menu.addMenu("")
        for a in (self.sweep_action, self.cancel_sweep_action, self.lab_action):
            runs_menu.addAction(a)
        view_menu = self.view_menu = menu.addMenu("")
        for dock in self.findChildren(QDockWidget):  # every dock, in the order they were made
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addSeparator()
        self.build_preferences_menus(view_menu)
        help_menu = self.help_menu = menu.addMenu("")
        self.help_action = QAction(self, objectName="helpAction")
        self.help_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.help_action.triggered.connect(lambda: self.show_help())
        self.about_action = QAction(self, objectName="aboutAction")
        self.about_action.triggered.connect(self._about)
        self.about_qt_action = QAction(self, objectName="aboutQtAction")
        self.about_qt_action.triggered.connect(lambda: QMessageBox.aboutQt(self))
        for a in (self.help_action, self.about_action, self.about_qt_action):
            help_menu.addAction(a)

    def show_help(self, topic: str = "") -> None:
        """Open the help dock at ``topic`` (an anchor: epoch, batch, iteration, step, zero_grad,
        momentum, lr)."""
        if not topic:  # F1: the topic of the control that has the focus, if it has one
            widget = QApplication.focusWidget()
            while widget is not None and not widget.property("helpTopic"):
                widget = widget.parentWidget()
            topic = widget.property("helpTopic") if widget is not None else ""
        self.help_dock.show()
        self.help_dock.raise_()
        self.help.show_topic(topic)

    # -- the run -------------------------------------------------------------------------------
    @property
    def controller(self):
        """The worker-thread controller, made on first use (importing torch then, not at start-up)."""
        if self._controller is None:
            from gui.threads.worker import TrainingController

            self._controller = TrainingController(self)
            self._controller.run_started.connect(self._on_run_started)
            self._controller.progress.connect(self._on_progress)
            self._controller.paused.connect(self._on_paused)
            self._controller.finished.connect(self._on_finished)
        return self._controller

    def start(self, single_step: bool = False, config: TrainConfig | None = None) -> bool:
        """Start a run with the controls' settings, or with ``config`` (a sweep's run);
        ``single_step``: pause after the first step."""
        if self.state != IDLE or self.lab.busy:
            return False
        if config is None:
            if self.controls.errors():
                return False
            config = self.controls.config()  # the inspector's picker already follows it
        try:
            self.controller.start(config, single_step=single_step, watch=self._watch_list(config))
        except ConfigError as exc:  # e.g. CUDA asked for but absent: shown at the field
            message = exc.message
            self.controls.show_error(exc.field, core_text(message))
            self._show_banner(lambda: self.tr("Cannot start: {0}").format(core_text(message)), error=True)
            return False
        self._run_config = config
        per_epoch = self._reset_plots(config)
        self.counter.prepare(config.epochs, per_epoch)
        self.inspector.begin_run(config, per_epoch)
        if self._landscape_applies(config):
            self._load_landscape(config)
            self.landscape.begin_run(
                lambda: self.tr("α = {0:g}, β = {1:g}, batch {2}").format(
                    config.lr, config.momentum, config.batch_size
                )
            )
        self._has_data = True
        self.banner.setVisible(False)
        self._set_state(RUNNING)
        self._set_status(lambda: self.tr("Preparing the data and the model…"))
        return True

    def _reset_plots(self, config: TrainConfig) -> int:
        """Empty plots whose axes span a run of ``config`` (unchanged axes are not drawn again);
        returns its iterations per epoch."""
        per_epoch = steps_per_epoch(config.samples, config.batch_size, config.drop_last)
        self.loss_plot.reset(per_epoch, config.task, config.epochs)
        self.epoch_plot.reset(config.task, config.epochs)
        self.accuracy_plot.reset(config.task, config.epochs)
        return per_epoch

    def toggle_pause(self) -> None:
        if self.state == RUNNING:
            self.controller.pause()
            self._set_state(PAUSED)
            self._set_status(lambda: self.tr("Pausing before the next batch…"))
        elif self.state == PAUSED:
            self.controller.resume()
            self._set_state(RUNNING)
            self._set_status(lambda: self.tr("Training…"))

    def step(self) -> None:
        """One ``optimizer.step()``, then pause (starts a run when none is going)."""
        if self.state == IDLE:
            self.start(single_step=True)
        elif self.state in (RUNNING, PAUSED):
            self.controller.step()
            self._set_status(lambda: self.tr("Taking one optimizer.step()…"))

    def stop(self) -> None:
        if self.state in (RUNNING, PAUSED):
            self.controller.stop()
            self._set_state(STOPPING)
            self._set_status(lambda: self.tr("Stopping after the current batch…"))

    def reset(self) -> None:
        """Clear the plots and the counter (between runs)."""
        if self.state != IDLE:
            return
        self._has_data = False
        if self.controls.config().errors():  # valid settings: the plots are reset to their run below
            self.loss_plot.reset(1)
            self.epoch_plot.reset()
            self.accuracy_plot.reset()
        self.banner.setVisible(False)
        self._on_controls_changed()
        self._set_state(IDLE)
        self._set_status(lambda: self.tr("Ready."))

    # -- engine events (GUI thread) ------------------------------------------------------------
    def _on_run_started(self, info) -> None:
        c = info.config
        log.info("run started: %s", c.to_dict())
        self._set_status(
            lambda: self.tr("Training {0} on {1}: {2} training samples, batch {3}, on {4}").format(
                c.model, c.dataset, f"{info.train_samples:,}", c.batch_size, info.device
            )
        )

    def _on_progress(self, chunk) -> None:
        # Every chunk's losses are kept; the plot draws them when a frame is due and at epoch ends.
        self.loss_plot.append(
            chunk.loss, chunk.start, chunk.lr, draw=bool(chunk.epochs) or self.loss_plot.frame_due()
        )
        if self.sweep.active and len(chunk.loss):
            self.runs.set_sweep_fraction(chunk.end / max(1, self.counter.total_steps))
        if len(chunk.loss):
            self.counter.update_to(chunk.epoch, chunk.iteration, chunk.end, float(chunk.time_s[-1]))
        self.inspector.add_chunk(chunk)
        if self._landscape_applies(self._run_config) and chunk.watch is not None:
            w = self._watched_column(chunk, LANDSCAPE_ENTRIES[0])
            b = self._watched_column(chunk, LANDSCAPE_ENTRIES[1])
            self.landscape.append_path(w, b)
        if chunk.epochs:
            self.epoch_plot.add(chunk.epochs)
            self.accuracy_plot.add(chunk.epochs)
            for record in chunk.epochs:
                self.loss_plot.add_epoch_boundary(record.epoch)

    def _on_paused(self, steps_done: int) -> None:
        self.loss_plot.flush()  # the steps up to the pause, drawn
        trainer = self.controller.trainer
        if trainer is None or not trainer.is_paused or self.state == STOPPING:
            return
        self._set_state(PAUSED)
        self.inspector.show_latest()
        self._set_status(
            lambda: self.tr(
                "Paused after step {0}. Step (F10) takes one optimizer.step(); Resume (F6) goes on."
            ).format(f"{steps_done:,}")
        )

    def _on_finished(self, result) -> None:
        log.info("run %s: %s", result.status, result.message)
        self.loss_plot.flush()  # the last steps, drawn
        self.last_result = result
        self.inspector.show_latest()
        if self._landscape_applies(result.config):
            self.landscape.end_run()
        elif result.model is not None:
            from core.training.data import load_dataset

            c = result.config
            self.slice.set_source(
                result.model,
                load_dataset(c),
                lambda: self.tr("{0} on {1}, after {2} steps").format(
                    c.model, c.dataset, f"{result.history.size:,}"
                ),
            )
        self.counter.finish(result.history.size, result.elapsed_s)
        self._set_state(IDLE)
        if result.status in ("completed", "stopped"):
            self._set_status(lambda: sentence(result.message))
        elif result.status == "diverged":
            self._show_banner(
                lambda: self.tr("{0}. The loss left the range of floating-point numbers; the plots keep the finite steps. Try a smaller learning rate α.").format(
                    sentence(result.message)
                ),
                error=True,
            )  # fmt: skip
            self._set_status(lambda: core_text(result.message))
        else:
            self._show_banner(
                lambda: self.tr("The engine stopped with an error: {0}").format(result.message), error=True
            )
            self._set_status(lambda: self.tr("Error: {0}").format(result.message))
        self.run_finished.emit(result)
        self._next_comparison(result)

    # -- the runs kept ---------------------------------------------------------------------------
    @property
    def run_records(self) -> list:
        """Every run kept in the runs list (core.experiments.runs.RunRecord), oldest first."""
        return self.runs.records

    def set_run_records(self, records: list) -> None:
        """Replace the runs kept (e.g. from a workspace file) and say so with ``runs_changed``."""
        self.runs.set_records(records)
        self.runs_changed.emit()

    def show_result(self, result) -> None:
        """Draw a finished run (a loaded one, say) in the plots and the counter, as if it had just run."""
        if self.state != IDLE:
            return
        h = result.history
        if h.epochs:  # a loaded run may have trained on data imported earlier: ask its own numbers
            task = "classification" if h.epochs[0].val_accuracy is not None else "regression"
        else:
            try:
                task = result.config.task
            except KeyError:
                task = "classification"
        self.loss_plot.reset(result.steps_per_epoch, task, result.config.epochs)
        self.loss_plot.append(np.array(h.loss), 0, np.array(h.column("lr")))
        self.epoch_plot.reset(task, result.config.epochs)
        self.accuracy_plot.reset(task, result.config.epochs)
        if h.epochs:
            self.epoch_plot.add(tuple(h.epochs))
            self.accuracy_plot.add(tuple(h.epochs))
            for record in h.epochs:
                self.loss_plot.add_epoch_boundary(record.epoch)
        per_epoch = max(1, result.steps_per_epoch)
        self.counter.prepare(result.config.epochs, per_epoch)
        if h.size:
            last = h.size - 1
            self.counter.update_to(last // per_epoch + 1, last % per_epoch + 1, h.size, result.elapsed_s)
        self.counter.finish(h.size, result.elapsed_s)
        self.last_result = result
        self._has_data = True

    # -- the step inspector, the landscape and the momentum forms --------------------------------
    @staticmethod
    def _landscape_applies(config: TrainConfig | None) -> bool:
        return config is not None and config.model == "linear" and config.dataset == "linear-1d"

    def _load_landscape(self, config: TrainConfig) -> None:
        """Give the landscape the two-parameter model's data (small; generated once, then cached)."""
        from core.training.data import load_dataset

        data = load_dataset(config)
        self.landscape.set_data(data.x_train[:, 0].numpy(), data.y_train.numpy())

    def _watch_list(self, config: TrainConfig) -> list:
        return self.inspector.watch_list(LANDSCAPE_ENTRIES if self._landscape_applies(config) else [])

    def _on_watch_changed(self, _entries: list) -> None:
        if self.state in (RUNNING, PAUSED):
            self.controller.set_watch(self._watch_list(self._run_config))

    @staticmethod
    def _watched_column(chunk, entry) -> np.ndarray:
        """The value after each step of one watched entry over the chunk's steps (NaN where that
        entry was not watched)."""
        out = np.full(len(chunk.loss), np.nan)
        bounds = [first for first, _ in chunk.segments] + [chunk.end + 1]
        for (first, entries), stop in zip(chunk.segments, bounds[1:], strict=False):
            lo, hi = max(first, chunk.start + 1), min(stop, chunk.end + 1)
            if lo < hi and entry in entries:
                out[lo - chunk.start - 1 : hi - chunk.start - 1] = chunk.watch[
                    lo - chunk.start - 1 : hi - chunk.start - 1, entries.index(entry), AFTER
                ]
        return out

    def compare_forms(self) -> None:
        """Train the current settings with PyTorch's SGD, then with the article's form, and overlay."""
        if self.state != IDLE or self.controls.errors():
            return
        config = self.controls.config()
        if config.momentum == 0:
            self.controls.momentum.setValue(0.9)
            config = self.controls.config()
        self._compare_queue = [config.replace(optimizer="sgd"), config.replace(optimizer="sgd-manual")]
        self._compare_results = {}
        self._compare_origin = config
        self._comparing = True
        self.forms_dock.raise_()
        self._next_comparison(None)

    def _next_comparison(self, result) -> None:
        """After each run of a comparison: start the next form, or show both."""
        if not self._comparing:
            return
        if result is not None:
            self._compare_results[result.config.optimizer] = result
            if result.status != "completed":
                self._comparing, self._compare_queue = False, []
                self.controls.set_config(self._compare_origin)
                return
        if self._compare_queue:
            self.controls.set_config(self._compare_queue.pop(0))
            self.start()
            return
        self._comparing = False
        self.controls.set_config(self._compare_origin)  # the learner's own settings back
        self.forms.show_results(self._compare_results, self.inspector.entry())
        schedule = result.config.lr_schedule
        self._set_status(
            lambda: self.tr("Compared PyTorch's SGD and the article's form: same seed, {0} schedule.").format(
                term(schedule)
            )
        )

    # -- runs, sweeps and the batch-size lab -----------------------------------------------------
    def _keep_run(self, result) -> None:
        if result.history.size:
            self.runs.add_result(result)

    def open_sweep(self) -> None:
        """Ask for the hyperparameter and values, then train them one after another."""
        if self.state != IDLE or self.sweep.active or self.lab.busy or self.controls.errors():
            return
        dialog = SweepDialog(self.controls.config(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.run_sweep(dialog.configs())

    def run_sweep(self, configs: list[TrainConfig]) -> bool:
        if self.state != IDLE or self.lab.busy:
            return False
        self.runs_dock.show()
        self.runs_dock.raise_()
        return self.sweep.start(configs)

    def _on_sweep_progress(self, done: int, total: int, config) -> None:
        if config is not None:

            def text() -> str:
                return self.tr("Sweep run {0} of {1}: batch {2}, α = {3:g}, β = {4:g}").format(
                    done + 1, total, config.batch_size, config.lr, config.momentum
                )

            self.runs.show_sweep((done, total, text))
        self._refresh_actions()

    def _on_sweep_ended(self, how: str, done: int) -> None:
        def text() -> str:
            texts = {
                "completed": self.tr("Sweep finished: {0} runs in the list."),
                "cancelled": self.tr("Sweep cancelled after {0} runs; they stay in the list."),
                "failed": self.tr("Sweep ended: a run could not start after {0} runs."),
            }
            return texts[how].format(done)

        self.runs.end_sweep(text)
        self._set_status(text)
        self._refresh_actions()

    def open_lab(self) -> None:
        self.lab_dock.show()
        self.lab_dock.raise_()

    def _on_live_changed(self, name: str, value: float) -> None:
        if self.state not in (RUNNING, PAUSED):
            return
        try:
            self.controller.set_hyperparameters(**{name: value})
        except ConfigError as exc:
            self.controls.show_error(exc.field, self.tr("not applied: {0}").format(core_text(exc.message)))
            return
        symbol = "α" if name == "lr" else "β"
        self._set_status(lambda: self.tr("{0} = {1:g} from the next step on").format(symbol, value))

    # -- view ----------------------------------------------------------------------------------
    def _on_controls_changed(self) -> None:
        config = self.controls.config()
        if not config.errors():
            applies = self._landscape_applies(config)
            if applies and self.state == IDLE and self.landscape.stability()["lr_critical"] is None:
                self._load_landscape(config)
            self.landscape.set_hyperparameters(config.lr, config.momentum)
            bound = self.landscape.stability()["lr_critical"]
            if applies and bound and config.lr >= bound:  # a warning next to α, not a refusal
                self.controls.show_error(
                    "lr",
                    self.tr(
                        "past the stability bound (2 + 2β)/λ_max = {0:.4g}: full-batch steps diverge"
                    ).format(bound),
                )
            if self.state == IDLE:
                self.inspector.set_config(config)
                applies = self._landscape_applies(config)
                self.landscape.set_available(applies)
                self.landscape_stack.setCurrentWidget(self.landscape if applies else self.slice)
        if self.state == IDLE:
            self._refresh_actions()
            if not self._has_data:
                c = self.controls.config()
                self.counter.prepare_for(c.samples, c.batch_size, c.drop_last, c.epochs)
                if not c.errors():  # the empty plots span the run the settings describe
                    self._reset_plots(c)

    def _on_smoothing(self, value: int) -> None:
        self.loss_plot.set_smoothing(value / 1000)
        self.smoothing_value.setText(f"{value / 1000:.3f}")

    def _on_hover(self, text: str) -> None:
        self.readout.setText(text)

    def _set_state(self, state: str) -> None:
        self.state = state
        self._refresh_actions()
        self.controls.set_running(state != IDLE)
        self.state_changed.emit(state)

    def _refresh_actions(self) -> None:
        """Enable what can apply in the current state; the buttons mirror their actions."""
        state = self.state
        idle, running, paused = state == IDLE, state == RUNNING, state == PAUSED
        valid = (not self.controls.errors() and not self.lab.busy) if idle else True
        self.start_action.setEnabled(idle and valid)
        self.step_action.setEnabled((idle and valid) or running or paused)
        self.sweep_action.setEnabled(idle and valid and not self.sweep.active)
        self.cancel_sweep_action.setEnabled(self.sweep.active)
        self.lab.set_blocked(not idle or self.sweep.active)
        self.pause_action.setEnabled(running or paused)
        self.stop_action.setEnabled(running or paused)
        self.reset_action.setEnabled(idle)
        self.compare_action.setEnabled(idle and valid)
        self.pause_action.setText(self.tr("&Resume") if paused else self.tr("&Pause"))
        for button, action in (
            (self.start_button, self.start_action),
            (self.pause_button, self.pause_action),
            (self.step_button, self.step_action),
            (self.stop_button, self.stop_action),
            (self.reset_button, self.reset_action),
        ):
            button.setEnabled(action.isEnabled())
            button.setText(plain(action.text()))

    def _set_status(self, text) -> None:
        """The status line: a text, or a function making it (made again when the language changes)."""
        self._status_text = text if callable(text) else (lambda: text)
        self.status_label.setText(self._status_text())

    def _show_banner(self, text, error: bool = False) -> None:
        self._banner_text = text if callable(text) else (lambda: text)
        self._banner_error = error
        self.banner.setStyleSheet(theme.banner_css(error))
        self.banner.setText(self._banner_text())
        self.banner.setVisible(True)

    def restyle(self) -> None:
        """Colours that follow the theme (called by gui.theme after a switch)."""
        if self.banner.isVisible():
            self.banner.setStyleSheet(theme.banner_css(self._banner_error))

    def _about(self) -> None:
        QMessageBox.about(self, self.tr("About SGD Lab"), about_text(__version__))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Closing mid-run stops the run and waits for the worker thread before the window goes."""
        self.sweep.cancel()  # no next run may start while the window closes
        if self._controller is not None:
            self._controller.shutdown()
        self.slice.shutdown()
        self.lab.shutdown()
        self.save_preferences()
        super().closeEvent(event)
