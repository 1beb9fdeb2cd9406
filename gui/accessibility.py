"""What a screen reader says about the plots: a plot is a picture to Qt's accessibility, so each one
gets a name (set by its panel, in the current language) and a description made from what it draws
now: each plot's title and the labels of its axes."""

from __future__ import annotations

import html
import re

import pyqtgraph as pg
from PySide6.QtWidgets import QWidget


def _plain(text: str) -> str:
    """pyqtgraph's rich text as words: no tags, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", text or "")).split())


def plot_text(view: pg.GraphicsView) -> str:
    """Each plot in ``view``: its title, then its shown axes' labels (``"Loss per epoch — epoch; loss
    (MSE)"``); plots separated by " | "."""
    parts = []
    for item in view.scene().items():
        if not isinstance(item, pg.PlotItem) or not item.isVisible():
            continue
        title = _plain(item.titleLabel.text) if item.titleLabel.isVisible() else ""
        axes = [
            _plain(item.getAxis(side).labelText)
            for side in ("bottom", "left", "right")
            if item.getAxis(side).isVisible() and item.getAxis(side).labelText
        ]
        text = " — ".join(p for p in (title, "; ".join(axes)) if p)
        if text:
            parts.append((item.scenePos().y(), item.scenePos().x(), text))
    return " | ".join(text for _y, _x, text in sorted(parts))


def name_plot(view: pg.GraphicsView | QWidget, name: str) -> None:
    """Name a plot for screen readers, and describe it by what it draws now (call again when its
    titles or axes change, as on a language change)."""
    view.setAccessibleName(name)
    view.setAccessibleDescription(plot_text(view) if isinstance(view, pg.GraphicsView) else "")
