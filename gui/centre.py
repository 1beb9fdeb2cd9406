"""The window's centre: the iteration counter, the message banner and the live plots, as views of
the session (the run's chunks and the draft's arithmetic)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.session.state import RunState
from core.training.config import TrainConfig
from core.training.steps import run_iterations_per_epoch, run_steps_per_epoch
from gui import theme
from gui.i18n import RetranslatableText, Retranslating
from gui.panels.counter import IterationCounter
from gui.panels.plots import AccuracyPlot, EpochPlot, LossPlot
from gui.session_qt import SessionSignals


class ElidedLabel(QLabel):
    """A one-line label that takes only the room left beside it and cuts its text with "…" (the whole
    text in its tooltip): the loss plot's read-out, which must not squeeze the options beside it."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(0)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self._full = text
        self.setToolTip(text)
        self._elide()

    def text(self) -> str:
        """The whole text, as set (what is drawn may be cut)."""
        return self._full

    def shown_text(self) -> str:
        return super().text()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        metrics = self.fontMetrics()
        super().setText(metrics.elidedText(self._full, Qt.TextElideMode.ElideRight, max(0, self.width())))


class TrainingView(Retranslating, QWidget):
    """Counter, banner, the mini-batch loss plot with its options, and the per-epoch plots."""

    def __init__(self, signals: SessionSignals, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = signals.session
        self.banner_text = RetranslatableText()
        self.banner_error = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.counter = IterationCounter()
        layout.addWidget(self.counter)
        self.banner = QLabel(objectName="messageBanner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        layout.addWidget(self.banner)

        self.loss_plot = LossPlot()
        self.loss_plot.hovered.connect(lambda text: self.readout.setText(text))
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
        self.loss_plot.log_y_changed.connect(self._on_plot_log_y)
        options.addWidget(self.log_y)
        # K data-parallel workers: the loss is their mean; each worker's own curve on request.
        self.each_worker = QCheckBox(objectName="eachWorkerCheck")
        self.each_worker.toggled.connect(self.loss_plot.set_each_worker)
        self.each_worker.setVisible(False)
        options.addWidget(self.each_worker)
        options.addSpacing(12)
        self.smoothing_label = QLabel()
        options.addWidget(self.smoothing_label)
        self.smoothing = QSlider(Qt.Orientation.Horizontal, objectName="smoothingSlider")
        self.smoothing.setRange(0, 999)
        self.smoothing.setValue(round(self.loss_plot.smoothing * 1000))
        self.smoothing.setMaximumWidth(160)
        self.smoothing.setMinimumWidth(100)  # never squeezed by the read-out beside it
        self.smoothing_value = QLabel(f"{self.loss_plot.smoothing:.3f}")
        self.smoothing.valueChanged.connect(self._on_smoothing)
        options.addWidget(self.smoothing)
        options.addWidget(self.smoothing_value)
        options.addStretch(1)
        # The step under the mouse, on a line of its own: beside the options it squeezed them.
        self.readout = ElidedLabel(objectName="hoverReadout")
        self.readout.setFixedHeight(self.readout.fontMetrics().height() + 2)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.loss_plot, 1)
        top_layout.addLayout(options)
        top_layout.addWidget(self.readout)
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
        self.options_row = WrappingRow(top_layout, options, 4)  # x axis, log, workers | smoothing

        signals.draft.connect(self.show_draft)
        signals.catalogue.connect(self.show_draft)
        signals.run_begin.connect(self._on_run_begin)
        signals.chunk.connect(self._on_chunk)
        signals.paused.connect(lambda _steps: self.loss_plot.flush())
        signals.state.connect(lambda state: self.counter.set_paused(state == RunState.PAUSED))
        signals.run_finished.connect(self._on_finished)
        signals.shown.connect(self._on_shown)
        self.retranslate_ui()
        self.show_draft()

    def retranslate_ui(self) -> None:
        self.x_axis_label.setText(self.tr("x axis:"))
        self.x_axis.setItemText(0, self.tr("optimizer step"))
        self.x_axis.setItemText(1, self.tr("epoch"))
        self.x_axis.setMinimumWidth(self.x_axis.sizeHint().width())  # the row never squeezes its text
        self.log_y.setText(self.tr("log-scale loss"))
        self.each_worker.setText(self.tr("each worker"))
        self.each_worker.setToolTip(
            self.tr(
                "K data-parallel workers: the plot shows the mean of their mini-batch losses at every "
                "step (the loss of the global batch); checked, each worker's own loss too"
            )
        )
        self.smoothing_label.setText(self.tr("smoothing:"))
        self.smoothing.setToolTip(
            self.tr(
                "Bias-corrected exponential moving average, as TensorBoard draws it: s ← w·s + (1 − w)·loss"
            )
        )
        for box, label in ((self.x_axis, self.x_axis_label), (self.smoothing, self.smoothing_label)):
            box.setAccessibleName(label.text().rstrip(":："))  # a screen reader's name: the label's
        if self.banner.isVisible():
            self.banner.setText(self.banner_text())

    def restyle(self) -> None:
        if self.banner.isVisible():
            self.banner.setStyleSheet(theme.banner_css(self.banner_error))

    # -- the banner ----------------------------------------------------------------------------------
    def show_banner(self, text, error: bool = False) -> None:
        """A message above the plots: a text, or a function making it in the current language."""
        self.banner_text.set(text)
        self.banner_error = error
        self.banner.setStyleSheet(theme.banner_css(error))
        self.banner.setText(self.banner_text())
        self.banner.setVisible(True)

    def hide_banner(self) -> None:
        self.banner.setVisible(False)

    # -- views of the session ------------------------------------------------------------------------
    @property
    def has_data(self) -> bool:
        """Whether the plots show a run (live, finished or loaded), not the draft's empty span."""
        return self.session.shown is not None

    def _on_shown(self, result) -> None:
        if result is None:
            self.clear()
        else:
            self.show_result(result)

    def show_draft(self, *_args) -> None:
        """Between runs, before any run is shown: the counter and the empty plots span the run the
        settings describe."""
        if self.session.state != RunState.IDLE or self.has_data:
            return
        self.hide_banner()  # "Cannot start: …" was about the settings before this change
        c = self.session.draft
        self.counter.prepare_for(c.samples, c.batch_size, c.drop_last, c.epochs, c.accumulate, c.workers)
        if not self.session.errors():
            self.reset_plots(c)

    def clear(self) -> None:
        """Reset (between runs): the plots and the counter go back to the draft's span."""
        if self.session.errors():
            self.loss_plot.reset(1)
            self.epoch_plot.reset()
            self.accuracy_plot.reset()
        self.hide_banner()
        self.show_draft()

    def reset_plots(self, config: TrainConfig, task: str | None = None) -> int:
        """Empty plots whose axes span a run of ``config``; returns its optimizer steps per epoch
        (its iterations, unless gradients accumulate)."""
        task = task or self.session.catalogue.task(config)
        per_epoch = run_steps_per_epoch(config)
        self.loss_plot.reset(per_epoch, task, config.epochs, config.workers)
        self.each_worker.setVisible(config.workers > 1)
        self.epoch_plot.reset(task, config.epochs)
        try:
            val_samples = self.session.catalogue.val_samples(config)
        except KeyError:  # a loaded run's imported data, no longer there
            val_samples = None
        self.accuracy_plot.reset(task, config.epochs, val_samples)
        return per_epoch

    def _on_run_begin(self, config: TrainConfig) -> None:
        self.reset_plots(config)
        self.counter.prepare(
            config.epochs, run_iterations_per_epoch(config), config.accumulate, config.workers
        )
        self.hide_banner()

    def _on_chunk(self, chunk) -> None:
        # Every chunk's losses are kept; the plot draws them when a frame is due and at epoch ends.
        if chunk.worker_loss is not None:  # kept before the mean's frame draws them
            self.loss_plot.append_workers(chunk.worker_loss)
        self.loss_plot.append(
            chunk.loss, chunk.start, chunk.lr, draw=bool(chunk.epochs) or self.loss_plot.frame_due()
        )
        if len(chunk.loss):
            self.counter.update_to(chunk.epoch, chunk.iteration, chunk.end, float(chunk.time_s[-1]))
        if chunk.epochs:
            self.epoch_plot.add(chunk.epochs)
            self.accuracy_plot.add(chunk.epochs)
            for record in chunk.epochs:
                self.loss_plot.add_epoch_boundary(record.epoch)

    def _on_finished(self, result) -> None:
        self.loss_plot.flush()  # the last steps, drawn
        self.counter.finish(result.history.size, result.elapsed_s)

    def show_result(self, result) -> None:
        """Draw a finished run (a loaded one, say) as if it had just run."""
        h = result.history
        if h.epochs:  # a loaded run may have trained on data imported earlier: ask its own numbers
            task = "classification" if h.epochs[0].val_accuracy is not None else "regression"
        else:
            info = self.session.catalogue.info(result.config.dataset)
            task = info.task if info is not None else "classification"
        per_epoch = max(1, self.reset_plots(result.config, task))
        worker_loss = (getattr(result, "distributed", None) or {}).get("worker_loss")
        if worker_loss and len(worker_loss[0]) == h.size:
            self.loss_plot.append_workers(np.array(worker_loss, dtype=np.float64).T)
        self.loss_plot.append(np.array(h.loss), 0, np.array(h.column("lr")))
        if h.epochs:
            self.epoch_plot.add(tuple(h.epochs))
            self.accuracy_plot.add(tuple(h.epochs))
            for record in h.epochs:
                self.loss_plot.add_epoch_boundary(record.epoch)
        c = result.config
        self.counter.prepare(c.epochs, run_iterations_per_epoch(c), c.accumulate, c.workers)
        if h.size:
            last = h.size - 1
            self.counter.update_to(last // per_epoch + 1, last % per_epoch + 1, h.size, result.elapsed_s)
        self.counter.finish(h.size, result.elapsed_s)

    def _on_plot_log_y(self, on: bool) -> None:
        """The plot chose its scale (a run blew up; the next run): the box shows it."""
        self.log_y.blockSignals(True)
        self.log_y.setChecked(on)
        self.log_y.blockSignals(False)

    def _on_smoothing(self, value: int) -> None:
        self.loss_plot.set_smoothing(value / 1000)
        self.smoothing_value.setText(f"{value / 1000:.3f}")


class WrappingRow(QWidget):
    """A row of controls that goes onto two lines when it is narrower than one line needs (a
    small screen), so that its width never decides the window's minimum. It takes ``row``'s items
    out of ``parent`` (where it stands instead): those before ``split`` on the first line, the rest
    on the second."""

    def __init__(self, parent: QVBoxLayout, row: QHBoxLayout, split: int) -> None:
        super().__init__()
        index = parent.indexOf(row)
        parent.removeItem(row)
        self.first, self.second = QHBoxLayout(), QHBoxLayout()
        for i in range(row.count()):
            stretch, item = row.stretch(0), row.takeAt(0)
            line = self.first if i < split else self.second
            if item.widget() is not None:
                line.addWidget(item.widget(), stretch)
            else:
                line.addItem(item)
                line.setStretch(line.count() - 1, stretch)
        self.first.addStretch(1)
        row.deleteLater()
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setVerticalSpacing(2)
        self.wrapped: bool | None = None
        self._place(False)
        parent.insertWidget(index, self)

    def one_line_width(self) -> int:
        return self.first.sizeHint().width() + self.grid.horizontalSpacing() + self.second.sizeHint().width()

    def _place(self, wrapped: bool) -> None:
        if wrapped == self.wrapped:
            return
        self.wrapped = wrapped
        self.grid.removeItem(self.first)
        self.grid.removeItem(self.second)
        self.grid.addLayout(self.first, 0, 0)
        self.grid.addLayout(self.second, 1 if wrapped else 0, 0 if wrapped else 1)
        self.grid.setColumnStretch(1, 0 if wrapped else 1)
        self.grid.invalidate()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        wide = max(self.first.minimumSize().width(), self.second.minimumSize().width())
        return QSize(wide, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self._place(event.size().width() < self.one_line_width())
        super().resizeEvent(event)
