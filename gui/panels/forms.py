"""Where the two momentum forms part: the same seed trained with PyTorch's SGD and with the article's
form under the chosen lr schedule, overlaid, and their difference θ_PyTorch − θ_article step by step."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from core.experiments.queue import QueueEnd, RunQueue
from core.messages import schedule_name
from core.training.history import WATCH_FIELDS
from core.training.smoothing import ema
from gui import theme
from gui.accessibility import name_plot
from gui.i18n import Retranslating, message_text
from gui.session_qt import SessionSignals
from gui.widgets import entry_text, keep_legend_clear

TORCH_COLOUR = (20, 80, 170)
SEED_COLOUR = (220, 110, 20)


class FormsComparison(Retranslating, QWidget):
    """Two runs, one per form: the watched entry's value, the loss and α, step by step. The runs
    are a queue of the session's; ``entry()`` names the parameter entry to compare."""

    def __init__(
        self, signals: SessionSignals, entry: Callable[[], object], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("formsComparison")
        self.session = signals.session
        self.entry_of_choice = entry
        signals.queue.connect(self._on_queue)
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.summary = QLabel(objectName="formsSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.layout_widget = pg.GraphicsLayoutWidget()
        self.layout_widget.setBackground(theme.colours().background)
        self.value_plot = self.layout_widget.addPlot(row=0, col=0)
        self.gap_plot = self.layout_widget.addPlot(row=1, col=0)  # θ_PyTorch − θ_article
        self.loss_plot = self.layout_widget.addPlot(row=2, col=0)
        self.lr_plot = self.layout_widget.addPlot(row=3, col=0)
        for plot in (self.gap_plot, self.loss_plot, self.lr_plot):
            plot.setXLink(self.value_plot)
        self.legend = self.value_plot.addLegend(offset=(-10, 10), labelTextColor=theme.colours().foreground)
        self.lr_plot.setLabel("left", "α")
        for plot in (self.value_plot, self.gap_plot, self.loss_plot, self.lr_plot):
            plot.showGrid(x=True, y=True, alpha=0.15)
            plot.getAxis("left").setWidth(60)
            plot.getAxis("left").enableAutoSIPrefix(False)
            theme.style_plot(plot)
        self.curves = {}
        for key, colour in (("sgd", TORCH_COLOUR), ("sgd-manual", SEED_COLOUR)):
            dash = pg.QtCore.Qt.PenStyle.DashLine if key == "sgd-manual" else pg.QtCore.Qt.PenStyle.SolidLine
            pen = pg.mkPen(colour, width=2, style=dash)
            self.curves[key] = (
                self.value_plot.plot(pen=pen, name=" "),
                self.loss_plot.plot(pen=pen),
            )
        self.legend.setColumnCount(2)  # one line: the value plot is short on a small screen
        keep_legend_clear(self.legend, [curve for curve, _loss in self.curves.values()])  # off the curves
        self.lr_curve = self.lr_plot.plot(pen=pg.mkPen((90, 90, 90), width=2))
        self.gap_plot.addLine(y=0, pen=pg.mkPen((150, 150, 150), width=1))
        self.gap_curve = self.gap_plot.plot(pen=pg.mkPen((160, 30, 120), width=2))
        layout.addWidget(self.layout_widget, 1)
        self.results: dict[str, object] = {}
        self.entry = None
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.intro.setText(
            self.tr(
                "PyTorch: <b>b ← β·b + g; θ ← θ − α·b</b>. The article: <b>v ← β·v − α·g; θ ← θ + v</b>. "
                "With a constant α the two give the same iterates and the curves lie on each other. When α "
                "changes (a schedule), PyTorch multiplies the whole accumulated b by the new α, while the "
                "article's v keeps each past gradient at the α it was taken with: from the first change on, "
                "the curves part. Run → Compare momentum forms trains the current settings both ways."
            )
        )
        self.gap_plot.setLabel("left", self.tr("θ<sub>PyTorch</sub> − θ<sub>article</sub>"))
        self.loss_plot.setLabel("left", self.tr("loss (smoothed)"))
        self.lr_plot.setLabel("bottom", self.tr("optimizer.step()"))
        for key, name in (
            ("sgd", self.tr("PyTorch SGD (b)")),
            ("sgd-manual", self.tr("the article's form (v)")),
        ):
            curve = self.curves[key][0]
            curve.opts["name"] = name
            label = self.legend.getLabel(curve)
            if label is not None:
                label.setText(name)
                self.legend.updateSize()
        if self.results:
            self.show_results(self.results, self.entry)
        else:
            self.value_plot.setLabel("left", self.tr("parameter value"))
        name_plot(self.layout_widget, self.tr("The two momentum forms compared"))

    def compare(self) -> bool:
        """Train the draft with PyTorch's SGD, then with the article's form (β = 0.9 when the draft
        has none), one after the other on the session's runner; False when that cannot start."""
        if not self.session.can_start():
            return False
        config = self.session.draft
        if config.momentum == 0:
            config = config.replace(momentum=0.9)
            self.session.set_draft(config)
        forms = [config.replace(optimizer="sgd"), config.replace(optimizer="sgd-manual")]
        return self.session.run_queue(RunQueue(forms, kind="forms", ends_on=("diverged", "error")))

    def _on_queue(self, queue: RunQueue) -> None:
        if queue.kind == "forms" and queue.end == QueueEnd.COMPLETED:
            self.show_results({r.config.optimizer: r for r in queue.results}, self.entry_of_choice())

    def show_results(self, results: dict, entry) -> None:
        """``results``: optimizer name -> RunResult (both forms, same settings otherwise)."""
        self.results, self.entry = results, entry
        t1 = WATCH_FIELDS.index("after")
        values = {}
        for key, (value_curve, loss_curve) in self.curves.items():
            result = results.get(key)
            if result is None:
                value_curve.setData([], [])
                loss_curve.setData([], [])
                continue
            h = result.history
            steps = np.arange(1, h.size + 1)
            smoothed, _ = ema(h.loss, 0.9)
            loss_curve.setData(steps, smoothed)
            v = np.array(
                [
                    w[1][w[0].index(entry), t1] if (w := h.watched(s)) and entry in w[0] else np.nan
                    for s in steps
                ]
            )
            values[key] = v
            value_curve.setData(steps, v, connect="finite")
        gap = self.gap(values)
        self.gap_curve.setData(np.arange(1, gap.size + 1), gap, connect="finite")
        # float32 rounding (about 1e-7 of θ) is no difference: the axis spans at least 0.1 % of |θ|
        finite = [np.abs(v[np.isfinite(v)]) for v in values.values()]
        scale = max((float(v.max()) for v in finite if v.size), default=0.0)
        largest = float(np.nanmax(np.abs(gap))) if np.isfinite(gap).any() else 0.0
        floor = 1e-3 * scale
        if largest < floor:
            self.gap_plot.setYRange(-floor, floor, padding=0)
        else:
            self.gap_plot.enableAutoRange(axis="y")
        first = next(iter(results.values()), None)
        if first is not None:
            lr = first.history.column("lr")
            self.lr_curve.setData(np.arange(1, lr.size + 1), lr)
            # α ≥ 0: from 0 up, so that a constant α reads as itself (a flat line alone gets ±0.5 around it)
            top = float(np.nanmax(lr)) if lr.size and np.isfinite(lr).any() else 0.0
            self.lr_plot.setYRange(0.0, top * 1.1 if top > 0 else 1.0, padding=0)
        else:
            self.lr_curve.setData([], [])
        self.value_plot.setLabel(
            "left", self.tr("value of {0}").format(entry_text(entry)) if entry else self.tr("parameter value")
        )
        self.summary.setText(self._summary(values, results))

    @staticmethod
    def gap(values: dict) -> np.ndarray:
        """θ_PyTorch − θ_article of the compared entry, step by step (empty without both runs)."""
        if "sgd" not in values or "sgd-manual" not in values:
            return np.empty(0)
        a, b = values["sgd"], values["sgd-manual"]
        n = min(a.size, b.size)
        return a[:n] - b[:n]

    def _summary(self, values: dict, results: dict) -> str:
        if len(values) < 2:
            return ""
        a, b = values["sgd"], values["sgd-manual"]
        n = min(a.size, b.size)
        gap = np.abs(a[:n] - b[:n])
        scale = max(float(np.nanmax(np.abs(a[:n]))), 1e-12)
        parted = np.flatnonzero(gap > 1e-6 * scale)
        schedule = results["sgd"].config.lr_schedule
        if parted.size == 0:
            return self.tr(
                "<b>Same iterates</b> over all {0} steps (largest difference {1:.1e}) with the {2} schedule."
            ).format(f"{n:,}", float(np.nanmax(gap)) if n else 0.0, message_text(schedule_name(schedule)))
        return self.tr(
            "<b>The forms part at step {0}</b> (the {1} schedule changed α); by the end the difference in this entry is {2:.3g}."
        ).format(f"{int(parted[0]) + 1:,}", message_text(schedule_name(schedule)), float(gap[n - 1]))
