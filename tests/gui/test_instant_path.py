"""Instant paths on the landscape: dragging α or β redraws the draft's full-batch path at every value the
slider passes, the points are core.experiments.instant's for the draft, an optimizer it does not cover is
named instead of drawn, and a run's real path is drawn over it."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from PySide6.QtCore import Qt

from core.experiments.instant import initial_point, instant_path
from core.experiments.landscape import TwoBasinsSurface, linear_quadratic
from core.training.config import TrainConfig
from core.training.data import load_dataset

TIMEOUT = 60_000
LINE = TrainConfig(dataset="linear-1d", model="linear", samples=1000, batch_size=64, epochs=20, lr=0.05)
BASINS = TrainConfig(dataset="two-basins", model="two-basins", samples=512, batch_size=64, epochs=40, lr=0.05)


def expected_path(config: TrainConfig) -> np.ndarray:
    """The core function's path for ``config``, on a surface made here from the dataset."""
    data = load_dataset(config)
    x, y = data.x_train.numpy(), data.y_train.numpy()
    if config.dataset == "two-basins":
        surface = TwoBasinsSurface.from_data(x, y)
    else:
        surface = linear_quadratic(x[:, 0], y)
    return instant_path(config, surface, initial_point(config))


def drawn(window) -> np.ndarray:
    w, b = window.landscape.instant.getData()
    return np.empty((0, 2)) if w is None else np.column_stack([w, b])


@pytest.mark.parametrize(
    ("config", "slider", "ticks"),
    [(LINE, "lr_slider", (-200, -160, -130, -110)), (BASINS, "momentum_slider", (0, 300, 600, 850, 900))],
    ids=["linear-1d, dragging α", "two-basins, dragging β"],
)
def test_dragging_a_slider_redraws_the_path_at_every_value(make_window, config, slider, ticks):
    w = make_window(config)
    assert w.landscape.available
    bar = getattr(w.controls, slider)
    bar.setSliderDown(True)  # as a mouse drag does: each move sets the position, tracking sets the value
    seen = []
    for tick in ticks:
        bar.setSliderPosition(tick)
        draft = w.session.draft
        assert (draft.lr, draft.momentum) not in [s[0] for s in seen]  # the draft followed the slider
        points = drawn(w)
        np.testing.assert_allclose(points, expected_path(draft), rtol=1e-12, atol=1e-12)
        assert len(points) == 301 and points[0, 1] == 0.0
        np.testing.assert_array_equal(w.landscape.instant_points, points)
        seen.append(((draft.lr, draft.momentum), points))
    bar.setSliderDown(False)
    for (_, a), (_, b) in itertools.pairwise(seen):
        assert np.abs(a - b).max() > 1e-3  # every value drew a different path
    label = w.landscape.legend.text()
    assert "full-batch path" in label and f"{w.session.draft.momentum:g}" in label


def test_typing_alpha_dampening_nesterov_or_a_schedule_redraws_it_too(make_window):
    w = make_window(LINE)
    before = drawn(w)
    w.session.edit(lr=0.02)
    after = drawn(w)
    assert np.abs(after - before).max() > 1e-3
    np.testing.assert_allclose(after, expected_path(w.session.draft), rtol=1e-12, atol=1e-12)
    for change in (dict(dampening=0.5), dict(nesterov=True, dampening=0.0), dict(lr_schedule="cosine")):
        w.session.edit(**change)
        np.testing.assert_allclose(drawn(w), expected_path(w.session.draft), rtol=1e-12, atol=1e-12)
    w.session.edit(epochs=2)  # 2 × 16 steps: the run's own total
    assert len(drawn(w)) == 33


def test_an_optimizer_it_does_not_cover_is_named_not_drawn(make_window):
    w = make_window(LINE)
    w.session.edit(optimizer="adam")
    assert len(w.landscape.instant_points) == 0 and len(drawn(w)) == 0
    assert "No instant path for Adam" in w.landscape.legend.text()
    w.session.edit(optimizer="sgd")
    assert len(drawn(w)) == 301 and "No instant path" not in w.landscape.legend.text()


def test_a_diverging_path_says_so(make_window):
    w = make_window(LINE.replace(lr=2.0, momentum=0.0))
    points = drawn(w)
    assert 2 < len(points) < 301
    assert "diverges" in w.landscape.legend.text()


def test_a_full_batch_run_is_drawn_over_its_instant_path_and_follows_it(make_window, qtbot):
    config = LINE.replace(batch_size=1000, epochs=25, momentum=0.8)  # 25 full-batch steps
    w = make_window(config)
    instant = drawn(w)
    assert len(instant) == 26
    with qtbot.waitSignal(w.run_finished, timeout=TIMEOUT):
        qtbot.mouseClick(w.start_button, Qt.MouseButton.LeftButton)
    (_label, pw, pb) = w.landscape.earlier_paths[-1]
    run = np.column_stack([pw, pb])
    np.testing.assert_allclose(run, instant, atol=2e-5)  # the engine in float32, the path in float64
    assert w.landscape.earlier[-1].curve.zValue() > w.landscape.instant.zValue()
    np.testing.assert_array_equal(drawn(w), instant)  # the run leaves the instant path as it was
