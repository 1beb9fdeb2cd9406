"""Contrast: in the light and the dark theme every label, table, list and tree of the window and its
docks is drawn at a contrast ratio of at least 4.5:1 (WCAG 2's level AA for text), computed from the
colours actually drawn: each widget's palette (style sheets included, as Qt applies them), the
colours inside rich text, and the items' own brushes. Checked after a run and a lab run, so that the
runs list and the lab's claims table have their coloured rows."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPalette, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QGroupBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QToolButton,
    QWidget,
)

from gui import theme
from tests.gui.test_runs_lab import LAB, run_lab, run_once

AA = 4.5  # WCAG 2.1, success criterion 1.4.3, normal text
Roles = QPalette.ColorRole


def _channel(value: int) -> float:
    """One sRGB channel (0–255) linearised, as WCAG 2.1 defines relative luminance."""
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: tuple[int, int, int]) -> float:
    r, g, b = (_channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_ratio_matches_the_published_values():
    """WCAG's own figures: black on white is 21:1, and #767676 is the lightest grey on white that
    passes 4.5:1 (4.54) while #777777 fails it (4.48), as WebAIM's checker gives them."""
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((255, 255, 255), (255, 255, 255)) == pytest.approx(1.0)
    assert contrast((0x76,) * 3, (255,) * 3) == pytest.approx(4.54, abs=0.005)
    assert contrast((0x77,) * 3, (255,) * 3) == pytest.approx(4.48, abs=0.005)
    assert contrast((0, 0, 255), (255, 255, 255)) == pytest.approx(8.59, abs=0.005)


def _rgb(colour: QColor, under: tuple[int, int, int]) -> tuple[int, int, int]:
    """``colour`` as drawn over ``under`` (its alpha blended in)."""
    a = colour.alphaF()
    return tuple(round(a * c + (1 - a) * u) for c, u in zip(colour.getRgb()[:3], under, strict=True))


def _drawn_background(widget: QWidget) -> tuple[int, int, int]:
    """The colour behind ``widget``: its own when it paints one (auto-fill, a style sheet's
    background, a window), else its parent's."""
    w = widget
    while w is not None:
        styled = w.testAttribute(Qt.WidgetAttribute.WA_StyledBackground) and "background" in w.styleSheet()
        if w.isWindow() or w.autoFillBackground() or styled:
            return w.palette().color(w.backgroundRole()).getRgb()[:3]
        w = w.parentWidget()
    return QApplication.palette().color(Roles.Window).getRgb()[:3]


def _rich_text_colours(html: str, text: tuple[int, int, int], background: tuple[int, int, int]):
    """(words, foreground, background) for each run of rich text with its own colours. Runs of
    symbols only (a legend's ━● or ★ in a curve's colour) are graphics, not text: left out."""
    doc = QTextDocument()
    doc.setHtml(html)
    block = doc.begin()
    while block.isValid():
        block_bg = block.blockFormat().background()
        under = (
            _rgb(block_bg.color(), background) if block_bg.style() != Qt.BrushStyle.NoBrush else background
        )
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            it += 1
            words = fragment.text()
            if not any(ch.isalnum() for ch in words):
                continue
            fmt = fragment.charFormat()
            bg = fmt.background()
            behind = _rgb(bg.color(), under) if bg.style() != Qt.BrushStyle.NoBrush else under
            fg = fmt.foreground()
            colour = _rgb(fg.color(), behind) if fg.style() != Qt.BrushStyle.NoBrush else text
            yield words, colour, behind
        block = block.next()


def _brush(value, fallback: tuple[int, int, int], under: tuple[int, int, int]) -> tuple[int, int, int]:
    if isinstance(value, QBrush):
        return _rgb(value.color(), under) if value.style() != Qt.BrushStyle.NoBrush else fallback
    if isinstance(value, QColor):
        return _rgb(value, under)
    return fallback


def _indexes(model, parent=None):
    from PySide6.QtCore import QModelIndex

    parent = parent or QModelIndex()
    try:
        columns = model.columnCount(parent)
    except TypeError:  # a list's model keeps columnCount and hasChildren private: one column, flat
        yield from (model.index(row, 0, parent) for row in range(model.rowCount(parent)))
        return
    for row in range(model.rowCount(parent)):
        for column in range(columns):
            index = model.index(row, column, parent)
            yield index
            if column == 0 and model.rowCount(index):
                yield from _indexes(model, index)


def _name(widget: QWidget) -> str:
    names = []
    w = widget
    while w is not None and len(names) < 4:
        names.append(w.objectName() or type(w).__name__)
        w = w.parentWidget()
    return "/".join(reversed(names))


def low_contrast(root: QWidget) -> list[str]:
    """Every text under ``root`` drawn below 4.5:1, as 'where: text (ratio, fg on bg)'."""
    failures: list[str] = []
    QApplication.processEvents()  # style sheets set by a theme switch reach the palettes by events

    def check(where: str, text: str, fg, bg) -> None:
        ratio = contrast(fg, bg)
        if ratio < AA:
            failures.append(f"{where}: {text[:50]!r} {ratio:.2f}:1 ({fg} on {bg})")

    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if not widget.isEnabled():
            continue  # WCAG 1.4.3 exempts inactive controls
        widget.ensurePolished()
        palette = widget.palette()
        if isinstance(widget, QLabel) and widget.text().strip():
            bg = _drawn_background(widget)
            fg = _rgb(palette.color(widget.foregroundRole()), bg)
            text = widget.text()
            rich = widget.textFormat() == Qt.TextFormat.RichText or (
                widget.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
            )
            if rich:
                for words, colour, behind in _rich_text_colours(text, fg, bg):
                    check(_name(widget), words, colour, behind)
            else:
                check(_name(widget), text, fg, bg)
        elif isinstance(widget, (QAbstractButton, QGroupBox)) and widget.styleSheet():
            push = isinstance(widget, (QPushButton, QToolButton))  # drawn on its own button face
            bg = palette.color(Roles.Button).getRgb()[:3] if push else _drawn_background(widget)
            label = widget.title() if isinstance(widget, QGroupBox) else widget.text()
            check(_name(widget), label, _rgb(palette.color(widget.foregroundRole()), bg), bg)
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            base = palette.color(Roles.Base).getRgb()[:3]
            alternate = palette.color(Roles.AlternateBase).getRgb()[:3]
            text = palette.color(Roles.Text).getRgb()[:3]
            for index in _indexes(model):
                words = model.data(index, Qt.ItemDataRole.DisplayRole)
                if words is None or not str(words).strip():
                    continue
                under = alternate if widget.alternatingRowColors() and index.row() % 2 else base
                bg = _brush(model.data(index, Qt.ItemDataRole.BackgroundRole), under, under)
                fg = _brush(model.data(index, Qt.ItemDataRole.ForegroundRole), text, bg)
                check(f"{_name(widget)}[{index.row()},{index.column()}]", str(words), fg, bg)
    for view in root.findChildren(pg.GraphicsView):
        failures += _plot_text(view)
    return failures


def _plot_text(view: pg.GraphicsView) -> list[str]:
    """The text drawn on a plot: text items (a note, a point's label), titles, legend entries and axis
    labels, each against the plot's background (what shows behind it, legends' own fill aside)."""
    failures = []
    bg = view.backgroundBrush().color().getRgb()[:3]
    name = _name(view)
    for item in view.scene().items():
        if not item.isVisible():
            continue
        if isinstance(item, pg.TextItem) and item.textItem.toPlainText().strip():
            pairs = [(item.textItem.toPlainText(), _rgb(item.textItem.defaultTextColor(), bg))]
        elif isinstance(item, pg.LabelItem) and item.text:
            default = _rgb(item.item.defaultTextColor(), bg)
            pairs = [(w, c) for w, c, _ in _rich_text_colours(item.item.toHtml(), default, bg)]
        elif isinstance(item, pg.AxisItem) and item.isVisible() and item.style.get("showValues", True):
            pairs = [(f"{item.orientation} axis", _rgb(item.textPen().color(), bg))]
        else:
            continue
        for words, fg in pairs:
            ratio = contrast(fg, bg)
            if ratio < AA and words.strip():
                failures.append(f"{name} plot: {words[:50]!r} {ratio:.2f}:1 ({fg} on {bg})")
    return failures


def palette_pairs() -> list[str]:
    """The application palette's text on its backgrounds, active and inactive, below 4.5:1."""
    failures = []
    palette = QApplication.palette()
    pairs = [
        (Roles.WindowText, Roles.Window), (Roles.Text, Roles.Base), (Roles.Text, Roles.AlternateBase),
        (Roles.ButtonText, Roles.Button), (Roles.HighlightedText, Roles.Highlight),
        (Roles.ToolTipText, Roles.ToolTipBase), (Roles.Link, Roles.Base), (Roles.Link, Roles.Window),
    ]  # fmt: skip
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        for fg_role, bg_role in pairs:
            bg = palette.color(group, bg_role).getRgb()[:3]
            fg = _rgb(palette.color(group, fg_role), bg)
            if contrast(fg, bg) < AA:
                failures.append(f"{group.name} {fg_role.name} on {bg_role.name}: {contrast(fg, bg):.2f}:1")
    return failures


@pytest.mark.parametrize("name", ["light", "dark"])
def test_every_label_and_table_is_legible_in_both_themes(make_window, qtbot, name):
    w = make_window(LAB)
    w.theme_actions[name].trigger()
    assert theme.current() == name
    run_once(qtbot, w)
    run_lab(qtbot, w, "16, 64")
    claims = w.findChild(QTableWidget, "labClaims")
    coloured = [
        claims.item(r, 0).background().style() != Qt.BrushStyle.NoBrush for r in range(claims.rowCount())
    ]
    assert any(coloured), "the lab's claims table has no coloured row to check"
    assert w.runs.list.count() >= 3  # the run and the lab's two, each in its own colour
    failures = palette_pairs() + low_contrast(w)
    assert failures == [], "\n".join(failures)
    other = "dark" if name == "light" else "light"  # switched with the coloured rows on screen
    w.theme_actions[other].trigger()
    failures = palette_pairs() + low_contrast(w)
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("name", ["light", "dark"])
def test_legible_keeps_the_hue_and_reaches_the_ratio(qapp, name):
    """Every run colour, on both themes' list background, against this file's own WCAG formula."""
    from gui.panels.runs import PALETTE

    theme.apply(name)
    base = QApplication.palette().color(Roles.Base)
    for rgb in PALETTE:
        colour = QColor(*rgb)
        made = theme.legible(colour, base)
        assert contrast(made.getRgb()[:3], base.getRgb()[:3]) >= AA
        if contrast(rgb, base.getRgb()[:3]) >= AA:
            assert made.getRgb()[:3] == rgb  # already legible: unchanged
        elif colour.hslSaturation() > 0:
            assert abs(made.hslHue() - colour.hslHue()) <= 3  # the same hue, lighter or darker


@pytest.mark.parametrize("name", ["light", "dark"])
def test_the_sweep_and_import_dialogs_errors_are_legible(make_window, qtbot, tmp_path, name):
    """The dialogs' own error lines and the import preview's coloured columns, in each theme."""
    from gui.panels.runs import SweepDialog
    from tests.tables import write_mixed

    w = make_window(LAB)
    w.theme_actions[name].trigger()
    sweep = SweepDialog(w.controls.config(), w)
    sweep.values.setText("0")
    sweep.accept()  # refused: its error line shows
    assert sweep.error.text()
    dialog = w.files.import_data()
    dialog.set_path(write_mixed(tmp_path / "m.csv"))
    dialog.missing.setCurrentIndex(dialog.missing.findData("error"))
    dialog.accept()  # refused: a missing value, named in its message
    assert dialog.message.isVisible() and dialog.message.text()
    failures = low_contrast(sweep) + low_contrast(dialog)
    assert failures == [], "\n".join(failures)
    sweep.close()
    dialog.shutdown()
    dialog.close()
