"""No text clipped or overlapping: the counter above its bars, legends and notes inside their plots
(pytest-qt, offscreen)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRect, QRectF
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from core.training.history import EpochRecord
from gui import i18n
from gui.panels.counter import IterationCounter
from gui.panels.plots import AccuracyPlot, EpochPlot
from tests.gui.conftest import SMALL

TIMEOUT = 60_000
DEFAULT_SIZE = (1360, 860)


def rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, widget.rect().topLeft()), widget.size())


def assert_counter_clear(counter: IterationCounter) -> None:
    """The counter's text lies above its bars and labels, and is as high as its lines."""
    label = rect_in(counter.label, counter)
    # The text's height as drawn, fallback fonts included (Chinese glyphs come from a taller one).
    drawn = counter.label.fontMetrics().boundingRect(QRect(0, 0, 100_000, 1_000), 0, counter.label.text())
    assert counter.label.height() >= drawn.height(), (counter.label.text(), counter.label.height(), drawn)
    for other in (counter.epoch_bar, counter.run_bar, counter.epoch_label, counter.run_label):
        assert not label.intersects(rect_in(other, counter)), (other.objectName(), label, other.geometry())


def assert_inside_view(rect: QRectF, plot) -> None:
    """``rect`` (scene coordinates) lies inside the plot's view box, and the view box inside the
    part of the scene the widget shows."""
    view = plot.getPlotItem().vb.sceneBoundingRect()
    shown = QRectF(plot.mapToScene(plot.viewport().rect()).boundingRect())
    assert view.contains(rect), (rect, view)
    assert shown.contains(view), (view, shown)


def test_after_a_finished_run_at_the_default_size_no_text_overlaps(make_window, qtbot):
    w = make_window(SMALL)
    w.resize(*DEFAULT_SIZE)
    with qtbot.waitSignal(w.run_finished, timeout=TIMEOUT):
        w.start()
    qtbot.waitUntil(lambda: "took" in w.counter.label.text())
    qtbot.wait(50)
    assert_counter_clear(w.counter)
    assert w.epoch_plot.legend.items
    assert_inside_view(w.epoch_plot.legend.sceneBoundingRect(), w.epoch_plot)
    assert_inside_view(w.loss_plot.legend.sceneBoundingRect(), w.loss_plot)
    # The bottom plots squeezed by their splitter as far as it goes: still nothing outside.
    splitter = w.epoch_plot.parentWidget()
    assert isinstance(splitter, QSplitter)
    splitter.setSizes([1, 10_000])
    qtbot.wait(50)
    assert w.epoch_plot.width() < 200
    assert_inside_view(w.epoch_plot.legend.sceneBoundingRect(), w.epoch_plot)


@pytest.fixture(params=["en", "zh_CN"])
def counter_box(request, qtbot):
    if request.param != "en":
        request.getfixturevalue("translations")
        assert i18n.set_language(request.param) == request.param
    outer = QWidget()
    outer.resize(1600, 300)
    box = QWidget(outer)
    layout = QVBoxLayout(box)
    counter = IterationCounter()
    layout.addWidget(counter)
    layout.addWidget(QWidget(), 1)
    qtbot.addWidget(outer)
    box.setGeometry(0, 0, 1500, 250)
    outer.show()
    qtbot.waitExposed(outer)
    return outer, box, counter


@pytest.mark.parametrize("finished", [False, True])
def test_narrowing_the_counter_never_overlaps_its_bars(counter_box, finished):
    """Wide (one line) to narrow (two lines) and back, checked straight after each resize: the
    label's height follows its width in the same layout pass as the bars below it."""
    _outer, box, counter = counter_box
    counter.prepare(10, 938)
    counter.update_to(3, 417, 2293, 4.0)
    if finished:
        counter.finish(2293, 4.0)
    assert "\n" not in counter.label.text()
    assert_counter_clear(counter)
    for width in (420, 1500, 300, 900, 420):
        box.resize(width, 250)
        if i18n.current_language() == "en":
            assert ("\n" in counter.label.text()) == (width < 700), width
        assert_counter_clear(counter)


@pytest.mark.parametrize("width", [140, 180, 240, 400, 800])
def test_the_epoch_legend_stays_inside_its_view_at_any_width(qtbot, width):
    plot = EpochPlot()
    qtbot.addWidget(plot)
    plot.reset("classification", epochs=3)
    plot.add(tuple(EpochRecord(e, 2.0 / e, 2.1 / e, 0.9, 1.0 * e, 32 * e, 1.9 / e) for e in (1, 2, 3)))
    plot.resize(max(width, plot.minimumSizeHint().width()), 260)
    plot.show()
    qtbot.waitExposed(plot)
    qtbot.wait(20)
    legend = plot.legend.sceneBoundingRect()
    assert_inside_view(legend, plot)
    if width >= 180:  # narrower, the wrapped legend may take most of the height
        # y leaves room for the legend: the highest point is drawn below it.
        highest = max(max(r.train_loss, r.val_loss) for r in plot.records)
        assert plot.getPlotItem().vb.mapViewToScene(QPointF(1, highest)).y() > legend.bottom()


def test_a_narrow_plot_is_not_drawn_past_its_edges(qtbot):
    plot = AccuracyPlot()
    qtbot.addWidget(plot)
    plot.reset("regression", epochs=3)
    plot.resize(plot.minimumSizeHint().width(), 260)
    plot.show()
    qtbot.waitExposed(plot)
    qtbot.wait(20)
    assert plot.minimumSizeHint().width() >= plot.getPlotItem().minimumWidth()
    assert plot.note.textItem.toPlainText() == "regression: no accuracy"
    assert_inside_view(plot.note.sceneBoundingRect(), plot)
