"""The loss-landscape map: what ``optimizer.step()`` does to (w, b), drawn on the exact loss surface.

Only for the two-parameter model ``ŷ = w·x + b`` with MSE, whose loss is an exact quadratic
(:mod:`core.experiments.landscape`): the filled map and its contour ellipses are computed once per dataset from
the data moments, and each run's path is appended in chunks into doubling numpy buffers with one
``setData`` per chunk. Earlier runs stay overlaid (at most ``MAX_EARLIER``) for comparison.
"""

from __future__ import annotations

import html
import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from core.experiments.landscape import (
    LinearQuadratic,
    TwoBasinsSurface,
    default_window,
    linear_quadratic,
    log_levels,
    loss_contours,
    loss_grid,
)
from core.training.quadratic import stability_bound
from gui import theme
from gui.accessibility import name_plot
from gui.i18n import Retranslating, message_text, sentence

MAX_EARLIER = 6  # earlier runs kept on the map
MAX_DOTS = 3_000  # a dot per step up to this many steps; a plain line beyond
MAX_DRAWN = 20_000  # points drawn per path; longer paths are drawn with a stride (buffers keep all)
DISPLAY_LIMIT = 1e6  # |w|, |b| beyond this (a diverged run) are clipped in the buffers
GRID_N = 201
MAP_MARGIN = 1.8  # the map image covers this many times the view window, per axis
LEVELS = 12  # contour ellipses, each with twice the excess loss of the one inside
PLOT_ASPECT = 1.6  # w span : b span of the default window (the plot keeps w and b to one scale)
RUN_COLOURS = (
    (214, 39, 40),  # red
    (31, 90, 200),  # blue
    (20, 140, 60),  # green
    (148, 60, 190),  # purple
    (235, 120, 0),  # orange
    (0, 150, 160),  # teal
    (120, 80, 40),  # brown
)
CONTOUR_COLOUR = (90, 110, 130, 150)
INSTANT_COLOUR = (30, 30, 30)  # the instant full-batch path: dark and dashed on the pale map, under the runs
INSTANT_HALO = (255, 255, 255, 170)  # … over a pale line, so that it reads off the map on a dark plot too
# Pale map (low loss darker blue-grey, high loss cream) so coloured paths stay readable on top.
MAP = pg.ColorMap([0.0, 0.35, 0.7, 1.0], [(150, 185, 215), (200, 222, 235), (238, 243, 236), (253, 246, 226)])


class _Path:
    """One run's (w, b) points in preallocated buffers that double when full, and its curve."""

    def __init__(self, label, colour: tuple[int, int, int], curve: pg.PlotDataItem) -> None:
        self._label = label  # a text, or a function making it (in the language of the moment)
        self.colour = colour
        self.curve = curve
        self.count = 0
        self.style: tuple[float, float] | None = None
        self.w = np.empty(1024)
        self.b = np.empty(1024)

    @property
    def label(self) -> str:
        return self._label() if callable(self._label) else self._label

    def append(self, w: np.ndarray, b: np.ndarray) -> None:
        n, k = self.count, len(w)
        if n + k > len(self.w):
            capacity = len(self.w)
            while capacity < n + k:
                capacity *= 2
            for name in ("w", "b"):
                grown = np.empty(capacity)
                grown[:n] = getattr(self, name)[:n]
                setattr(self, name, grown)
        self.w[n : n + k] = _display_safe(w)
        self.b[n : n + k] = _display_safe(b)
        self.count = n + k

    def trim(self) -> None:
        """Release the unused capacity (a finished run)."""
        self.w = self.w[: self.count].copy()
        self.b = self.b[: self.count].copy()

    def draw(self, width: float, dot: float) -> None:
        n = self.count
        stride = max(1, math.ceil(n / MAX_DRAWN))
        w, b = self.w[:n:stride], self.b[:n:stride]
        if stride > 1 and (n - 1) % stride:
            w, b = np.append(w, self.w[n - 1]), np.append(b, self.b[n - 1])
        if self.style != (width, dot):
            self.style = (width, dot)
            self.curve.setPen(pg.mkPen(self.colour, width=width))
        if n <= MAX_DOTS:
            self.curve.setData(w, b, symbol="o", symbolSize=dot, symbolPen=None, symbolBrush=self.colour)
        else:
            self.curve.setData(w, b, symbol=None)


def _display_safe(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, dtype=np.float64).ravel()
    return np.where(np.isfinite(values), np.clip(values, -DISPLAY_LIMIT, DISPLAY_LIMIT), np.nan)


class LandscapePanel(Retranslating, QWidget):
    """Loss map of ``ŷ = w·x + b`` with the step-by-step (w, b) path of the current and earlier runs,
    λ_max of the Hessian and the critical learning rate of the optimizer's settings (e.g. (2 + 2β)/λ_max)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("landscapePanel")
        self.quad: LinearQuadratic | None = None
        self.basins: TwoBasinsSurface | None = None  # the two-basins problem's surface, instead of quad
        self.window_range: tuple[tuple[float, float], tuple[float, float]] | None = None
        self.start = (0.0, 0.0)
        self.lr = 0.01
        self.momentum = 0.0
        self.settings: dict = {}  # optimizer, nesterov, dampening, weight_decay, zero_grad (for the bound)
        self.current: _Path | None = None
        self.earlier: list[_Path] = []
        self.instant_points = np.empty((0, 2))  # the draft's full-batch path from the start, as drawn
        self._instant_label = None  # a function making its legend entry, or None
        self._instant_note = None  # a function saying why there is no such path, or None
        self._cache: dict[tuple, tuple] = {}
        self._data_key: tuple | None = None

        self.intro = QLabel(objectName="landscapeIntro")
        self.intro.setWordWrap(True)
        self.numbers = QLabel(objectName="landscapeNumbers")
        self.numbers.setWordWrap(True)
        self.numbers.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning = QLabel(objectName="landscapeWarning")
        self.warning.setWordWrap(True)
        self.warning.setVisible(False)

        self.plot_widget = pg.PlotWidget(background=theme.colours().background)
        self.plot_widget.setObjectName("landscapePlot")
        self.plot_widget.setMinimumHeight(240)
        plot = self.plot = self.plot_widget.getPlotItem()
        for side in ("left", "bottom"):
            plot.getAxis(side).enableAutoSIPrefix(False)
        theme.style_plot(plot)
        plot.setAspectLocked(True)
        plot.setMenuEnabled(False)
        self.image = pg.ImageItem(axisOrder="col-major")
        self.image.setColorMap(MAP)
        self.image.setZValue(-20)
        plot.addItem(self.image)
        self.contours = pg.PlotCurveItem(
            pen=pg.mkPen(CONTOUR_COLOUR, width=1), connect="finite", antialias=True
        )
        self.contours.setZValue(-10)
        plot.addItem(self.contours)
        self.minimum = pg.ScatterPlotItem(
            size=16, symbol="star", pen=pg.mkPen(40, 40, 40), brush=pg.mkBrush(255, 215, 0)
        )
        self.minimum.setZValue(20)
        plot.addItem(self.minimum)
        self.shallow_marker = pg.ScatterPlotItem(  # two-basins: the poorer minimum
            size=14, symbol="star", pen=pg.mkPen(40, 40, 40), brush=pg.mkBrush(255, 255, 255)
        )
        self.shallow_marker.setZValue(20)
        plot.addItem(self.shallow_marker)
        self.start_marker = pg.ScatterPlotItem(
            size=9, symbol="s", pen=pg.mkPen(40, 40, 40), brush=pg.mkBrush(255, 255, 255)
        )
        self.start_marker.setZValue(20)
        plot.addItem(self.start_marker)
        # The draft's full-batch path (core.experiments.instant): redrawn at every α or β, under the runs.
        self.instant = pg.PlotDataItem(
            pen=pg.mkPen(INSTANT_COLOUR, width=2, style=Qt.PenStyle.DashLine),
            symbol="o",
            symbolSize=4,
            symbolPen=None,
            symbolBrush=INSTANT_COLOUR,
            connect="finite",
            antialias=True,
        )
        self.instant.setObjectName("instantPath")
        self.instant.setZValue(-5)
        plot.addItem(self.instant)
        self.instant_halo = pg.PlotCurveItem(pen=pg.mkPen(INSTANT_HALO, width=4.5), connect="finite")
        self.instant_halo.setZValue(-6)
        plot.addItem(self.instant_halo)
        self.plot_widget.scene().sigMouseMoved.connect(self._on_mouse_moved)

        # The legend is a line of text under the plot: it never hides the start or a path.
        self.legend = QLabel(objectName="landscapeLegend")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.readout = QLabel(objectName="landscapeReadout")
        self.clear_button = QPushButton(objectName="clearPathsButton")
        self.clear_button.clicked.connect(self.clear_paths)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.intro)
        layout.addWidget(self.numbers)
        layout.addWidget(self.warning)
        layout.addWidget(self.plot_widget, 1)
        layout.addWidget(self.legend)
        bar = QHBoxLayout()
        bar.addWidget(self.readout, 1)
        bar.addWidget(self.clear_button)
        layout.addLayout(bar)

        self.message = QLabel(objectName="landscapeMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._reason = ""

        self.stack = QStackedWidget()
        self.stack.addWidget(content)
        self.stack.addWidget(self.message)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.addWidget(self.stack)
        self.retranslate_ui()
        self.restyle()

    def retranslate_ui(self) -> None:
        self._update_intro()
        self.plot.setLabel("bottom", self.tr("w (weight)"))
        self.plot.setLabel("left", self.tr("b (bias)"))
        self.clear_button.setText(self.tr("Clear paths"))
        self.clear_button.setToolTip(self.tr("Remove the paths of the current and earlier runs"))
        self._show_reason()
        self._update_numbers()
        self._update_legend()
        name_plot(self.plot_widget, self.tr("Loss landscape L(w, b)"))

    def _update_intro(self) -> None:
        if self.basins is not None:
            self.intro.setText(
                self.tr(
                    "The map is the full training loss L(w, b) of ŷ = w·x₁ + w²·x₂ + b, which is not convex: "
                    "a shallow basin (☆) near the start □ and a deeper one (★) beyond a saddle. Each contour "
                    "has twice the excess loss of the one inside it. Every dot is one optimizer.step(): a "
                    "large batch stays close to the full-batch path, which settles in the near basin; a small "
                    "batch's noisier steps can carry it over the saddle (the batch-size lab measures how often)."
                )
            )
            return
        self.intro.setText(
            self.tr(
                "The map is the full training loss L(w, b) of ŷ = w·x + b: each contour has twice the "
                "excess loss of the one inside it, and ★ is the minimum. Every dot is one optimizer.step(). "
                "Above α = 1/λ_max plain SGD overshoots across the narrow valley and zig-zags; momentum β "
                "damps the zig-zag and keeps rolling along the valley floor, and a small batch adds noise "
                "around the full-batch path."
            )
        )

    def restyle(self) -> None:
        self.warning.setStyleSheet(f"color: {theme.colours().error}; font-weight: bold;")
        self.readout.setStyleSheet(theme.css("muted"))
        self.message.setStyleSheet(theme.css("muted") + " font-size: 13px; padding: 24px;")
        self._update_legend()  # the instant path's mark is in the text colour

    # -- data ----------------------------------------------------------------------------------
    def set_data(self, x: np.ndarray, y: np.ndarray, start: tuple[float, float] = (0.0, 0.0)) -> None:
        """Use the 1-D training set (x, y): moments, λ_max, the map and its contours (cached per
        dataset). ``start`` is the model's initial (w, b) (the engine's zeros); the map holds it.
        Paths are cleared when the data or the start changes."""
        quad = linear_quadratic(np.asarray(x).ravel(), np.asarray(y).ravel())
        self.basins = None
        start = (float(start[0]), float(start[1]))
        key = (*quad.moments.key(), *start)
        same = key == self._data_key and self.window_range is not None
        if not same:
            self._remove_paths()
        self.quad = quad
        self.start = start
        self._data_key = key
        if not same:  # the same data keeps its map, widened for earlier paths or not
            self._show_window(default_window(quad, self.start, aspect=PLOT_ASPECT))
        self.minimum.setData([quad.minimiser[0]], [quad.minimiser[1]])
        self.shallow_marker.setData([], [])
        self._update_intro()
        self.start_marker.setData([self.start[0]], [self.start[1]])
        self._update_numbers()
        self._update_legend()

    def set_two_basins(self, x: np.ndarray, y: np.ndarray, start: tuple[float, float]) -> None:
        """Use the two-basins training set (x: (n, 2), y): its exact loss on a grid, both minima and the
        saddle. ``start`` is the model's fixed initial (w, b). Paths are cleared when the data changes."""
        basins = TwoBasinsSurface.from_data(x, y)
        start = (float(start[0]), float(start[1]))
        key = ("two-basins", *basins.second.ravel(), *basins.cross, basins.mean_y2, *start)
        same = key == self._data_key and self.window_range is not None
        if not same:
            self._remove_paths()
        self.quad, self.basins, self.start, self._data_key = None, basins, start, key
        if not same:
            self._show_window(basins.window(start))
        self.minimum.setData([basins.deep[0]], [basins.deep[1]])
        self.start_marker.setData([self.start[0]], [self.start[1]])
        shallow = [basins.shallow] if basins.shallow is not None else []
        self.shallow_marker.setData([m[0] for m in shallow], [m[1] for m in shallow])
        self._update_intro()
        self._update_numbers()
        self._update_legend()

    def _show_window(self, window: tuple[tuple[float, float], tuple[float, float]]) -> None:
        """Draw the map over ``window`` (from the cache when this dataset and window were drawn)."""
        assert self.quad is not None or self.basins is not None
        key = (self._data_key, window)
        if key not in self._cache:
            if len(self._cache) >= 8:
                self._cache.clear()
            if self.basins is not None:
                self._cache[key] = self._render_basins(self.basins, window)
            else:
                self._cache[key] = self._render(self.quad, window)
        image, levels, rect, contour_w, contour_b = self._cache[key]
        self.window_range = window
        self.image.setImage(image, levels=levels, autoLevels=False)
        self.image.setRect(rect)
        self.contours.setData(contour_w, contour_b)
        (w0, w1), (b0, b1) = window
        self.plot.setRange(xRange=(w0, w1), yRange=(b0, b1), padding=0)

    @staticmethod
    def _render(quad: LinearQuadratic, window) -> tuple:
        """Image (log10 of the excess loss), its levels and rectangle, and contour polylines.

        The image covers ``MAP_MARGIN`` times the window, so panning or a plot wider than the
        window's aspect still shows the map."""
        (w0, w1), (b0, b1) = window
        cw, cb = (w0 + w1) / 2, (b0 + b1) / 2
        gw, gb = (w1 - w0) * MAP_MARGIN / 2, (b1 - b0) * MAP_MARGIN / 2
        grid = loss_grid(quad, GRID_N, (cw - gw, cw + gw), (cb - gb, cb + gb))
        # The largest ellipse that fits the window, times 4: contours reach into the corners.
        inv = np.linalg.inv(quad.hessian / 2.0) if quad.condition_number < 1e12 else None
        hw, hb = (w1 - w0) / 2.0, (b1 - b0) / 2.0
        if inv is not None:
            top = 4.0 * min(hw * hw / inv[0, 0], hb * hb / inv[1, 1])
        else:
            top = float(np.max(grid.loss) - quad.min_loss)
        levels = log_levels(quad.min_loss, quad.min_loss + top, LEVELS)
        excess = np.maximum(grid.loss - quad.min_loss, 0.0)
        low = math.log10(max(top, 1e-300)) - LEVELS * math.log10(2.0)
        high = math.log10(max(float(excess.max()), 10.0 ** (low + 1.0)))
        image = np.log10(np.maximum(excess, 10.0**low))
        dw, db = grid.w[1] - grid.w[0], grid.b[1] - grid.b[0]
        rect = QRectF(grid.w[0] - dw / 2, grid.b[0] - db / 2, GRID_N * dw, GRID_N * db)
        parts_w, parts_b = [], []
        for cw, cb in loss_contours(quad, levels):
            parts_w += [cw, [np.nan]]
            parts_b += [cb, [np.nan]]
        contour_w = np.concatenate(parts_w) if parts_w else np.empty(0)
        contour_b = np.concatenate(parts_b) if parts_b else np.empty(0)
        return image.astype(np.float32), (low, high), rect, contour_w, contour_b

    @staticmethod
    def _render_basins(basins: TwoBasinsSurface, window) -> tuple:
        """The two-basins map: log10 of the loss above the deeper minimum on a grid (exact at each node),
        and contours traced on that grid, each with twice the excess loss of the one inside it."""
        (w0, w1), (b0, b1) = window
        cw, cb = (w0 + w1) / 2, (b0 + b1) / 2
        gw, gb = (w1 - w0) * MAP_MARGIN / 2, (b1 - b0) * MAP_MARGIN / 2
        grid = basins.grid(GRID_N, (cw - gw, cw + gw), (cb - gb, cb + gb))
        floor = basins.deep[2]
        excess = np.maximum(grid.loss - floor, 0.0)
        inside = (
            (grid.w[:, None] >= w0)
            & (grid.w[:, None] <= w1)
            & (grid.b[None, :] >= b0)
            & (grid.b[None, :] <= b1)
        )
        top = float(excess[inside].max()) if inside.any() else float(excess.max())
        levels = log_levels(floor, floor + top, LEVELS) - floor
        if basins.saddle is not None:  # the contour through the saddle: where the two basins meet
            levels = np.union1d(levels, [basins.saddle[2] - floor])
        low = math.log10(max(float(levels[0]) if len(levels) else top, 1e-12)) - 1.0
        high = math.log10(max(float(excess.max()), 10.0 ** (low + 1.0)))
        image = np.log10(np.maximum(excess, 10.0**low))
        dw, db = grid.w[1] - grid.w[0], grid.b[1] - grid.b[0]
        rect = QRectF(grid.w[0] - dw / 2, grid.b[0] - db / 2, GRID_N * dw, GRID_N * db)
        parts_w, parts_b = [], []
        for level in levels:
            for line in pg.functions.isocurve(excess, float(level), connected=True):
                if len(line) < 2:
                    continue
                pts = np.asarray(line, dtype=np.float64) - 0.5  # isocurve puts node (i, j) at (i + ½, j + ½)
                parts_w += [grid.w[0] + pts[:, 0] * dw, [np.nan]]
                parts_b += [grid.b[0] + pts[:, 1] * db, [np.nan]]
        contour_w = np.concatenate(parts_w) if parts_w else np.empty(0)
        contour_b = np.concatenate(parts_b) if parts_b else np.empty(0)
        return image.astype(np.float32), (low, high), rect, contour_w, contour_b

    # -- runs ----------------------------------------------------------------------------------
    def begin_run(self, label, start: tuple[float, float] | None = None) -> None:
        """Start a new path named ``label`` (the legend entry: a text, or a function making it in the
        current language). It begins at ``start``, by default
        the model's initial (w, b) given to :meth:`set_data`. A run still open is ended first."""
        if self.current is not None:
            self.end_run()
        used = {p.colour for p in self.earlier}
        colour = next((c for c in RUN_COLOURS if c not in used), RUN_COLOURS[0])
        curve = pg.PlotDataItem(pen=pg.mkPen(colour, width=2.5), connect="finite", antialias=True)
        curve.setZValue(10)
        self.plot.addItem(curve)
        self.current = _Path(label, colour, curve)
        start = self.start if start is None else start
        self.current.append(np.array([start[0]], float), np.array([start[1]], float))
        self._draw_current()
        self._update_legend()

    def append_path(self, w: np.ndarray, b: np.ndarray) -> None:
        """Add the (w, b) after each of the next steps (equal-length 1-D arrays); redraws once."""
        w, b = np.atleast_1d(np.asarray(w, dtype=np.float64)), np.atleast_1d(np.asarray(b, dtype=np.float64))
        if w.shape != b.shape or w.ndim != 1:
            raise ValueError(f"w and b must be 1-D arrays of one length (got {w.shape} and {b.shape})")
        if self.current is None:
            self.begin_run(lambda: self.tr("current run"))
        assert self.current is not None
        if len(w) == 0:
            return
        self.current.append(w, b)
        self._draw_current()

    def end_run(self) -> None:
        """File the current path with the earlier ones (the oldest goes beyond ``MAX_EARLIER``) and,
        when it left the map, widen the map to show it."""
        path, self.current = self.current, None
        if path is None:
            return
        path.trim()
        self.earlier.append(path)
        while len(self.earlier) > MAX_EARLIER:
            self._remove(self.earlier.pop(0))
        self._draw_earlier()
        self._update_legend()
        self._fit_paths()

    def _draw_current(self) -> None:
        assert self.current is not None
        self.current.draw(2.5, 5)

    def _draw_earlier(self) -> None:
        """Older paths are drawn wider and underneath, so a newer path on the same line leaves
        them visible as a coloured border."""
        for age, path in enumerate(reversed(self.earlier)):
            path.curve.setZValue(5 - age)
            step = min(age, 2)
            path.draw(1.5 + 2.0 * step, 4 + 2.5 * step)

    def clear_paths(self) -> None:
        """Remove every path, the current run's included (it continues from its next point)."""
        self._remove_paths()
        self._update_legend()
        if self.quad is not None:
            self._show_window(default_window(self.quad, self.start, aspect=PLOT_ASPECT))
        elif self.basins is not None:
            self._show_window(self.basins.window(self.start))

    def _remove_paths(self) -> None:
        for path in self.earlier:
            self._remove(path)
        self.earlier.clear()
        if self.current is not None:
            self.current.count = 0
            self._draw_current()

    def _remove(self, path: _Path) -> None:
        self.plot.removeItem(path.curve)

    def _update_legend(self) -> None:
        entries = []
        if self.basins is not None:
            deep, shallow = self.basins.deep, self.basins.shallow
            entries.append(
                '<span style="color:#c9a000">★</span>&nbsp;'
                + _nbsp(self.tr("deeper minimum ({0:.3g}, {1:.3g}), L = {2:.4g}").format(*deep))
            )
            if shallow is not None:
                entries.append(
                    "☆&nbsp;"
                    + _nbsp(self.tr("shallow minimum ({0:.3g}, {1:.3g}), L = {2:.4g}").format(*shallow))
                )
            entries.append("□&nbsp;" + _nbsp(self.tr("start ({0:.3g}, {1:.3g})").format(*self.start)))
        if self.quad is not None:
            w, b = self.quad.minimiser
            entries.append(
                '<span style="color:#c9a000">★</span>&nbsp;'
                + _nbsp(self.tr("minimum (w*, b*) = ({0:.3g}, {1:.3g})").format(w, b))
            )
            entries.append("□&nbsp;" + _nbsp(self.tr("start ({0:.3g}, {1:.3g})").format(*self.start)))
        if self._instant_label is not None:
            mark = _hex(theme.colours().foreground)
            entries.append(
                f'<span style="color:{mark}"><b>┅•</b></span>&nbsp;' + html.escape(self._instant_label())
            )
        elif self._instant_note is not None:
            entries.append(f"<i>{html.escape(self._instant_note())}</i>")
        for path in self.paths:
            text = _nbsp(html.escape(path.label))
            if path is self.current:
                text = f"<b>{text}</b>"
            entries.append(f'<span style="color:{_hex(path.colour)}"><b>━●</b></span>&nbsp;{text}')
        self.legend.setText(" &nbsp; ".join(entries))

    def _fit_paths(self) -> None:
        """Widen the window to hold every finite path point, up to 20 times the default window."""
        if self.quad is None or self.window_range is None:
            return
        points = [np.column_stack([p.w[: p.count], p.b[: p.count]]) for p in self.paths if p.count]
        if not points:
            return
        (w0, w1), (b0, b1) = self.window_range
        p = np.concatenate(points)
        p = p[np.isfinite(p).all(axis=1)]
        inside = (p[:, 0] >= w0) & (p[:, 0] <= w1) & (p[:, 1] >= b0) & (p[:, 1] <= b1)
        if inside.all():
            return
        base = default_window(self.quad, self.start, aspect=PLOT_ASPECT)
        limit = 20.0 * max(base[0][1] - base[0][0], base[1][1] - base[1][0])
        w_star, b_star = self.quad.minimiser
        near = (np.abs(p[:, 0] - w_star) <= limit) & (np.abs(p[:, 1] - b_star) <= limit)
        window = default_window(self.quad, self.start, p[near], margin=0.08, aspect=PLOT_ASPECT)
        self._show_window(_round_window(window))

    # -- the instant path ------------------------------------------------------------------------
    def set_instant_path(self, points: np.ndarray | None, label=None, note=None) -> None:
        """Draw ``points`` ((k + 1, 2): the start, then (w, b) after each full-batch step) as the dashed
        instant path with the legend entry ``label()``, or, for None, no path and ``note()`` (why there
        is none) in the legend, if given. Runs' paths are drawn over it."""
        if points is None:
            self.instant_points = np.empty((0, 2))
            self.instant.setData([], [])
            self.instant_halo.setData([], [])
        else:
            points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
            self.instant_points = np.column_stack([_display_safe(points[:, 0]), _display_safe(points[:, 1])])
            self.instant.setData(self.instant_points[:, 0], self.instant_points[:, 1])
            self.instant_halo.setData(self.instant_points[:, 0], self.instant_points[:, 1])
        self._instant_label = label if points is not None else None
        self._instant_note = None if points is not None else note
        self._update_legend()

    # -- numbers -------------------------------------------------------------------------------
    def set_hyperparameters(self, lr: float, momentum: float, **settings) -> None:
        """The learning rate α and momentum β the learner has set, and the other optimizer settings
        the bound depends on (``optimizer``, ``nesterov``, ``dampening``, ``weight_decay``,
        ``zero_grad``; plain torch.optim.SGD when not given): updates the numbers and the warning
        shown when α is at or past the bound."""
        self.lr = float(lr)
        self.momentum = float(momentum)
        self.settings = settings
        self._update_numbers()

    def bound(self):
        """The stability bound of the current settings (core.training.quadratic.StabilityBound), or
        None before :meth:`set_data`."""
        if self.quad is None or not self.quad.lambda_max > 0:
            return None
        beta = min(max(self.momentum, 0.0), 0.999999)
        return stability_bound(self.quad.lambda_max, momentum=beta, **self.settings)

    def stability(self) -> dict[str, float | None]:
        """``{"hessian_max_eigenvalue": λ_max, "lr_critical": …}`` for the current settings (None
        before :meth:`set_data`, and for settings without a fixed bound, such as Adam)."""
        bound = self.bound()
        if bound is None:
            return {"hessian_max_eigenvalue": None, "lr_critical": None}
        return {"hessian_max_eigenvalue": self.quad.lambda_max, "lr_critical": bound.lr_critical}

    def _update_numbers(self) -> None:
        if self.basins is not None:
            self._update_basin_numbers()
            return
        bound = self.bound()
        if bound is None:
            self.numbers.setText(self.tr("λ_max of the Hessian: — (no data yet)"))
            self.warning.setVisible(False)
            return
        assert self.quad is not None
        lam = self.quad.lambda_max
        eigen = self.tr(
            # No-break spaces (\u00a0) keep each formula on one line when the text wraps.
            "Hessian eigenvalues λ_max\u00a0=\u00a0{0:.4g}, λ_min\u00a0=\u00a0{1:.4g}; 1/λ_max\u00a0=\u00a0{2:.4g}."
        ).format(lam, self.quad.lambda_min, 1.0 / lam)
        crit = bound.lr_critical
        if crit is None:  # Adam, RMSprop, Adagrad; no zero_grad; dampening 1
            self.numbers.setText(
                eigen + " " + self.tr("No fixed stability bound: {0}.").format(message_text(bound.reason))
            )
            self.warning.setVisible(False)
            self.warning.setText("")
            return
        self.numbers.setText(
            eigen
            + " "
            + self.tr(
                "{0}: full-batch steps converge only when {1}, i.e. α\u00a0<\u00a0{2:.4g} "
                "for β\u00a0=\u00a0{3:.3g}; your α\u00a0=\u00a0{4:.4g} is {5:.0%} of it."
            ).format(
                sentence(bound.variant),
                bound.formula.replace(" ", "\u00a0"),
                crit,
                self.momentum,
                self.lr,
                self.lr / crit,
            )
        )
        past = self.lr >= crit
        self.warning.setVisible(past)
        if past:
            self.warning.setText(
                self.tr(
                    "⚠ α = {0:.4g} is past the critical learning rate {1:.4g} ({2}): each full-batch step "
                    "overshoots further than the last and the run diverges. Lower α."
                ).format(self.lr, crit, bound.formula)
            )
        else:
            self.warning.setText("")

    def _update_basin_numbers(self) -> None:
        """Two-basins: no fixed stability bound (the loss is not a quadratic); the basins instead."""
        assert self.basins is not None
        self.warning.setVisible(False)
        self.warning.setText("")
        saddle, shallow, deep = self.basins.saddle, self.basins.shallow, self.basins.deep
        if saddle is None or shallow is None:
            self.numbers.setText(self.tr("One basin only: minimum L = {0:.4g}.").format(deep[2]))
            return
        self.numbers.setText(
            self.tr(
                "Not convex: a shallow basin (L = {0:.4g} at w = {1:.3g}) near the start "
                "and a deeper one (L = {2:.4g} at w = {3:.3g}), with a saddle between them "
                "at w = {4:.3g} (L = {5:.4g}, a barrier of {6:.3g} above the shallow "
                "minimum). Train several batch sizes from the same start to compare their paths."
            ).format(shallow[2], shallow[0], deep[2], deep[0], saddle[0], saddle[2], saddle[2] - shallow[2])
        )

    # -- availability --------------------------------------------------------------------------
    def set_available(self, available: bool, reason: str = "") -> None:
        """Show the map, or instead ``reason`` (the model is not the two-parameter regression)."""
        self._reason = reason
        self._show_reason()
        self.stack.setCurrentIndex(0 if available else 1)

    def _show_reason(self) -> None:
        self.message.setText(
            self._reason
            or self.tr(
                "The landscape map needs a two-parameter model: choose dataset ‘Line y = 2x − 1’ "
                "with model ‘Linear regression’, or dataset ‘Two basins’."
            )
        )

    @property
    def available(self) -> bool:
        return self.stack.currentIndex() == 0

    # -- read-outs -----------------------------------------------------------------------------
    @property
    def path_w(self) -> np.ndarray:
        """The current run's w values so far (a view; empty when no run is open)."""
        return self.current.w[: self.current.count] if self.current else np.empty(0)

    @property
    def path_b(self) -> np.ndarray:
        return self.current.b[: self.current.count] if self.current else np.empty(0)

    @property
    def paths(self) -> list[_Path]:
        """Earlier runs (oldest first), then the current run if one is open."""
        return self.earlier + ([self.current] if self.current is not None else [])

    @property
    def legend_labels(self) -> list[str]:
        """The run labels the legend shows, in order."""
        return [p.label for p in self.paths]

    @property
    def earlier_paths(self) -> list[tuple[str, np.ndarray, np.ndarray]]:
        """(label, w, b) of each earlier run, oldest first."""
        return [(p.label, p.w[: p.count], p.b[: p.count]) for p in self.earlier]

    def _on_mouse_moved(self, pos: QPointF) -> None:
        surface = self.basins if self.basins is not None else self.quad
        if surface is None or not self.plot.vb.sceneBoundingRect().contains(pos):
            self.readout.setText("")
            return
        point = self.plot.vb.mapSceneToView(pos)
        w, b = point.x(), point.y()
        self.readout.setText(
            self.tr("w = {0:.3f}, b = {1:.3f}: loss L = {2:.4g}").format(w, b, float(surface.loss(w, b)))
        )


def _nbsp(text: str) -> str:
    return text.replace(" ", "&nbsp;")


def _hex(colour: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


def _round_window(window):
    """Round a window outwards to 3 significant digits of its span (fewer distinct cache keys)."""
    (w0, w1), (b0, b1) = window
    step = 10.0 ** (math.floor(math.log10(max(w1 - w0, b1 - b0))) - 2)
    return (
        (math.floor(w0 / step) * step, math.ceil(w1 / step) * step),
        (math.floor(b0 / step) * step, math.ceil(b1 / step) * step),
    )
