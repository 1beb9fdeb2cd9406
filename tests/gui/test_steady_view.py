"""What a run leaves alone: the counter's height, the plots' axes before the first chunk, and the
loss plot's buffers between frames (each of these, changed mid-run, costs the training thread)."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QSpinBox

from core.training.smoothing import ema
from gui.panels.counter import IterationCounter
from gui.panels.plots import LossPlot, set_label
from tests.gui.conftest import SMALL
from tests.gui.test_window import run_to_end


def test_the_counter_keeps_its_height_from_before_the_run_to_its_end(qtbot):
    counter = IterationCounter()
    qtbot.addWidget(counter)
    counter.show()
    heights = {}
    for width, lines in ((360, 2), (1400, 1)):
        counter.resize(width, 80)
        counter.prepare(10, 938)
        before = counter.label.height()
        assert "\n" not in counter.label.text()  # zeros: no speed yet, one line of text
        counter.update_to(3, 417, 2293, 1.5)
        assert counter.label.height() == before  # speed and ETA came: nothing moved
        assert counter.label.text().count("\n") == lines - 1
        assert "Epoch 3/10" in counter.label.text() and "417/938" in counter.label.text()
        counter.update_to(10, 938, 9380, 4.0)
        counter.finish(9380, 4.0)
        assert counter.label.height() == before and "took" in counter.label.text()
        heights[width] = before
    assert heights[1400] < heights[360]  # the wide label is one line high, the narrow one two


def test_idle_plots_span_the_run_the_settings_describe(make_window, qtbot):
    w = make_window(SMALL)  # 2 epochs of 32 steps
    x_range = w.loss_plot.getPlotItem().vb.viewRange()[0]
    assert x_range[0] <= 0 and 64 <= x_range[1] < 70
    assert w.epoch_plot.getPlotItem().vb.viewRange()[0] == [0.5, 2.5]
    w.controls.findChild(QSpinBox, "epochsSpin").setValue(5)
    assert 160 <= w.loss_plot.getPlotItem().vb.viewRange()[0][1] < 170
    assert w.accuracy_plot.getPlotItem().vb.viewRange()[0] == [0.5, 5.5]
    run_to_end(qtbot, w)
    w.controls.lr.setValue(0.02)
    assert w.loss_plot.count == 160  # a finished run's plots stay while the settings still describe it
    w.controls.findChild(QSpinBox, "epochsSpin").setValue(3)
    assert w.loss_plot.count == 0  # 3 epochs: the counter and the axes show the run the settings describe
    assert (
        96 <= w.loss_plot.getPlotItem().vb.viewRange()[0][1] < 100 and "step 0/96" in w.counter.label.text()
    )


def test_the_same_axis_label_again_does_not_redraw_the_axis(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.show()
    axis = plot.getPlotItem().getAxis("left")
    qtbot.waitUntil(lambda: axis.picture is not None, timeout=5_000)  # drawn once
    set_label(plot.getPlotItem(), "left", axis.labelText)
    assert axis.picture is not None
    set_label(plot.getPlotItem(), "left", "loss (something else)")
    assert axis.picture is None and axis.labelText == "loss (something else)"


def test_chunks_wait_for_the_frame_and_are_smoothed_as_one_series(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.reset(100, "classification", 1)
    values = np.random.default_rng(3).random(100)
    for start in range(0, 100, 25):
        plot.append(values[start : start + 25], start, np.full(25, 0.01), draw=False)
    assert plot.count == 100 and len(plot._incoming) == 4  # kept as they came
    assert plot.raw.getOriginalDataset()[0] is None  # nothing drawn yet
    plot.flush()
    assert not plot._incoming
    np.testing.assert_array_equal(plot.loss, values)
    np.testing.assert_allclose(plot.smoothed, ema(values, plot.smoothing)[0], rtol=1e-12)
    assert len(plot.raw.getOriginalDataset()[0]) == 100


def test_a_constant_lr_is_kept_as_one_number_until_it_changes(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.reset(10, "classification", 3)
    right = plot.getPlotItem().getAxis("right")
    plot.append(np.ones(10), 0, np.full(10, 0.1))
    plot.append(np.ones(10), 10, np.full(10, 0.1))
    assert plot._lr.size == 0 and not right.isVisible()  # nothing to draw, nothing stored
    plot.append(np.ones(5), 20, np.full(5, 0.05))  # α changed by hand: now it is drawn, from step 1
    _, y = plot.lr_curve.getOriginalDataset()
    np.testing.assert_array_equal(y, [0.1] * 20 + [0.05] * 5)
    assert right.isVisible()
