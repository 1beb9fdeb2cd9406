"""Helpers the panels share (a panel never imports another panel): legends that fit their plot,
the name of a watched parameter entry, and the one-line description of imported data."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QTextOption

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
