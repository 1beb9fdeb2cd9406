"""The window with the keyboard alone: real key events (Tab, Shift+Tab, arrows, Alt+letter) sent to
the widget with the focus, offscreen. Tab goes through every control on screen in reading order and
comes back; mnemonics are unique in the window, in English and in Chinese."""

from __future__ import annotations

import itertools
import re

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QScrollArea,
    QSlider,
    QTabBar,
    QTextEdit,
    QWidget,
)

from core.session.state import RunState
from gui import i18n
from gui.actions import BUTTONS
from tests.gui.conftest import LONG

CONTROLS = (QAbstractButton, QAbstractSpinBox, QComboBox, QSlider, QLineEdit, QAbstractItemView, QTextEdit)
MAX_PRESSES = 400


def shown_window(make_window, qtbot, config=None):
    w = make_window(config)
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=5000)
    return w


def dock_of(widget: QWidget) -> QDockWidget | None:
    while widget is not None and not isinstance(widget, QDockWidget):
        widget = widget.parentWidget()
    return widget


def on_screen(widget: QWidget) -> bool:
    """Not in a dock tabbed behind another (Qt keeps those visible, off screen)."""
    dock = dock_of(widget)
    return widget.isVisible() and (dock is None or not dock.visibleRegion().isEmpty())


def controls_in(area: QWidget) -> list[QWidget]:
    """What a user can operate in ``area``: buttons, boxes, sliders, lists, tables, text, plots (the
    line edit inside a spin or combo box is part of its box)."""
    found = []
    for widget in area.findChildren(QWidget):
        if isinstance(widget.parentWidget(), (QAbstractSpinBox, QComboBox)):
            continue
        if isinstance(widget, QHeaderView):  # a table's headings: part of the table
            continue
        group = widget.group() if isinstance(widget, QAbstractButton) else None
        if group is not None and group.exclusive() and not widget.isChecked():
            continue  # one of a set of choices: Tab goes to the one chosen, the arrows to the others
        if widget.objectName().startswith("qt_dockwidget_"):  # a dock's title buttons: the mouse's
            continue  # (Qt's own; the View menu shows and hides every dock)
        if isinstance(widget, (*CONTROLS, pg.GraphicsView)) and widget.isEnabled() and on_screen(widget):
            found.append(widget)
    return found


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> QWidget:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)
    return QApplication.focusWidget()


def walk(qtbot, start: QWidget, key=Qt.Key.Key_Tab) -> list[QWidget]:
    """Press ``key`` from ``start`` until the focus is back on it; every widget focused, in order."""
    start.setFocus(Qt.FocusReason.OtherFocusReason)
    assert QApplication.focusWidget() is start
    seen = [start]
    for _ in range(MAX_PRESSES):
        focused = press(qtbot, key)
        assert focused is not None, f"the focus left the window after {seen[-1].objectName()!r}"
        assert on_screen(focused), f"the focus went where nothing shows it: {describe(focused)}"
        if focused is start:
            return seen
        if focused is not seen[-1]:  # a text browser's links keep the focus on the browser
            seen.append(focused)
    pytest.fail(f"{key} never came back to {describe(start)}: {[describe(w) for w in seen[-12:]]}")


def describe(widget: QWidget) -> str:
    dock = dock_of(widget)
    return f"{type(widget).__name__}:{widget.objectName()} in {dock.objectName() if dock else 'the centre'}"


def reading_order(widgets: list[QWidget], area: QWidget) -> bool:
    """Top to bottom in ``area``: no widget on a row above the one before it (a row's widgets may
    differ in height: the next one's middle is not above the last one's top)."""
    rects = [(w.mapTo(area, QPoint(0, 0)).y(), w.height()) for w in widgets]
    return all(top + height / 2 >= before for (before, _h), (top, height) in itertools.pairwise(rects))


def test_tab_goes_through_every_control_in_reading_order_and_back(make_window, qtbot):
    w = shown_window(make_window, qtbot)
    chain = walk(qtbot, w.controls.dataset)
    settings = controls_in(w.controls_dock)
    centre = controls_in(w.centralWidget())
    right = controls_in(w.epoch_map_dock)  # the dock raised at first: the epoch map
    missing = [describe(c) for c in (*settings, *centre, *right) if c not in chain]
    assert not missing, f"never reached with Tab: {missing}"
    assert len(settings) >= 25 and len(centre) >= 9 and right == [w.epoch_map.view]
    # reading order: the Settings dock top to bottom, the run buttons, the plots and their options top
    # to bottom, the dock tabs, the dock shown on the right; then back to the first setting
    n_settings, n_centre = len(settings), len(centre)
    assert set(chain[:n_settings]) == set(settings)
    panel = w.controls
    assert reading_order(chain[:n_settings], panel), [describe(c) for c in chain[:n_settings]]
    after = chain[n_settings : n_settings + n_centre]
    assert set(after) == set(centre)
    bar = (*w.run_actions.buttons.values(), w.run_actions.pace)
    buttons = [b for b in after if b in bar]
    assert after[: len(buttons)] == buttons, "the run buttons and the pace come right after the settings"
    assert [b.objectName() for b in buttons] == ["startButton", "stepButton", "resetButton", "paceCombo"]
    body = after[len(buttons) :]
    assert reading_order(body, w.centre), [describe(c) for c in body]
    rest = chain[n_settings + n_centre :]
    assert isinstance(rest[0], QTabBar), describe(rest[0])
    in_dock = {c for c in rest if dock_of(c) is not None}
    assert set(right) <= in_dock and all(isinstance(c, QScrollArea) for c in in_dock - set(right))
    # Shift+Tab goes the same way back
    back = walk(qtbot, w.controls.dataset, Qt.Key.Key_Backtab)
    assert back == [chain[0], *reversed(chain[1:])]


def test_after_the_inspectors_follow_box_tab_goes_on_to_what_is_shown(make_window, qtbot):
    """It went into the docks tabbed behind the inspector: dozens of presses with nothing to see."""
    w = shown_window(make_window, qtbot)
    w.inspector_dock.raise_()
    qtbot.waitUntil(lambda: not w.inspector_dock.visibleRegion().isEmpty(), timeout=5000)
    w.inspector.follow.setFocus()
    focused = [press(qtbot, Qt.Key.Key_Tab) for _ in range(4)]
    assert all(on_screen(f) for f in focused), [describe(f) for f in focused]
    assert w.controls.dataset in focused  # past the inspector's text, the tab bar is behind: wrap
    w.inspector.follow.setFocus()
    assert press(qtbot, Qt.Key.Key_Backtab) is w.inspector.col


def test_the_run_buttons_take_tab_focus_during_a_run(make_window, qtbot):
    w = shown_window(make_window, qtbot, LONG)
    w.step()  # one optimizer.step(), then paused: Pause (Resume) and Stop apply too
    qtbot.waitUntil(lambda: w.state == RunState.PAUSED, timeout=60_000)
    chain = walk(qtbot, w.controls.lr)
    named = [c.objectName() for c in chain]
    enabled = [f"{name}Button" for name in BUTTONS if w.run_actions.buttons[name].isEnabled()]
    assert {"pauseButton", "stepButton", "stopButton"} <= set(enabled)
    first = named.index(enabled[0])
    assert named[first : first + len(enabled)] == enabled
    assert named.index("momentumSpin") < first  # α and β stay editable, before the buttons
    assert w.run_actions.actions["pause"].text() != "&Pause"  # Resume: its mnemonic, not Reset's
    assert not menu_clashes(w), menu_clashes(w)
    with qtbot.waitSignal(w.run_finished, timeout=60_000):
        qtbot.keyClick(w.run_actions.buttons["stop"], Qt.Key.Key_Space)  # a button pressed from the keyboard


def test_a_dock_tab_chosen_with_the_arrows_is_where_tab_goes_next(make_window, qtbot):
    w = shown_window(make_window, qtbot)
    bar = next(b for b in w.findChildren(QTabBar) if b.isVisible() and b.count() > 1)
    bar.setFocus(Qt.FocusReason.TabFocusReason)
    runs = next(i for i in range(bar.count()) if bar.tabText(i) == w.runs_dock.windowTitle())
    for _ in range(abs(runs - bar.currentIndex())):
        press(qtbot, Qt.Key.Key_Right if runs > bar.currentIndex() else Qt.Key.Key_Left)
    assert bar.currentIndex() == runs and not w.runs_dock.visibleRegion().isEmpty()
    focused = press(qtbot, Qt.Key.Key_Tab)
    while isinstance(focused.parentWidget(), QTabBar):  # its scroll arrows
        focused = press(qtbot, Qt.Key.Key_Tab)
    assert dock_of(focused) is w.runs_dock, describe(focused)


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_settings_scrolled_out_of_sight_come_into_view_on_tab(make_window, qtbot):
    w = shown_window(make_window, qtbot)
    scroll = w.controls_dock.widget()
    w.controls_dock.setFloating(True)  # a dock as short as a small screen may make it
    w.controls_dock.resize(w.controls_dock.width(), 260)
    qtbot.waitUntil(lambda: scroll.viewport().height() < 260, timeout=5000)
    w.controls_dock.setFloating(False)
    w.resize(w.width(), 420)
    qtbot.waitUntil(lambda: scroll.verticalScrollBar().maximum() > 0, timeout=5000)
    scroll.verticalScrollBar().setValue(0)
    w.run_actions.buttons["start"].setFocus()
    last = press(qtbot, Qt.Key.Key_Backtab)  # back into the settings: the last one, at the bottom
    assert last is w.controls.device
    top = last.mapTo(scroll.viewport(), QPoint(0, 0)).y()
    assert scroll.verticalScrollBar().value() > 0 and 0 <= top <= scroll.viewport().height() - last.height()


# -- mnemonics ---------------------------------------------------------------------------------------
def mnemonic(text: str) -> str | None:
    """The letter after a single '&' ('&&' is a literal ampersand), upper case."""
    found = re.search(r"(?<!&)&([^&\s])", text.replace("&&", ""))
    return found.group(1).upper() if found else None


def window_mnemonics(w) -> list[tuple[str, str]]:
    """(letter, where) for every mnemonic that works anywhere in the window: the menu bar's titles,
    and the labels' (with a buddy), buttons', check boxes' and group boxes' in the centre and every
    dock (Qt registers them all for the whole window, docks tabbed behind another too)."""
    out = [(mnemonic(a.text()), f"menu {a.text()!r}") for a in w.menuBar().actions()]
    areas = [w.centralWidget(), *(d for d in w.findChildren(QDockWidget) if not d.isFloating())]
    for area in areas:
        for widget in area.findChildren(QWidget):
            if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy()):
                text = widget.text()
            elif isinstance(widget, QGroupBox):
                text = widget.title()
            else:
                continue
            out.append((mnemonic(text), f"{type(widget).__name__} {text!r}"))
    return [(letter, where) for letter, where in out if letter]


def clashes(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    by_letter: dict[str, list[str]] = {}
    for letter, where in pairs:
        by_letter.setdefault(letter, []).append(where)
    return {letter: places for letter, places in by_letter.items() if len(places) > 1}


def menu_clashes(w) -> dict[str, dict[str, list[str]]]:
    out = {}
    for menu in w.menuBar().findChildren(QMenu):
        pairs = [(mnemonic(a.text()), a.text()) for a in menu.actions() if a.text()]
        found = clashes([(letter, text) for letter, text in pairs if letter])
        if found:
            out[menu.title()] = found
    return out


def check_mnemonics(w) -> None:
    pairs = window_mnemonics(w)
    assert len(pairs) >= 18, pairs  # the menu titles and every labelled setting
    assert not clashes(pairs), clashes(pairs)
    assert not menu_clashes(w), menu_clashes(w)


def test_mnemonics_are_unique_in_the_window_and_in_each_menu(make_window, qtbot):
    check_mnemonics(shown_window(make_window, qtbot))


def test_chinese_mnemonics_are_unique_and_sit_at_the_end(make_window, qtbot, translations):
    w = shown_window(make_window, qtbot)
    assert i18n.set_language("zh_CN") == "zh_CN"
    qtbot.waitUntil(lambda: w.controls_dock.windowTitle() == "设置", timeout=5000)
    check_mnemonics(w)
    texts = [a.text() for a in w.menuBar().actions()]
    texts += [a.text() for menu in w.menuBar().findChildren(QMenu) for a in menu.actions()]
    texts += [label.text() for label in w.findChildren(QLabel) if label.buddy() is not None]
    misplaced = [t for t in texts if "(&" in t and not re.search(r"\(&\w\)(…|\.\.\.|:|：)?$", t)]
    assert not misplaced, f"a Chinese mnemonic goes last, after the words it belongs to: {misplaced}"


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")  # the menu's popup
def test_alt_v_opens_the_view_menu(make_window, qtbot):
    w = shown_window(make_window, qtbot)
    w.controls.dataset.setFocus()
    qtbot.keyClick(w.controls.dataset, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(w.menus.view_menu.isVisible, timeout=5000)
    w.menus.view_menu.close()
    for letter, field in (("D", "dataset"), ("B", "batch_size")):  # a setting's mnemonic focuses its box
        qtbot.keyClick(
            QApplication.focusWidget(), getattr(Qt.Key, f"Key_{letter}"), Qt.KeyboardModifier.AltModifier
        )
        label, _box = w.controls._rows[field]
        assert QApplication.focusWidget() is label.buddy(), describe(QApplication.focusWidget())


def test_each_dock_chosen_is_walked_through_and_left(make_window, qtbot):
    """With any dock on the right shown, Tab reaches each of its controls and comes back."""
    w = shown_window(make_window, qtbot)
    docks = (w.landscape_dock, w.forms_dock, w.runs_dock, w.lab_dock, w.help_dock)
    docks += (w.batch_dock, w.weights_dock)
    for dock in (*docks, w.epoch_map_dock, w.inspector_dock):
        dock.raise_()
        qtbot.waitUntil(lambda d=dock: not d.visibleRegion().isEmpty(), timeout=5000)
        chain = walk(qtbot, w.controls.dataset)
        missing = [describe(c) for c in controls_in(dock) if c not in chain]
        assert not missing, f"{dock.objectName()}: never reached with Tab: {missing}"
        assert all(dock_of(c) in (None, w.controls_dock, dock) for c in chain)


def test_the_arrows_choose_among_a_set_of_buttons(make_window, qtbot):
    """The runs' x axis (steps, epochs, samples, seconds): Tab reaches the one chosen, the arrows
    move between them, as between radio buttons."""
    w = shown_window(make_window, qtbot)
    w.runs_dock.raise_()
    buttons = w.runs.x_buttons.buttons()
    chosen = w.runs.x_buttons.checkedButton()
    chain = walk(qtbot, w.controls.dataset)
    assert chosen in chain and not any(b in chain for b in buttons if b is not chosen)
    chosen.setFocus(Qt.FocusReason.TabFocusReason)
    moved = press(qtbot, Qt.Key.Key_Right)
    assert moved in buttons and moved is not chosen
    qtbot.keyClick(moved, Qt.Key.Key_Space)
    assert w.runs.x_buttons.checkedButton() is moved


def test_a_plot_reached_with_tab_is_framed(make_window, qtbot):
    """pyqtgraph draws no focus: a plot reached with Tab gets a frame, gone when Tab moves on."""
    from gui.keyboard import PlotFocusFrame

    w = shown_window(make_window, qtbot)
    w.run_actions.pace.setFocus()  # the last of the run bar
    assert press(qtbot, Qt.Key.Key_Tab) is w.loss_plot
    frame = w.findChild(PlotFocusFrame)
    assert frame.isVisible() and frame.parentWidget() is w.loss_plot
    assert frame.geometry() == w.loss_plot.rect()
    image = w.loss_plot.grab().toImage()  # drawn: the highlight colour along the edge
    highlight = frame.palette().color(frame.palette().ColorRole.Highlight)
    assert image.pixelColor(1, image.height() // 2) == highlight
    assert press(qtbot, Qt.Key.Key_Tab) is w.x_axis and not frame.isVisible()
