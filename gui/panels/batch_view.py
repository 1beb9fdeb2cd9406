"""The mini-batch as pictures: the samples of the step just taken, as the model saw them.

On image data (the MNIST-sized digits, the 8×8 digits, an imported MNIST) the batch's images on a
grid, each captioned "label→prediction" and framed in the colour of right or wrong; on two-feature
classification (moons, spirals) the batch's points over the training set and the model's decision
regions. Everything drawn comes from the run itself: the training set once (``RunInfo.samples``),
then each chunk's last step (its ``batch`` of sample indices, the model's ``predictions`` from that
step's own forward pass, the decision ``regions`` after it). The view copies what it draws, and
while its dock is behind another tab it only remembers the last chunk, drawing it when shown.
"""

from __future__ import annotations

import html
import math
import re

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from core.training.config import TrainConfig
from gui import theme
from gui.accessibility import name_plot, plot_text
from gui.i18n import RetranslatableText, Retranslating, display
from gui.session_qt import SessionSignals
from gui.widgets import DrawnWhenShown, Mosaic, SteadyLine

MAX_TILES = 64  # images drawn of a batch (an 8 × 8 grid); a bigger batch shows its first 64
MAX_POINTS = 3000  # training points drawn under a 2-D batch (a fixed subsample of a larger set)
MAX_CAPTION = 6  # characters of a class name in a caption
# Classes' colours on the 2-D scatter and regions (Okabe and Ito's, apart for colour-blind eyes too).
CLASS_COLOURS = (
    (0, 114, 178),
    (230, 159, 0),
    (0, 158, 115),
    (204, 121, 167),
    (86, 180, 233),
    (213, 94, 0),
    (240, 228, 66),
    (120, 120, 120),
)
GREYS = np.repeat(np.arange(256, dtype=np.uint8)[:, None], 3, axis=1)  # black to white
REGION_ALPHA = 55  # the decision regions' opacity (of 255): faint, under the points
TRAIN_ALPHA = 90  # the training set's points


def words(rich: str) -> str:
    """A label's rich text as a screen reader should read it: no tags, entities decoded."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", rich)).split())


def class_colour(k: int) -> tuple[int, int, int]:
    if k < len(CLASS_COLOURS):
        return CLASS_COLOURS[k]
    colour = QColor.fromHsvF((0.12 + 0.381966 * k) % 1.0, 0.75, 0.8)
    return colour.red(), colour.green(), colour.blue()


def grid_columns(batch_size: int) -> int:
    """Tiles a row for batches of ``batch_size``: a square grid of the tiles drawn (8 for 64)."""
    return max(1, math.ceil(math.sqrt(min(batch_size, MAX_TILES))))


def kind_of(samples) -> str:
    """What the view draws of a run's training set: ``images``, ``points`` (two features, classes) or
    ``other``."""
    if samples is None:
        return "other"
    if samples.image_shape is not None:
        return "images"
    if samples.num_classes > 0 and samples.x.ndim == 2 and samples.x.shape[1] == 2:
        return "points"
    return "other"


class BatchView(DrawnWhenShown, Retranslating, QWidget):
    """The last step's mini-batch: images with labels and predictions, or points on the data."""

    def __init__(self, signals: SessionSignals, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batchView")
        self.session = signals.session
        self.info = None  # the RunInfo of the run shown
        self.samples = None
        self.kind = "none"  # images, points, other, or none (no run: the draft's line)
        self.batch = np.empty(0, np.int64)  # the last chunk's last step's sample indices
        self.levels = (0.0, 1.0)
        self._labels = np.empty(0, np.int64)  # the training set's targets (RunInfo.samples.y)
        self._caption_names: list[str] | None = None  # the class names the captions were made of
        self._caption_table: tuple[np.ndarray, np.ndarray] = (np.empty((0, 0), object), np.empty(0, object))
        self._marks: tuple[str, tuple[QColor, QColor]] | None = None  # the theme, its right / wrong colours
        self._key_words = ("", "")  # the key's text, and its words
        self.summary_text = RetranslatableText()
        layout = QVBoxLayout(self)
        self.summary = SteadyLine("batchSummary")
        layout.addWidget(self.summary)
        self.key = QLabel(objectName="batchKey")
        self.key.setWordWrap(True)
        layout.addWidget(self.key)

        self.images = pg.GraphicsLayoutWidget()
        self.images.setObjectName("batchImages")
        self.images.setMinimumSize(100, 200)
        self.images.ci.setContentsMargins(2, 2, 2, 2)
        self.mosaic = Mosaic(self.images.addViewBox())
        self.images.scene().sigMouseMoved.connect(self._on_hover_image)
        layout.addWidget(self.images, 1)

        self.points = pg.PlotWidget()
        self.points.setObjectName("batchPoints")
        self.points.setMinimumSize(100, 200)
        self.plot = self.points.getPlotItem()
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.regions = pg.ImageItem(axisOrder="row-major")
        self.regions.setZValue(-10)
        self.train_points = pg.ScatterPlotItem(size=4, pen=None)
        self.batch_points = pg.ScatterPlotItem(size=10)
        for item in (self.regions, self.train_points, self.batch_points):
            self.plot.addItem(item)
        self.points.scene().sigMouseMoved.connect(self._on_hover_points)
        layout.addWidget(self.points, 1)

        self.readout = QLabel(objectName="batchReadout")
        self.readout.setWordWrap(True)
        layout.addWidget(self.readout)
        layout.addStretch(0)
        self._readout_text = RetranslatableText()
        self._axes_text = ""

        signals.run_begin.connect(self._on_run_begin)
        signals.run_started.connect(self._on_run_started)
        signals.chunk.connect(self.add_chunk)
        signals.shown.connect(self._on_shown)
        signals.draft.connect(self._on_draft)
        signals.catalogue.connect(self._on_draft)
        self._show_kind("none")
        self._say(self._draft_text)
        self.retranslate_ui()
        self.restyle()

    # -- texts ---------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        name_plot(self.images, self.tr("The mini-batch's images"))
        self.plot.setLabel("bottom", self.tr("feature x₁"))
        self.plot.setLabel("left", self.tr("feature x₂"))
        name_plot(self.points, self.tr("The mini-batch on the training set"))
        self._axes_text = plot_text(self.points)
        self.readout.setText(self._readout_text())
        self._set_key()
        self._say()

    def _say(self, text=None, steady: bool = False) -> None:
        """The line above the picture (a function making it in the current language; None: made
        again), which a screen reader is also told as the pictures' description. A ``steady`` line
        (a step's) keeps its height; another takes the height its text needs."""
        if text is not None:
            self.summary_text.set(text)
        line = self.summary_text()
        self.summary.setText(line, steady)
        key = self.key.text()
        if self._key_words[0] != key:  # the key's words, read again only when it changes
            self._key_words = (key, words(key))
        described = " ".join(part for part in (line, self._key_words[1]) if part)
        self.images.setAccessibleDescription(described)
        self.points.setAccessibleDescription(f"{self._axes_text} | {described}")

    def _set_key(self) -> None:
        c = self._mark_colours()
        right_word, wrong_word = (
            self.tr("right"),
            self.tr("wrong"),
        )  # outside the f-strings: lupdate sees them
        right = f"<span style='color:{c[0].name()}'>{right_word}</span>"
        wrong = f"<span style='color:{c[1].name()}'>{wrong_word}</span>"
        if self.kind == "images":
            text = self.tr(
                "Under each image: its label → the model's prediction for it at this step, in a frame "
                "that says {0} or {1}. Hover an image for its sample number."
            ).format(right, wrong)
        elif self.kind == "points":
            names = self._class_names()
            swatches = " ".join(
                f"<span style='color:{QColor(*class_colour(k)).name()}'>■</span>&nbsp;{names[k]}"
                for k in range(len(names))
            )
            text = self.tr(
                "Faint dots: the training set; big dots: this mini-batch (✕: predicted wrong); shading: the "
                "class the model predicts there. Classes: {0}"
            ).format(swatches)
        else:
            text = ""
        self.key.setText(text)
        self.key.setVisible(bool(text))

    def _draft_text(self) -> str:
        """Between runs: what will appear here for the settings' data."""
        draft = self.session.draft
        info = self.session.catalogue.info(draft.dataset)
        if info is None:
            return self.tr("Choose a dataset, then press Start (F5): each mini-batch will appear here.")
        if draft.workers > 1:
            return self._workers_text(draft.workers)
        if info.image_shape is not None:
            return self.tr(
                "Press Start (F5) or Step (F10): each mini-batch will appear here as its {0} images, "
                "each with its label and the model's prediction."
            ).format(f"{min(draft.batch_size, info.default_samples):,}")
        if info.task == "classification" and info.features == 2:
            return self.tr(
                "Press Start (F5) or Step (F10): each mini-batch will appear here as points on the "
                "training set, over the classes the model predicts."
            )
        return self._other_text(draft.dataset)

    def _workers_text(self, workers: int) -> str:
        return self.tr(
            "{0} data-parallel workers each take their own mini-batches, in their own processes: this "
            "view draws the mini-batches of a run in one process (workers 1)."
        ).format(workers)

    def _other_text(self, dataset: str) -> str:
        return self.tr(
            "This view draws the mini-batch for image data (MNIST-sized digits, the 8×8 digits, an "
            "imported MNIST) as pictures and for two-feature classification (moons, spirals) as points. "
            "The data here, {0}, is neither, so there is nothing to draw: watch the loss and the epoch "
            "map instead."
        ).format(display("dataset", dataset))

    def _batch_text(self, chunk, shown: int, right: int | None) -> str:
        size = len(self.batch)
        steps = self.info.steps_per_epoch if self.info is not None else 0
        if self.kind == "images":
            count = self.tr("1 image") if size == 1 else self.tr("{0} images").format(f"{size:,}")
            if shown < size:
                count = self.tr("{0} images (the first {1} shown)").format(f"{size:,}", shown)
        else:
            count = self.tr("1 point") if size == 1 else self.tr("{0} points").format(f"{size:,}")
        parts = [
            self.tr("Epoch {0}").format(chunk.epoch),
            self.tr("batch {0} of {1}").format(f"{chunk.iteration:,}", f"{steps:,}"),
            count,
        ]
        if right is not None:
            parts.append(self.tr("{0} right").format(f"{right:,}"))
        return " · ".join(parts)

    def restyle(self) -> None:
        self._marks = None  # the palette's colours too may be new
        c = theme.colours()
        for view in (self.images, self.points):
            view.setBackground(c.background)
        theme.style_plot(self.plot)
        self.key.setStyleSheet(theme.css("note"))
        self.readout.setStyleSheet(theme.css("note"))
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        self.mosaic.set_font(font)
        self._set_key()
        self._redraw()

    def _mark_colours(self) -> tuple[QColor, QColor]:
        """(right, wrong): readable as text on the plots' background in the current theme (worked
        out once a theme: every chunk asks)."""
        name = theme.current()
        if self._marks is None or self._marks[0] != name:
            self._marks = (name, self._legible_marks())
        return self._marks[1]

    def _legible_marks(self) -> tuple[QColor, QColor]:
        c = theme.colours()
        background = QColor(*c.background)
        panel = QApplication.palette().color(QPalette.ColorRole.Window)
        right, wrong = QColor(c.right), QColor(c.wrong)
        return theme.legible(theme.legible(right, background), panel), theme.legible(
            theme.legible(wrong, background), panel
        )

    def _class_names(self) -> list[str]:
        n = self.samples.num_classes if self.samples is not None else 0
        names = list(getattr(self.samples, "classes", ()) or ())
        return [names[k] if k < len(names) else str(k) for k in range(n)]

    # -- the session's events ------------------------------------------------------------------
    def _on_draft(self, *_args) -> None:
        if self.kind == "none":
            self._say(self._draft_text)

    def _on_shown(self, result) -> None:
        """No run (None): the draft's line; a finished run loaded from a file keeps no batches."""
        self.clear()
        if result is not None:
            self._say(
                lambda: self.tr("A run read from a file keeps no mini-batches: start a run to see them here.")
            )

    def _on_run_begin(self, config: TrainConfig) -> None:
        self.clear()
        self._say(lambda: self.tr("Waiting for the first optimizer.step()…"))

    def clear(self) -> None:
        self.info = self.samples = self.chunk = None
        self._drawn = True
        self._show_kind("none")
        self._say(self._draft_text)
        self._set_readout(lambda: "")

    def _on_run_started(self, info) -> None:
        self.info = info
        self.samples = getattr(info, "samples", None)
        self._labels = np.asarray(self.samples.y) if self.samples is not None else np.empty(0, np.int64)
        kind = kind_of(self.samples)
        self._show_kind(kind)
        if info.config.workers > 1:  # the batches are in the workers' processes
            workers = info.config.workers
            self._say(lambda: self._workers_text(workers))
        elif kind == "other":
            dataset = info.config.dataset
            self._say(lambda: self._other_text(dataset))
        elif kind == "images":
            x = self.samples.x
            rows = x[:: max(1, len(x) // 2000)]  # the pixels' range, from 2,000 rows at most
            lo, hi = (float(rows.min()), float(rows.max())) if rows.size else (0.0, 1.0)
            self.levels = (lo, hi if hi > lo else lo + 1.0)
            columns = grid_columns(info.config.batch_size)
            self.mosaic.set_grid(
                self.samples.image_shape, columns, -(-min(info.config.batch_size, MAX_TILES) // columns)
            )
        else:
            self._set_training_points()
        self._set_key()

    def _show_kind(self, kind: str) -> None:
        self.kind = kind
        self.images.setVisible(kind == "images")
        self.points.setVisible(kind == "points")
        self.mosaic.clear()
        self.regions.clear()
        self.train_points.clear()
        self.batch_points.clear()
        self._set_key()

    def _set_training_points(self) -> None:
        x, y = self.samples.x, self.samples.y
        if len(x) > MAX_POINTS:  # a fixed subsample, the same for every step
            keep = np.sort(np.random.default_rng(0).choice(len(x), MAX_POINTS, replace=False))
            x, y = x[keep], y[keep]
        faint = [pg.mkBrush(*class_colour(k), TRAIN_ALPHA) for k in range(self.samples.num_classes)]
        self.train_points.setData(
            x=np.array(x[:, 0], dtype=float), y=np.array(x[:, 1], dtype=float), brush=[faint[k] for k in y]
        )
        self.plot.enableAutoRange()

    def add_chunk(self, chunk) -> None:
        """A chunk of the run: draw its last step's batch (or keep it for later, while off screen)."""
        if getattr(chunk, "batch", None) is None or self.kind in ("none", "other"):
            return
        self.batch = np.asarray(chunk.batch)
        self._offer(chunk)

    # -- drawing -------------------------------------------------------------------------------
    def _draw(self, chunk) -> None:
        self._drawn = True
        if self.kind == "images":
            self._draw_images(chunk)
        elif self.kind == "points":
            self._draw_points(chunk)

    def _draw_images(self, chunk) -> None:
        s = self.samples
        h, w = s.image_shape
        batch = self.batch
        shown = batch[:MAX_TILES]
        tiles = s.x[shown].reshape(len(shown), h, w)  # a copy: indexing with an array
        self.mosaic.set_tiles(tiles, self.levels, GREYS, theme.colours().background)
        labels = self._labels[shown]
        predictions = chunk.predictions
        if predictions is None or s.num_classes == 0:
            texts = (
                [f"{v:.3g}" for v in labels] if s.num_classes == 0 else self._captions()[1][labels].tolist()
            )
            self.mosaic.set_captions(texts, [QColor(*theme.colours().foreground)] * len(texts))
            self.mosaic.set_frames({})
            right = None
        else:
            predicted = np.asarray(predictions)[: len(shown)]
            ok = labels == predicted
            right_c, wrong_c = self._mark_colours()
            texts = self._captions()[0][labels, predicted].tolist()
            self.mosaic.set_captions(texts, [right_c if good else wrong_c for good in ok.tolist()])
            self.mosaic.set_frames(
                {"right": (right_c, np.flatnonzero(ok)), "wrong": (wrong_c, np.flatnonzero(~ok))}
            )
            right = int(np.count_nonzero(self._labels[batch] == np.asarray(predictions)))
        self._say(lambda: self._batch_text(chunk, len(shown), right), steady=True)

    def _captions(self) -> tuple[np.ndarray, np.ndarray]:
        """The captions of every pair of classes, "label→prediction" by [label, prediction], and of
        each class alone (no prediction known), made once a run."""
        names = self._class_names()
        if self._caption_names != names:
            short = [self._name(names, k) for k in range(len(names))]
            pairs = np.array([[f"{a}→{p}" for p in short] for a in short], object).reshape(len(short), -1)
            self._caption_table = (pairs, np.array(short, object))
            self._caption_names = names
        return self._caption_table

    @staticmethod
    def _name(names: list[str], k) -> str:
        k = int(k)
        name = names[k] if 0 <= k < len(names) else str(k)
        return name if len(name) <= MAX_CAPTION else name[: MAX_CAPTION - 1] + "…"

    def _draw_points(self, chunk) -> None:
        s = self.samples
        batch = self.batch
        x, labels = s.x[batch], np.asarray(s.y)[batch]
        regions = getattr(chunk, "regions", None)
        if regions is not None:
            self._draw_regions(regions)
        predictions = chunk.predictions
        right = None
        symbols = "o"
        if predictions is not None:
            ok = labels == np.asarray(predictions)
            right = int(np.count_nonzero(ok))
            symbols = np.where(ok, "o", "x").tolist()
        full = [pg.mkBrush(*class_colour(k)) for k in range(s.num_classes)]
        self.batch_points.setData(
            x=np.array(x[:, 0], dtype=float),
            y=np.array(x[:, 1], dtype=float),
            brush=[full[k] for k in labels],
            symbol=symbols,
            pen=pg.mkPen(theme.colours().foreground, width=1.2),
        )
        self._say(lambda: self._batch_text(chunk, len(batch), right), steady=True)

    def _draw_regions(self, regions) -> None:
        classes = np.asarray(regions.classes)
        lut = np.array(
            [(*class_colour(k), REGION_ALPHA) for k in range(max(self.samples.num_classes, 1))], np.uint8
        )
        rgba = lut[np.clip(classes, 0, len(lut) - 1)]
        x_min, x_max, y_min, y_max = regions.extent
        rows, cols = classes.shape
        # The grid's points run from one edge of the extent to the other: each is a cell's centre.
        dx, dy = (x_max - x_min) / max(cols - 1, 1), (y_max - y_min) / max(rows - 1, 1)
        self.regions.setImage(rgba, levels=None)
        self.regions.setRect(QRectF(x_min - dx / 2, y_min - dy / 2, cols * dx, rows * dy))

    # -- the mouse -----------------------------------------------------------------------------
    def _set_readout(self, make) -> None:
        self._readout_text.set(make)
        self.readout.setText(self._readout_text())

    def _on_hover_image(self, pos: QPointF) -> None:
        if self.kind != "images" or self.chunk is None:
            return
        point = self.mosaic.view.mapSceneToView(pos)
        i = self.mosaic.tile_at(point.x(), point.y())
        if i is None:
            self._set_readout(lambda: "")
            return
        self._describe_sample(self.chunk, i)

    def _on_hover_points(self, pos: QPointF) -> None:
        if self.kind != "points" or self.chunk is None:
            return
        hits = self.batch_points.pointsAt(self.plot.vb.mapSceneToView(pos))
        if len(hits) == 0:
            self._set_readout(lambda: "")
            return
        self._describe_sample(self.chunk, int(hits[0].index()))

    def _describe_sample(self, chunk, i: int) -> None:
        sample = int(self.batch[i])
        label = int(self.samples.y[sample])
        names = self._class_names()
        predicted = None if chunk.predictions is None else int(chunk.predictions[i])

        def text() -> str:
            line = self.tr("Sample {0} of the training set · label {1}").format(
                f"{sample:,}", self._name(names, label)
            )
            if predicted is not None:
                line += " · " + self.tr("the model said {0}").format(self._name(names, predicted))
            return line

        self._set_readout(text)
