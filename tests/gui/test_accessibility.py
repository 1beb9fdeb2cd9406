"""What a screen reader is told, read through Qt's accessibility API (QAccessible's interfaces, as
AT-SPI reads them): every control of the window, the counter and every plot have a name (not the
object name) and the plots a description, in English and in Chinese."""

from __future__ import annotations

import re

import pyqtgraph as pg
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QComboBox, QDockWidget, QLabel, QProgressBar, QWidget

from gui import i18n
from gui.i18n import plain
from tests.gui.test_keyboard import controls_in, describe, shown_window

CJK = re.compile(r"[\u4e00-\u9fff]")
# Terms the Chinese text keeps in English, as the article does ("小 batch size"), and code
KEPT_IN_ENGLISH = ("batch size", r"optimizer\.step\(\)", r"torch\.optim\.\w+", "SGD", "Adam", "RMSprop")


def name_of(widget: QWidget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def description_of(widget: QWidget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Description)


def labels_of(widget: QWidget) -> list[QWidget]:
    """The widgets that label ``widget`` (QAccessible's Label relation, as a screen reader asks)."""
    relations = QAccessible.queryAccessibleInterface(widget).relations(QAccessible.Relation.Label)
    return [other.object() for other, _relation in relations]


def every_control(w) -> dict[str, list[QWidget]]:
    """The controls of the centre and of each dock (each raised in turn), the counter's label and
    bars, and every plot, by where they are."""
    found = {"centre": controls_in(w.centralWidget()), "counter": []}
    found["counter"] = [w.counter.label, *w.counter.findChildren(QProgressBar)]
    for dock in w.findChildren(QDockWidget):
        dock.raise_()
        found[dock.objectName()] = controls_in(dock)
    w.inspector_dock.raise_()
    found["plots"] = [v for v in w.findChildren(pg.GraphicsView) if v.window() is w]
    return found


def unnamed(w) -> list[str]:
    problems = []
    for where, widgets in every_control(w).items():
        for widget in widgets:
            name = name_of(widget).strip()
            if not name or name == widget.objectName():
                problems.append(f"{where}: {describe(widget)} is named {name!r}")
    return problems


def test_every_control_the_counter_and_every_plot_have_a_name(make_window, qtbot):
    w = shown_window(make_window, qtbot)
    assert not unnamed(w), "\n".join(unnamed(w))
    controls = every_control(w)
    assert len(controls["controlsDock"]) >= 25 and len(controls["plots"]) >= 8
    # a setting is named by the label beside it (without its mnemonic), and described by its tooltip;
    # a combo box's name is its current item on Linux (Qt's rule there), its label a relation
    for field, (label, _box) in w.controls._rows.items():
        target = label.buddy()
        name = target.currentText() if isinstance(target, QComboBox) else plain(label.text())
        assert name_of(target) == name and target.accessibleName() == plain(label.text()), field
        assert description_of(target) == label.toolTip(), field
        assert label in labels_of(target), field
    assert name_of(w.controls.batch_slider) == plain(w.controls._rows["batch_size"][0].text())
    assert name_of(w.run_actions.buttons["start"]) == "Start"
    assert "F5" in description_of(w.run_actions.buttons["start"])
    assert name_of(w.counter.label) == w.counter.label.text()  # what it counts, read as shown
    assert "Epoch 0/5" in name_of(w.counter.label) and description_of(w.counter.label)
    assert [name_of(b) for b in (w.counter.epoch_bar, w.counter.run_bar)] == ["this epoch", "whole run"]
    # a plot: its name, and a description of what it draws (title and axes, as drawn)
    assert name_of(w.loss_plot) == "Mini-batch loss at every optimizer.step()"
    loss = description_of(w.loss_plot)
    assert "optimizer.step() (global step)" in loss and "loss (cross-entropy, nats)" in loss
    w.x_axis.setCurrentIndex(w.x_axis.findData("epoch"))
    assert "epoch (fractional" in description_of(w.loss_plot)
    for view in controls["plots"]:
        assert description_of(view), describe(view)


def test_in_chinese_every_name_is_chinese(make_window, qtbot, translations):
    w = shown_window(make_window, qtbot)
    assert i18n.set_language("zh_CN") == "zh_CN"
    qtbot.waitUntil(lambda: w.controls_dock.windowTitle() == "设置", timeout=5000)
    assert not unnamed(w), "\n".join(unnamed(w))
    english = []
    controls = every_control(w)
    for where in ("controlsDock", "centre", "counter", "plots"):
        for widget in controls[where]:
            text = name_of(widget)
            if isinstance(widget, QComboBox):  # named by its item (Qt's rule on Linux): its label then
                text = " ".join(name_of(label) for label in labels_of(widget)) or widget.accessibleName()
            words = re.sub("|".join(KEPT_IN_ENGLISH), "", text)
            if re.search(r"[A-Za-z]{3}", words) and not CJK.search(text):
                english.append(f"{where}: {describe(widget)} is named {text!r}")
    assert not english, "\n".join(english)
    assert name_of(w.run_actions.buttons["start"]) == "开始"


def test_the_settings_labels_name_their_boxes(make_window, qtbot):
    """Qt names a box by the label whose buddy it is; the rows' labels all have one."""
    w = shown_window(make_window, qtbot)
    labels = [label for label in w.controls.findChildren(QLabel) if "&" in label.text()]
    assert labels and all(label.buddy() is not None for label in labels)
