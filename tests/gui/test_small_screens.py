"""The window on small screens (1280×720, 1280×800; English and Chinese): it fits, nothing is drawn
over anything else, no text is cut, a preset keeps the size, and a geometry saved on a bigger screen
is brought inside the screen (pytest-qt, offscreen; the screen's size is simulated)."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
import time

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6 import QtGui
from PySide6.QtCore import QPointF, QRect, QRectF, QSettings, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QDockWidget, QLabel, QRadioButton, QScrollArea

import gui.main_window as main_window
from core.training.config import TrainConfig
from gui import i18n
from gui.settings import Preferences
from gui.widgets import keep_legend_clear
from tests.conftest import ROOT
from tests.gui import test_real_display as real_display
from tests.gui.conftest import SMALL
from tests.gui.test_layout import TIMEOUT, assert_counter_clear, assert_inside_view

SCREENS = [(1280, 720), (1280, 800)]


@pytest.fixture(params=["en", "zh_CN"])
def language(request):
    if request.param != "en":
        request.getfixturevalue("translations")
        assert i18n.set_language(request.param) == request.param
    return request.param


@pytest.fixture
def screen(monkeypatch):
    """``screen(w, h)``: windows made from now on find a screen of that size available."""

    def set_screen(width: int, height: int) -> QRect:
        available = QRect(0, 0, width, height)
        monkeypatch.setattr(main_window, "available_geometry", lambda _widget: QRect(available))
        return available

    return set_screen


def shown_text(label: QLabel) -> str:
    """What the label draws: an eliding label's cut text, a mnemonic's & left out."""
    text = label.shown_text() if hasattr(label, "shown_text") else label.text()
    return re.sub(r"&(.)", r"\1", text) if label.buddy() is not None else text


def clipped(widget) -> str | None:
    """Why ``widget``'s text does not fit its size (None when it fits)."""
    if isinstance(widget, QLabel):
        text = shown_text(widget)
        if not text.strip() or not widget.pixmap().isNull():
            return None
        room = widget.contentsRect().adjusted(
            widget.margin(), widget.margin(), -widget.margin(), -widget.margin()
        )
        if widget.wordWrap():  # wraps: the lines for its width must fit its height
            needed = widget.heightForWidth(widget.width())
            return None if needed <= widget.height() + 1 else f"needs {needed} px high, has {widget.height()}"
        if widget.textFormat() == Qt.TextFormat.RichText or QtGui.Qt.mightBeRichText(text):
            doc = QTextDocument()
            doc.setDefaultFont(widget.font())
            doc.setDocumentMargin(0)
            doc.setHtml(text)
            needed = doc.idealWidth()
        else:
            needed = max(widget.fontMetrics().horizontalAdvance(line) for line in text.split("\n"))
        return None if needed <= room.width() + 1 else f"needs {needed:.0f} px wide, has {room.width()}"
    text = re.sub(r"&(.)", r"\1", widget.text())
    if not text.strip():
        return None
    if isinstance(widget, QCheckBox | QRadioButton):  # the box and its text
        needed = widget.sizeHint().width()
    else:
        needed = widget.fontMetrics().horizontalAdvance(text) + 8
    return None if needed <= widget.width() else f"needs {needed} px wide, has {widget.width()}"


def assert_nothing_cut(window) -> None:
    """Every visible label and button shows its whole text, and no panel is wider than the part
    of its scroll area that shows it."""
    problems = []
    for widget in [*window.findChildren(QLabel), *window.findChildren(QAbstractButton)]:
        if widget.isVisible() and not widget.visibleRegion().isEmpty():  # not in a dock behind a tab
            why = clipped(widget)
            if why:
                problems.append((type(widget).__name__, widget.objectName(), shown_text(widget)
                                 if isinstance(widget, QLabel) else widget.text(), why))  # fmt: skip
    for area in window.findChildren(QScrollArea):
        shown = area.isVisible() and not area.visibleRegion().isEmpty() and area.widget() is not None
        if shown and area.widget().width() > area.viewport().width():
            problems.append(
                ("scrolls sideways", area.objectName(), area.widget().width(), area.viewport().width())
            )
    assert not problems, problems


def test_the_text_check_sees_a_cut_label_and_a_cut_check_box(qtbot):
    label, box = QLabel("training loss (epoch mean)"), QCheckBox("Follow the last step")
    for widget in (label, box):
        qtbot.addWidget(widget)
        widget.show()
        assert clipped(widget) is None
        widget.setFixedWidth(40)
        assert clipped(widget) is not None
    label.setWordWrap(True)
    label.setFixedHeight(label.fontMetrics().height())  # one line of a text that needs several
    assert clipped(label) is not None


def assert_docks_beside_the_centre(window) -> None:
    centre = window.centralWidget().geometry()
    assert window.centralWidget().width() >= window.centralWidget().minimumSizeHint().width()
    for dock in window.findChildren(QDockWidget):
        if dock.isVisible() and not dock.isFloating() and not dock.visibleRegion().isEmpty():  # raised
            assert not dock.geometry().intersects(centre), (dock.objectName(), dock.geometry(), centre)
            assert window.rect().contains(dock.geometry()), (dock.objectName(), dock.geometry())
            assert dock.width() >= dock.minimumSizeHint().width(), dock.objectName()


@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_window_fits_a_small_screen_with_nothing_cut_or_overlapping(
    make_window, qtbot, screen, language, size
):
    available = screen(*size)
    w = make_window(SMALL)
    # It opened inside the screen (room left for a title bar), and fits the screen itself.
    assert w.width() <= available.width() and w.height() <= available.height() - main_window.TITLE_BAR
    w.resize(*size)
    qtbot.waitUntil(lambda: w.size().toTuple() == size)
    minimum = w.minimumSizeHint()
    assert minimum.width() <= 1100 and minimum.height() <= 600, minimum  # 1280×720 less a panel and title
    assert_docks_beside_the_centre(w)
    with qtbot.waitSignal(w.run_finished, timeout=TIMEOUT):
        w.start()
    qtbot.waitUntil(lambda: "\n" in w.counter.label.text() or "took" in w.counter.label.text())
    qtbot.wait(50)
    assert w.size().toTuple() == size
    assert_counter_clear(w.counter)
    assert w.epoch_plot.legend.items
    for plot in (w.loss_plot, w.epoch_plot):
        assert_inside_view(plot.legend.sceneBoundingRect(), plot)
    assert points_under(w.epoch_plot.legend, [w.epoch_plot.train, w.epoch_plot.val]) == 0  # item 7
    docks = (w.inspector_dock, w.landscape_dock, w.forms_dock, w.runs_dock, w.lab_dock, w.help_dock)
    for dock in (*docks, w.batch_dock, w.weights_dock, w.epoch_map_dock):
        dock.raise_()
        qtbot.wait(20)
        assert_docks_beside_the_centre(w)
        assert_nothing_cut(w)


def test_a_preset_never_resizes_the_window(make_window, qtbot, screen):
    screen(1280, 720)
    w = make_window()
    w.resize(1280, 720)
    qtbot.waitUntil(lambda: w.size().toTuple() == (1280, 720))
    for preset, action in zip(w.presets, w.preset_actions, strict=True):
        action.trigger()
        qtbot.wait(10)
        assert w.session.draft == preset.config
        assert w.size().toTuple() == (1280, 720), preset.name
        assert clipped(w.status_label) is None, preset.name  # its description on a second line if need be
    w.restore_action.trigger()
    qtbot.wait(10)
    assert w.size().toTuple() == (1280, 720)


def test_a_geometry_saved_on_a_bigger_screen_is_brought_inside_this_one(qtbot, screen, tmp_path):
    from gui.main_window import MainWindow

    preferences = Preferences(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    screen(1920, 1200)
    big = MainWindow(preferences=preferences)
    qtbot.addWidget(big)
    big.setGeometry(300, 200, 1600, 1000)
    big.save_preferences()
    big.close()
    available = screen(1280, 720)
    w = MainWindow(preferences=preferences)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    frame = w.frameGeometry()
    assert available.contains(frame), (frame, available)
    assert w.width() < 1600 and w.height() < 1000
    assert w.width() >= w.minimumSizeHint().width()
    w.close()


def points_under(legend, curves) -> int:
    """How many of the curves' points the legend hides (each point mapped to the scene by its
    curve's own transform)."""
    box = legend.sceneBoundingRect()
    hidden = 0
    for curve in curves:
        x, y = curve.getData()
        for px, py in zip(x, y, strict=True):
            if np.isfinite(px) and np.isfinite(py) and box.contains(curve.mapToScene(QPointF(px, py))):
                hidden += 1
    return hidden


def assert_legend_inside(legend) -> None:
    """The legend lies inside its view box, and the view box inside what its widget shows."""
    view = legend.parentItem()
    widget = view.getViewWidget()
    shown = QRectF(widget.mapToScene(widget.viewport().rect()).boundingRect())
    assert view.sceneBoundingRect().contains(legend.sceneBoundingRect()), (legend.sceneBoundingRect(), view)
    assert shown.contains(view.sceneBoundingRect()), (view.sceneBoundingRect(), shown)


def test_a_legend_moves_off_the_data_or_makes_room_above_it(qtbot):
    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    item = plot.getPlotItem()
    legend = item.addLegend()
    x = np.linspace(0, 10, 400)
    rising = item.plot(x, x, name="rising")
    keep_legend_clear(legend, [rising])
    plot.resize(420, 260)
    plot.show()
    qtbot.waitExposed(plot)
    qtbot.waitUntil(lambda: points_under(legend, [rising]) == 0)
    assert legend.sceneBoundingRect().center().x() < plot.width() / 2  # the top left, off the line
    everywhere = item.plot(x, 5 + 5 * np.sin(3 * x), name="a wave")
    keep_legend_clear(legend, [rising, everywhere])
    everywhere.setData(x, 5 + 5 * np.sin(3 * x))
    qtbot.waitUntil(lambda: points_under(legend, [rising, everywhere]) == 0)
    assert item.vb.viewRange()[1][1] > 10.5  # room made above the data
    assert_inside_view(legend.sceneBoundingRect(), plot)


@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_forms_and_lab_on_a_small_screen_keep_legends_off_their_data_and_tables_whole(
    make_window, qtbot, screen, language, size
):
    screen(*size)
    w = make_window(SMALL)
    w.resize(*size)
    qtbot.waitUntil(lambda: w.size().toTuple() == size)
    w.forms_dock.raise_()
    assert w.compare_forms()
    qtbot.waitUntil(lambda: not w.session.queue_active and w.state == "idle", timeout=TIMEOUT)
    qtbot.wait(50)
    value_curves = [curve for curve, _loss in w.forms.curves.values()]
    assert all(len(curve.getData()[0]) for curve in value_curves)
    assert points_under(w.forms.legend, value_curves) == 0
    assert_legend_inside(w.forms.legend)
    assert_nothing_cut(w)

    w.lab_dock.raise_()
    w.lab.batch_sizes.setText("16, 32, 64, 128, 256")
    w.lab.epochs.setValue(1)
    w.lab.samples.setValue(1000)
    with qtbot.waitSignal(w.lab.finished, timeout=TIMEOUT):
        assert w.lab.start()
    qtbot.wait(50)
    table = w.lab.table
    assert table.columnCount() == 5 and not table.horizontalScrollBar().isVisible()  # no sideways scroll
    assert table.viewport().width() >= table.horizontalHeader().length()
    for whole in (table, w.lab.claims):  # every row shown, none scrolled away
        assert whole.viewport().height() >= whole.verticalHeader().length(), whole.objectName()
    assert w.lab.claims.rowCount() == 7
    for legend, curves in (
        (w.lab.legend, [w.lab.theory_curve, w.lab.inverse_curve, w.lab.noise_points]),
        (w.lab.critical_legend, [w.lab.fit_curve, w.lab.target_points]),
    ):
        qtbot.waitUntil(lambda legend=legend, curves=curves: points_under(legend, curves) == 0, timeout=3000)
        assert_legend_inside(legend)
    assert_nothing_cut(w)


def test_epoch_labels_on_a_small_screen_never_overlap(make_window, qtbot, screen, language):
    screen(1280, 800)
    w = make_window(TrainConfig(epochs=12, samples=640, batch_size=64, lr=0.05, lr_schedule="step"))
    w.resize(1280, 800)
    qtbot.waitUntil(lambda: w.size().toTuple() == (1280, 800))
    with qtbot.waitSignal(w.run_finished, timeout=TIMEOUT):
        w.start()
    qtbot.wait(50)
    lines = w.loss_plot._boundaries
    assert [line.epoch for line in lines] == list(range(1, 13))
    shown = [line.label.sceneBoundingRect() for line in lines if line.label.isVisible()]
    assert 2 <= len(shown) < 12  # thinned at this width, not dropped
    for a, b in itertools.pairwise(sorted(shown, key=lambda r: r.left())):
        assert a.right() <= b.left(), (a, b)
    for rect in shown:
        assert_inside_view(rect, w.loss_plot)
    lr = w.loss_plot.lr_curve.getData()[1]
    assert lr.min() == pytest.approx(0.05 * 0.01)  # the step schedule's last α, ×0.1 twice
    lowest = w.loss_plot.lr_view.mapViewToScene(QPointF(0, float(lr.min()))).y()
    assert lowest < min(rect.top() for rect in shown)  # α's dashed line runs above the labels
    w.resize(1920, 1000)  # wider: more of them labelled
    qtbot.waitUntil(lambda: sum(line.label.isVisible() for line in lines) > len(shown))


def window_geometry(env: dict[str, str], window: str) -> QRect:
    out = real_display._x(env, "xdotool", "getwindowgeometry", "--shell", window)
    values = dict(line.split("=", 1) for line in out.split())
    return QRect(int(values["X"]), int(values["Y"]), int(values["WIDTH"]), int(values["HEIGHT"]))


def test_on_real_small_displays_the_window_opens_inside_the_screen(tmp_path):
    """``python main.py`` on Xvfb: first on a 1280×720 screen, then sized 1600×1000 on a 1920×1200
    screen and quit (its geometry saved), then again on the 1280×720 screen: inside it each time."""
    if not sys.platform.startswith("linux"):
        pytest.skip("X11 test: Linux only")
    real_display._tools_or_skip()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "WAYLAND"))}
    env.update(QT_QPA_PLATFORM="xcb", SGD_LAB_SETTINGS=str(tmp_path / "settings.ini"), LC_ALL="C.UTF-8")

    def launch(display: str, size: tuple[int, int] | None = None) -> QRect:
        env["DISPLAY"] = display
        with (tmp_path / "app.log").open("a") as log:
            app = subprocess.Popen([sys.executable, str(ROOT / "main.py")], env=env, stderr=log, cwd=tmp_path)
        try:
            real_display._wait_for(lambda: real_display._search(env, "SGD Lab"), "SGD Lab window")
            window = real_display._search(env, "SGD Lab")[0]
            time.sleep(1.0)  # the first layout
            if size is not None:
                real_display._x(env, "xdotool", "windowmove", window, "250", "150")
                real_display._x(env, "xdotool", "windowsize", window, str(size[0]), str(size[1]))
                real_display._wait_for(
                    lambda: window_geometry(env, window).size().toTuple() == size, f"window sized {size}"
                )
            geometry = window_geometry(env, window)

            def quit_app() -> bool:
                """A real click into the window (the keyboard focus), a real Ctrl+Q (XTEST); again
                until the app has quit (a window just shown may not take the keys yet)."""
                for keys in (
                    ["mousemove", "--window", window, "600", "300", "click", "1"],
                    ["key", "ctrl+q"],
                ):
                    subprocess.run(
                        ["xdotool", *keys], env=env, capture_output=True, timeout=30
                    )  # may be gone
                try:
                    app.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    return False
                return True

            real_display._wait_for(quit_app, "quit after Ctrl+Q")
            assert app.returncode == 0, (tmp_path / "app.log").read_text()
            return geometry
        finally:
            if app.poll() is None:
                app.kill()
                app.wait()

    small = QRect(0, 0, 1280, 720)
    with real_display.xvfb(1280, 720) as display:
        first = launch(display)
    assert small.contains(first), first
    with real_display.xvfb(1920, 1200) as display:
        big = launch(display, (1600, 1000))
    assert big.size().toTuple() == (1600, 1000)
    with real_display.xvfb(1280, 720) as display:
        again = launch(display)
    assert small.contains(again), again
    assert "Traceback" not in (tmp_path / "app.log").read_text()
