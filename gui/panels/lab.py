"""The batch-size lab: the same model and seed trained for several batch sizes on a worker thread,
a table of what was measured, the article's claims with a verdict, the gradient noise on log-log
axes with the 1/B law, and the steps against the samples each batch size took to a target loss with
the critical batch size fitted to them (McCandlish et al. 2018)."""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.experiments.sweep import COLUMNS, DEFAULT_VALUES, format_value, parse_sweep, sweep_configs
from core.messages import field_name
from core.session.session import Session
from core.training.config import BUILT_IN, LIMITS, ConfigError, TrainConfig
from gui import theme
from gui.accessibility import name_plot
from gui.i18n import RetranslatableText, Retranslating, display, message_text
from gui.threads.lazy import LazyJobs
from gui.widgets import keep_legend_clear, rename_curve

LAB_SAMPLES = 10_000  # the lab's default training-set size: five runs in seconds, not minutes
LAB_EPOCHS = 3
SIDE_BY_SIDE_WIDTH = 640  # the lab's two plots side by side from this width of the panel on
PLOT_HEIGHT = 240  # the least height of each of the lab's plots


class LabPanel(Retranslating, QWidget):
    """Settings for the lab (batch sizes, epochs, samples, the linear-scaling rule), Run and Cancel,
    and the results. The lab trains the session's draft settings on the session's data; while it
    trains, the session starts no run (``Session.busy_elsewhere``)."""

    busy_changed = Signal(bool)
    run_added = Signal(object, str)  # RunResult, name: each finished run, for the runs list
    finished = Signal(object)  # SweepReport

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("labPanel")
        self.session = session  # the settings, the data, and the runs list the lab's runs join
        self._jobs = LazyJobs(self, self._on_done, self._on_failed, self._on_progress)
        self.report = None
        self._status_error = False  # the status line shows an error (in the theme's error colour)
        self.rows: list[dict] = []
        self._started = 0.0
        self._blocked = False
        self._columns = COLUMNS
        self._status_text = RetranslatableText()
        self._note_text = RetranslatableText()
        self._progress_cancelled = False

        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        row = QHBoxLayout()
        self.batch_sizes_label = QLabel()
        row.addWidget(self.batch_sizes_label)
        self.batch_sizes = QLineEdit(objectName="labBatchSizes")
        self.batch_sizes.setText(", ".join(str(b) for b in DEFAULT_VALUES["batch_size"]))
        self.batch_sizes.setMinimumWidth(150)
        row.addWidget(self.batch_sizes, 1)
        layout.addLayout(row)
        row = QHBoxLayout()
        self.epochs_label = QLabel()
        row.addWidget(self.epochs_label)
        self.epochs = QSpinBox(objectName="labEpochs")
        self.epochs.setRange(int(LIMITS["epochs"][0]), 1000)
        self.epochs.setValue(LAB_EPOCHS)
        row.addWidget(self.epochs)
        self.samples_label = QLabel()
        row.addWidget(self.samples_label)
        self.samples = QSpinBox(objectName="labSamples")
        self.samples.setRange(int(LIMITS["samples"][0]), int(LIMITS["samples"][1]))
        self.samples.setGroupSeparatorShown(True)
        self.samples.setSingleStep(1000)
        self.samples.setValue(LAB_SAMPLES)
        row.addWidget(self.samples)
        row.addStretch(1)
        layout.addLayout(row)
        row = QHBoxLayout()
        self.scaling = QCheckBox(objectName="labLinearScaling")
        row.addWidget(self.scaling)
        row.addStretch(1)
        layout.addLayout(row)
        row = QHBoxLayout()
        self.run_button = QPushButton(objectName="labRunButton")
        self.run_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(objectName="labCancelButton")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        row.addWidget(self.run_button)
        row.addWidget(self.cancel_button)
        self.progress = QProgressBar(objectName="labProgress")
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setFormat("")
        row.addWidget(self.progress, 1)
        layout.addLayout(row)
        self.status = QLabel(objectName="labStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        split = QSplitter(Qt.Orientation.Vertical)
        # One column per batch size, one row per quantity: five batch sizes fit a narrow dock, where
        # a row per batch size had a dozen columns to scroll sideways through.
        self.table = WholeTable(len(self._columns), 0, objectName="labTable")
        for r in range(len(self._columns)):
            self.table.setVerticalHeaderItem(r, QTableWidgetItem())
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setMinimumSectionSize(48)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        split.addWidget(self.table)
        self.claims = WholeTable(0, 3, objectName="labClaims")
        self.claims.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.claims.verticalHeader().setVisible(False)
        self.claims.setWordWrap(True)
        header = self.claims.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        split.addWidget(self.claims)
        self.noise_plot, self.legend = _log_log_plot("labNoisePlot")
        plot = self.noise_plot.getPlotItem()
        self.theory_curve = plot.plot(
            pen=pg.mkPen((90, 90, 90), width=2, style=Qt.PenStyle.DashLine),
            name=" ",
        )
        self.inverse_curve = plot.plot(
            pen=pg.mkPen((180, 180, 180), width=1.5, style=Qt.PenStyle.DotLine), name=" "
        )
        self.noise_points = plot.plot(
            pen=None, symbol="o", symbolSize=9, symbolBrush=(214, 39, 40), symbolPen="k",
            name=" ",
        )  # fmt: skip
        self.critical_plot, self.critical_legend = _log_log_plot("labCriticalPlot")
        plot = self.critical_plot.getPlotItem()
        self.fit_curve = plot.plot(pen=pg.mkPen((90, 90, 90), width=2, style=Qt.PenStyle.DashLine), name=" ")
        self.target_points = plot.plot(
            pen=None, symbol="o", symbolSize=9, symbolBrush=(31, 90, 200), symbolPen="k", name=" "
        )
        self.target_labels: list[pg.TextItem] = []
        keep_legend_clear(self.legend, [self.theory_curve, self.inverse_curve, self.noise_points])
        keep_legend_clear(self.critical_legend, [self.fit_curve, self.target_points])
        # Side by side in a wide dock, one above the other in a narrow one (titles and legends whole);
        # high enough to read beside the tables, which are as high as their rows (the dock scrolls).
        for view in (self.noise_plot, self.critical_plot):
            view.setMinimumHeight(PLOT_HEIGHT)
        plots = self.plots = QSplitter(Qt.Orientation.Horizontal)
        plots.addWidget(self.noise_plot)
        critical = QWidget()
        column = QVBoxLayout(critical)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.critical_plot, 1)
        self.critical_caveat = QLabel(objectName="labCriticalCaveat")
        self.critical_caveat.setWordWrap(True)
        self.critical_caveat.setStyleSheet(theme.css("note"))
        column.addWidget(self.critical_caveat)
        plots.addWidget(critical)
        split.addWidget(plots)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 3)
        split.setStretchFactor(2, 2)
        layout.addWidget(split, 1)
        base = session.draft
        self.samples.setValue(min(base.samples, LAB_SAMPLES))
        self.epochs.setValue(min(base.epochs, LAB_EPOCHS))
        self.note = QLabel(objectName="labNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(theme.css("note"))
        layout.addWidget(self.note)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.intro.setText(
            self.tr(
                "The article's table says a small batch uses less memory, updates more often but runs "
                "slower per epoch, is noisier (the noise helps it escape poor minima) and often "
                "generalises better, and a large batch the reverse. The lab trains your settings (model, "
                "data, α, β, seed) once per batch size and puts the claims next to the measurements. It "
                "uses its own epochs and training-set size, smaller than the settings' by default, so "
                "that it finishes in seconds."
            )
        )
        self.batch_sizes_label.setText(self.tr("batch sizes:"))
        self.epochs_label.setText(self.tr("epochs:"))
        self.samples_label.setText(self.tr("training samples:"))
        self.scaling.setText(self.tr("linear-scaling rule: α grows with B (Goyal et al. 2017)"))
        self.scaling.setToolTip(
            self.tr("α_B = α × B / B₀, with α and B₀ the learning rate and batch size in the settings")
        )
        self.run_button.setText(self.tr("Run the lab"))
        self.cancel_button.setText(self.tr("Cancel"))
        headings = self._headings()
        for c, key in enumerate(self._columns):
            heading = self.table.verticalHeaderItem(c)
            heading.setText(headings[key][0])
            heading.setToolTip(headings[key][1])
        self.claims.setHorizontalHeaderLabels(
            [self.tr("the article says"), self.tr("measured"), self.tr("verdict")]
        )
        plot = self.noise_plot.getPlotItem()
        plot.setTitle(
            self.tr("Gradient noise E‖g_B − g‖² against B"), color=theme.colours().foreground, size="10pt"
        )
        plot.setLabel("bottom", self.tr("batch size B"))
        plot.setLabel("left", self.tr("E‖g_B − g‖²"))
        rename_curve(self.legend, self.theory_curve, self.tr("theory S²(1 − B/N)/B"))
        rename_curve(self.legend, self.inverse_curve, self.tr("∝ 1/B"))
        rename_curve(self.legend, self.noise_points, self.tr("measured"))
        plot = self.critical_plot.getPlotItem()
        plot.setTitle(
            self.tr("Steps S against samples E to the target loss"),
            color=theme.colours().foreground,
            size="10pt",
        )
        plot.setLabel("bottom", self.tr("samples E = S·B"))
        plot.setLabel("left", self.tr("steps S"))
        rename_curve(self.critical_legend, self.fit_curve, self.tr("fit (S/S_min − 1)(E/E_min − 1) = 1"))
        rename_curve(self.critical_legend, self.target_points, self.tr("each B, measured"))
        for view, title in (
            (self.noise_plot, self.tr("Gradient noise E‖g_B − g‖² against B")),
            (self.critical_plot, self.tr("Steps S against samples E to the target loss")),
        ):
            name_plot(view, title)
        for box, label in (
            (self.batch_sizes, self.batch_sizes_label), (self.epochs, self.epochs_label),
            (self.samples, self.samples_label),
        ):  # fmt: skip
            box.setAccessibleName(label.text().rstrip(":："))
        self.table.setAccessibleName(self.tr("Measurements for each batch size"))
        self.claims.setAccessibleName(self.tr("The article's claims against the measurements"))
        self.critical_caveat.setText(
            self.tr(
                "Below the critical batch size B_crit = E_min/S_min, doubling B nearly halves the steps; above "
                "it, the extra samples are mostly wasted. Here α is the same for every B, where McCandlish "
                "et al. (2018) tune α for each B: a large B held to a small α needs more steps than it would "
                "with its best α, so B_crit here can come out lower than with α tuned for each B."
            )
        )
        if self._progress_cancelled:
            self.progress.setFormat(self.tr("cancelled"))
        self.status.setText(self._status_text())
        self.note.setText(self._note_text())
        if self.rows:
            self.table.setColumnCount(0)
            for row in self.rows:
                self._add_row(row)
        if self.report is not None:
            self._show_claims(self.report.claims)

    def restyle(self) -> None:
        """Colours that follow the theme (gui.theme calls it after a switch): the small print, an
        error in the status line, and the claims' coloured rows."""
        for label in (self.critical_caveat, self.note):
            label.setStyleSheet(theme.css("note"))
        self.status.setStyleSheet(f"color: {theme.colours().error};" if self._status_error else "")
        if self.report is not None:
            self._show_claims(self.report.claims)
        for label in self.target_labels:  # "B=16" beside each point: the plots' text colour
            label.setColor(theme.colours().foreground)

    def _set_status(self, text) -> None:
        """The status line: a text, or a function making it in the current language."""
        self._status_text.set(text)
        self.status.setText(self._status_text())

    def _headings(self) -> dict[str, tuple[str, str]]:
        """Column key -> (short heading, what it means)."""
        return {
            "batch_size": (self.tr("B"), self.tr("batch size")),
            "lr": (self.tr("α"), self.tr("learning rate (scaled with B under the linear-scaling rule)")),
            "momentum": (self.tr("β"), self.tr("momentum")),
            "steps_per_epoch": (self.tr("steps/epoch"), self.tr("optimizer.step() calls per epoch: ⌈N/B⌉")),
            "epoch_time_s": (self.tr("s/epoch"), self.tr("wall time per epoch, measured on this machine")),
            "memory_bytes": (
                self.tr("memory/step"),
                self.tr(
                    "tensor bytes of one step: the batch, the activations saved for backward(), the gradients"
                ),
            ),
            "grad_noise": (
                self.tr("grad noise"),
                self.tr(
                    "E‖g_B − g‖², measured at the initial weights: the mini-batch gradient's spread around the full-batch one"
                ),
            ),
            "grad_noise_theory": (self.tr("theory"), self.tr("S²(1 − B/N)/B: falls as 1/B")),
            "loss_jitter": (
                self.tr("jitter"),
                self.tr(
                    "standard deviation of the step-to-step change of the mini-batch loss, last epoch, ÷ √2"
                ),
            ),
            "train_loss": (self.tr("train loss"), self.tr("final loss on the whole training set")),
            "val_loss": (self.tr("val loss"), self.tr("final validation loss")),
            "val_accuracy": (self.tr("val acc"), self.tr("final validation accuracy")),
            "gap": (self.tr("gap"), self.tr("generalisation gap: validation loss − training loss")),
            "loss_at_samples": (
                self.tr("@samples"),
                self.tr("training loss after the same number of samples for every B (the sample budget)"),
            ),
            "loss_at_steps": (
                self.tr("@steps"),
                self.tr(
                    "training loss after the same number of optimizer steps for every B (the step budget)"
                ),
            ),
            "steps_to_target": (
                self.tr("S"),
                self.tr("steps to the target training loss (the same target for every B)"),
            ),
            "samples_to_target": (self.tr("E"), self.tr("samples to the target training loss: E = S·B")),
            "deep_basin_share": (
                self.tr("deep basin"),
                self.tr("two-basins: the share of runs (one per seed) that end in the deeper basin"),
            ),
            "status": (self.tr("status"), self.tr("completed, stopped or diverged")),
        }

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        narrow = event.size().width() < SIDE_BY_SIDE_WIDTH
        self.plots.setOrientation(Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal)

    def _statuses(self) -> dict[str, str]:
        return {
            "completed": self.tr("completed"),
            "stopped": self.tr("stopped"),
            "diverged": self.tr("diverged"),
            "error": self.tr("error"),
        }

    # -- state -------------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._jobs.busy

    @property
    def jobs(self):
        """The worker-thread runner (made on first use)."""
        return self._jobs.runner

    def set_blocked(self, blocked: bool) -> None:
        """The window is training: the lab waits (one computation at a time on two cores)."""
        self._blocked = blocked
        self.run_button.setEnabled(not blocked and not self.busy)

    def lab_config(self) -> TrainConfig:
        """The window's settings with the lab's epochs and training-set size."""
        base = self.session.draft
        samples = self.samples.value()
        if base.dataset in BUILT_IN:
            samples = min(samples, BUILT_IN[base.dataset].max_samples)
        # One process: the lab compares batch sizes, not data-parallel workers.
        return base.replace(epochs=self.epochs.value(), samples=samples, workers=1)

    # -- running -----------------------------------------------------------------------------------
    def start(self) -> bool:
        """Check the settings and start the lab on the worker thread; False (with the reason shown)
        when something is wrong or it cannot run now."""
        if self.busy or self._blocked:
            return False
        try:
            config = self.lab_config()
            self.session.catalogue.validate(config)
            spec = parse_sweep("batch_size=" + self.batch_sizes.text())
            sweep_configs(config, spec, self.scaling.isChecked())
        except ConfigError as exc:
            field, msg = exc.field, exc.msg
            reason = (  # the field by its window name: batch size B, not batch_size
                (lambda: message_text(msg))
                if field == "sweep"
                else (lambda: self.tr("{0}: {1}").format(message_text(field_name(field)), message_text(msg)))
            )
            self._error(lambda: self.tr("Cannot run the lab: {0}").format(reason()))
            return False
        from core.experiments.lab import run_sweep

        linear = self.scaling.isChecked()
        jobs = self.jobs
        data = self.session.catalogue.dataset_for_run(config)

        def job(stop):
            return run_sweep(
                config,
                spec,
                dataset=data,
                linear_scaling=linear,
                stop=stop,
                on_row=lambda row, result: jobs.report(("row", row, result)),
                on_progress=lambda fraction, text: jobs.report(("progress", fraction, text)),
            )

        self.rows = []
        self.report = None
        self.table.setColumnCount(0)
        self.claims.setRowCount(0)
        self.noise_points.setData([], [])
        self.theory_curve.setData([], [])
        self.inverse_curve.setData([], [])
        self._clear_critical()
        self.table.setRowHidden(
            list(self._columns).index("deep_basin_share"),
            not (config.dataset == "two-basins" and config.model == "two-basins"),
        )
        for side in ("bottom", "left"):
            self.noise_plot.getPlotItem().getAxis(side).setTicks(None)
        self._note_text.set("")
        self.note.setText("")
        self._status_error = False
        self.status.setStyleSheet("")
        self._set_status(
            lambda: self.tr("Training {0} on {1}: {2} training samples, {3} epochs, batch sizes {4}…").format(
                display("model", config.model), display("dataset", config.dataset),
                f"{config.samples:,}", config.epochs,
                ", ".join(str(int(b)) for b in spec.values),
            )
        )  # fmt: skip
        self.progress.setValue(0)
        self.progress.setFormat("%p%")
        self._progress_cancelled = False
        self._started = time.perf_counter()
        self.jobs.start(job)
        self._set_busy(True)
        return True

    def cancel(self) -> None:
        if self.busy:
            self.jobs.cancel()
            self._set_status(lambda: self.tr("Cancelling after the current batch…"))

    def shutdown(self) -> None:
        self._jobs.shutdown()

    def _set_busy(self, busy: bool) -> None:
        self.run_button.setEnabled(not busy and not self._blocked)
        self.cancel_button.setEnabled(busy)
        for w in (self.batch_sizes, self.epochs, self.samples, self.scaling):
            w.setEnabled(not busy)
        self.busy_changed.emit(busy)

    def _on_progress(self, message) -> None:
        kind = message[0]
        if kind == "progress":
            _, fraction, _text = message
            self.progress.setValue(round(1000 * fraction))
        elif kind == "row":
            _, row, result = message
            self.rows.append(row)
            self._add_row(row)
            self.run_added.emit(result, self.tr("lab B={0}").format(row["batch_size"]))

    def _on_done(self, report) -> None:
        self.report = report
        self._set_busy(False)
        # the report's own table: rows queued before the end, and the steps to the target (known last)
        self.rows = list(report.rows)
        self.table.setColumnCount(0)
        for row in self.rows:
            self._add_row(row)
        self._show_noise(report)
        self._show_critical(report)
        self._show_claims(report.claims)
        self._note_text.set(
            lambda: (
                self.tr(
                    "Memory per step: tensor bytes, measured — the batch (inputs and targets), the activations "
                    "autograd saves for backward() and the parameter gradients; not the process's RSS. Gradient "
                    "noise: the mean of ‖g_B − g‖² over {0} mini-batches drawn without replacement, at the "
                    "initial weights (the same for every B), g being the full-batch gradient; theory S²(1 − B/N)/B "
                    "with S² the per-sample gradient variance. Budgets: {1} samples, {2} steps. Wall times are "
                    "measured on this machine and vary from run to run."
                ).format(report.noise_batches, f"{report.sample_budget:,}", f"{report.step_budget:,}")
                + " "
                + self._critical_text(report)
            )
        )
        self.note.setText(self._note_text())
        elapsed = time.perf_counter() - self._started
        if report.status == "stopped":
            self._progress_cancelled = True
            self.progress.setFormat(self.tr("cancelled"))
            self._set_status(
                lambda: self.tr("Cancelled: the {0} finished batch sizes are kept.").format(len(report.rows))
            )
        else:
            self.progress.setValue(1000)
            self._set_status(
                lambda: self.tr("Done in {0:.1f} s: {1} batch sizes, same model, data and seed.").format(
                    elapsed, len(report.rows)
                )
            )
        self.finished.emit(report)

    def _on_failed(self, message: str) -> None:
        self._set_busy(False)
        self._error(lambda: self.tr("The lab failed: {0}").format(message))

    def _error(self, text) -> None:
        self._status_error = True
        self.status.setStyleSheet(f"color: {theme.colours().error};")
        self._set_status(text)

    # -- results -----------------------------------------------------------------------------------
    def _add_row(self, row: dict) -> None:
        c = self.table.columnCount()  # the batch size's column
        self.table.insertColumn(c)
        for r, key in enumerate(self._columns):
            value = row.get(key)
            text = format_value(key, value)
            if key == "status" and value is not None:
                text = self._statuses().get(value, text)
            item = QTableWidgetItem(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if isinstance(value, float):
                item.setToolTip(repr(value))
            if key == "batch_size":
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.table.setItem(r, c, item)
        # The status row only when a run did not complete (the status line says that all did).
        status, completed = list(self._columns).index("status"), self._statuses()["completed"]
        self.table.setRowHidden(
            status,
            all(self.table.item(status, c).text() == completed for c in range(self.table.columnCount())),
        )

    def _show_noise(self, report) -> None:
        pairs = [(r["batch_size"], r["grad_noise"]) for r in report.rows if r.get("grad_noise")]
        if not pairs:
            return
        b = np.array([p[0] for p in pairs], dtype=np.float64)
        noise = np.array([p[1] for p in pairs], dtype=np.float64)
        self.noise_points.setData(b, noise)
        ticks = [(float(np.log10(v)), f"{int(v)}") for v in b]
        self.noise_plot.getPlotItem().getAxis("bottom").setTicks([ticks, []])
        low, high = np.floor(np.log10(noise.min())), np.ceil(np.log10(noise.max()))
        decades = [(float(k), f"{10.0**k:g}") for k in np.arange(low, high + 1)]
        halves = [(float(k + np.log10(m)), f"{m * 10.0**k:g}") for k in np.arange(low, high) for m in (2, 5)]
        self.noise_plot.getPlotItem().getAxis("left").setTicks([decades, halves])
        grid = np.geomspace(b.min(), b.max(), 50) if len(b) > 1 else b
        n = report.train_samples
        if report.sample_variance:
            theory = report.sample_variance * (1 - grid / n) / grid
            keep = theory > 0  # B = N has no noise at all: nothing to draw on log axes
            self.theory_curve.setData(grid[keep], theory[keep])
        self.inverse_curve.setData(grid, noise[0] * b[0] / grid)

    def _critical_text(self, report) -> str:
        """The critical-batch estimates and, on two-basins, how the share in the deeper basin is counted."""
        from core.experiments.lab import CURVE_SAMPLES, TARGET_FRACTION  # torch is loaded by now

        fit = report.critical
        simple = "—" if report.b_simple is None else f"{report.b_simple:.3g}"
        crit = self.tr("not fitted") if report.b_crit is None else f"{report.b_crit:.3g}"
        text = self.tr(
            "Critical batch size (McCandlish et al. 2018): B_simple = tr(Σ)/|G|² = {0} at the initial "
            "weights (Σ the per-sample gradient covariance, G the full-batch gradient); B_crit = "
            "E_min/S_min = {1}, fitted to the steps S and samples E each B took to reach the target."
        ).format(simple, crit)
        if fit is not None and fit.target is not None:
            text += " " + self.tr(
                "Target training loss {0:.4g} (from {1:.4g} at the start): {2:.0%} of the way down to the "
                "highest loss every batch size reached, measured on at most {3} training samples."
            ).format(fit.target, fit.initial_loss, TARGET_FRACTION, f"{CURVE_SAMPLES:,}")
        if report.basin_seeds:
            text += " " + self.tr(
                "Deep basin: {0} runs per batch size (seeds {1} … {2}: the same data and start, another "
                "sampling order), each counted in the deeper basin when its final w is on the deeper "
                "minimum's side of the saddle of the exact loss."
            ).format(report.basin_seeds, report.base.seed, report.base.seed + report.basin_seeds - 1)
        return text

    def _clear_critical(self) -> None:
        for side in ("bottom", "left"):
            self.critical_plot.getPlotItem().getAxis(side).setTicks(None)
        self.fit_curve.setData([], [])
        self.target_points.setData([], [])
        for label in self.target_labels:
            self.critical_plot.getPlotItem().removeItem(label)
        self.target_labels = []

    def _show_critical(self, report) -> None:
        """Steps against samples to the target for each B (log-log), and the fitted hyperbola."""
        self._clear_critical()
        fit = report.critical
        if fit is None:
            return
        points = sorted((b, s) for b, s in fit.steps.items() if s is not None and s > 0)
        if not points:
            return
        b = np.array([p[0] for p in points], dtype=np.float64)
        steps = np.array([p[1] for p in points], dtype=np.float64)
        self.target_points.setData(b * steps, steps)
        plot = self.critical_plot.getPlotItem()
        for bi, si in zip(b, steps, strict=True):
            label = pg.TextItem(f"B={int(bi)}", color=theme.colours().foreground, anchor=(-0.15, 1.0))
            label.setPos(float(np.log10(bi * si)), float(np.log10(si)))
            plot.addItem(label)
            self.target_labels.append(label)
        xs, ys = b * steps, steps
        if fit.s_min and fit.e_min:
            grid = np.geomspace(min(b.min(), fit.b_crit) / 4, max(b.max(), fit.b_crit) * 4, 120)
            s_fit = fit.s_min + fit.e_min / grid  # S(B); E(B) = S·B = E_min + S_min·B
            self.fit_curve.setData(s_fit * grid, s_fit)
            xs, ys = np.r_[xs, s_fit * grid], np.r_[ys, s_fit]
        _log_ticks(plot.getAxis("bottom"), xs)
        _log_ticks(plot.getAxis("left"), ys)

    def _show_claims(self, claims: list[dict]) -> None:
        article = {
            "memory": self.tr("memory use: small batch low, large batch high"),
            "updates": self.tr("small batch updates more often, large batch less often"),
            "speed": self.tr("small batch trains slower per epoch, large batch faster"),
            "noise": self.tr("small batch: noisier steps; large batch: smoother"),
            "escape": self.tr(
                "the noise helps a small batch escape poor minima; a large batch may settle in one"
            ),
            "generalisation": self.tr(
                "small batch usually generalises better (smaller gap), large batch slightly worse"
            ),
            "recommended": self.tr("common batch sizes are 32, 64, 128, 256"),
        }
        verdicts = {
            "agrees": self.tr("agrees"),
            "disagrees": self.tr("disagrees"),
            "not measured": self.tr("not measured"),
        }
        self.claims.setRowCount(len(claims))
        for r, claim in enumerate(claims):
            cells = (
                article.get(claim["claim"], claim["article"]),
                message_text(claim.get("measured_msg") or claim["measured"]),
                verdicts.get(claim["verdict"], claim["verdict"]),
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if claim["verdict"] in ("agrees", "disagrees"):  # coloured rows follow the theme
                    background, text_colour = theme.row_brushes(claim["verdict"][:-1])
                    item.setBackground(background)
                    item.setForeground(text_colour)
                self.claims.setItem(r, c, item)
        self.claims.resizeRowsToContents()


def _log_ticks(axis, values: np.ndarray) -> None:
    """Ticks for a log axis over ``values``: each power of ten, and 2 and 5 times it, as plain numbers."""
    values = values[np.isfinite(values) & (values > 0)]
    if not len(values):
        return
    low, high = np.floor(np.log10(values.min())), np.ceil(np.log10(values.max()))
    major = [(float(k), f"{10.0**k:,.0f}" if k >= 0 else f"{10.0**k:g}") for k in np.arange(low, high + 1)]
    minor = [
        (float(k + np.log10(m)), f"{m * 10.0**k:,.0f}" if k >= 0 else f"{m * 10.0**k:g}")
        for k in np.arange(low, high)
        for m in (2, 5)
    ]
    axis.setTicks([major, minor if high - low <= 3 else []])


class WholeTable(QTableWidget):
    """A table exactly as high as its rows (no scrolling inside it: the lab's dock scrolls instead),
    the rows as high as their wrapped text. The height is set after Qt's own layout pass, never
    inside it (a table resized from its own updateGeometries() crashed)."""

    def __init__(self, rows: int, columns: int, objectName: str) -> None:  # noqa: N803 (Qt's name)
        super().__init__(rows, columns, objectName=objectName)
        self.setWordWrap(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._fit_due = False
        self._fit_later()

    def _fit_later(self) -> None:
        if not self._fit_due:
            self._fit_due = True
            QTimer.singleShot(0, self, self._fit)  # not called once the table is gone

    def _fit(self) -> None:
        self._fit_due = False
        header, bar = self.horizontalHeader(), self.horizontalScrollBar()
        height = (
            self.verticalHeader().length()
            + (header.sizeHint().height() if not header.isHidden() else 0)
            + (bar.sizeHint().height() if bar.isVisible() else 0)
            + 2 * self.frameWidth()
        )
        if self.minimumHeight() != height or self.maximumHeight() != height:
            self.setFixedHeight(height)

    def updateGeometries(self) -> None:  # noqa: N802 (Qt's name: after any change of the sections)
        super().updateGeometries()
        self._fit_later()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.resizeRowsToContents()  # wrapped text: as many lines as the new width needs
        self._fit_later()


def _log_log_plot(name: str) -> tuple[pg.PlotWidget, pg.LegendItem]:
    """A plot in the theme's colours with both axes logarithmic, a light grid and a legend at its top right."""
    widget = pg.PlotWidget(background=theme.colours().background)
    widget.setObjectName(name)
    plot = widget.getPlotItem()
    plot.setLogMode(x=True, y=True)
    plot.showGrid(x=True, y=True, alpha=0.2)
    return widget, plot.addLegend(offset=(-10, 10), labelTextColor=theme.colours().foreground)
