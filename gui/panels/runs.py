"""Finished runs side by side: the runs list, the comparison plot with its one-click x axis, and the
sweep (one hyperparameter, several values, trained one after another on the window's worker)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.experiments.queue import QueueEnd, RunQueue
from core.experiments.runs import X_AXES, RunRecord, loss_of, x_values
from core.experiments.sweep import DEFAULT_VALUES, parse_sweep, sweep_configs
from core.training.config import ConfigError, TrainConfig
from core.training.smoothing import ema
from core.training.steps import run_steps_per_epoch
from gui import theme
from gui.accessibility import name_plot
from gui.i18n import RetranslatableText, Retranslating, display, message_text
from gui.session_qt import SessionSignals

# Ten colours that stay apart from each other on white (Tableau 10).
PALETTE = (
    (31, 119, 180),
    (255, 127, 14),
    (44, 160, 44),
    (214, 39, 40),
    (148, 103, 189),
    (140, 86, 75),
    (227, 119, 194),
    (127, 127, 127),
    (188, 189, 34),
    (23, 190, 207),
)
SMOOTHING = 0.9  # EMA weight of the smoothed mini-batch loss
Y_CHOICES = ("smoothed", "raw", "val_loss", "val_accuracy")


def colour_of(run_id: int) -> tuple[int, int, int]:
    """The palette's ten for runs 1 … 10, then hues a golden angle apart (never a palette colour
    again), so that run #11 is not run #1's blue."""
    if 1 <= run_id <= len(PALETTE):
        return PALETTE[run_id - 1]
    k = run_id - len(PALETTE)
    hue = (0.05 + 0.381966 * k) % 1.0  # 1 − 1/φ of a turn: neighbours stay far apart
    value = (0.55, 0.75, 0.95)[k % 3]
    colour = pg.QtGui.QColor.fromHsvF(hue, 0.85, value)
    return colour.red(), colour.green(), colour.blue()


LOSS_NAMES = {  # the loss of each task, as the tooltips, the axis and the warning name it
    "cross-entropy": lambda: QCoreApplication.translate("RunsPanel", "cross-entropy"),
    "mse": lambda: QCoreApplication.translate("RunsPanel", "MSE"),
}


def default_name(run_id: int, result) -> str:
    c = result.config
    name = f"#{run_id} {c.dataset} {c.model} B={c.batch_size} α={c.lr:g} β={c.momentum:g}"
    if c.optimizer != "sgd":
        name += f" {c.optimizer}"
    if result.status != "completed":
        statuses = {
            "stopped": QCoreApplication.translate("RunsPanel", "stopped"),
            "diverged": QCoreApplication.translate("RunsPanel", "diverged"),
            "error": QCoreApplication.translate("RunsPanel", "error"),
        }
        name += f" ({statuses.get(result.status, result.status)})"
    return name


def curve(result, axis: str, y: str) -> tuple[np.ndarray, np.ndarray]:
    """What the comparison plot draws for one run: x on ``axis`` (see :data:`core.experiments.runs.X_AXES`) and
    the chosen y (:data:`Y_CHOICES`): per step, or per epoch at each epoch's last step."""
    x = x_values(result, axis)
    h = result.history
    if y in ("smoothed", "raw"):
        loss = h.loss[: h.size]
        values = ema(loss, SMOOTHING)[0] if y == "smoothed" else loss.astype(np.float64, copy=True)
        return x, values
    ends = np.cumsum([e.steps for e in h.epochs], dtype=np.int64) - 1
    ends = ends[(ends >= 0) & (ends < len(x))]
    if y == "val_loss":
        values = np.array([e.val_loss for e in h.epochs[: len(ends)]], dtype=np.float64)
    else:
        values = np.array(
            [np.nan if e.val_accuracy is None else e.val_accuracy for e in h.epochs[: len(ends)]],
            dtype=np.float64,
        )
    return x[ends], values


class RunsPanel(Retranslating, QWidget):
    """The runs list (check to draw, double-click or F2 to rename, Delete to remove) above the
    comparison plot, whose x axis is one click: steps, epochs, samples seen or seconds."""

    def __init__(self, signals: SessionSignals, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("runsPanel")
        self.session = signals.session  # the runs list is the session's
        self._items: dict[int, pg.PlotDataItem] = {}
        self._sweep_done = 0
        self.axis = "step"
        self.y_choice = "smoothed"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)

        self._sweep_state: tuple[int, int, Callable[[], str]] | None = None
        self._sweep_text = RetranslatableText()
        bar = QHBoxLayout()
        self.x_label = QLabel()
        bar.addWidget(self.x_label)
        self.x_axis = QWidget(objectName="compareXAxis")
        row = QHBoxLayout(self.x_axis)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.x_buttons = QButtonGroup(self)
        self.x_buttons.setExclusive(True)
        for axis in X_AXES:
            button = QPushButton(objectName=f"compareX_{axis}")
            button.setCheckable(True)
            button.setChecked(axis == self.axis)
            button.clicked.connect(lambda _=False, a=axis: self.set_x_axis(a))
            self.x_buttons.addButton(button)
            row.addWidget(button)
        bar.addWidget(self.x_axis)
        bar.addStretch(1)
        ybar = QHBoxLayout()
        self.y_label = QLabel()
        ybar.addWidget(self.y_label)
        self.y_axis = QComboBox(objectName="compareYAxis")
        for key in Y_CHOICES:
            self.y_axis.addItem(key, key)
        self.y_axis.currentIndexChanged.connect(lambda: self.set_y(self.y_axis.currentData()))
        ybar.addWidget(self.y_axis)
        self.log_y = QCheckBox(objectName="compareLogY")
        self.log_y.toggled.connect(lambda on: self.plot.setLogMode(y=on))
        ybar.addWidget(self.log_y)
        self.only_sweep = QCheckBox(objectName="onlyLastSweep")  # a new sweep beside old long runs
        self.only_sweep.setEnabled(False)
        self.only_sweep.toggled.connect(lambda _on: self._redraw())
        ybar.addWidget(self.only_sweep)
        ybar.addStretch(1)
        self.last_sweep: tuple[int, ...] = ()  # the run ids of the last sweep
        self._sweep_from: int | None = None  # the first id of the sweep going on
        self.units_warning = QLabel(objectName="compareUnitsWarning")  # losses of different units drawn
        self.units_warning.setWordWrap(True)
        self.units_warning.setStyleSheet(f"color: {theme.colours().error};")
        self.units_warning.setVisible(False)

        self.plot = pg.PlotWidget(background="w")
        self.plot.setObjectName("comparePlot")
        item = self.plot.getPlotItem()
        item.setDownsampling(auto=True, mode="peak")
        item.setClipToView(True)
        item.showGrid(x=True, y=True, alpha=0.15)
        for side in ("left", "bottom"):
            item.getAxis(side).enableAutoSIPrefix(False)
            item.getAxis(side).setTextPen(pg.mkPen(60, 60, 60))
        self.legend = item.addLegend(offset=(-10, 10), labelTextColor=(40, 40, 40))
        self.empty = pg.TextItem("", color=theme.colours().muted, anchor=(0.5, 0.5))
        item.addItem(self.empty)
        self.empty.setPos(0.5, 0.5)
        item.setXRange(0, 1)
        item.setYRange(0, 1)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(bar)
        top_layout.addLayout(ybar)
        top_layout.addWidget(self.units_warning)
        top_layout.addWidget(self.plot, 1)

        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget(objectName="runsList")
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.list.setEditTriggers(
            QListWidget.EditTrigger.DoubleClicked | QListWidget.EditTrigger.EditKeyPressed
        )
        self.list.itemChanged.connect(self._on_item_changed)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_selected)
        bottom_layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.sweep_button = QPushButton(objectName="sweepButton")
        self.sweep_button.clicked.connect(self.open_sweep)
        self.delete_button = QPushButton(objectName="deleteRunsButton")
        self.delete_button.clicked.connect(self.remove_selected)
        self.show_all = QPushButton(objectName="drawAllRunsButton")
        self.show_all.clicked.connect(lambda: self._check_all(True))
        self.hide_all = QPushButton(objectName="drawNoRunsButton")
        self.hide_all.clicked.connect(lambda: self._check_all(False))
        for b in (self.sweep_button, self.delete_button, self.show_all, self.hide_all):
            b.setMinimumWidth(0)
            buttons.addWidget(b)
        buttons.addStretch(1)
        bottom_layout.addLayout(buttons)
        sweep_row = QHBoxLayout()
        self.sweep_progress = QProgressBar(objectName="sweepProgress")
        self.sweep_progress.setTextVisible(True)
        self.sweep_cancel = QPushButton(objectName="sweepCancelButton")
        self.sweep_cancel.clicked.connect(self.session.cancel_queue)
        sweep_row.addWidget(self.sweep_progress, 1)
        sweep_row.addWidget(self.sweep_cancel)
        bottom_layout.addLayout(sweep_row)
        self.sweep_label = QLabel(objectName="sweepStatus")
        self.sweep_label.setWordWrap(True)
        bottom_layout.addWidget(self.sweep_label)
        self.show_sweep(None)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout.addWidget(split, 1)
        self.retranslate_ui()
        signals.runs.connect(self._rebuild)
        signals.queue.connect(self._on_queue)
        signals.chunk.connect(self._on_chunk)

    def retranslate_ui(self) -> None:
        self.x_label.setText(self.tr("x axis:"))
        self.x_axis.setToolTip(
            self.tr(
                "The same runs against optimizer steps, epochs, samples seen or seconds: a small batch "
                "takes more steps per epoch, so it looks fast per epoch and slow per step."
            )
        )
        names = {
            "step": self.tr("steps"),
            "epoch": self.tr("epochs"),
            "samples": self.tr("samples seen"),
            "seconds": self.tr("seconds"),
        }
        for button in self.x_buttons.buttons():
            button.setText(names[button.objectName().removeprefix("compareX_")])
        self.y_label.setText(self.tr("y axis:"))
        ynames = {
            "smoothed": self.tr("mini-batch loss (smoothed)"),
            "raw": self.tr("mini-batch loss (raw)"),
            "val_loss": self.tr("validation loss (per epoch)"),
            "val_accuracy": self.tr("validation accuracy (per epoch)"),
        }
        for i in range(self.y_axis.count()):
            self.y_axis.setItemText(i, ynames[self.y_axis.itemData(i)])
        self.log_y.setText(self.tr("log y"))
        self.only_sweep.setText(self.tr("only the last sweep"))
        self.only_sweep.setToolTip(self.tr("Draw the last sweep's runs alone, on axes of their own"))
        self.empty.setText(self.tr("Finished and stopped runs appear here. Train a few, or use Sweep…"))
        self.list.setToolTip(
            self.tr("Tick a run to draw it; double-click or F2 renames it; Delete removes it.")
        )
        self.sweep_button.setText(self.tr("Sweep…"))
        self.sweep_button.setToolTip(
            self.tr("Train the current settings for several batch sizes, α or β, one after another")
        )
        self.delete_button.setText(self.tr("Delete"))
        self.show_all.setText(self.tr("Draw all"))
        self.hide_all.setText(self.tr("Draw none"))
        self.sweep_cancel.setText(self.tr("Cancel sweep"))
        for i in range(self.list.count()):
            item = self.list.item(i)
            record = self.record(item.data(Qt.ItemDataRole.UserRole))
            if record is not None:
                item.setToolTip(self._tooltip(record.result))
        self._show_sweep_texts()
        self._update_axis_label()
        self.list.setAccessibleName(self.tr("Runs kept"))

    # -- the list ----------------------------------------------------------------------------------
    def open_sweep(self) -> bool:
        """Ask for the hyperparameter and values, then train them one after another."""
        if not self.session.can_start() or self.session.queue_active:
            return False
        dialog = SweepDialog(self.session.draft, self)
        return dialog.exec() == QDialog.DialogCode.Accepted and self.run_sweep(dialog.configs())

    def run_sweep(self, configs: list[TrainConfig]) -> bool:
        """Train ``configs`` one after another on the session's runner; each joins the list."""
        return self.session.run_queue(RunQueue(configs, kind="sweep"))

    @property
    def records(self) -> list[RunRecord]:
        return self.session.runs.records

    def add_result(self, result, name: str | None = None) -> RunRecord:
        """Keep a finished or stopped run in the session's runs list."""
        return self.session.keep_run(result, name or default_name(self.session.runs.next_id, result))

    def set_records(self, records: list[RunRecord]) -> None:
        """Replace the whole list (a workspace was opened): ids, names and visibility as given."""
        self.session.set_runs(records)

    def _rebuild(self) -> None:
        """The list and the plot as the session's runs list holds them."""
        self.list.blockSignals(True)
        self.list.clear()
        self.list.blockSignals(False)
        for record in self.records:
            self._append(record)
        self._redraw()

    def _name_colour(self, run_id: int):
        """A run's name in its curve's colour, darkened or lightened until it reads at 4.5:1 on the list."""
        base = QApplication.palette().color(QPalette.ColorRole.Base)  # the list's, also mid-switch
        return theme.legible(pg.mkColor(colour_of(run_id)), base)

    def restyle(self) -> None:
        """The runs' names in colours legible on the new theme's background (gui.theme calls it)."""
        self.list.blockSignals(True)  # a colour is no rename: no redraw
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setForeground(self._name_colour(item.data(Qt.ItemDataRole.UserRole)))
        self.list.blockSignals(False)
        self.empty.setColor(theme.colours().muted)
        self.units_warning.setStyleSheet(f"color: {theme.colours().error};")

    def _append(self, record: RunRecord) -> None:
        run_id, result = record.run_id, record.result
        item = QListWidgetItem(record.name)
        item.setData(Qt.ItemDataRole.UserRole, run_id)
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsEditable
            | Qt.ItemFlag.ItemIsUserCheckable
        )
        item.setCheckState(Qt.CheckState.Checked if record.visible else Qt.CheckState.Unchecked)
        item.setForeground(self._name_colour(run_id))
        item.setToolTip(self._tooltip(result))
        self.list.blockSignals(True)
        self.list.addItem(item)
        self.list.blockSignals(False)

    def _tooltip(self, result) -> str:
        c = result.config
        loss = loss_of(result)
        text = self.tr("{0} on {1}, {2} training samples, {3} epochs, seed {4}: {5}").format(
            display("model", c.model), display("dataset", c.dataset), f"{c.samples:,}", c.epochs, c.seed,
            message_text(result.msg or result.message),
        )  # fmt: skip
        return text if loss is None else self.tr("{0} loss. {1}").format(LOSS_NAMES[loss](), text)

    def record(self, run_id: int) -> RunRecord | None:
        return self.session.runs.record(run_id)

    def item(self, run_id: int) -> QListWidgetItem | None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == run_id:
                return self.list.item(i)
        return None

    def remove(self, run_ids) -> None:
        self.session.remove_runs(run_ids)

    def remove_selected(self) -> None:
        """Remove the selected runs; the run that takes the first one's place is selected next, so
        that Delete can go on without a click."""
        rows = sorted(self.list.row(item) for item in self.list.selectedItems())
        if not rows:
            return
        self.remove([item.data(Qt.ItemDataRole.UserRole) for item in self.list.selectedItems()])
        if self.list.count():
            row = min(rows[0], self.list.count() - 1)
            self.list.setCurrentRow(row)
            self.list.item(row).setSelected(True)

    def _check_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            self.list.item(i).setCheckState(state)
        self.list.blockSignals(False)
        for r in self.records:
            r.visible = on
        self._redraw()

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        record = self.record(item.data(Qt.ItemDataRole.UserRole))
        if record is None:
            return
        name = item.text().strip()
        if not name:  # an empty name is refused: the old one comes back
            self.list.blockSignals(True)
            item.setText(record.name)
            self.list.blockSignals(False)
        else:
            record.name = name
        record.visible = item.checkState() == Qt.CheckState.Checked
        self._redraw()

    # -- the plot ----------------------------------------------------------------------------------
    def set_x_axis(self, axis: str) -> None:
        if axis not in X_AXES:
            raise ValueError(f"unknown x axis {axis!r}")
        self.axis = axis
        for button in self.x_buttons.buttons():
            button.setChecked(button.objectName() == f"compareX_{axis}")
        self._update_axis_label()
        self._redraw()

    def set_y(self, choice: str) -> None:
        self.y_choice = choice
        index = self.y_axis.findData(choice)
        if index != self.y_axis.currentIndex():
            self.y_axis.setCurrentIndex(index)
        self._redraw()

    def curve_data(self, run_id: int) -> tuple[np.ndarray, np.ndarray] | None:
        """The data drawn for a run (None when it is not drawn)."""
        item = self._items.get(run_id)
        if item is None:
            return None
        return item.xData, item.yData

    def _update_axis_label(self) -> None:
        labels = {
            "step": self.tr("optimizer.step()"),
            "epoch": self.tr("epoch"),
            "samples": self.tr("samples seen"),
            "seconds": self.tr("training time (s)"),
        }
        self.plot.setLabel("bottom", labels[self.axis])
        ylabels = {
            "smoothed": self.tr("mini-batch loss (EMA {0})").format(SMOOTHING),
            "raw": self.tr("mini-batch loss"),
            "val_loss": self.tr("validation loss"),
            "val_accuracy": self.tr("validation accuracy"),
        }
        losses = self._drawn_losses()
        if self.y_choice != "val_accuracy" and len(losses) == 1:  # the loss drawn, named on its axis
            ylabels[self.y_choice] = self.tr("{0}, {1}").format(
                ylabels[self.y_choice], LOSS_NAMES[losses[0]]()
            )
        self.plot.setLabel("left", ylabels[self.y_choice])
        mixed = self.y_choice != "val_accuracy" and len(losses) > 1
        self.units_warning.setVisible(mixed)
        self.units_warning.setText(
            self.tr(
                "The runs drawn mix {0} losses: their values are in different units and cannot be "
                "compared. Draw one kind at a time."
            ).format(self.tr(" and ").join(LOSS_NAMES[loss]() for loss in losses))
            if mixed
            else ""
        )
        name_plot(self.plot, self.tr("The runs compared"))

    def _shown(self) -> list[RunRecord]:
        """The runs drawn: ticked, with steps, and of the last sweep when only that is asked for."""
        kept = {r.run_id for r in self.records}
        only = (set(self.last_sweep) & kept) if self.only_sweep.isChecked() else None
        only = only or None  # none of the sweep's runs left: all are drawn
        return [
            r
            for r in self.records
            if r.visible and r.result.history.size > 0 and (only is None or r.run_id in only)
        ]

    def _drawn_losses(self) -> list[str]:
        return sorted({loss for r in self._shown() if (loss := loss_of(r.result)) is not None})

    def _redraw(self) -> None:
        item = self.plot.getPlotItem()
        for curve_item in self._items.values():
            item.removeItem(curve_item)
        self._items = {}
        self.legend.clear()
        self._update_axis_label()
        per_epoch = self.y_choice in ("val_loss", "val_accuracy")
        for record in self._shown():
            x, y = curve(record.result, self.axis, self.y_choice)
            colour = colour_of(record.run_id)
            pen = pg.mkPen(colour, width=2)
            if per_epoch:
                curve_item = pg.PlotDataItem(
                    x, y, pen=pen, symbol="o", symbolSize=6, symbolBrush=colour, symbolPen=colour,
                    name=record.name,
                )  # fmt: skip
            else:
                curve_item = pg.PlotDataItem(x, y, pen=pen, name=record.name, skipFiniteCheck=True)
            item.addItem(curve_item)
            self._items[record.run_id] = curve_item
        self.empty.setVisible(not self._items)
        if self._items:
            item.enableAutoRange()

    # -- the sweep's progress ----------------------------------------------------------------------
    def show_sweep(self, state: tuple[int, int, str | Callable[[], str]] | None) -> None:
        """``(runs done, runs in all, text)``, or None when no sweep is going. The text may be a
        function making it (made again when the language changes)."""
        active = state is not None
        self.sweep_progress.setVisible(active)
        self.sweep_cancel.setVisible(active)
        self.sweep_button.setEnabled(not active)
        self._sweep_state = state
        if active:
            done, total, text = state
            self._sweep_done = done
            self._sweep_text.set(text)
            self.sweep_progress.setRange(0, 100 * total)
            self.sweep_progress.setValue(100 * done)
        self._show_sweep_texts()

    def _show_sweep_texts(self) -> None:
        if self._sweep_state is not None:
            done, total, _ = self._sweep_state
            self.sweep_progress.setFormat(self.tr("sweep: {0} of {1} runs done").format(done, total))
        self.sweep_label.setText(self._sweep_text())

    def set_sweep_fraction(self, fraction: float) -> None:
        """How far the run in progress has gone (0 … 1), shown within the whole sweep's bar."""
        if self.sweep_progress.isVisible():
            part = round(100 * min(1.0, max(0.0, fraction)))
            self.sweep_progress.setValue(100 * self._sweep_done + part)

    def end_sweep(self, text: str | Callable[[], str]) -> None:
        self._sweep_text.set(text)
        self.show_sweep(None)

    def _on_queue(self, queue: RunQueue) -> None:
        if queue.kind != "sweep":
            return
        config, done, total = queue.current, queue.done, queue.total
        if queue.active and self._sweep_from is None:
            self._sweep_from = self.session.runs.next_id  # the sweep's runs get the ids from here on
        elif not queue.active and self._sweep_from is not None:
            self.last_sweep = tuple(r.run_id for r in self.records if r.run_id >= self._sweep_from)
            self._sweep_from = None
            self.only_sweep.setEnabled(bool(self.last_sweep))
            if self.only_sweep.isChecked():
                self._redraw()
        if queue.active and config is not None:

            def text() -> str:
                return self.tr("Sweep run {0} of {1}: batch {2}, α = {3:g}, β = {4:g}").format(
                    done + 1, total, config.batch_size, config.lr, config.momentum
                )

            self.show_sweep((done, total, text))
        elif not queue.active:
            self.end_sweep(lambda: self.sweep_end_text(queue))

    def sweep_end_text(self, queue: RunQueue) -> str:
        """How a sweep ended, in the current language."""
        texts = {
            QueueEnd.COMPLETED: self.tr("Sweep finished: {0} runs in the list."),
            QueueEnd.CANCELLED: self.tr("Sweep cancelled after {0} runs; they stay in the list."),
            QueueEnd.FAILED: self.tr("Sweep ended: a run could not start after {0} runs."),
        }
        return texts[queue.end].format(queue.done)

    def _on_chunk(self, chunk) -> None:
        queue = self.session.queue
        if queue is None or queue.kind != "sweep" or not queue.active or queue.current is None:
            return
        c = queue.current
        total = c.epochs * run_steps_per_epoch(c)
        if len(chunk.loss):
            self.set_sweep_fraction(chunk.end / max(1, total))


FIELD_NAMES = ("batch_size", "lr", "momentum")


class SweepDialog(Retranslating, QDialog):
    """Pick the hyperparameter and its values; OK is refused (with the reason) until they are valid."""

    def __init__(self, base: TrainConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sweepDialog")
        self.base = base
        self._configs: list[TrainConfig] = []
        self._error_text = RetranslatableText()
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.field = QComboBox(objectName="sweepField")
        for key in FIELD_NAMES:
            self.field.addItem(key, key)
        self.values = QLineEdit(objectName="sweepValues")
        self.scaling = QCheckBox(objectName="sweepLinearScaling")
        self.field_label = QLabel()
        self.field_label.setBuddy(self.field)
        self.values_label = QLabel()
        self.values_label.setBuddy(self.values)
        form.addRow(self.field_label, self.field)
        form.addRow(self.values_label, self.values)
        form.addRow("", self.scaling)
        layout.addLayout(form)
        self.error = QLabel(objectName="sweepError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {theme.colours().error};")  # legible in either theme
        layout.addWidget(self.error)
        # not the standard Ok button: the button box would set that one back to "OK" on a language change
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Return starts the sweep: the button box made Cancel the default (Return in the values cancelled)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        self.field.currentIndexChanged.connect(self._on_field)
        self.values.textEdited.connect(lambda: self._show_error(""))
        self._on_field()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Sweep a hyperparameter"))
        self.intro.setText(
            self.tr(
                "Trains the current settings once per value, one run after another, with the same "
                "model, data and seed. Each run joins the runs list as it finishes."
            )
        )
        names = {
            "batch_size": self.tr("batch size B"),
            "lr": self.tr("learning rate α"),
            "momentum": self.tr("momentum β"),
        }
        for i in range(self.field.count()):
            self.field.setItemText(i, names[self.field.itemData(i)])
        self.values.setPlaceholderText(self.tr("comma-separated values"))
        self.scaling.setText(
            self.tr("linear-scaling rule: α × B / {0} (Goyal et al. 2017)").format(self.base.batch_size)
        )
        self.field_label.setText(self.tr("&Hyperparameter"))
        self.values_label.setText(self.tr("&Values"))
        self.ok_button.setText(self.tr("Start sweep"))
        self.error.setText(self._error_text())

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.ok_button.setDefault(True)  # (the button box chooses its own default when it is shown)

    def _show_error(self, text: str | Callable[[], str]) -> None:
        self._error_text.set(text)
        self.error.setText(self._error_text())

    def _on_field(self) -> None:
        key = self.field.currentData()
        self.values.setText(", ".join(str(v) for v in DEFAULT_VALUES[key]))
        self.scaling.setEnabled(key == "batch_size")
        if key != "batch_size":
            self.scaling.setChecked(False)
        self._show_error("")

    def configs(self) -> list[TrainConfig]:
        return self._configs

    def accept(self) -> None:
        """Check the values against the config's limits; a bad one keeps the dialog open."""
        text = f"{self.field.currentData()}={self.values.text()}"
        try:
            spec = parse_sweep(text)
            self._configs = sweep_configs(self.base, spec, self.scaling.isChecked())
        except ConfigError as exc:
            msg = exc.msg
            self._show_error(lambda: message_text(msg))
            return
        super().accept()
