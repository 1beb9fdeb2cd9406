"""The loss plot at 10⁶ steps: a min/max envelope while the whole run is in view, every step up close."""

from __future__ import annotations

import numpy as np

from gui.panels.plots import DECIMATE_ABOVE, LossPlot


def test_the_envelope_keeps_every_peak_and_zooming_in_shows_every_step(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(800, 400)
    plot.show()
    n = 1_000_000
    plot.reset(1000, "classification", n // 1000)
    values = np.random.default_rng(1).random(n)
    values[123_457] = 9.0  # one spike, a single step wide
    values[876_543] = -1.0
    for start in range(0, n, 100_000):  # in chunks, as a run arrives; the blocks are kept between frames
        plot.append(values[start : start + 100_000], start, np.full(100_000, 0.01))
    x, y = plot.raw.getOriginalDataset()
    assert plot._enveloped and len(x) <= 2 * DECIMATE_ABOVE + 2
    assert y.max() == 9.0 and y.min() == -1.0
    assert x[0] == 1 and x[-1] == n and np.all(np.diff(x) >= 0)
    spike = x[np.argmax(y)]
    assert abs(spike - 123_458) < n / DECIMATE_ABOVE * 2  # drawn where it happened
    np.testing.assert_array_equal(plot.loss, values)  # the data itself is untouched

    plot.getPlotItem().vb.setXRange(123_400, 123_500, padding=0)
    x, y = plot.raw.getOriginalDataset()
    assert not plot._enveloped and len(x) == n  # up close: every step, clipped to the view by pyqtgraph
    plot.set_x_mode("step")  # the managed view again: the whole run, the envelope
    plot._managed = True
    plot._fit_view(force=True)
    assert plot._enveloped

    plot.set_smoothing(0.0)  # a new smoothing recomputes the smoothed envelope
    _, smooth = plot.smooth.getOriginalDataset()
    assert smooth.max() == 9.0


def test_live_frames_wait_for_their_turn_and_flush_draws_what_was_kept(qtbot, monkeypatch):
    import gui.panels.plots as plots

    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(600, 300)
    plot.show()
    plot.reset(10, "classification", 3)
    plot.append(np.linspace(2.0, 1.0, 10), 0, draw=False)  # kept, not drawn
    assert plot.count == 10 and not len(plot.raw.getOriginalDataset()[0] or ())
    plot.flush()
    x, y = plot.raw.getOriginalDataset()
    assert len(x) == 10 and y[0] == 2.0
    qtbot.waitUntil(lambda: plot._frame_cost > 0, timeout=5_000)  # the frame was painted and timed

    # A frame that costs 30 ms of the GUI thread comes at most every 30 ms / FRAME_SHARE.
    clock = [1000.0]
    monkeypatch.setattr(plots.time, "monotonic", lambda: clock[0])
    plot._frame_cost = 0.030
    plot.flush()  # nothing new: no frame
    plot.append(np.full(10, 3.0), 10, draw=False)
    plot.flush()
    assert plot.count == 20 and len(plot.raw.getOriginalDataset()[0]) == 20
    assert plot.getPlotItem().vb.viewRange()[1][1] > 3.0  # the view grew for the higher loss
    plot._frame_cost = 0.030
    clock[0] += 0.030 / plots.FRAME_SHARE - 0.01
    assert not plot.frame_due()
    clock[0] += 0.02
    assert plot.frame_due()
    plot.append(np.ones(5), 20, draw=False)
    plot.flush()
    plot._frame_cost = 0.0  # a cheap frame: every chunk, but not more often than MIN_FRAME_S
    clock[0] += plots.MIN_FRAME_S / 2
    assert not plot.frame_due()
    clock[0] += plots.MIN_FRAME_S
    assert plot.frame_due()
