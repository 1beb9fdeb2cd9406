"""Helpers the panels share (a panel never imports another panel): legends that fit their plot,
the name of a watched parameter entry, and the one-line description of imported data."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
