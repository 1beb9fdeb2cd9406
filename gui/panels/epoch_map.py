"""The epoch map: every training sample as one cell of a near-square grid, lit as the epoch uses it.

The map reads only what a run sends (``RunInfo.samples`` once, then each chunk's last step: the
permutation the engine indexed this epoch's batches with, how many samples of the epoch it has used,
and that step's mini-batch), never a re-simulation. It keeps one ``uint8`` state a cell and, on each
chunk, changes only the cells that changed since the last one (numpy fancy indexing). One item of the
plot paints the picture: those states as an indexed ``QImage`` over the same bytes (no copy, no
conversion in Python), its colour table the states' colours, then the current mini-batch's marks in
one ``drawRects``. A chunk costs the GUI thread the fancy indexing and one ``update()``; the paint is
one scaled ``drawImage`` (``benchmarks/bench_epoch_map.py``). The worker trains in the same process
and needs the interpreter's lock, which pyqtgraph's ``ImageItem`` and ``ScatterPlotItem`` held for
milliseconds a chunk (their lookup tables, spots and bounds are Python).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QLabel, QSizePolicy, QVBoxLayout, QWidget

from core.session.state import RunState
from core.training.config import TrainConfig
from core.training.steps import steps_per_epoch
from gui import theme
from gui.accessibility import name_plot
from gui.i18n import Retranslating
from gui.session_qt import SessionSignals

# The states of a cell, the rows of the lookup table.
UNSEEN, SEEN, BATCH, SKIPPED, PAD = range(5)
MIN_MARK = 4  # pixels: the current mini-batch's marks are never smaller

# The states' colours in each theme. Checked in tests/gui/test_epoch_map.py at 3:1 (WCAG 2.1's
# non-text contrast) between the cells a learner compares: not yet / seen, seen / the current batch,
# not yet / the current batch, and every lit state against the plot's background. "Skipped" differs
# from "seen" by hue (amber against blue, apart for the common colour blindnesses too).
MAP_COLOURS: dict[str, dict[int, tuple[int, int, int]]] = {
    "light": {
        UNSEEN: (226, 229, 235),
        SEEN: (80, 128, 200),
        BATCH: (110, 0, 30),
        SKIPPED: (205, 125, 20),
    },
    "dark": {
        UNSEEN: (50, 54, 63),
        SEEN: (84, 132, 212),
        BATCH: (255, 240, 160),
        SKIPPED: (205, 120, 36),
    },
}


def grid_shape(n: int) -> tuple[int, int]:
    """(rows, columns) of the near-square grid of ``n`` cells: ⌈√n⌉ columns (245 × 245 for 60,000)."""
    cols = max(1, math.ceil(math.sqrt(max(n, 1))))
    return max(1, math.ceil(n / cols)), cols


def colour_table(name: str) -> list[int]:
    """Each state's colour in theme ``name`` as the ARGB an indexed QImage takes; the cells past the
    last sample are clear."""
    table = [0] * (PAD + 1)
    for state, (r, g, b) in MAP_COLOURS[name].items():
        table[state] = 0xFF000000 | r << 16 | g << 8 | b
    return table


class CellsItem(QGraphicsItem):
    """The grid as one item in grid units (a cell is 1 × 1, sample 0 at the top left): the cells'
    states drawn as an indexed image, and the current mini-batch's marks over them, each as wide as
    a cell is on screen or MIN_MARK pixels (at 60,000 cells a cell is about a pixel, and 64 lone
    pixels are hard to find). It reads the panel's :class:`MapState` when it paints: a chunk only
    asks for a repaint."""

    def __init__(self, state: MapState) -> None:
        super().__init__()
        self.state = state
        self.colours = colour_table("light")
        self.mark_colour = QColor(*MAP_COLOURS["light"][BATCH])

    def set_state(self, state: MapState) -> None:
        self.prepareGeometryChange()
        self.state = state
        self.update()

    def set_colours(self, name: str) -> None:
        self.colours = colour_table(name)
        self.mark_colour = QColor(*MAP_COLOURS[name][BATCH])
        self.update()

    @property
    def image(self) -> np.ndarray:
        """The cells drawn, rows × columns (the state's own array, no copy)."""
        return self.state.image

    @property
    def qimage(self) -> QImage:
        """The cells as the image painted: one byte a cell over the state's array, and the colours."""
        s = self.state
        image = QImage(s.cells, s.cols, s.rows, s.cols, QImage.Format.Format_Indexed8)
        image.setColorTable(self.colours)
        return image

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        s = self.state
        reach = 0.05 * max(s.rows, s.cols) + 2  # the marks' overhang at the edges (MIN_MARK px)
        return QRectF(-reach, -reach, s.cols + 2 * reach, s.rows + 2 * reach)

    def paint(self, painter: QPainter, _option, _widget=None) -> None:
        s = self.state
        painter.drawImage(QRectF(0, 0, s.cols, s.rows), self.qimage)
        if not len(s.batch):
            return
        pixels = abs(painter.transform().m11())  # pixels a cell, across
        size = max(1.0, MIN_MARK / pixels) if pixels > 0 else 1.0
        row, col = np.divmod(s.batch, s.cols)
        corner = (1.0 - size) / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.mark_colour)
        painter.drawRects(
            [
                QRectF(x, y, size, size)
                for x, y in zip((col + corner).tolist(), (row + corner).tolist(), strict=True)
            ]
        )


class MapState:
    """The cells of one epoch: which samples it has used, the last step's mini-batch, and the samples
    it never visits (drop_last). Numbers only; the panel draws :attr:`cells`."""

    def __init__(self, n: int, batch_size: int = 1, per_epoch: int = 0) -> None:
        self.n = n
        self.batch_size = max(1, batch_size)
        self.per_epoch = per_epoch  # iterations (mini-batches) an epoch
        self.rows, self.cols = grid_shape(n)
        self.cells = np.full(self.rows * self.cols, PAD, np.uint8)
        self.cells[:n] = UNSEEN
        self.epoch = 0  # the epoch drawn (1-based; 0: none yet)
        self.iteration = 0  # the last step's iteration within it
        self.seen = 0  # samples of the epoch used so far
        self.order: np.ndarray | None = None  # the epoch's permutation (None: in order)
        self.batch = np.empty(0, np.int64)  # the last step's samples

    @property
    def image(self) -> np.ndarray:
        """The cells as rows × columns (a view: no copy)."""
        return self.cells.reshape(self.rows, self.cols)

    @property
    def visited(self) -> int:
        """Samples an epoch visits: all of them, or ``per_epoch · B`` with drop_last."""
        return min(self.n, self.per_epoch * self.batch_size)

    def position(self, index: int) -> int:
        """Where sample ``index`` comes in this epoch's order."""
        if self.order is None:
            return index
        return int(np.flatnonzero(self.order == index)[0])

    def update(self, epoch: int, iteration: int, order: np.ndarray | None, seen: int, batch) -> None:
        """The engine's last step: epoch and iteration (1-based), the epoch's permutation (None: in
        order), the samples of the epoch used so far, and that step's mini-batch."""
        cells = self.cells
        if epoch != self.epoch:  # a new epoch (a chunk may span the boundary): the map starts afresh
            cells[: self.n] = UNSEEN
            self.epoch, self.seen = epoch, 0
            self.batch = np.empty(0, np.int64)
            if self.visited < self.n:  # drop_last: these samples wait the whole epoch, never used
                cells[order[self.visited :] if order is not None else slice(self.visited, self.n)] = SKIPPED
        self.order = order
        cells[self.batch] = SEEN  # the last batch drawn is no longer the current one
        seen = min(seen, self.n)
        if seen > self.seen:
            cells[order[self.seen : seen] if order is not None else slice(self.seen, seen)] = SEEN
        self.batch = np.asarray(batch, np.int64) if batch is not None else np.empty(0, np.int64)
        cells[self.batch] = BATCH
        self.seen, self.iteration = seen, iteration


def pictures_of(chunk):
    """(order, seen, batch) of a chunk's last step, or None when the chunk carries none (a chunk of
    finished epochs' records only, or one from a run loaded from a file)."""
    if not len(chunk.loss) or getattr(chunk, "batch", None) is None:
        return None
    return chunk.order, int(chunk.seen), chunk.batch


class MapView(pg.PlotWidget):
    """The grid: an image of the cells, aspect locked, no axes; the arrow keys move a cell cursor
    (the read-out below tells its sample), so the map reads without a mouse too."""

    def __init__(self, panel: EpochMap) -> None:
        super().__init__(background=theme.colours().background)
        self.setObjectName("epochMapPlot")
        self.panel = panel
        plot = self.getPlotItem()
        for side in ("left", "bottom"):
            plot.hideAxis(side)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        vb = plot.getViewBox()
        vb.setAspectLocked(True)
        vb.invertY(True)  # sample 0 at the top left, read row by row
        vb.setMouseEnabled(False, False)
        self.image = CellsItem(panel.state)
        plot.addItem(self.image)
        self.cursor = QGraphicsRectItem(QRectF(0, 0, 1, 1))
        self.cursor.setZValue(10)
        self.cursor.setVisible(False)
        plot.addItem(self.cursor)
        self.setMinimumSize(200, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """Small: the dock's scroll area sizes the panel by its height for a width, and the map takes
        whatever room is left (a larger hint made the dock scroll at 1280×720)."""
        return QSize(240, 240)

    def cell_at(self, scene_pos: QPointF) -> int | None:
        """The sample under a point of the scene, or None."""
        state = self.panel.state
        point = self.getPlotItem().vb.mapSceneToView(scene_pos)
        col, row = math.floor(point.x()), math.floor(point.y())
        if not (0 <= col < state.cols and 0 <= row < state.rows):
            return None
        index = row * state.cols + col
        return index if index < state.n else None

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        index = self.cell_at(scene_pos)
        self.panel.point_at(index)
        self.setToolTip(self.panel.readout.text() if index is not None else "")

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        moves = {
            Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1), Qt.Key.Key_Up: (-1, 0), Qt.Key.Key_Down: (1, 0),
        }  # fmt: skip
        step = moves.get(event.key())
        state = self.panel.state
        if step is None or state.n == 0:
            super().keyPressEvent(event)
            return
        at = self.panel.cursor_index
        at = 0 if at is None else at
        row, col = divmod(at, state.cols)
        row = min(max(row + step[0], 0), state.rows - 1)
        col = min(max(col + step[1], 0), state.cols - 1)
        self.panel.point_at(min(row * state.cols + col, state.n - 1), cursor=True)

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.cursor.setVisible(False)
        super().focusOutEvent(event)

    def show_cursor(self, index: int | None) -> None:
        state = self.panel.state
        if index is None:
            self.cursor.setVisible(False)
            return
        row, col = divmod(index, state.cols)
        self.cursor.setRect(QRectF(col, row, 1, 1))
        self.cursor.setVisible(True)


def _text_height(label: QLabel, width: int) -> int:
    """The height ``label``'s plain text needs, wrapped at ``width`` (QLabel's own heightForWidth
    answered for the size it had before, once its size was fixed)."""
    if not label.text():
        return 0
    m = label.contentsMargins()
    room = QRect(0, 0, max(1, width - m.left() - m.right() - 2 * label.margin()), 100_000)
    flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
    text = label.fontMetrics().boundingRect(room, flags, label.text())
    return text.height() + m.top() + m.bottom() + 2 * label.margin()


class SteadyLines(QWidget):
    """Word-wrapped labels one under the other, each sized by hand to this widget's width and its
    text's height. A label whose minimum and maximum size are equal lays nothing out when its text
    changes, whereas a QLabel's new text otherwise makes the whole window lay out again (about 7 ms on
    the benchmark's machine, at every chunk); here only a text that needs another number of lines
    changes this widget's height."""

    SPACING = 4

    def __init__(self, *labels: QLabel) -> None:
        super().__init__()
        self.labels = labels
        for label in labels:
            label.setParent(self)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.installEventFilter(self)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._width, self._tallest = 0, {}
        self._fit()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FontChange:
            self._fit()
        return False

    def refit(self, label: QLabel | None = None) -> None:
        """After a label's new text: a height of its own when it needs more lines (only ``label``'s
        text is measured when it is given: each chunk changes one line)."""
        if label is not None and self.width() == self._width:
            height = _text_height(label, self._width)
            if height <= self._tallest.get(label, 0):
                return  # as high as before: nothing moves
        self._fit()

    def _fit(self) -> None:
        """Each label as high as its text needs at this width, and never lower than it has been at
        this width: the map above does not jump as the read-out's text changes under the mouse."""
        width, y = max(1, self.width()), 0
        if width != self._width:
            self._width, self._tallest = width, {}
        for label in self.labels:
            height = _text_height(label, width)
            height = self._tallest[label] = max(height, self._tallest.get(label, 0))
            label.setFixedSize(width, height)
            label.move(0, y)
            y += height + (self.SPACING if height else 0)
        if self.height() != y or self.minimumHeight() != y:
            self.setFixedHeight(y)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(120, self.minimumHeight())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(240, self.minimumHeight())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()


class EpochMap(Retranslating, QWidget):
    """Every training sample as one cell; the epoch's used samples lit, the current mini-batch
    highlighted, the samples drop_last leaves out marked; a line with the epoch's arithmetic."""

    def __init__(self, signals: SessionSignals, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("epochMap")
        self.session = signals.session
        self.labels: np.ndarray | None = None  # the samples' targets (RunInfo.samples.y)
        self.classes: tuple[str, ...] = ()
        self.live = False  # a run's cells (False: the draft's grid, empty)
        self.loaded = False  # a finished run from a file: it kept no order
        self.cursor_index: int | None = None
        self.accumulate = 1  # batches an optimizer step (gradient accumulation)
        self.on_screen = True  # its dock is the raised tab (the window says: set_on_screen)
        self._behind = False  # chunks came while hidden: the lines wait for the map to be shown
        self.workers = 1  # data-parallel workers: the map pictures one process only
        self.state = MapState(0)
        layout = QVBoxLayout(self)
        self.intro = QLabel(objectName="epochMapIntro")
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.view = MapView(self)
        self.image = self.view.image
        layout.addWidget(self.view, 1)
        self.key = QLabel(objectName="epochMapKey")
        self.key.setWordWrap(True)
        self.key.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.key)
        self.line = QLabel(objectName="epochMapLine")
        self.readout = QLabel(objectName="epochMapReadout")
        self.lines = SteadyLines(self.line, self.readout)
        layout.addWidget(self.lines)

        signals.draft.connect(self.show_draft)
        signals.catalogue.connect(self.show_draft)
        signals.run_begin.connect(self.begin_run)
        signals.run_started.connect(self.start_run)
        signals.chunk.connect(self.add_chunk)
        signals.shown.connect(self._on_shown)
        self.restyle()
        self.show_draft()
        self.retranslate_ui()

    # -- texts ---------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.intro.setText(
            self.tr(
                "Every training sample is one cell. Cells light up as this epoch's mini-batches use them, "
                "in the order the engine drew; a new epoch starts afresh."
            )
        )
        name_plot(self.view, self.tr("Epoch map: every training sample, one cell each"))
        self._show_key()
        self._show_line()
        self.point_at(self.cursor_index, cursor=self.view.cursor.isVisible())

    def _show_key(self) -> None:
        if self.workers > 1:  # nothing of the run is drawn: no key to read it by
            self.key.clear()
            self._show_line()
            return
        colours = MAP_COLOURS[theme.current()]
        parts = [
            (UNSEEN, self.tr("not yet this epoch")),
            (SEEN, self.tr("used this epoch")),
            (BATCH, self.tr("current mini-batch")),
        ]
        if self.state.visited < self.state.n:
            parts.append((SKIPPED, self.tr("skipped (drop_last)")))
        self.key.setText(
            "&nbsp;&nbsp; ".join(
                f"<span style='color:rgb{colours[s]}'>■</span>&nbsp;{text.replace(' ', '&nbsp;')}"
                for s, text in parts
            )
        )

    def _show_line(self) -> None:
        if self.loaded:
            text = self.tr("A run loaded from a file kept no order of its samples: run it to watch.")
        elif self.workers > 1:
            text = self.tr(
                "{0} data-parallel workers each take their own share of every epoch, in their own "
                "processes: the map pictures a run in one process (workers 1)."
            ).format(self.workers)
        else:
            text = self._arithmetic()
        self._set(self.line, text)
        # A screen reader's description of the map: what it shows, then where the epoch stands.
        self.view.setAccessibleDescription(f"{self.intro.text()} {text}")

    def _arithmetic(self) -> str:
        s = self.state
        text = self.tr("{0} of {1} samples seen · batch {2} of {3}").format(
            f"{s.seen:,}", f"{s.n:,}", f"{s.iteration:,}", f"{s.per_epoch:,}"
        )
        skipped = s.n - s.visited
        if skipped > 0:
            text = self.tr("{0} · {1} skipped (drop_last)").format(text, f"{skipped:,}")
        if len(s.batch) and len(s.batch) != s.batch_size:
            text = self.tr("{0} · this batch: {1} samples").format(text, f"{len(s.batch):,}")
        return text

    def _set(self, label: QLabel, text: str) -> None:
        if label.text() != text:
            label.setText(text)
            self.lines.refit(label)

    def describe(self, index: int) -> str:
        """What the read-out says of sample ``index``: its step this epoch (or why none) and label."""
        s = self.state
        if not self.live:
            return self.tr("Sample {0} · no run yet").format(f"{index:,}")
        position = s.position(index) if s.epoch else index
        if s.epoch == 0 or position >= s.seen:
            when = self.tr("skipped (drop_last)") if position >= s.visited else self.tr("not yet this epoch")
        else:
            iteration = position // s.batch_size + 1
            k = self.accumulate  # with gradient accumulation, an optimizer step every k batches
            step = (s.epoch - 1) * -(-s.per_epoch // k) + -(-iteration // k)
            when = self.tr("step {0} (epoch {1}, batch {2} of {3})").format(
                f"{step:,}", s.epoch, f"{iteration:,}", f"{s.per_epoch:,}"
            )
        text = self.tr("Sample {0} · {1}").format(f"{index:,}", when)
        label = self.label_text(index)
        if label is not None:
            text = self.tr("{0} · label {1}").format(text, label)
        return text

    def label_text(self, index: int) -> str | None:
        if self.labels is None or index >= len(self.labels):
            return None
        y = self.labels[index]
        if np.ndim(y) == 0 and np.issubdtype(np.asarray(y).dtype, np.integer):
            k = int(y)
            return self.classes[k] if 0 <= k < len(self.classes) else str(k)
        return ", ".join(f"{float(v):.4g}" for v in np.ravel(y))

    def point_at(self, index: int | None, cursor: bool = False) -> None:
        """The read-out for the cell under the mouse (or the keyboard's cursor)."""
        if index is not None and index >= self.state.n:
            index = None
        self.cursor_index = index
        self.view.show_cursor(index if cursor else None)
        self._set(self.readout, self.describe(index) if index is not None else self._hint())

    def _hint(self) -> str:
        return self.tr("Point at a cell, or Tab to the map and use the arrow keys, to read its sample.")

    def restyle(self) -> None:
        self.image.set_colours(theme.current())
        self.view.cursor.setPen(QPen(QColor(*theme.colours().foreground), 0))
        self._show_key()

    # -- the session's events ------------------------------------------------------------------
    def _reset(self, n: int, batch_size: int, per_epoch: int, live: bool) -> None:
        self.state = MapState(n, batch_size, per_epoch)
        self.live, self.loaded = live, False
        self.cursor_index = None
        self.view.show_cursor(None)
        self._set(self.readout, self._hint())
        vb = self.view.getPlotItem().vb
        self.image.set_state(self.state)
        vb.setRange(QRectF(0, 0, self.state.cols, self.state.rows), padding=0.02)
        self._show_key()
        self._show_line()

    def _reset_to(self, config: TrainConfig, live: bool = False) -> None:
        self.accumulate = max(1, config.accumulate)
        self.workers = config.workers
        n = max(0, config.samples)
        b = max(1, min(config.batch_size, n) if n else 1)
        self._reset(n, b, steps_per_epoch(n, b, config.drop_last), live)

    def show_draft(self, *_args) -> None:
        """Between runs, before a run is shown: the draft's grid, empty."""
        if self.session.state != RunState.IDLE or self.session.shown is not None:
            return
        self.labels, self.classes = None, ()
        self._reset_to(self.session.draft)

    def _on_shown(self, result) -> None:
        if result is None:
            self.show_draft()
        else:  # a finished run from a file: its history holds no order
            self._reset_to(result.config)
            self.loaded = True
            self._show_line()

    def begin_run(self, config: TrainConfig) -> None:
        """A run was handed to the runner: its grid, empty, until its data is made."""
        self.labels, self.classes = None, ()
        self._reset_to(config, live=True)

    def start_run(self, info) -> None:
        """The run's first message (RunInfo): its training set and the epoch's arithmetic."""
        samples = getattr(info, "samples", None)
        self.labels = samples.y if samples is not None else None
        self.classes = tuple(getattr(samples, "classes", ()) or ())
        self.accumulate = max(1, info.config.accumulate)
        self.workers = info.config.workers
        if self.workers > 1:  # each worker's share is in its own process: the one-process grid, empty
            self._reset_to(info.config, live=True)
            return
        iterations = info.iterations_per_epoch or info.steps_per_epoch  # batches, not optimizer steps
        self._reset(info.train_samples, info.config.batch_size, iterations, live=True)

    def add_chunk(self, chunk) -> None:
        """The chunk's last step: the cells that changed since the last chunk, then one repaint."""
        picture = pictures_of(chunk)
        if picture is None or not self.live:
            return
        order, seen, batch = picture
        batch_number = -(-seen // self.state.batch_size)  # the chunk's last batch in its epoch
        self.state.update(chunk.epoch, batch_number, order, seen, batch)
        if not self.on_screen:  # behind another tab: the cells are kept, the lines written when shown
            self._behind = True
            return
        self._show_state()

    def _show_state(self) -> None:
        self._behind = False
        self.draw()
        self._show_line()
        if self.cursor_index is not None:
            self._set(self.readout, self.describe(self.cursor_index))

    def set_on_screen(self, on: bool) -> None:
        """Whether the map can be seen (its dock's ``visibilityChanged``): the lines and the picture
        wait while it cannot, and catch up with the cells when it is raised."""
        self.on_screen = on
        if on and self._behind:
            self._show_state()

    def draw(self) -> None:
        """Paint the cells again (they are read when the item paints: one update, nothing copied)."""
        self.image.update()
