"""Helpers the panels share (a panel never imports another panel): legends that fit their plot,
the name of a watched parameter entry, the one-line description of imported data, and a mosaic of
small images (the batch view's and the weights view's)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QTextOption
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
    """Equal-sized images on a grid, drawn cheaply: one opaque ImageItem for all the tiles (the
    background's colour between them), a caption per tile (one item paints them all, at the screen's
    size) and, where asked, a coloured frame around tiles (one curve per colour). The batch view's
    images and the weights view's rows of W are drawn by it. Tile ``i`` sits in row ``i // columns``, column
    ``i % columns``; its pixels are ``image[top:top + h, left:left + w]`` of :meth:`origin`."""

    PAD = 0.25  # of a tile's width, left and right of it (a frame's room)
    CAPTION = 0.5  # of a tile's height, for its caption (under the tile, or above it)

    def __init__(self, view: pg.ViewBox, captions_above: bool = False) -> None:
        self.view = view
        self.above = captions_above
        view.invertY(True)  # row 0 at the top, as an image is read
        view.setAspectLocked(True)
        view.setMouseEnabled(False, False)
        view.setMenuEnabled(False)
        self.image = pg.ImageItem(axisOrder="row-major")
        view.addItem(self.image)
        self.frames: dict[str, pg.PlotCurveItem] = {}
        self.caption_layer = Captions(self.above)
        view.addItem(self.caption_layer)
        self.shape = (1, 1)
        self.columns = 1
        self.count = 0

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
        ``levels[0]`` takes its first colour, ``levels[1]`` its last; between tiles, ``background``.
        (Opaque: NaN between the tiles, drawn transparent, made each frame several times dearer.)"""
        k = len(tiles)
        self.count = k
        if k == 0:
            self.image.clear()
            return
        lo, hi = levels
        n = len(lut)
        gap = hi + 4.0 * (hi - lo)  # past the last colour: the table's extra one, the background
        h, w = self.shape
        width, height = self.cell
        rows = -(-k // self.columns)
        grid = np.full((rows * self.columns, height, width), gap, np.float32)
        top, left = self.origin(0)
        grid[:k, top : top + h, left : left + w] = tiles
        mosaic = grid.reshape(rows, self.columns, height, width).transpose(0, 2, 1, 3)
        table = np.vstack([np.asarray(lut, np.uint8)[:, :3], np.array([background], np.uint8)])
        # pyqtgraph maps a value v to entry ⌊(v − lo)·(n + 1)/(top − lo)⌋ of the n + 1: top is set so
        # that hi falls inside the n-th entry (the last of lut), and only the gap reaches the next.
        top_level = lo + (hi - lo) * (n + 1) / (n - 0.5)
        self.image.setImage(
            mosaic.reshape(rows * height, self.columns * width), levels=(lo, top_level), lut=table
        )

    def set_captions(self, texts: list[str], colours: list) -> None:
        """One caption per tile, in its colour (a QColor each), under the tile (above it with
        ``captions_above``)."""
        h, w = self.shape
        below = self.frame_margin + 0.5  # clear of a frame
        top, left = self.origins(np.arange(len(texts)))
        xs, ys = (left + w / 2).tolist(), (top - below if self.above else top + h + below).tolist()
        anchors = list(zip(xs, ys, strict=True))
        self.caption_layer.set(anchors, list(texts), [QColor(c) for c in colours], self.cell)

    @property
    def captions(self) -> list[tuple[str, QColor]]:
        """The captions drawn now: (text, colour) of each tile."""
        layer = self.caption_layer
        return list(zip(layer.texts, layer.colours, strict=True))

    def set_font(self, font: QFont) -> None:
        self.caption_layer.set_font(font)

    def set_frames(self, groups: dict[str, tuple[QColor, np.ndarray]]) -> None:
        """A frame around each tile of ``groups[name] = (colour, tile indices)``; names not given lose theirs."""
        h, w = self.shape
        margin = self.frame_margin
        for name in set(self.frames) - set(groups):
            self.frames[name].setData([], [])
        for name, (colour, indices) in groups.items():
            curve = self.frames.get(name)
            if curve is None:
                curve = self.frames[name] = pg.PlotCurveItem(connect="finite")
                self.view.addItem(curve)
            curve.setPen(pg.mkPen(colour, width=2))
            if len(indices) == 0:
                curve.setData([], [])
                continue
            top, left = self.origins(indices)
            top, left = top - margin, left - margin
            bottom, right = top + h + 2 * margin, left + w + 2 * margin
            xs = np.stack([left, right, right, left, left, np.full_like(left, np.nan)], axis=1).ravel()
            ys = np.stack([top, top, bottom, bottom, top, np.full_like(top, np.nan)], axis=1).ravel()
            curve.setData(xs, ys)

    def clear(self) -> None:
        self.count = 0
        self.image.clear()
        self.set_captions([], [])
        self.set_frames({})


class Captions(QGraphicsItem):
    """Short texts at points of a view, drawn at the screen's size whatever the zoom and upright in
    a view turned upside down (an image's), each centred on its point, under it or (``above``) over it.
    One item paints them all: one text item per tile cost more to update than the whole picture."""

    def __init__(self, above: bool = False) -> None:
        super().__init__()
        self.above = above
        self.anchors: list[tuple[float, float]] = []
        self.texts: list[str] = []
        self.colours: list[QColor] = []
        self.font = QFont()
        self.metrics = QFontMetricsF(self.font)
        self._widths: dict[str, float] = {}
        self._bounds = QRectF()

    def set(
        self,
        anchors: list[tuple[float, float]],
        texts: list[str],
        colours: list[QColor],
        reach: tuple[float, float] = (0.0, 0.0),
    ) -> None:
        """Draw ``texts[i]`` at ``anchors[i]`` in ``colours[i]``; a text reaches at most ``reach`` (x, y)
        from its point, in the view's units (what must be repainted with it)."""
        if anchors == self.anchors and texts == self.texts and colours == self.colours:
            return
        self.prepareGeometryChange()
        self.anchors, self.texts, self.colours = anchors, texts, colours
        if anchors:
            xs, ys = [a[0] for a in anchors], [a[1] for a in anchors]
            rx, ry = reach
            self._bounds = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)).adjusted(
                -rx, -ry, rx, ry
            )
        else:
            self._bounds = QRectF()
        self.update()

    def set_font(self, font: QFont) -> None:
        self.font, self.metrics, self._widths = QFont(font), QFontMetricsF(font), {}
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        return self._bounds

    def paint(self, painter: QPainter, _option, _widget=None) -> None:
        if not self.texts:
            return
        to_device = painter.transform()
        painter.save()
        painter.resetTransform()
        painter.setFont(self.font)
        rise = -self.metrics.descent() if self.above else self.metrics.ascent()
        widths = self._widths
        for (x, y), text, colour in zip(self.anchors, self.texts, self.colours, strict=True):
            width = widths.get(text)
            if width is None:
                width = widths[text] = self.metrics.horizontalAdvance(text)
            point = to_device.map(QPointF(x, y))
            painter.setPen(colour)
            painter.drawText(QPointF(point.x() - width / 2, point.y() + rise), text)
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
