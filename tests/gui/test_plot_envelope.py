"""The loss plot at 10⁶ steps: a min/max envelope while the whole run is in view, every step up close."""

from __future__ import annotations

import numpy as np

from gui.plots import DECIMATE_ABOVE, LossPlot


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
