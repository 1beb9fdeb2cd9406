"""The loss around the trained weights, for models with more than two parameters: a 2-D slice along
two random filter-normalised directions (Li et al. 2018), computed on a worker thread."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gui import theme
from gui.accessibility import name_plot
from gui.i18n import RetranslatableText, Retranslating
from gui.threads.lazy import LazyJobs

GRID = 25


class SlicePanel(Retranslating, QWidget):
    """After a run: Compute → the loss on the plane θ* + a·d₁ + b·d₂ around the trained θ*."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("slicePanel")
        self._jobs = LazyJobs(self, self.show_plane, self._on_failed)
        self._source = None
        self.plane = None
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        row = QHBoxLayout()
        self.button = QPushButton(objectName="sliceButton")
        self.button.setEnabled(False)
        self.button.clicked.connect(self.compute)
        self.status = QLabel(objectName="sliceStatus")
        self._status_text = RetranslatableText()
        self._status_text.set(lambda: self.tr("Train a model first."))
        self.status.setWordWrap(True)
        row.addWidget(self.button)
        row.addWidget(self.status, 1)
        layout.addLayout(row)
        self.view = pg.GraphicsLayoutWidget()
        self.view.setBackground(theme.colours().background)
        self.plot = self.view.addPlot()
        theme.style_plot(self.plot)
        self.plot.setAspectLocked(True)
        self.image = pg.ImageItem()
        self.plot.addItem(self.image)
        self.bar = pg.ColorBarItem(colorMap=pg.colormap.get("viridis"), label=" ", interactive=False)
        self.bar.setImageItem(self.image, insert_in=self.plot)
        self.centre = pg.ScatterPlotItem([0.0], [0.0], symbol="star", size=16, brush=(255, 200, 0), pen="k")
        self.plot.addItem(self.centre)
        self.isocurves: list[pg.IsocurveItem] = []
        layout.addWidget(self.view, 1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.intro.setText(
            self.tr(
                "A model with many parameters has no map you can draw, but a slice of it you can: the loss "
                "at θ* + a·d₁ + b·d₂ around the trained weights θ*, along two random directions scaled to "
                "each row of W (filter-normalised, Li et al. 2018). A wide, flat basin around ★ is what "
                "SGD's noise tends to find. (The two-parameter model on ‘Line y = 2x − 1’ gets the exact "
                "map with the path of every step.)"
            )
        )
        self.button.setText(self.tr("Map the loss around the trained weights"))
        self.plot.setLabel("bottom", self.tr("a (along d₁)"))
        self.plot.setLabel("left", self.tr("b (along d₂)"))
        self.bar.getAxis("left").setLabel(self.tr("log₁₀ loss"))
        self.status.setText(self._status_text())
        name_plot(self.view, self.tr("Slice of the loss around the trained weights"))

    @property
    def jobs(self):
        """The worker-thread runner (made on first use)."""
        return self._jobs.runner

    def _set_status(self, text) -> None:
        self._status_text.set(text)
        self.status.setText(text())

    def set_source(self, model, data, label) -> None:
        """The trained model and its data, ready to slice (``model`` None: nothing to slice)."""
        self._source = (model, data) if model is not None else None
        self.button.setEnabled(model is not None and not self._jobs.busy)
        self._set_status(
            lambda: (
                self.tr("Ready: {0}").format(label() if callable(label) else label)
                if model is not None
                else self.tr("Train a model first.")
            )
        )

    def compute(self) -> None:
        if self._source is None or self._jobs.busy:
            return
        from core.experiments.slices import loss_plane  # torch: imported off the start-up path

        model, data = self._source
        self.button.setEnabled(False)
        self._set_status(lambda: self.tr("Computing {0} × {0} losses on a worker thread…").format(GRID))
        self.jobs.start(lambda stop: loss_plane(model, data, n=GRID, stop=stop))

    def show_plane(self, plane) -> None:
        self.plane = plane
        loss = np.log10(np.maximum(plane.loss, 1e-12))
        (a0, a1), (b0, b1) = (plane.alpha[0], plane.alpha[-1]), (plane.beta[0], plane.beta[-1])
        self.image.setImage(loss, autoLevels=False)
        self.image.setRect(a0, b0, a1 - a0, b1 - b0)
        finite = loss[np.isfinite(loss)]
        low, high = float(finite.min()), float(finite.max())
        self.bar.setLevels((low, high if high > low else low + 1))
        for item in self.isocurves:
            self.plot.removeItem(item)
        self.isocurves = []
        for level in np.linspace(low, high, 8)[1:-1]:
            curve = pg.IsocurveItem(data=loss, level=float(level), pen=pg.mkPen((255, 255, 255, 160)))
            curve.setParentItem(self.image)
            self.isocurves.append(curve)
        self.plot.autoRange()
        self._set_status(
            lambda: self.tr(
                "Loss at ★ (the trained weights): {0:.4g}; from {1:.4g} to {2:.4g} on the slice."
            ).format(plane.center_loss, float(np.nanmin(plane.loss)), float(np.nanmax(plane.loss)))
        )
        self.button.setEnabled(self._source is not None)

    def _on_failed(self, message: str) -> None:
        self._set_status(lambda: self.tr("The slice failed: {0}").format(message))
        self.button.setEnabled(self._source is not None)

    def shutdown(self) -> None:
        self._jobs.shutdown()
