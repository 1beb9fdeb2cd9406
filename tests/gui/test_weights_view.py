"""The weights as pictures (gui/panels/weights.py), through the window's real runs: what it draws
against the model's own weight tensor, read while the run is paused."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from core.training.config import TrainConfig
from tests.gui.test_batch_view import parameters, step, stop

TIMEOUT = 60_000
DIGITS = TrainConfig(dataset="digits", samples=1437, batch_size=64, epochs=1, lr=0.5, momentum=0.0)
MNIST = TrainConfig(dataset="mnist-like", samples=600, batch_size=64, epochs=1, lr=0.1, momentum=0.9)


def drawn_tiles(view, count: int, shape: tuple[int, int]) -> np.ndarray:
    h, w = shape
    image = view.mosaic.image.image
    out = []
    for i in range(count):
        top, left = view.mosaic.origin(i)
        out.append(image[top : top + h, left : left + w])
    return np.array(out)


def test_softmax_rows_of_w_are_drawn_as_images_equal_to_the_models_weights(make_window, qtbot):
    w = make_window(MNIST)
    w.show_dock(w.weights_dock)
    view = w.weights_view
    assert "rows of W (one per class) will appear here as 28×28 images" in view.summary.text()
    for k in range(1, 6):
        step(qtbot, w)
        weights = parameters(w)["W"]  # the model's own, after step k
        assert weights.shape == (10, 784)
        np.testing.assert_array_equal(drawn_tiles(view, 10, (28, 28)), weights.reshape(10, 28, 28))
        scale = np.abs(weights).max()
        assert scale > 0
        # centred on 0: the colours run from −max|W| to +max|W|, and the key says so
        assert view.mosaic.image.levels[0] == pytest.approx(-scale, rel=1e-6)
        assert view.bar.labels() == (f"−{scale:.3g}", "0", f"+{scale:.3g}")
        assert [text for text, _colour in view.mosaic.captions] == [str(c) for c in range(10)]
        assert view.summary.text().startswith(f"After step {k} (epoch 1, batch {k} of 10): the 10 rows of W")
    stop(qtbot, w)
    last = drawn_tiles(view, 10, (28, 28))
    assert np.array_equal(last, weights.reshape(10, 28, 28)), "a finished run keeps its last picture"


def test_the_mlp_shows_its_first_64_hidden_units_filters(make_window, qtbot):
    config = DIGITS.replace(model="mlp", hidden=100)
    w = make_window(config)
    w.show_dock(w.weights_dock)
    view = w.weights_view
    assert "first 64 rows of W1" in view.summary.text()
    for _ in range(3):
        step(qtbot, w)
    w1 = parameters(w)["W1"]
    assert w1.shape == (100, 64)
    np.testing.assert_array_equal(drawn_tiles(view, 64, (8, 8)), w1[:64].reshape(64, 8, 8))
    assert view.mosaic.count == 64
    assert [text for text, _colour in view.mosaic.captions] == [str(k) for k in range(1, 65)]
    assert "the first 64 of 100 rows of W1" in view.summary.text()
    assert view.bar.labels()[2] == f"+{np.abs(w1[:64]).max():.3g}"
    stop(qtbot, w)


def test_other_data_and_models_say_when_weights_are_pictured(make_window, qtbot):
    config = TrainConfig(dataset="moons", samples=200, batch_size=20, epochs=1, model="softmax", lr=0.1)
    w = make_window(config)
    w.show_dock(w.weights_dock)
    view = w.weights_view
    assert "when each sample is an image" in view.summary.text()
    step(qtbot, w)
    assert not view.view.isVisible() and not view.bar.isVisible() and view.mosaic.count == 0
    assert "For two moons with softmax regression there are none to draw" in view.summary.text()
    stop(qtbot, w)


def test_weights_behind_another_tab_are_drawn_when_raised(make_window, qtbot):
    w = make_window(DIGITS)
    w.show_dock(w.inspector_dock)
    qtbot.waitUntil(lambda: not w.weights_view.on_screen, timeout=5000)
    step(qtbot, w)
    view = w.weights_view
    assert view.mosaic.count == 0
    w.show_dock(w.weights_dock)
    qtbot.waitUntil(lambda: view.mosaic.count == 10, timeout=5000)
    np.testing.assert_array_equal(drawn_tiles(view, 10, (8, 8)), parameters(w)["W"].reshape(10, 8, 8))
    qtbot.mouseClick(w.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.state == "idle", timeout=TIMEOUT)


def test_the_mosaic_maps_values_to_colours_by_equal_shares_and_draws_nan_as_background(qtbot):
    """Mosaic.set_tiles, against the mapping worked out by hand: with levels (0, 1) and a table of
    four colours, [0, .25) takes the first, [.25, .5) the second, …, 1 and above the last, below 0
    the first; NaN shows the background, as the space between tiles does."""
    import pyqtgraph as pg
    from PySide6.QtGui import QColor

    from gui.widgets import Mosaic

    view = pg.GraphicsLayoutWidget()
    qtbot.addWidget(view)
    mosaic = Mosaic(view.addViewBox())
    mosaic.set_grid((1, 8), 1, 1)
    lut = np.array([(10, 0, 0), (20, 0, 0), (30, 0, 0), (40, 0, 0)], np.uint8)
    values = np.array([[[-1.0, 0.0, 0.24, 0.25, 0.6, 0.99, 1.0, np.nan]]], np.float32)
    mosaic.set_tiles(values, (0.0, 1.0), lut, (1, 2, 3))
    top, left = mosaic.origin(0)
    np.testing.assert_array_equal(mosaic.image.image[top, left : left + 8], values[0, 0])
    image = mosaic.image.qimage
    drawn = [QColor(image.pixel(left + i, top)).getRgb()[:3] for i in range(8)]
    expected = [(10, 0, 0), (10, 0, 0), (10, 0, 0), (20, 0, 0), (30, 0, 0), (40, 0, 0), (40, 0, 0), (1, 2, 3)]
    assert drawn == expected
    assert QColor(image.pixel(0, 0)).getRgb()[:3] == (1, 2, 3)  # between the tiles: the background
    # A diverged run's levels (NaN: 0 to 1 then) and values (±inf) draw without a warning, the
    # infinities at the ends.
    inf = np.array([[[np.inf, -np.inf, 0.5, np.nan, 0, 0, 0, 0]]], np.float32)
    mosaic.set_tiles(inf, (np.nan, np.nan), lut, (1, 2, 3))
    drawn = [QColor(mosaic.image.qimage.pixel(left + i, top)).getRgb()[:3] for i in range(4)]
    assert drawn == [(40, 0, 0), (10, 0, 0), (30, 0, 0), (1, 2, 3)]
