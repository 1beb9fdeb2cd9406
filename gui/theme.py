"""Light and dark themes: the application palette (Fusion style), and plots that follow it.

:func:`apply` sets the palette; :func:`style_window` then restyles every pyqtgraph view under a
window (background, axes, titles, legends) and calls ``restyle()`` on each widget that has one (for
the few colours set in style sheets and curves that need more contrast on a dark background).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget


@dataclass(frozen=True)
class Colours:
    background: tuple[int, int, int]  # plots
    foreground: tuple[int, int, int]  # plot titles and legends
    axis_text: tuple[int, int, int]
    axis_line: tuple[int, int, int]
    curve: tuple[int, int, int]  # the main curve (smoothed loss, training loss)
    muted: str  # secondary text
    error: str  # messages next to a field
    info_background: str
    info_border: str
    alert_text: str
    alert_background: str
    alert_border: str
    agree_background: str  # the batch-size lab's claims: a row whose measurement agrees
    disagree_background: str  # … and one whose measurement disagrees
    right: str  # the batch view: a prediction that is right (blue) …
    wrong: str  # … and one that is wrong (vermilion): apart in lightness too, for colour-blind eyes


THEMES: dict[str, Colours] = {
    "light": Colours(
        background=(255, 255, 255),
        foreground=(40, 40, 40),
        axis_text=(60, 60, 60),
        axis_line=(150, 150, 150),
        curve=(20, 80, 170),
        muted="#555555",
        error="#b00020",
        info_background="#eef3fb",
        info_border="#c9d7ee",
        alert_text="#8a1c13",
        alert_background="#fdecea",
        alert_border="#f5c2bd",
        agree_background="#e1f2e4",
        disagree_background="#fde2de",
        right="#00508c",
        wrong="#c2410c",
    ),
    "dark": Colours(
        background=(27, 30, 35),
        foreground=(225, 228, 232),
        axis_text=(200, 204, 210),
        axis_line=(110, 115, 125),
        curve=(110, 170, 255),
        muted="#a8adb5",
        error="#ff7a7a",
        info_background="#1f2a3a",
        info_border="#3b4d6b",
        alert_text="#ffb4ab",
        alert_background="#3d1f1d",
        alert_border="#7a2e2a",
        agree_background="#1e4028",
        disagree_background="#4f2320",
        right="#7cc4ff",
        wrong="#ff6b4a",
    ),
}
DEFAULT = "light"
_current = DEFAULT


def current() -> str:
    return _current


def colours() -> Colours:
    return THEMES[_current]


def _dark_palette() -> QPalette:
    p = QPalette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, (45, 48, 54)),
        (roles.WindowText, (225, 228, 232)),
        (roles.Base, (30, 33, 38)),
        (roles.AlternateBase, (45, 48, 54)),
        (roles.ToolTipBase, (30, 33, 38)),
        (roles.ToolTipText, (225, 228, 232)),
        (roles.PlaceholderText, (140, 145, 155)),
        (roles.Text, (225, 228, 232)),
        (roles.Button, (55, 59, 66)),
        (roles.ButtonText, (225, 228, 232)),
        (roles.BrightText, (255, 90, 90)),
        (roles.Link, (110, 170, 255)),
        (roles.Highlight, (60, 110, 190)),
        (roles.HighlightedText, (255, 255, 255)),
        (roles.Light, (75, 80, 88)),
        (roles.Midlight, (62, 66, 73)),
        (roles.Mid, (40, 43, 48)),
        (roles.Dark, (25, 27, 31)),
        (roles.Shadow, (10, 10, 12)),
    ):
        p.setColor(role, QColor(*colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        p.setColor(disabled, role, QColor(125, 130, 138))
    return p


def _light_palette(standard: QPalette) -> QPalette:
    """Fusion's light palette, with a darker selection: white on Fusion's #308cc6 is 3.7:1, below
    the 4.5:1 that text needs (WCAG 2.1, 1.4.3)."""
    p = QPalette(standard)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        p.setColor(group, QPalette.ColorRole.Highlight, QColor(36, 104, 150))
    return p


def luminance(colour: QColor) -> float:
    """WCAG 2.1's relative luminance of an opaque colour."""

    def linear(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) + 0.0722 * linear(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2.1's contrast ratio of two opaque colours, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def legible(colour: QColor, background: QColor, ratio: float = 4.5) -> QColor:
    """``colour`` made darker (on a light background) or lighter (on a dark one), keeping its hue,
    until text in it reads at ``ratio`` against ``background``; unchanged when it already does."""
    colour = QColor(colour)
    colour.setAlpha(255)
    darken = luminance(background) > 0.18
    hue, saturation, lightness, _ = colour.getHslF()
    hue = max(hue, 0.0)  # -1 for a grey
    while contrast(colour, background) < ratio and 0.0 < lightness < 1.0:
        lightness = max(0.0, lightness - 0.02) if darken else min(1.0, lightness + 0.02)
        colour = QColor.fromHslF(hue, saturation, lightness)
    return colour


def row_brushes(kind: str) -> tuple[QBrush, QBrush]:
    """(background, text) of a coloured row in the current theme: ``agree`` or ``disagree`` (the
    batch-size lab's claims)."""
    c = colours()
    background = QColor(getattr(c, f"{kind}_background"))
    palette = QApplication.palette()
    return QBrush(background), QBrush(legible(palette.color(QPalette.ColorRole.Text), background))


def apply(name: str) -> None:
    """Switch the application to theme ``name`` (``light`` or ``dark``): Fusion with its palette."""
    global _current
    if name not in THEMES:
        raise ValueError(f"unknown theme {name!r}")
    _current = name
    app = QApplication.instance()
    style = QStyleFactory.create("Fusion")
    if style is not None:
        app.setStyle(style)
    app.setPalette(_dark_palette() if name == "dark" else _light_palette(app.style().standardPalette()))


def style_plot(plot: pg.PlotItem) -> None:
    """Axes, title and legend of one plot in the current theme's colours."""
    c = colours()
    for side in ("left", "bottom", "right", "top"):
        axis = plot.getAxis(side)
        axis.setPen(pg.mkPen(c.axis_line))
        axis.setTextPen(pg.mkPen(c.axis_text))  # the axis label takes this colour too
    if plot.titleLabel.text:
        plot.titleLabel.setText(plot.titleLabel.text, color=c.foreground)
    if plot.legend is not None:
        plot.legend.setBrush(pg.mkBrush(*c.background, 215))  # curves pass behind the legend's text
        plot.legend.setLabelTextColor(c.foreground)
        for _sample, label in plot.legend.items:
            label.setText(label.text)  # drawn again in the new colour


def style_window(root: QWidget) -> None:
    """Restyle every pyqtgraph view under ``root``, polish each widget that has a style sheet with the
    new palette, and call ``restyle()`` where a widget has one."""
    c = colours()
    for view in root.findChildren(pg.GraphicsView):
        view.setBackground(c.background)
        for item in view.scene().items():
            if isinstance(item, pg.PlotItem):
                style_plot(item)
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        sheet = widget.styleSheet()
        if sheet:  # a widget with a style sheet keeps the palette it was polished with: polish it anew
            widget.setStyleSheet(sheet)
    for widget in widgets:
        restyle = getattr(widget, "restyle", None)
        if callable(restyle):
            restyle()


def css(kind: str) -> str:
    """A style sheet for a label: ``muted``, ``note`` (muted, small), ``error``, ``alert`` or ``info``
    (a framed box)."""
    c = colours()
    if kind == "muted":
        return f"color: {c.muted};"
    if kind == "note":  # small print under a plot or a table
        return f"color: {c.muted}; font-size: 11px;"
    if kind == "error":
        return f"color: {c.error}; font-size: 11px;"
    if kind == "alert":
        return f"color: {c.alert_text};"
    if kind == "info":
        return f"background: {c.info_background}; border: 1px solid {c.info_border}; padding: 6px;"
    raise ValueError(kind)


def banner_css(error: bool) -> str:
    c = colours()
    if error:
        return (
            f"background: {c.alert_background}; color: {c.alert_text}; "
            f"border: 1px solid {c.alert_border}; padding: 6px;"
        )
    return css("info")
