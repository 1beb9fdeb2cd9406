"""Helpers the panels share (a panel never imports another panel): legends that fit their plot,
the name of a watched parameter entry, the one-line description of imported data, and a mosaic of
small images (the batch view's and the weights view's)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPen,
    QStaticText,
    QTextOption,
    QTransform,
)
from PySide6.QtWidgets import QGraphicsItem, QLabel, QSizePolicy, QWidget

from gui import theme

if TYPE_CHECKING:
    from core.io.importer import ImportedData
    from core.training.history import WatchEntry


def rename_curve(legend: pg.LegendItem, item: pg.PlotDataItem, name: str) -> None:
    """Rename a curve and its legend entry."""
    item.opts["name"] = name
    label = legend.getLabel(item)
    if label is not None:
        label.setText(name)
        fit_legend(legend)


LEGEND_MARGIN = 10  # pixels between a legend and its view box's edges
MIN_LABEL_WIDTH = 24


def add_legend(plot: pg.PlotItem) -> pg.LegendItem:
    """A legend in the view box's top right corner that stays inside it at any width."""
    legend = plot.addLegend(offset=(-LEGEND_MARGIN, LEGEND_MARGIN), labelTextColor=theme.colours().foreground)
    plot.vb.sigResized.connect(lambda: fit_legend(legend))
    return legend


def fit_legend(legend: pg.LegendItem) -> None:
    """Fit a legend into its view box's width: labels wider than the room left wrap onto more lines
    (at spaces; anywhere in a long word, and between Chinese characters)."""
    view = legend.parentItem()
    labels = [label for _sample, label in legend.items]
    if view is None or not labels:
        legend.updateSize()
        return
    wrap = QTextOption()
    wrap.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    for label in labels:
        label.item.document().setDefaultTextOption(wrap)
        _set_label_width(label, -1)
    legend.updateSize()
    excess = legend.width() - (view.width() - 2 * LEGEND_MARGIN)
    if excess > 0:
        width = max(MIN_LABEL_WIDTH, max(label.width() for label in labels) - excess)
        for label in labels:
            if label.width() > width:
                _set_label_width(label, width)
        legend.updateSize()


def _set_label_width(label: pg.LabelItem, width: float) -> None:
    """Wrap a legend label's text at ``width`` pixels (-1: one line) and size the label to it."""
    if label.item.textWidth() != width:
        label.item.setTextWidth(width)
        label.updateMin()
    label.resize(label.minimumSize())


def entry_text(entry: WatchEntry) -> str:
    name, index = entry
    return f"{name}[{', '.join(map(str, index))}]" if index else name


def describe_data(data: ImportedData) -> str:
    """One line for the learner: the file, its rows, features and target."""
    if data.task == "classification":
        kind = QCoreApplication.translate("DataImport", "{0} classes of {1}").format(
            data.num_classes, data.target
        )
    else:
        kind = QCoreApplication.translate("DataImport", "regression of {0}").format(data.target)
    text = QCoreApplication.translate(
        "DataImport", "{0}: {1} training + {2} validation rows, {3} features, {4}"
    ).format(data.source, f"{data.train_rows:,}", f"{data.val_rows:,}", data.features, kind)
    return text + (
        QCoreApplication.translate("DataImport", ", standardised") if data.mean is not None else ""
    )


# The corners a legend may take, in order of preference: top right, top left, bottom right, bottom left.
LEGEND_CORNERS = ((1, 0), (0, 0), (1, 1), (0, 1))


def keep_legend_clear(legend: pg.LegendItem, curves: list[pg.PlotDataItem]) -> None:
    """Keep a legend off the curves' points: when the view's range or size changes, move it to the
    corner of its view box where it hides none (the top right first). Where every corner hides some,
    the y range grows at the top, while it follows the data (auto range), to make room for it there;
    new data give the auto range back."""
    view = legend.parentItem()

    def hidden_points(points) -> int:
        area = view.mapSceneToView(legend.sceneBoundingRect()).boundingRect()
        return sum(
            int(
                np.count_nonzero(
                    (x >= area.left()) & (x <= area.right()) & (y >= area.top()) & (y <= area.bottom())
                )
            )
            for x, y in points
        )

    def place() -> None:
        if getattr(view, "_autoRangeNeedsUpdate", False):
            view.updateAutoRange()  # judge the corners on the range the data get, not the last one
        points = []
        for curve in curves:
            x, y = curve.getData()  # as drawn (logarithms on a log axis)
            if x is not None and len(x):
                keep = np.isfinite(x) & np.isfinite(y)
                points.append((np.asarray(x)[keep], np.asarray(y)[keep]))
        for corner in LEGEND_CORNERS:
            _anchor(legend, corner)
            if hidden_points(points) == 0:
                return
        _anchor(legend, LEGEND_CORNERS[0])
        share = (legend.height() + LEGEND_MARGIN) / max(view.height(), 1.0)
        ys = np.concatenate([y for _x, y in points]) if points else np.empty(0)
        ours = made[0] is not None and np.allclose(view.viewRange()[1], made[0])  # not the user's zoom
        if (view.state["autoRange"][1] is not False or ours) and share < 0.6 and ys.size:
            low, high = float(ys.min()), float(ys.max())
            pad = 0.04 * (high - low) or 0.5 * abs(high) or 1.0
            low, high = low - pad, high + pad
            made[0] = (low, high + (high - low) * share / (1 - share))
            view.setYRange(*made[0], padding=0)  # auto range off

    made: list = [None]  # the y range made for the legend, while the view shows it
    view.sigRangeChanged.connect(lambda *_a: place())
    view.sigResized.connect(lambda *_a: place())
    for curve in curves:
        curve.sigPlotChanged.connect(lambda *_a: view.enableAutoRange(y=True))


def _anchor(legend: pg.LegendItem, corner: tuple[int, int]) -> None:
    x, y = corner
    offset = (-LEGEND_MARGIN if x else LEGEND_MARGIN, -LEGEND_MARGIN if y else LEGEND_MARGIN)
    legend.anchor(itemPos=corner, parentPos=corner, offset=offset)


class Mosaic:
    """Equal-sized images on a grid, drawn cheaply: one item of the view box paints them all (the
    background's colour between them) as one indexed image, then a coloured frame around tiles where
    asked, then a caption per tile at the screen's size. The batch view's images and the weights
    view's rows of W are drawn by it. Tile ``i`` sits in row ``i // columns``, column ``i % columns``;
    its pixels are ``image.image[top:top + h, left:left + w]`` of :meth:`origin`.

    A chunk costs the GUI thread a few vectorised numpy writes into buffers kept from one chunk to
    the next (the values, and their colours' indices) and one repaint: the worker trains in the same
    process and needs the interpreter's lock, which pyqtgraph's ImageItem (its lookup table in numpy
    on every new picture), a curve per colour of frames and the captions' per-tile Python held for
    milliseconds a chunk."""

    PAD = 0.25  # of a tile's width, left and right of it (a frame's room)
    CAPTION = 0.5  # of a tile's height, for its caption (under the tile, or above it)

    def __init__(self, view: pg.ViewBox, captions_above: bool = False) -> None:
        self.view = view
        self.above = captions_above
        view.invertY(True)  # row 0 at the top, as an image is read
        view.setAspectLocked(True)
        view.setMouseEnabled(False, False)
        view.setMenuEnabled(False)
        self.image = MosaicItem(captions_above)
        view.addItem(self.image)
        self.shape = (1, 1)
        self.columns = 1
        self.count = 0
        self._slot_key: tuple | None = None
        self._slot_xs, self._slot_ys = np.empty(0), np.empty(0)
        self._slot_rects: list[QRectF] = []

    def set_grid(self, shape: tuple[int, int], columns: int, rows: int) -> None:
        """Tiles of ``shape`` (h, w), ``columns`` a row; the view shows ``rows`` rows (a fuller batch's,
        so that a smaller one shows as smaller)."""
        self.shape, self.columns = (int(shape[0]), int(shape[1])), max(1, int(columns))
        width, height = self.cell
        self.view.setRange(QRectF(0, 0, width * self.columns, height * max(1, rows)), padding=0.02)

    def fit_columns(self, count: int, shape: tuple[int, int], width: float, height: float) -> int:
        """The tiles a row that draws ``count`` tiles of ``shape`` biggest in a view of width × height."""
        self.shape = (int(shape[0]), int(shape[1]))
        cw, ch = self.cell
        best, size = 1, 0.0
        for columns in range(1, max(1, count) + 1):
            rows = -(-count // columns)
            scale = min(width / (columns * cw), height / (rows * ch))
            if scale > size * 1.0001:
                best, size = columns, scale
        return best

    @property
    def cell(self) -> tuple[int, int]:
        """(width, height) of one tile with its margins and caption, in pixels of the image."""
        h, w = self.shape
        pad = max(1, round(self.PAD * w))
        return w + 2 * pad, h + max(2, round(self.CAPTION * h)) + pad

    @property
    def frame_margin(self) -> float:
        """A frame's distance from its tile, in pixels of the image."""
        return max(0.5, 0.6 * (self.cell[0] - self.shape[1]) / 2)

    def origin(self, i: int) -> tuple[int, int]:
        """(top, left) of tile ``i``'s pixels in :attr:`image`."""
        top, left = self.origins(np.array([i]))
        return int(top[0]), int(left[0])

    def origins(self, tiles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(top, left) of each of ``tiles``' pixels in :attr:`image`, as two arrays."""
        h, w = self.shape
        width, height = self.cell
        pad = (width - w) // 2
        top = height - h - pad if self.above else pad
        tiles = np.asarray(tiles, dtype=np.int64)
        return (tiles // self.columns) * height + top, (tiles % self.columns) * width + pad

    def tile_at(self, x: float, y: float) -> int | None:
        """The tile drawn at image point (x, y), or None."""
        width, height = self.cell
        if x < 0 or y < 0:
            return None
        i = int(y // height) * self.columns + int(x // width)
        top, left = self.origin(i)
        inside = left <= x < left + self.shape[1] and top <= y < top + self.shape[0]
        return i if inside and int(x // width) < self.columns and i < self.count else None

    def set_tiles(
        self,
        tiles: np.ndarray,
        levels: tuple[float, float],
        lut: np.ndarray,
        background: tuple[int, int, int],
    ) -> None:
        """Draw ``tiles`` (k, h, w), copied into the mosaic, through the colour table ``lut`` (n, 3):
        ``levels[0]`` and below take its first colour, ``levels[1]`` and above its last, the n colours
        each an equal share of the range between (a longer table is cut to 255 colours, evenly);
        between the tiles, and for a tile's NaN, ``background``."""
        k = len(tiles)
        self.count = k
        if k == 0:
            self.image.clear()
            return
        h, w = self.shape
        width, height = self.cell
        rows = -(-k // self.columns)
        values, index = self.image.buffers(rows * height, self.columns * width)
        table = self.image.set_colours(lut, background)
        n, gap = len(table) - 1, len(table) - 1  # the tiles' colours, then the background's
        lo, hi = float(levels[0]), float(levels[1])
        if not (np.isfinite(lo) and np.isfinite(hi) and hi > lo):  # (a diverged run's weights)
            lo, hi = (lo, lo + 1.0) if np.isfinite(lo) else (0.0, 1.0)
        tiles = np.asarray(tiles, np.float32)
        with np.errstate(invalid="ignore", over="ignore"):
            t = (tiles - np.float32(lo)) * np.float32(n / (hi - lo))
        missing = np.isnan(t)
        np.clip(t, 0, n - 1, out=t)  # ±inf to the ends
        if missing.any():
            t[missing] = 0
        colours = t.astype(np.uint8)  # ⌊·⌋: the share of the range the value falls in
        if missing.any():
            colours[missing] = gap
        top, left = self.origin(0)
        slots = rows * self.columns  # the last row's empty slots: background
        for grid, part, fill in ((values, tiles, np.nan), (index, colours, gap)):
            grid.fill(fill)
            if k < slots:
                part = np.concatenate([part, np.full((slots - k, h, w), fill, part.dtype)])
            cells = grid.reshape(rows, height, self.columns, width)[:, top : top + h, :, left : left + w]
            cells[...] = part.reshape(rows, self.columns, h, w).transpose(0, 2, 1, 3)
        self.image.levels = (lo, hi)
        self.image.changed()

    def set_captions(self, texts: list[str], colours: list) -> None:
        """One caption per tile, in its colour (a QColor each), under the tile (above it with
        ``captions_above``)."""
        xs, ys, _rects = self._slots(len(texts))
        colours = [c if isinstance(c, QColor) else QColor(c) for c in colours]
        self.image.set_captions(xs, ys, list(texts), colours, self.cell)

    def _slots(self, count: int) -> tuple[np.ndarray, np.ndarray, list[QRectF]]:
        """Where the first ``count`` tiles' captions are anchored (x, y) and their frames' rectangles,
        kept while the grid is the same: a chunk only picks them."""
        key = (self.shape, self.columns, self.above)
        if self._slot_key != key or len(self._slot_rects) < count:
            n = max(count, len(self._slot_rects) if self._slot_key == key else 0)
            h, w = self.shape
            margin = self.frame_margin
            below = margin + 0.5  # clear of a frame
            top, left = self.origins(np.arange(n))
            self._slot_xs, self._slot_ys = left + w / 2, (top - below if self.above else top + h + below)
            self._slot_rects = [
                QRectF(x - margin, y - margin, w + 2 * margin, h + 2 * margin)
                for x, y in zip(left.tolist(), top.tolist(), strict=True)
            ]
            self._slot_key = key
        return self._slot_xs[:count], self._slot_ys[:count], self._slot_rects[:count]

    @property
    def captions(self) -> list[tuple[str, QColor]]:
        """The captions drawn now: (text, colour) of each tile."""
        layer = self.image
        return list(zip(layer.texts, layer.colours, strict=True))

    def set_font(self, font: QFont) -> None:
        self.image.set_font(font)

    @property
    def frames(self) -> dict[str, tuple[QColor, np.ndarray]]:
        """The frames drawn now: name → (colour, the tiles it goes round)."""
        return {name: (colour, indices) for name, (colour, indices, _rects) in self.image.frames.items()}

    def set_frames(self, groups: dict[str, tuple[QColor, np.ndarray]]) -> None:
        """A frame around each tile of ``groups[name] = (colour, tile indices)``; names not given lose theirs."""
        frames = {}
        for name, (colour, indices) in groups.items():
            indices = np.asarray(indices, np.int64)
            rects = self._slots(int(indices.max()) + 1 if len(indices) else 0)[2]
            frames[name] = (QColor(colour), indices, [rects[i] for i in indices.tolist()])
        self.image.frames = frames
        self.image.changed()

    def frame_rects(self, name: str) -> list[QRectF]:
        """The rectangles the frames of ``name`` are drawn on, in pixels of the image."""
        return list(self.image.frames.get(name, (None, None, []))[2])

    def clear(self) -> None:
        self.count = 0
        self.image.clear()


class MosaicItem(QGraphicsItem):
    """What a :class:`Mosaic` draws, in pixels of its image: the tiles, as one byte a pixel (the
    index of its colour) painted through a colour table as one image; the frames, one pen a colour;
    the captions, at the screen's size whatever the zoom and upright in a view turned upside down
    (an image's), each centred on its point, under it or (``above``) over it. :attr:`image` keeps
    the values drawn (NaN between the tiles), :attr:`levels` the range the colours span."""

    MAX_COLOURS = 255  # an indexed image's 256, less the background's

    def __init__(self, above: bool = False) -> None:
        super().__init__()
        self.above = above
        self.image = np.empty((0, 0), np.float32)
        self.index = np.empty((0, 0), np.uint8)
        self.levels = (0.0, 1.0)
        self.table: list[int] = []
        self._table_key: tuple | None = None
        self.frames: dict[str, tuple[QColor, np.ndarray, list[QRectF]]] = {}
        self.xs, self.ys = np.empty(0), np.empty(0)
        self.texts: list[str] = []
        self.colours: list[QColor] = []
        self.reach = (0.0, 0.0)
        self.font = QFont()
        self.metrics = QFontMetricsF(self.font)
        self._static: dict[str, tuple[QStaticText, float]] = {}  # a text laid out, and half its width
        self._bounds = QRectF()

    def buffers(self, height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
        """The values and colour indices of a picture of height × width, kept while its size is."""
        if self.image.shape != (height, width):
            self.image = np.empty((height, width), np.float32)
            self.index = np.empty((height, width), np.uint8)
        return self.image, self.index

    def set_colours(self, lut: np.ndarray, background: tuple[int, int, int]) -> list[int]:
        """The colour table: ``lut``'s colours (at most MAX_COLOURS, evenly picked from a longer
        one), then the background's, as ARGB."""
        lut = np.asarray(lut, np.uint8)[:, :3]
        key = (lut.tobytes(), tuple(background))
        if key != self._table_key:
            if len(lut) > self.MAX_COLOURS:
                lut = lut[np.round(np.linspace(0, len(lut) - 1, self.MAX_COLOURS)).astype(np.int64)]
            rgb = np.vstack([lut, np.array([background], np.uint8)]).astype(np.uint32)
            self.table = (0xFF000000 | rgb[:, 0] << 16 | rgb[:, 1] << 8 | rgb[:, 2]).tolist()
            self._table_key = key
        return self.table

    @property
    def qimage(self) -> QImage:
        """The tiles as painted: an indexed image over :attr:`index` (no copy) and the colour table."""
        height, width = self.index.shape
        image = QImage(self.index, width, height, width, QImage.Format.Format_Indexed8)
        image.setColorTable(self.table)
        return image

    def set_captions(
        self, xs: np.ndarray, ys: np.ndarray, texts: list[str], colours: list[QColor], reach
    ) -> None:
        """Draw ``texts[i]`` at (``xs[i]``, ``ys[i]``) in ``colours[i]``; a text reaches at most
        ``reach`` (x, y) from its point, in the view's units."""
        self.xs, self.ys = np.asarray(xs, float), np.asarray(ys, float)
        self.texts, self.colours, self.reach = texts, colours, reach
        self.changed()

    def set_font(self, font: QFont) -> None:
        self.font, self.metrics, self._static = QFont(font), QFontMetricsF(font), {}
        self.update()

    def clear(self) -> None:
        self.image = np.empty((0, 0), np.float32)
        self.index = np.empty((0, 0), np.uint8)
        self.frames = {}
        self.set_captions(np.empty(0), np.empty(0), [], [], (0.0, 0.0))

    def changed(self) -> None:
        """Repaint, with new bounds if the picture or the captions reach further."""
        height, width = self.index.shape
        bounds = QRectF(0, 0, width, height)
        if self.texts:
            rx, ry = self.reach
            xs, ys = self.xs, self.ys
            extent = QRectF(xs.min(), ys.min(), xs.max() - xs.min(), ys.max() - ys.min())
            bounds = bounds.united(extent.adjusted(-rx, -ry, rx, ry))
        if bounds != self._bounds:
            self.prepareGeometryChange()
            self._bounds = bounds
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        return self._bounds

    def paint(self, painter: QPainter, _option, _widget=None) -> None:
        height, width = self.index.shape
        if not width:
            return
        painter.drawImage(QRectF(0, 0, width, height), self.qimage)
        for colour, _indices, rects in self.frames.values():
            if rects:
                pen = QPen(colour, 2)
                pen.setCosmetic(True)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRects(rects)
        if self.texts:
            self._paint_captions(painter)

    def _paint_captions(self, painter: QPainter) -> None:
        to_device = painter.transform()
        xs = (to_device.m11() * self.xs + to_device.m21() * self.ys + to_device.dx()).tolist()
        ys = (to_device.m12() * self.xs + to_device.m22() * self.ys + to_device.dy()).tolist()
        painter.save()
        painter.resetTransform()
        painter.setFont(self.font)
        rise = -self.metrics.height() if self.above else 0.0  # the text's top, from its point
        static = self._static
        by_colour: dict[int, list[int]] = {}  # one pen a colour
        for i, colour in enumerate(self.colours):
            by_colour.setdefault(id(colour), []).append(i)
        texts = self.texts
        for indices in by_colour.values():
            painter.setPen(self.colours[indices[0]])
            for i in indices:
                laid = static.get(texts[i])
                if laid is None:  # each text laid out once (a run's captions are a few dozen)
                    item = QStaticText(texts[i])
                    item.prepare(QTransform(), self.font)
                    laid = static[texts[i]] = (item, item.size().width() / 2)
                painter.drawStaticText(QPointF(xs[i] - laid[1], ys[i] + rise), laid[0])
        painter.restore()


class SteadyLine(QWidget):
    """A word-wrapped line of plain text whose new text lays nothing out: its label has a fixed size
    (a QLabel's new text otherwise makes the whole window lay out again, milliseconds at every
    chunk), set by hand to this widget's width and the text's height, never lower at this width
    than it has been, so that only a text that needs more lines changes this widget's height. The
    batch view's and the weights view's line above the picture."""

    def __init__(self, object_name: str = "") -> None:
        super().__init__()
        self.label = QLabel(self, objectName=object_name)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._width, self._tallest = 0, 0

    def setText(self, text: str, steady: bool = True) -> None:  # noqa: N802 - QLabel's name
        """A new text; not ``steady``: the height this text needs, lower than before if it is shorter
        (a new kind of text, not the next step's)."""
        if not steady:
            self._tallest = 0
        if text != self.label.text() or not steady:
            self.label.setText(text)
            self._fit()

    def text(self) -> str:
        return self.label.text()

    def _fit(self) -> None:
        width = max(1, self.width())
        if width != self._width:
            self._width, self._tallest = width, 0
        height = 0
        if self.label.text():
            room = QRect(0, 0, width, 100_000)
            flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
            height = self.label.fontMetrics().boundingRect(room, flags, self.label.text()).height()
        self._tallest = max(self._tallest, height)
        if self.label.size() != QSize(width, self._tallest):
            self.label.setFixedSize(width, self._tallest)
        if self.minimumHeight() != self._tallest or self.height() != self._tallest:
            self.setFixedHeight(self._tallest)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(80, self.minimumHeight())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(240, self.minimumHeight())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self._width = 0
            self._fit()


class DrawnWhenShown:
    """A view of a run's latest chunk that draws only while it can be seen (its dock is the raised
    tab): behind another tab it keeps the last chunk and draws it when raised. A panel mixes it in
    and gives ``_draw(chunk)``; its dock's ``visibilityChanged`` calls :meth:`set_on_screen`."""

    chunk = None  # the chunk drawn last, or waiting to be drawn while off screen
    _drawn = True
    on_screen = True

    def set_on_screen(self, on: bool) -> None:
        """Whether the view can be seen: drawing waits while it cannot."""
        self.on_screen = on
        if on and not self._drawn and self.chunk is not None:
            self._draw(self.chunk)

    def _offer(self, chunk) -> None:
        """The run's latest chunk: drawn now, or once the view is on screen."""
        self.chunk = chunk
        self._drawn = False
        if self.on_screen:
            self._draw(chunk)

    def _redraw(self) -> None:
        """Draw the last chunk again (a new theme or size), if it was drawn."""
        if self.chunk is not None and self._drawn:
            self._draw(self.chunk)

    def _draw(self, chunk) -> None:
        raise NotImplementedError
