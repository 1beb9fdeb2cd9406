"""The weights as pictures: on image data, each row of the first layer's weight matrix drawn as an
image of the input's shape.

Softmax regression's W has one row per class, and its score for class k is that row times the
image's pixels plus b_k: drawn as an h×w image, the row is the template the classifier learned for
the class (red where a bright pixel raises the class's score, blue where it lowers it). The MLP's
W1 has one row per hidden unit: the first 64 are drawn, the pattern each unit responds to.

Everything drawn comes from the run: each chunk carries a copy of the rows after its last step
(``Chunk.weights``) and the run's ``RunInfo.samples`` says whether they are images. The colours are
centred on 0 (symmetric levels ±max|W| of the rows drawn, with a colour key); a finished run keeps
its last picture.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QLinearGradient, QPainter, QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from core.training.config import TrainConfig
from gui import theme
from gui.accessibility import name_plot
from gui.i18n import RetranslatableText, Retranslating, display
from gui.session_qt import SessionSignals
from gui.widgets import DrawnWhenShown, Mosaic, SteadyLine

# Diverging colour maps centred on 0 (blue negative, red positive): towards white on a light
# background, towards a dark grey on a dark one, so that 0 is the background's side of the scale.
DIVERGING = {
    "light": ((33, 102, 172), (146, 197, 222), (247, 247, 247), (244, 165, 130), (178, 24, 43)),
    "dark": ((67, 147, 195), (36, 80, 120), (40, 42, 46), (140, 45, 45), (239, 101, 72)),
}


MAX_ROWS = 64  # the MLP's first 64 hidden units


def colour_map(name: str) -> pg.ColorMap:
    stops = DIVERGING[name]
    return pg.ColorMap(np.linspace(0.0, 1.0, len(stops)), [(*c, 255) for c in stops])


class ColourKey(QWidget):
    """The colour map as a bar, labelled −max|W|, 0 and +max|W| under it: a few texts painted, where a
    plot's colour bar laid its axis out anew at every step (most of a frame)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.scale = 0.0
        self.setFixedHeight(self.fontMetrics().height() + 16)

    def set_scale(self, scale: float) -> None:
        if f"{scale:.3g}" != f"{self.scale:.3g}":
            self.update()
        self.scale = scale

    def labels(self) -> tuple[str, str, str]:
        text = f"{self.scale:.3g}"
        return f"−{text}", "0", f"+{text}"

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        bar = QRectF(4, 2, self.width() - 8, 10)
        gradient = QLinearGradient(bar.topLeft(), bar.topRight())
        stops = DIVERGING[theme.current()]
        for k, colour in enumerate(stops):
            gradient.setColorAt(k / (len(stops) - 1), QColor(*colour))
        painter.fillRect(bar, gradient)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        metrics = self.fontMetrics()
        y = bar.bottom() + 2 + metrics.ascent()
        low, zero, high = self.labels()
        painter.drawText(QPointF(bar.left(), y), low)
        painter.drawText(QPointF(bar.center().x() - metrics.horizontalAdvance(zero) / 2, y), zero)
        painter.drawText(QPointF(bar.right() - metrics.horizontalAdvance(high), y), high)
        painter.end()


class WeightsView(DrawnWhenShown, Retranslating, QWidget):
    """The first layer's weight rows as h×w images, live, on a colour scale centred on 0."""

    def __init__(self, signals: SessionSignals, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("weightsView")
        self.session = signals.session
        self.info = None
        self.samples = None
        self.pictured = False  # the run's weights are images (image data, a first layer with rows)
        self.scale = 0.0  # max |W| of the rows drawn last
        self.rows = 1  # rows of the weight matrix drawn
        self.summary_text = RetranslatableText()
        layout = QVBoxLayout(self)
        self.summary = SteadyLine("weightsSummary")
        layout.addWidget(self.summary)
        self.key = QLabel(objectName="weightsKey")
        self.key.setWordWrap(True)
        layout.addWidget(self.key)
        self.view = pg.GraphicsLayoutWidget()
        self.view.setObjectName("weightsImages")
        self.view.setMinimumSize(100, 200)
        self.view.ci.setContentsMargins(2, 2, 2, 2)
        self.mosaic = Mosaic(self.view.addViewBox(row=0, col=0), captions_above=True)
        self.bar = ColourKey(objectName="weightsKeyBar")
        layout.insertWidget(layout.indexOf(self.view), self.bar)
        self.mosaic.view.sigResized.connect(self._on_view_resized)
        layout.addWidget(self.view, 1)
        layout.addStretch(0)  # the lines at the top when there is no picture

        signals.run_begin.connect(self._on_run_begin)
        signals.run_started.connect(self._on_run_started)
        signals.chunk.connect(self.add_chunk)
        signals.shown.connect(self._on_shown)
        signals.draft.connect(self._on_draft)
        signals.catalogue.connect(self._on_draft)
        self._say(self._draft_text)
        self._set_pictured(False)
        self.retranslate_ui()
        self.restyle()

    # -- texts ---------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        name_plot(self.view, self.tr("The first layer's weights as images"))
        self._set_key()
        self._say()

    def _say(self, text=None, steady: bool = False) -> None:
        """The line above the picture (a function making it in the current language; None: made
        again), which a screen reader is also told as the picture's description. A ``steady`` line
        (a step's) keeps its height; another takes the height its text needs."""
        if text is not None:
            self.summary_text.set(text)
        line = self.summary_text()
        self.summary.setText(line, steady)
        self.view.setAccessibleDescription(" ".join(part for part in (line, self.key.text()) if part))

    def _set_key(self) -> None:
        if not self.pictured:
            self.key.setVisible(False)
            self.key.clear()  # no text of another language left behind
            return
        if self._model() == "mlp":
            text = self.tr(
                "Each image is one hidden unit's row of W1, numbered from 1: the pattern of pixels that "
                "unit responds to. Red: a bright pixel there raises the unit's input; blue: it lowers it; "
                "the middle colour: 0."
            )
        else:
            text = self.tr(
                "Each image is one class's row of W: the template the model learned for it. The class's "
                "score is this row times the image's pixels, plus b. Red: a bright pixel there raises the "
                "score; blue: it lowers it; the middle colour: 0."
            )
        self.key.setText(text)
        self.key.setVisible(True)

    def _model(self) -> str:
        return self.info.config.model if self.info is not None else self.session.draft.model

    def _workers_text(self, workers: int) -> str:
        return self.tr(
            "{0} data-parallel workers train in their own processes: this view draws the weights of a run "
            "in one process (workers 1)."
        ).format(workers)

    def _draft_text(self) -> str:
        draft = self.session.draft
        if draft.workers > 1:
            return self._workers_text(draft.workers)
        info = self.session.catalogue.info(draft.dataset)
        if info is not None and info.image_shape is not None and draft.model in ("softmax", "mlp", "linear"):
            if draft.model == "mlp":
                return self.tr(
                    "Press Start (F5) or Step (F10): the first {0} rows of W1 (one per hidden unit) will "
                    "appear here as {1}×{2} images, changing as the model learns."
                ).format(min(64, draft.hidden), info.image_shape[0], info.image_shape[1])
            return self.tr(
                "Press Start (F5) or Step (F10): the rows of W (one per class) will appear here as {0}×{1} "
                "images, changing as the model learns."
            ).format(info.image_shape[0], info.image_shape[1])
        return self._other_text(draft.dataset, draft.model)

    def _other_text(self, dataset: str, model: str) -> str:
        return self.tr(
            "This view draws the first layer's weights as pictures when each sample is an image "
            "(MNIST-sized digits, the 8×8 digits, an imported MNIST): softmax regression's rows of W, "
            "the MLP's first 64 hidden units. For {0} with {1} there are none to draw; the step inspector "
            "shows any single weight."
        ).format(display("dataset", dataset), display("model", model))

    def _step_text(self, chunk, rows: int, total: int, scale: float) -> str:
        steps = self.info.steps_per_epoch if self.info is not None else 0
        where = self.tr("After step {0} (epoch {1}, batch {2} of {3})").format(
            f"{chunk.end:,}", chunk.epoch, f"{chunk.iteration:,}", f"{steps:,}"
        )
        if self._model() == "mlp" and rows < total:
            what = self.tr("the first {0} of {1} rows of W1").format(rows, total)
        elif self._model() == "mlp":
            what = self.tr("the {0} rows of W1").format(rows)
        elif self._model() == "linear":
            what = self.tr("w")
        else:
            what = self.tr("the {0} rows of W").format(rows)
        return self.tr("{0}: {1}; colours ±{2}").format(where, what, f"{scale:.3g}")

    def restyle(self) -> None:
        c = theme.colours()
        self.view.setBackground(c.background)
        self.bar.update()
        self.key.setStyleSheet(theme.css("note"))
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        self.mosaic.set_font(font)
        self._redraw()

    # -- the session's events ------------------------------------------------------------------
    def _on_draft(self, *_args) -> None:
        if self.info is None and self.chunk is None:
            self._set_pictured(False)
            self._say(self._draft_text)

    def _on_shown(self, result) -> None:
        self.clear()
        if result is not None:
            self._say(
                lambda: self.tr(
                    "A run read from a file keeps no weights to draw: start a run to see them change."
                )
            )

    def _on_run_begin(self, _config: TrainConfig) -> None:
        self.clear()
        self._say(lambda: self.tr("Waiting for the first optimizer.step()…"))

    def clear(self) -> None:
        self.info = self.samples = self.chunk = None
        self._drawn = True
        self._set_pictured(False)
        self._say(self._draft_text)

    def _on_run_started(self, info) -> None:
        self.info = info
        self.samples = getattr(info, "samples", None)
        pictured = self.samples is not None and self.samples.image_shape is not None
        workers = info.config.workers
        self._set_pictured(pictured and info.config.model in ("softmax", "mlp", "linear"))
        if workers > 1:  # no samples: the weights are in the workers' processes
            self._say(lambda: self._workers_text(workers))
            return
        if not self.pictured:
            dataset, model = info.config.dataset, info.config.model
            self._say(lambda: self._other_text(dataset, model))
            return
        first = next(iter(info.parameters.values()), ())
        self.rows = 1 if len(first) < 2 else min(MAX_ROWS, first[0])
        self._fit()

    def _fit(self) -> bool:
        """Lay the tiles out as big as the view lets them be (10 classes: 5 × 2 in a wide view, 4 × 3 in
        a square one); True if the layout changed."""
        if not self.pictured or self.samples is None:
            return False
        view = self.mosaic.view.rect()
        columns = self.mosaic.fit_columns(self.rows, self.samples.image_shape, view.width(), view.height())
        if columns == self.mosaic.columns and self.mosaic.count:
            return False
        self.mosaic.set_grid(self.samples.image_shape, columns, -(-self.rows // columns))
        return True

    def _on_view_resized(self, *_args) -> None:
        if self._fit():
            self._redraw()

    def _set_pictured(self, on: bool) -> None:
        self.pictured = on
        self.view.setVisible(on)
        self.bar.setVisible(on)
        self.mosaic.clear()
        self._set_key()

    def add_chunk(self, chunk) -> None:
        if not self.pictured or getattr(chunk, "weights", None) is None:
            return
        self._offer(chunk)

    # -- drawing -------------------------------------------------------------------------------
    def _draw(self, chunk) -> None:
        self._drawn = True
        h, w = self.samples.image_shape
        weights = np.asarray(chunk.weights)
        rows = weights[:MAX_ROWS]
        tiles = rows.reshape(len(rows), h, w).astype(np.float32)  # a copy
        scale = float(np.abs(tiles).max()) if tiles.size else 0.0
        self.scale = scale
        m = scale if scale > 0 else 1e-12
        lut = colour_map(theme.current()).getLookupTable(nPts=256, alpha=False)
        self.mosaic.set_tiles(tiles, (-m, m), lut, theme.colours().background)
        self.bar.set_scale(scale)
        names = list(getattr(self.samples, "classes", ()) or ())
        model = self._model()
        if model == "mlp":
            texts = [str(k + 1) for k in range(len(rows))]
        elif model == "linear":
            texts = ["w"]
        else:
            texts = [names[k] if k < len(names) else str(k) for k in range(len(rows))]
        fg = pg.mkColor(theme.colours().foreground)
        self.mosaic.set_captions(texts, [fg] * len(texts))
        total = self.info.parameters.get("W1", (len(rows),))[0] if self.info is not None else len(rows)
        self._say(lambda: self._step_text(chunk, len(rows), total, scale), steady=True)
