"""Live loss plots (pyqtgraph): per-step mini-batch loss with its smoothed curve, and per-epoch metrics.

Per-step data lives in preallocated numpy buffers that double when full; each chunk from the worker
is appended and drawn with one ``setData`` per curve. Peak downsampling and clip-to-view are set on
the plot before any curve is added, so 10⁶ points stay smooth.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QGraphicsItem

from core.training.growing import GrowingArray
from core.training.history import EpochRecord
from core.training.smoothing import ema
from gui import theme
from gui.accessibility import name_plot
from gui.i18n import Retranslating
from gui.widgets import LEGEND_MARGIN, MIN_LABEL_WIDTH, add_legend, fit_legend, rename_curve

RAW_COLOUR = (70, 130, 180, 80)
SMOOTH_COLOUR = (20, 80, 170)
TRAIN_COLOUR = (20, 80, 170)
VAL_COLOUR = (220, 110, 20)
ACC_COLOUR = (40, 150, 70)
MAX_BOUNDARIES = 50  # epoch lines drawn on the loss plot, at most
MAX_LABELLED_BOUNDARIES = 12
EPOCH_LABEL_GAP = 8  # pixels between two epoch labels, at least
MAX_SYMBOLS = 60  # per-epoch plots draw a marker per epoch up to this many epochs
DIVERGED_RATIO = 1e3  # a loss this many times the first one: the y axis goes to log scale
MIN_ACCURACY_SPAN = 10.0  # percentage points the accuracy axis spans at least
SAMPLES_PER_AXIS = 20  # the accuracy axis spans at least this many validation samples' worth
MIN_X_STEPS = 16  # the loss plot's x axis spans at least this many steps once a step is drawn
WHOLE_SPAN_CHUNK = 32  # a chunk of this many steps or more: the x axis spans the whole run at once
EDGE = 0.03  # a per-epoch plot's y axis is widened for a value closer than this share of it to an end
LR_FOOT = 0.2  # the α axis reaches this share of its top below 0: the epoch labels' band, under α's line


def _style(plot: pg.PlotItem) -> None:
    plot.showGrid(x=True, y=True, alpha=0.15)
    for side in ("left", "bottom"):
        # Drawn once into a pixmap and blitted until the range changes: replaying the tick labels
        # on every frame cost milliseconds of GUI-thread (and GIL) time per axis.
        plot.getAxis(side).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        plot.getAxis(side).enableAutoSIPrefix(False)
    theme.style_plot(plot)


def set_label(plot: pg.PlotItem, side: str, text: str) -> None:
    """Label an axis. The same label again changes nothing: a new one makes the axis draw its ticks
    and grid again, milliseconds that a run's start would take from the training thread."""
    if plot.getAxis(side).labelText != text:
        plot.setLabel(side, text)


def set_title(plot: pg.PlotItem, text: str, size: str) -> None:
    """Title a plot in the theme's colour (unchanged: nothing is done, as with :func:`set_label`)."""
    key = (text, theme.colours().foreground, size)
    if getattr(plot, "_title_key", None) != key:
        plot._title_key = key
        plot.setTitle(text, color=key[1], size=size)


# A live run's frames: at most one per chunk, at least MIN_FRAME_S apart, and spaced so that
# drawing takes at most FRAME_SHARE of the GUI thread's time.
MIN_FRAME_S = 0.09
FRAME_SHARE = 0.02

ABSORB_AT = 4096  # steps kept unsmoothed between frames, at most
DECIMATE_ABOVE = 1 << 16  # steps in view past which the curves get a min/max envelope, not every step


class _Envelope:
    """A running min/max envelope of an append-only array: per block of ``block`` steps its lowest
    and highest value, the blocks completed so far kept between frames. A frame then hands pyqtgraph
    at most 2·DECIMATE_ABOVE points instead of all 10⁶ (its own downsampling reads every point on
    every ``setData``); the peaks stay, as with its peak downsampling."""

    def __init__(self) -> None:
        self.invalidate()

    def invalidate(self) -> None:
        self.block = 0
        self._low = GrowingArray(capacity=1024)
        self._high = GrowingArray(capacity=1024)

    def points(self, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(steps, values) of the envelope of ``y`` (step ``i + 1`` holds ``y[i]``)."""
        n = len(y)
        block = self.block or 1
        while n // block > DECIMATE_ABOVE // 2:
            block *= 2
        if block != self.block:  # coarser blocks: start over (amortised O(1) a step)
            self.invalidate()
            self.block = block
        done = self._low.size
        full = n // block
        if full > done:
            rows = y[done * block : full * block].reshape(-1, block)
            self._low.extend(np.fmin.reduce(rows, axis=1))  # fmin: NaN (no lr) without warnings
            self._high.extend(np.fmax.reduce(rows, axis=1))
        low, high = self._low.data, self._high.data
        tail = y[full * block :]
        if len(tail):
            low = np.append(low, np.fmin.reduce(tail))
            high = np.append(high, np.fmax.reduce(tail))
        values = np.empty(2 * len(low))
        values[0::2], values[1::2] = low, high
        starts = np.arange(len(low), dtype=np.float64) * block + 1
        steps = np.empty(2 * len(low))
        steps[0::2] = starts
        steps[1::2] = np.minimum(starts + block - 1, n)
        return steps, values


class _RateAxis(pg.AxisItem):
    """The α axis: ticks at 0 and above only (below 0 is the band left for the epoch labels)."""

    def tickValues(self, min_value, max_value, size):  # noqa: N802 (pyqtgraph's name)
        return [
            (spacing, [v for v in values if v >= 0])
            for spacing, values in super().tickValues(min_value, max_value, size)
        ]


class _WholeAxis(pg.AxisItem):
    """An epoch axis: ticks at whole epochs only (never "epoch 1.5")."""

    def tickValues(self, min_value, max_value, size):  # noqa: N802 (pyqtgraph's name)
        levels = super().tickValues(min_value, max_value, size)
        return [
            (max(spacing, 1.0), [v for v in values if float(v).is_integer()]) for spacing, values in levels
        ]


class LossPlot(Retranslating, pg.PlotWidget):
    """Mini-batch loss after every ``optimizer.step()``: raw (faint) and bias-corrected EMA on top."""

    hovered = Signal(str)  # read-out text for the step under the mouse ("" when none)
    step_clicked = Signal(int)  # 1-based step the learner clicked on
    log_y_changed = Signal(bool)  # the plot switched its scale itself (a run diverged, or a reset)

    def __init__(self, parent=None) -> None:
        super().__init__(
            parent, background=theme.colours().background, axisItems={"right": _RateAxis("right")}
        )
        self.setObjectName("lossPlot")
        plot = self.getPlotItem()
        plot.setDownsampling(auto=True, mode="peak")
        plot.setClipToView(True)
        _style(plot)
        self.legend = add_legend(plot)
        self.raw = plot.plot(pen=pg.mkPen(RAW_COLOUR, width=1), name=" ", skipFiniteCheck=True)
        self.smooth = plot.plot(pen=pg.mkPen(SMOOTH_COLOUR, width=2), name=" ", skipFiniteCheck=True)
        # α on its own axis at the right, drawn once it changes during a run (a schedule, or a hand change).
        self.lr_view = pg.ViewBox()
        self.lr_view.setZValue(plot.zValue() - 1)  # under the plot, so under its legend too
        plot.scene().addItem(self.lr_view)
        plot.getAxis("right").linkToView(self.lr_view)
        plot.getAxis("right").enableAutoSIPrefix(False)
        self.lr_view.setXLink(plot.vb)
        plot.vb.sigResized.connect(lambda: self.lr_view.setGeometry(plot.vb.sceneBoundingRect()))
        self.lr_curve = pg.PlotDataItem(
            pen=pg.mkPen((110, 110, 110), width=1.5, style=Qt.PenStyle.DashLine), skipFiniteCheck=True
        )
        self.lr_curve.setDownsampling(auto=True, method="peak")
        self.lr_curve.setClipToView(True)
        self.lr_view.addItem(self.lr_curve)
        for curve in (self.raw, self.smooth, self.lr_curve):
            # Downsampling from one step per pixel column on (pyqtgraph's default waits for five):
            # the same picture, and a frame draws a fifth of the line segments. The raw loss keeps
            # each column's lowest and highest value (peak); the smoothed curve, a point a column.
            curve.opts["autoDownsampleFactor"] = 1.0
        self.smooth.setDownsampling(auto=True, method="subsample")
        self.marker = pg.InfiniteLine(angle=90, pen=pg.mkPen((120, 120, 120), style=Qt.PenStyle.DotLine))
        self.marker.setVisible(False)
        plot.addItem(self.marker, ignoreBounds=True)
        self._boundaries: list[pg.InfiniteLine] = []
        plot.vb.sigResized.connect(self._thin_epoch_labels)
        plot.vb.sigXRangeChanged.connect(self._thin_epoch_labels)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.scene().sigMouseClicked.connect(self._on_mouse_clicked)
        self.smoothing = 0.9
        self.x_mode = "step"
        self.task = "classification"
        self.log_y = False
        self.auto_log = False  # log scale chosen by the plot (the loss blew up), not by the learner
        # The view is managed (x: the whole run, y: 0 … the highest loss) so that axes are not redrawn
        # every frame; once the learner pans or zooms it is theirs until the next reset.
        plot.vb.sigRangeChangedManually.connect(self._on_manual_range)
        plot.vb.sigXRangeChanged.connect(self._on_x_range)
        self._frame_cost = 0.0  # CPU seconds of a frame, a running mean
        self._unpainted = 0.0  # CPU seconds of the frame drawn but not yet painted
        self.each_worker = False  # K data-parallel workers: each one's own loss drawn too
        self._worker_curves: list[pg.PlotDataItem] = []
        self.reset(1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        plot = self.getPlotItem()
        if plot is None:  # closed: pyqtgraph has let its plot go (a language change still queued)
            return
        self.title = self.tr("Mini-batch loss at every optimizer.step()")
        set_title(plot, self.title, "11pt")
        rename_curve(self.legend, self.raw, self._raw_name())
        for rank, curve in enumerate(self._worker_curves):
            rename_curve(self.legend, curve, self.tr("worker {0}").format(rank))
        rename_curve(self.legend, self.smooth, self.tr("smoothed (EMA)"))
        rename_curve(self.legend, self.lr_curve, self.tr("learning rate α (right axis)"))
        plot.getAxis("right").setLabel(self.tr("learning rate α"))
        for line in self._boundaries:
            if getattr(line, "label", None) is not None:  # unlabelled lines have none
                line.label.setFormat(self.tr("epoch {0}").format(line.epoch))
        self._update_labels()

    def restyle(self) -> None:
        """The smoothed curve in the theme's main colour (dark blue is too dim on a dark background),
        and the epoch lines' labels in its muted text colour on its background."""
        self.smooth.setPen(pg.mkPen(theme.colours().curve, width=2))
        for line in self._boundaries:
            if getattr(line, "label", None) is not None:
                line.label.setColor(theme.colours().muted)
                line.label.fill = pg.mkBrush(*theme.colours().background, 200)

    # -- data ----------------------------------------------------------------------------------
    def _raw_name(self) -> str:
        if self.workers > 1:
            return self.tr("mini-batch loss, mean over {0} workers").format(self.workers)
        return self.tr("mini-batch loss")

    def reset(
        self, steps_per_epoch: int, task: str = "classification", epochs: int = 1, workers: int = 1
    ) -> None:
        """Empty the plot for a new run of ``epochs`` epochs (of ``workers`` data-parallel workers:
        the loss is their mean, and each one's is kept for :meth:`set_each_worker`)."""
        self.workers = workers
        self._worker_loss = GrowingArray((workers,), capacity=4096)
        self._show_worker_curves()
        rename_curve(self.legend, self.raw, self._raw_name())
        self.steps_per_epoch = max(1, steps_per_epoch)
        self.task = task
        self.epochs = epochs
        self._loss = GrowingArray(capacity=4096)
        self._smoothed = GrowingArray(capacity=4096)
        self._lr = GrowingArray(capacity=4096)
        self._incoming: list[tuple[np.ndarray, np.ndarray | None]] = []  # chunks not yet drawn
        self._incoming_size = 0
        self._lr_run: tuple[float, int] | None = None  # (α, steps) while α has not changed
        self._lr_shown = False
        self.getPlotItem().hideAxis("right")
        self.legend.removeItem(self.lr_curve)
        self._state = 0.0
        self._steps = np.arange(1, 4097, dtype=np.float64)
        self._envelopes = {"raw": _Envelope(), "smooth": _Envelope(), "lr": _Envelope()}
        self._enveloped = False
        for line in self._boundaries:
            self.getPlotItem().removeItem(line)
        self._boundaries.clear()
        self._unhover()  # the read-out was of the steps just dropped
        self._managed = True
        self.whole_span = False  # x spans the whole run at once (a run too fast to watch it grow)
        self._y_top = 0.0
        self._x_end = 0
        self._stale = False
        self._drawn_at = 0.0
        self._drawn_count = 0
        if self.auto_log:  # the learner's scale again for the next run
            self.auto_log = False
            self.set_log_y(False)
            self.log_y_changed.emit(False)
        self._update_labels()
        self._redraw()
        self._fit_view()

    def _on_manual_range(self, *_args) -> None:
        self._managed = False

    def x_end(self) -> int:
        """The last step the managed view shows: the whole run while nothing is drawn, or once
        :attr:`whole_span` is set (chunks of WHOLE_SPAN_CHUNK steps or more: a run that fills it in
        seconds, where each new span would redraw the axes, milliseconds of the GUI thread's time,
        9 times in 2 s); otherwise the steps so far
        rounded up to a power of two (at least MIN_X_STEPS), so that a few steps taken with F10 or
        at a slow pace fill at least half the width, and the axis changes only when they double."""
        total = max(self.epochs * self.steps_per_epoch, 1)
        if self.count == 0 or self.whole_span:
            return total
        return min(total, max(MIN_X_STEPS, 1 << (self.count - 1).bit_length()))

    def _fit_view(self, force: bool = False) -> None:
        """x from 0 to :meth:`x_end`; y from 0 to a little above the highest loss so far, changed
        only when the loss goes higher (log scale: automatic)."""
        if not self._managed:
            return
        vb = self.getPlotItem().vb
        end = self.x_end()
        if force or end != self._x_end:
            self._x_end = end
            vb.setXRange(0, self._x_of(end), padding=0.02)
        top = float(self.loss.max()) if self.count else 1.0
        if not self.log_y and self.count and top > DIVERGED_RATIO * max(float(self.loss[0]), 1e-12):
            # Diverging: on a linear axis the blow-up flattens every step before it to 0.
            self.set_log_y(True)
            self.auto_log = True
            self._update_labels()
            self.log_y_changed.emit(True)
            return
        if self.log_y:
            vb.enableAutoRange(axis=vb.YAxis)
            return
        if force or top > self._y_top:
            self._y_top = top * 1.08
            vb.setYRange(0, self._y_top, padding=0)

    @property
    def count(self) -> int:
        return self._loss.size + self._incoming_size

    # -- each worker's loss (K data-parallel workers) ---------------------------------------------
    def append_workers(self, losses: np.ndarray) -> None:
        """Each worker's loss at the next steps, (steps, K): kept, and drawn with the mean's next
        frame while :attr:`each_worker` is on."""
        if losses.ndim == 2 and losses.shape[1] == self.workers:
            self._worker_loss.extend(losses)

    @property
    def worker_loss(self) -> np.ndarray:
        """Every worker's loss so far, (steps, K)."""
        return self._worker_loss.data

    def set_each_worker(self, on: bool) -> None:
        """Draw each worker's own loss beside the mean (a run of K > 1 workers), or not."""
        self.each_worker = on
        self._show_worker_curves()
        self._redraw()

    def _show_worker_curves(self) -> None:
        """One thin curve a worker while :attr:`each_worker` is on for a run of K > 1 workers."""
        wanted = self.workers if self.each_worker and self.workers > 1 else 0
        plot = self.getPlotItem()
        while len(self._worker_curves) > wanted:
            curve = self._worker_curves.pop()
            plot.removeItem(curve)  # and from the legend
        while len(self._worker_curves) < wanted:
            rank = len(self._worker_curves)
            colour = pg.intColor(rank, hues=max(wanted, 3), alpha=170)
            curve = plot.plot(pen=pg.mkPen(colour, width=1), name=self.tr("worker {0}").format(rank))
            curve.setDownsampling(auto=True, method="peak")
            curve.setClipToView(True)
            curve.opts["autoDownsampleFactor"] = 1.0
            curve.setZValue(-1)  # under the mean and its EMA
            self._worker_curves.append(curve)
        fit_legend(self.legend)

    def append(
        self, loss: np.ndarray, start: int | None = None, lr: np.ndarray | None = None, draw: bool = True
    ) -> None:
        """Add the losses (and the α they were taken with) of the next steps; redraw once, or with
        ``draw=False`` leave that to :meth:`flush` (see :meth:`frame_due`). Until then they are
        only kept: the smoothing and the buffers take in all the chunks of a frame at once."""
        if start is not None and start != self.count:
            raise ValueError(f"chunk starts at step {start + 1}, expected {self.count + 1}")
        if len(loss) == 0:
            return
        self.whole_span = self.whole_span or len(loss) >= WHOLE_SPAN_CHUNK
        self._incoming.append((loss, lr))
        self._incoming_size += len(loss)
        if self._incoming_size >= ABSORB_AT:  # long between frames: small steps, small temporaries
            self._absorb()
        self._stale = True
        if draw:
            self.flush()

    def _take_lr(self, lr: np.ndarray) -> None:
        """Keep each step's α; while it is one constant from the first step on (most runs), only
        that value and a count: the array is drawn only once α changes."""
        if self._lr_run is not None or not self._lr.size:
            value, count = self._lr_run or (float(lr[0]), 0)
            if np.isfinite(value) and (lr == value).all():
                self._lr_run = (value, count + len(lr))
                return
            self._lr.extend(np.full(count, value))
            self._lr_run = None
        self._lr.extend(lr)

    def _absorb(self) -> None:
        """Move the chunks appended since the last frame into the buffers, smoothed in one pass."""
        if not self._incoming:
            return
        chunks, self._incoming, self._incoming_size = self._incoming, [], 0
        loss = np.concatenate([c[0] for c in chunks])
        smoothed, self._state = ema(loss, self.smoothing, self._state, self._loss.size)
        self._loss.extend(loss)
        self._smoothed.extend(smoothed)
        self._take_lr(np.concatenate([np.full(len(c[0]), np.nan) if c[1] is None else c[1] for c in chunks]))
        if not self._lr_shown and self._lr.size and any(c[1] is not None for c in chunks):
            lrs = self._lr.data
            if np.nanmax(lrs) > np.nanmin(lrs):
                self._lr_shown = True
                self.getPlotItem().showAxis("right")
                self.legend.addItem(self.lr_curve, self.tr("learning rate α (right axis)"))
                fit_legend(self.legend)

    # -- frames --------------------------------------------------------------------------------
    def frame_due(self) -> bool:
        """Whether a live run should draw now. A frame (``setData`` and the paint that follows)
        holds the interpreter lock that the training thread needs, so frames are spaced to keep
        them under FRAME_SHARE of the time: every chunk (10 a second) where a frame is cheap,
        further apart on a slow or busy machine."""
        spacing = max(MIN_FRAME_S, self._frame_cost / FRAME_SHARE)
        return time.monotonic() - self._drawn_at >= spacing

    def flush(self) -> None:
        """Draw what was appended since the last frame."""
        if not self._stale:
            return
        started = time.thread_time()
        self._stale = False
        self._drawn_at = time.monotonic()
        self._redraw()
        if float(self.loss[self._drawn_count :].max()) > self._y_top or self.x_end() != self._x_end:
            self._fit_view()
        self._drawn_count = self.count
        self._fold(self._unpainted)  # a frame never painted (the plot hidden) counts as it stands
        self._unpainted = time.thread_time() - started

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        started = time.thread_time()
        super().paintEvent(event)
        self._fold(self._unpainted + time.thread_time() - started)
        self._unpainted = 0.0

    def _fold(self, cost: float) -> None:
        """Add one frame's CPU time to the running mean of the last few."""
        if cost:
            self._frame_cost = 0.5 * (self._frame_cost + cost)

    def add_epoch_boundary(self, epoch: int) -> None:
        """Mark the end of ``epoch`` with a dashed vertical line (labelled in short runs; runs of
        more than ``MAX_BOUNDARIES`` epochs get no lines: they would hide the curve)."""
        if self.epochs > MAX_BOUNDARIES:
            return
        labelled = self.epochs <= MAX_LABELLED_BOUNDARIES
        line = pg.InfiniteLine(
            pos=self._x_of(epoch * self.steps_per_epoch),
            angle=90,
            pen=pg.mkPen((150, 150, 150), style=Qt.PenStyle.DashLine),
            label=self.tr("epoch {0}").format(epoch) if labelled else None,
            labelOpts={
                "position": 0.04,
                "color": theme.colours().muted,
                "anchors": [(1, 1), (1, 1)],
                "fill": pg.mkBrush(*theme.colours().background, 200),  # readable over the curves
            },
        )
        line.epoch = epoch
        self.getPlotItem().addItem(line, ignoreBounds=True)
        self._boundaries.append(line)
        self._thin_epoch_labels()

    def _thin_epoch_labels(self, *_args) -> None:
        """Label every k-th epoch line, k the smallest that keeps the labels apart at this width
        (a narrow plot: epoch 2, 4, 6 … rather than labels over each other)."""
        labels = [(line.epoch, line.label) for line in self._boundaries if getattr(line, "label", None)]
        view = self.getPlotItem().vb
        x0, x1 = view.viewRange()[0]
        if not labels or x1 <= x0 or view.width() <= 0:
            return
        gap = view.width() * (self._x_of(self.steps_per_epoch) - self._x_of(0)) / (x1 - x0)  # pixels
        widest = max(label.boundingRect().width() for _epoch, label in labels) + EPOCH_LABEL_GAP
        every = max(1, math.ceil(widest / gap)) if gap > 0 else len(labels)
        for epoch, label in labels:
            label.setVisible(epoch % every == 0)

    @property
    def loss(self) -> np.ndarray:
        self._absorb()
        return self._loss.data

    @property
    def smoothed(self) -> np.ndarray:
        self._absorb()
        return self._smoothed.data

    # -- view options --------------------------------------------------------------------------
    def set_smoothing(self, weight: float) -> None:
        """TensorBoard-style smoothing weight in [0, 1); recomputes the smoothed curve."""
        self.smoothing = weight
        self._smoothed.data[:], self._state = ema(self.loss, weight)
        self._envelopes["smooth"].invalidate()
        self._redraw()

    def set_x_mode(self, mode: str) -> None:
        """``step`` (global optimizer step) or ``epoch`` (fractional epochs)."""
        self.x_mode = mode
        for line in self._boundaries:
            line.setValue(self._x_of(line.epoch * self.steps_per_epoch))
        self._update_labels()
        self._redraw()
        self._fit_view(force=True)

    def set_log_y(self, on: bool) -> None:
        """Log-scale loss (the learner's choice; the plot's own, ``auto_log``, when a run diverges)."""
        if on != self.log_y:
            self.auto_log = False
        self.log_y = on
        self.getPlotItem().setLogMode(x=False, y=on)
        self._update_labels()
        self._fit_view(force=True)

    def _x_of(self, step: float) -> float:
        return step / self.steps_per_epoch if self.x_mode == "epoch" else step

    def _update_labels(self) -> None:
        plot = self.getPlotItem()
        unit = (
            self.tr("cross-entropy, nats") if self.task == "classification" else self.tr("mean squared error")
        )
        if self.auto_log:
            unit = self.tr("{0}; log scale: the loss blew up").format(unit)
        elif self.log_y:
            unit = self.tr("{0}, log scale").format(unit)
        set_label(plot, "left", self.tr("loss ({0})").format(unit))
        if self.x_mode == "epoch":
            set_label(plot, "bottom", self.tr("epoch (fractional: step / iterations per epoch)"))
        else:
            set_label(plot, "bottom", self.tr("optimizer.step() (global step)"))
        name_plot(self, getattr(self, "title", ""))  # for a screen reader: the title, the axes

    def _wants_envelope(self) -> bool:
        """Many steps in view: draw the min/max envelope (zoomed in close: every step)."""
        if self.count <= DECIMATE_ABOVE:
            return False
        lo, hi = self.getPlotItem().vb.viewRange()[0]
        scale = self.steps_per_epoch if self.x_mode == "epoch" else 1
        return (hi - lo) * scale > DECIMATE_ABOVE

    def _on_x_range(self, *_args) -> None:
        if self.count > DECIMATE_ABOVE and self._wants_envelope() != self._enveloped:
            self._redraw()

    def _redraw(self) -> None:
        self._absorb()
        n = self.count
        self._enveloped = self._wants_envelope()
        per = self.steps_per_epoch if self.x_mode == "epoch" else 1
        curves = [(self.raw, "raw", self.loss), (self.smooth, "smooth", self.smoothed)]
        if self._lr_shown:
            curves.append((self.lr_curve, "lr", self._lr.data))
            top = float(np.nanmax(self._lr.data)) * 1.1
            self.lr_view.setYRange(-LR_FOOT * top, top, padding=0)  # α's line clear of the epoch labels
        elif self.lr_curve.xData is not None and len(self.lr_curve.xData):
            self.lr_curve.setData([], [])
        if self._enveloped:
            for curve, key, y in curves:
                steps, values = self._envelopes[key].points(y)
                curve.setData(steps / per if per != 1 else steps, values)
            if self._worker_curves:  # many steps in view: each worker's curve as pyqtgraph thins it
                self._redraw_workers(np.arange(1, n + 1, dtype=np.float64) / per)
            return
        if len(self._steps) < n:  # x values 1 … n, kept between frames
            self._steps = np.arange(1, 2 * n + 1, dtype=np.float64)
        x = self._steps[:n] if per == 1 else self._steps[:n] / per
        for curve, _key, y in curves:
            curve.setData(x, y)
        self._redraw_workers(x)

    def _redraw_workers(self, x: np.ndarray) -> None:
        if not self._worker_curves:
            return
        ys = self._worker_loss.data[: len(x)]
        for rank, curve in enumerate(self._worker_curves):
            curve.setData(x[: len(ys)], ys[:, rank])

    # -- hover and click -----------------------------------------------------------------------
    def step_at(self, scene_pos: QPointF) -> int | None:
        """The 1-based step nearest the scene position, or None outside the data."""
        plot = self.getPlotItem()
        if self.count == 0 or not plot.sceneBoundingRect().contains(scene_pos):
            return None
        x = plot.vb.mapSceneToView(scene_pos).x()
        step = round(x * self.steps_per_epoch) if self.x_mode == "epoch" else round(x)
        if 1 <= step <= self.count:
            return step
        return None

    def describe_step(self, step: int) -> str:
        epoch, iteration = divmod(step - 1, self.steps_per_epoch)
        return self.tr("step {0:,} · epoch {1}, iteration {2}/{3} · loss {4:.4g} · smoothed {5:.4g}").format(
            step,
            epoch + 1,
            iteration + 1,
            self.steps_per_epoch,
            self.loss[step - 1],
            self.smoothed[step - 1],
        )

    def leaveEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """The mouse left the plot: no step is under it, the read-out goes."""
        super().leaveEvent(event)
        self._unhover()

    def _unhover(self) -> None:
        self.marker.setVisible(False)
        self.hovered.emit("")

    def _on_mouse_moved(self, pos: QPointF) -> None:
        step = self.step_at(pos)
        if step is None:
            self._unhover()
            return
        self.marker.setValue(self._x_of(step))
        self.marker.setVisible(True)
        self.hovered.emit(self.describe_step(step))

    def _on_mouse_clicked(self, event) -> None:
        step = self.step_at(event.scenePos())
        if step is not None:
            self.step_clicked.emit(step)


class _PerEpochPlot(Retranslating, pg.PlotWidget):
    """Base for plots with one point per epoch; markers while there are few points.

    Like the loss plot the view is managed while the learner leaves it alone: x spans the run's
    epochs from the start and y changes only when a value leaves it, so that the axes (whose tick
    labels take milliseconds of GUI-thread time to lay out) are not redrawn at every epoch."""

    def __init__(self, parent=None) -> None:
        super().__init__(
            parent, background=theme.colours().background, axisItems={"bottom": _WholeAxis("bottom")}
        )
        self._managed = True
        self._y_range: tuple[float, float] | None = None
        self.getPlotItem().vb.sigRangeChangedManually.connect(self._on_manual_range)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """As wide and high as the axes and the title need: any narrower and the plot would be drawn
        past the widget's edges (a splitter lets the learner squeeze it)."""
        plot = self.getPlotItem()
        hint = super().minimumSizeHint()
        if plot is None:
            return hint
        least = plot.minimumSize()
        return hint.expandedTo(QSize(math.ceil(least.width()), math.ceil(least.height())))

    def _manage_view(self, epochs: int) -> None:
        """A new run of ``epochs`` epochs: the view is managed again (x: the run; y: as values come)."""
        vb = self.getPlotItem().vb
        self._managed = True
        self._y_range = None
        vb.disableAutoRange()
        vb.setXRange(0.5, max(1, epochs) + 0.5, padding=0)

    def _on_manual_range(self, *_args) -> None:
        self._managed = False

    def _fit_y(self, values: list[float], floor: float | None = None, headroom: float = 0.08) -> None:
        """Widen y to hold ``values``, with ``headroom`` (a fraction of their span) above them;
        ``floor``: a fixed lower end (0 for a loss)."""
        finite = [v for v in values if np.isfinite(v)]
        if not self._managed or not finite:
            return
        lo, hi = min(finite), max(finite)
        if self._y_range is not None:
            r_lo, r_hi = self._y_range
            edge = EDGE * (r_hi - r_lo)  # a point on the very edge is drawn half cut off
            if (r_lo <= lo if floor is not None else r_lo + edge <= lo) and hi <= r_hi - edge:
                return
        if self._y_range is not None:
            lo, hi = min(lo, self._y_range[0]), max(hi, self._y_range[1])
        span = hi - (lo if floor is None else floor) or abs(hi) or 1.0
        bottom = lo - 0.08 * span if floor is None else floor
        self._y_range = (bottom, hi + headroom * span)
        self.getPlotItem().vb.setYRange(*self._y_range, padding=0)

    def _set(self, curve: pg.PlotDataItem, x: list[float], y: list[float], colour) -> None:
        if len(x) <= MAX_SYMBOLS:
            curve.setData(x, y, symbol=curve.opts["symbol"] or "o", symbolSize=6, symbolBrush=colour)
        else:
            curve.setData(x, y, symbol=None)


class EpochPlot(_PerEpochPlot):
    """Per epoch: the whole training set's loss and the validation loss at the epoch's end, with the
    same weights (their distance is the generalisation gap). The mini-batch losses are the loss plot's."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("epochPlot")
        plot = self.getPlotItem()
        _style(plot)
        self.legend = add_legend(plot)
        self.train = plot.plot(
            pen=pg.mkPen(TRAIN_COLOUR, width=2), symbol="o", symbolBrush=TRAIN_COLOUR, name=" "
        )
        self.val = plot.plot(pen=pg.mkPen(VAL_COLOUR, width=2), symbol="s", symbolBrush=VAL_COLOUR, name=" ")
        plot.vb.sigResized.connect(self._on_view_resized)  # after the legend's own fit (add_legend)
        self.records: list[EpochRecord] = []
        self._train_colour = TRAIN_COLOUR
        self.log_y = False
        self.task = "classification"
        self.reset()

    def retranslate_ui(self) -> None:
        plot = self.getPlotItem()
        if plot is None:  # closed: pyqtgraph has let its plot go (a language change still queued)
            return
        self.title = self.tr("Loss per epoch")
        set_title(plot, self.title, "10pt")
        self.updateGeometry()  # the title's width is part of the minimum width
        set_label(plot, "bottom", self.tr("epoch"))
        rename_curve(self.legend, self.train, self.tr("training loss (whole set)"))
        rename_curve(self.legend, self.val, self.tr("validation loss"))
        unit = self.tr("cross-entropy") if self.task == "classification" else self.tr("MSE")
        if self.log_y:
            unit = self.tr("{0}; log scale: the loss blew up").format(unit)
        set_label(plot, "left", self.tr("loss ({0})").format(unit))
        name_plot(self, self.title)

    def reset(self, task: str = "classification", epochs: int = 1) -> None:
        """Empty the plot for a run of ``epochs`` epochs."""
        self.records = []
        self.task = task
        self._set_log(False)
        self.retranslate_ui()
        self._manage_view(epochs)
        self._redraw()

    def _set_log(self, on: bool) -> None:
        """Log-scale y: when a loss blew up (a diverging run), the epochs before it stay readable."""
        if on != self.log_y:
            self.log_y = on
            vb = self.getPlotItem().vb
            x_range = vb.viewRange()[0]
            self.getPlotItem().setLogMode(x=False, y=on)
            vb.disableAutoRange()  # the log switch asks for an automatic range: x keeps the run's
            vb.setXRange(*x_range, padding=0)
            self._y_range = None

    def restyle(self) -> None:
        self._train_colour = theme.colours().curve
        self.train.setPen(pg.mkPen(self._train_colour, width=2))
        self._redraw()

    def add(self, records: tuple[EpochRecord, ...]) -> None:
        self.records.extend(records)
        self._redraw()

    def _redraw(self) -> None:
        x, val = [r.epoch for r in self.records], [r.val_loss for r in self.records]
        ended = [r for r in self.records if r.train_loss_end is not None]  # (not in older files)
        train = [r.train_loss_end for r in ended]
        self._set(self.train, [r.epoch for r in ended], train, self._train_colour)
        self._set(self.val, x, val, VAL_COLOUR)
        finite = [v for v in train + val if np.isfinite(v) and v > 0]
        if finite and max(finite) > DIVERGED_RATIO * finite[0] and not self.log_y:
            self._set_log(True)
            self.retranslate_ui()
        if self.log_y:
            self._fit_y([math.log10(v) for v in finite], headroom=self._legend_headroom())
        else:
            self._fit_y(train + val, floor=0.0, headroom=self._legend_headroom())

    def _legend_headroom(self) -> float:
        """Room above the curves, as a fraction of their span, for the legend to sit in."""
        height = self.getPlotItem().vb.height()
        taken = self.legend.height() + 2 * LEGEND_MARGIN
        if height <= 0:
            return 0.4
        return min(3.0, max(0.08, taken / max(height - taken, height / 4)))

    def _on_view_resized(self) -> None:
        """A new size (and perhaps a legend wrapped anew): y is fitted again, the legend's room kept."""
        if self._managed and self._y_range is not None:
            self._y_range = None
            self._redraw()


class AccuracyPlot(_PerEpochPlot):
    """Validation accuracy per epoch, in percent (classification only)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("accuracyPlot")
        plot = self.getPlotItem()
        _style(plot)
        self.curve = plot.plot(pen=pg.mkPen(ACC_COLOUR, width=2), symbol="o", symbolBrush=ACC_COLOUR)
        self.note = pg.TextItem("", color=theme.colours().muted, anchor=(0.5, 0.5))
        plot.addItem(self.note, ignoreBounds=True)
        centred = QTextOption(Qt.AlignmentFlag.AlignHCenter)
        centred.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.note.textItem.document().setDefaultTextOption(centred)
        plot.vb.sigResized.connect(self._fit_note)
        self.values: list[tuple[int, float]] = []
        self.reset()
        plot.vb.setYRange(0, 100, padding=0)  # a percentage, until the first run's values

    def retranslate_ui(self) -> None:
        plot = self.getPlotItem()
        if plot is None:  # closed: pyqtgraph has let its plot go (a language change still queued)
            return
        self.title = self.tr("Validation accuracy")
        set_title(plot, self.title, "10pt")
        self.updateGeometry()  # the title's width is part of the minimum width
        set_label(plot, "bottom", self.tr("epoch"))
        set_label(plot, "left", self.tr("accuracy (%)"))
        self.note.setText("" if self.task == "classification" else self.tr("regression: no accuracy"))
        self._fit_note()
        # Regression: the note alone, no axes or grid that would read as a scale of nothing.
        classification = self.task == "classification"
        for side in ("left", "bottom"):
            plot.showAxis(side, classification)
        plot.showGrid(x=classification, y=classification, alpha=0.15)
        name_plot(self, self.title)

    def restyle(self) -> None:
        self.note.setColor(theme.colours().muted)

    def _fit_note(self) -> None:
        """The note on one line, or wrapped when the view is narrower."""
        self.note.setTextWidth(-1)
        room = self.getPlotItem().vb.width() - 2 * LEGEND_MARGIN
        if self.note.textItem.boundingRect().width() > room:
            self.note.setTextWidth(max(MIN_LABEL_WIDTH, room))

    def reset(self, task: str = "classification", epochs: int = 1, val_samples: int | None = None) -> None:
        """Empty the plot for a run of ``epochs`` epochs, its accuracy measured on ``val_samples``."""
        self.values = []
        self.task = task
        self.val_samples = val_samples
        self.retranslate_ui()
        self.curve.setData([], [])
        self._manage_view(epochs)  # y keeps its range until the first value
        if task != "classification":  # no values to come: the note alone, in the middle
            self.getPlotItem().vb.setYRange(0, 1, padding=0)
        self.note.setPos((1 + max(1, epochs)) / 2, 0.5)

    def min_span(self) -> float:
        """The least span of the y axis, in percentage points: one validation sample never fills
        more than 1/SAMPLES_PER_AXIS of it (on 40 samples one is 2.5 points: a 97.5–100 axis made
        it look like a crash), and never less than MIN_ACCURACY_SPAN."""
        per_sample = 100.0 / self.val_samples if self.val_samples else 0.0
        return min(100.0, max(MIN_ACCURACY_SPAN, SAMPLES_PER_AXIS * per_sample))

    def add(self, records: tuple[EpochRecord, ...]) -> None:
        self.values.extend((r.epoch, 100.0 * r.val_accuracy) for r in records if r.val_accuracy is not None)
        self._set(self.curve, [v[0] for v in self.values], [v[1] for v in self.values], ACC_COLOUR)
        accuracies = [v[1] for v in self.values]
        self._fit_y(accuracies)
        if self._managed and self._y_range is not None and accuracies:
            low, high = self._y_range
            span = self.min_span()
            if high - low < span:  # widened about the values, kept within 0–100 (and a margin)
                margin = 0.02 * span
                ceiling, floor = max(high, 100.0 + margin), min(low, -margin)
                low = (low + high - span) / 2
                low = max(floor, min(low, ceiling - span))
                self._y_range = (low, low + span)
                self.getPlotItem().vb.setYRange(*self._y_range, padding=0)
