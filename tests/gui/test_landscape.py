"""The loss-landscape panel: map, paths in chunks, overlaid runs, the critical-lr warning, and a snapshot."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QColor

from core.experiments.landscape import linear_quadratic
from core.training.config import TrainConfig
from core.training.data import load_dataset
from gui.panels.landscape import GRID_N, MAX_DOTS, MAX_DRAWN, MAX_EARLIER, RUN_COLOURS, LandscapePanel


@pytest.fixture(scope="module")
def line_data() -> tuple[np.ndarray, np.ndarray]:
    ds = load_dataset(TrainConfig(dataset="linear-1d", samples=1000, model="linear"))
    return ds.x_train[:, 0].numpy(), ds.y_train.numpy()


@pytest.fixture
def panel(qtbot, line_data) -> LandscapePanel:
    p = LandscapePanel()
    qtbot.addWidget(p)
    p.resize(700, 500)
    p.show()
    p.set_data(*line_data)
    return p


def full_batch_path(x, y, lr: float, momentum: float, steps: int, start=(0.0, 0.0)) -> np.ndarray:
    """(steps, 2) array of (w, b) after each full-batch heavy-ball step from ``start``."""
    x, y = np.asarray(x, np.float64), np.asarray(y, np.float64)
    theta, v, out = np.array(start, np.float64), np.zeros(2), []
    for _ in range(steps):
        r = theta[0] * x + theta[1] - y
        g = np.array([2 * np.mean(r * x), 2 * np.mean(r)])
        v = momentum * v - lr * g
        theta = theta + v
        out.append(theta)
    return np.array(out)


def mini_batch_path(
    x, y, lr: float, momentum: float, batch: int, epochs: int, seed: int = 0, start=(0.0, 0.0)
) -> np.ndarray:
    """(steps, 2) array of (w, b) after each mini-batch step (reshuffled every epoch) from ``start``."""
    x, y = np.asarray(x, np.float64), np.asarray(y, np.float64)
    rng = np.random.default_rng(seed)
    theta, v, out = np.array(start, np.float64), np.zeros(2), []
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for s in range(0, len(x), batch):
            i = order[s : s + batch]
            r = theta[0] * x[i] + theta[1] - y[i]
            g = np.array([2 * np.mean(r * x[i]), 2 * np.mean(r)])
            v = momentum * v - lr * g
            theta = theta + v
            out.append(theta)
    return np.array(out)


def feed(panel: LandscapePanel, label: str, path: np.ndarray, chunk: int = 7, end: bool = True) -> None:
    """Send a path the way the worker does: begin, chunks of new points, end."""
    panel.begin_run(label)
    for s in range(0, len(path), chunk):
        panel.append_path(path[s : s + chunk, 0], path[s : s + chunk, 1])
    if end:
        panel.end_run()


def draw_demo(panel: LandscapePanel, x, y, lr: float = 0.1, start=(0.0, 0.0)) -> dict[str, np.ndarray]:
    """Three realistic runs from ``start``: full batch with β = 0 and β = 0.9 (filed), and batch 8
    with β = 0 (still the current run)."""
    paths = {
        "β = 0, full batch": full_batch_path(x, y, lr, 0.0, 150, start),
        "β = 0.9, full batch": full_batch_path(x, y, lr, 0.9, 150, start),
        "β = 0, batch 8": mini_batch_path(x, y, lr, 0.0, 8, 1, start=start),
    }
    panel.set_hyperparameters(lr, 0.0)
    for i, (label, path) in enumerate(paths.items()):
        feed(panel, label, path, chunk=5, end=i < len(paths) - 1)
    return paths


def test_set_data_draws_the_map_once_per_dataset(panel, line_data):
    quad = linear_quadratic(*line_data)
    (w0, w1), (b0, b1) = panel.window_range
    w_star, b_star = quad.minimiser
    assert w0 < 0 < w1 and b0 < 0 < b1  # the start (0, 0)
    assert w0 < w_star < w1 and b0 < b_star < b1
    assert panel.image.image.shape == (GRID_N, GRID_N)
    assert np.isfinite(panel.contours.getData()[0]).sum() > 100
    assert panel.minimum.data["x"][0] == pytest.approx(w_star)
    cached = dict(panel._cache)
    panel.set_data(*line_data)  # same data: no new map, paths kept
    assert panel._cache.keys() == cached.keys()
    assert all(panel._cache[k] is cached[k] for k in cached)


def test_path_grows_in_chunks_into_doubling_buffers(panel, line_data):
    path = full_batch_path(*line_data, lr=0.1, momentum=0.9, steps=1500)
    feed(panel, "β = 0.9, full batch", path, chunk=50, end=False)
    assert panel.current is not None
    assert panel.current.count == 1 + len(path)  # the start (0, 0), then one point per step
    assert len(panel.current.w) == 2048  # 1024 doubled once
    np.testing.assert_array_equal(panel.path_w, np.r_[0.0, path[:, 0]])
    np.testing.assert_array_equal(panel.path_b, np.r_[0.0, path[:, 1]])
    drawn_w, drawn_b = panel.current.curve.getData()
    assert len(drawn_w) == 1 + len(path)
    assert drawn_b[-1] == pytest.approx(path[-1, 1])


def test_two_runs_overlaid_in_distinct_colours_with_legend(panel, line_data):
    draw_demo(panel, *line_data)
    labels = [label for label, _, _ in panel.earlier_paths]
    assert labels == ["β = 0, full batch", "β = 0.9, full batch"]
    assert panel.current is not None and panel.current.label == "β = 0, batch 8"
    colours = {p.colour for p in [*panel.earlier, panel.current]}
    assert len(colours) == 3
    assert panel.legend_labels == [*labels, "β = 0, batch 8"]
    for label in panel.legend_labels:
        assert label.replace(" ", "&nbsp;") in panel.legend.text()
    for path in panel.earlier:
        assert path.curve in panel.plot.items
    panel.end_run()
    assert panel.current is None and len(panel.earlier) == 3


def test_at_most_six_earlier_paths_and_the_oldest_goes(panel, line_data):
    for i in range(MAX_EARLIER + 2):
        feed(panel, f"run {i}", full_batch_path(*line_data, lr=0.05 + 0.01 * i, momentum=0.0, steps=20))
    assert [label for label, _, _ in panel.earlier_paths] == [f"run {i}" for i in range(2, MAX_EARLIER + 2)]
    assert len(panel.legend_labels) == MAX_EARLIER
    assert "run&nbsp;1" not in panel.legend.text() and "run&nbsp;7" in panel.legend.text()
    assert len({p.colour for p in panel.earlier}) == MAX_EARLIER


def test_warning_above_the_critical_lr_and_not_below(panel):
    crit0 = panel.stability()["lr_critical"]
    lam = panel.stability()["hessian_max_eigenvalue"]
    assert crit0 == pytest.approx(2 / lam)
    panel.set_hyperparameters(0.95 * crit0, 0.0)
    assert panel.warning.isHidden()
    assert f"{crit0:.4g}" in panel.numbers.text()
    panel.set_hyperparameters(1.05 * crit0, 0.0)
    assert not panel.warning.isHidden()
    assert "past the critical" in panel.warning.text()
    panel.set_hyperparameters(1.05 * crit0, 0.9)  # momentum raises the bound to (2 + 2β)/λ_max
    crit9 = panel.stability()["lr_critical"]
    assert crit9 == pytest.approx(3.8 / lam)
    assert panel.warning.isHidden()
    panel.set_hyperparameters(1.01 * crit9, 0.9)
    assert not panel.warning.isHidden()


def test_clear_paths_button(panel, line_data, qtbot):
    draw_demo(panel, *line_data)
    panel.clear_button.click()
    assert panel.earlier_paths == []
    assert panel.legend_labels == ["β = 0, batch 8"]  # the open run stays, emptied
    assert len(panel.path_w) == 0  # the current run continues from its next point
    panel.append_path(np.array([1.0]), np.array([0.5]))
    np.testing.assert_array_equal(panel.path_w, [1.0])


def test_set_available_false_shows_the_reason(panel):
    panel.set_available(False, "needs the two-parameter model")
    assert not panel.available
    assert panel.message.isVisible() and not panel.plot_widget.isVisible()
    assert panel.message.text() == "needs the two-parameter model"
    panel.set_available(False, "")
    assert "Linear regression" in panel.message.text()
    panel.set_available(True, "")
    assert panel.plot_widget.isVisible()


def test_no_data_yet_and_diverged_paths_are_safe(qtbot, line_data):
    p = LandscapePanel()
    qtbot.addWidget(p)
    assert p.stability() == {"hessian_max_eigenvalue": None, "lr_critical": None}
    p.set_hyperparameters(1.0, 0.9)
    assert p.warning.isHidden()
    p.set_data(*line_data)
    assert not p.warning.isHidden()
    p.begin_run("diverging")
    p.append_path(np.array([10.0, -1e9, np.inf, np.nan]), np.array([5.0, 1e9, 0.0, 1.0]))
    assert p.path_w[2] == -1e6 and np.isnan(p.path_w[3]) and np.isnan(p.path_w[4])
    window = p.window_range
    p.end_run()  # widens the map to hold (10, 5), not the clipped far points
    (_, w1), (_, b1) = p.window_range
    assert w1 >= 10 and b1 >= 5 and w1 < 1e3 and p.window_range != window


def test_snapshot_reads_clearly(panel, line_data, tmp_path):
    draw_demo(panel, *line_data)
    panel.set_hyperparameters(0.1, 0.9)
    image = panel.grab().toImage()
    assert image.save(str(tmp_path / "landscape.png"))
    assert (image.width(), image.height()) == (700, 500)
    colours = {QColor(image.pixel(i, j)).getRgb()[:3] for i in range(0, 700, 2) for j in range(0, 500, 2)}
    for colour in RUN_COLOURS[:3]:  # each run's colour appears on screen
        assert any(sum(abs(a - b) for a, b in zip(c, colour, strict=True)) < 30 for c in colours), colour


def test_same_data_keeps_paths_and_map_new_data_clears_them(panel, line_data):
    x, y = line_data
    feed(panel, "far", np.array([[6.0, 4.0], [5.0, 3.0]]))
    widened = panel.window_range
    assert widened[0][1] >= 6.0
    panel.set_data(x, y)
    assert panel.window_range == widened and len(panel.earlier) == 1
    panel.set_data(x[:500], y[:500])
    assert panel.earlier == [] and panel.window_range != widened


def test_long_runs_drop_the_dots_and_draw_with_a_stride(panel):
    panel.begin_run("long")
    n = 3 * MAX_DRAWN
    w = np.linspace(0.0, 2.0, n)
    for s in range(0, n, 5_000):
        panel.append_path(w[s : s + 5_000], w[s : s + 5_000] / 2)
    assert panel.current.count == n + 1 and len(panel.current.w) >= n + 1
    drawn_w, drawn_b = panel.current.curve.getData()
    assert n > MAX_DOTS and panel.current.curve.opts["symbol"] is None
    assert len(drawn_w) <= MAX_DRAWN + 1 and drawn_w[-1] == w[-1] and drawn_b[-1] == w[-1] / 2


def test_constant_x_has_a_map_without_warnings(qtbot):
    p = LandscapePanel()
    qtbot.addWidget(p)
    p.set_data(np.full(50, 1.5), np.linspace(0.0, 5.0, 50))
    assert np.isfinite(p.image.image).all()
    assert p.stability()["lr_critical"] > 0


def test_hover_reads_out_w_b_and_the_loss(panel, line_data):
    from PySide6.QtCore import QPointF

    quad = linear_quadratic(*line_data)
    panel._on_mouse_moved(panel.plot.vb.mapViewToScene(QPointF(1.0, 0.5)))
    assert "w = 1.000, b = 0.500" in panel.readout.text()
    assert f"{float(quad.loss(1.0, 0.5)):.4g}" in panel.readout.text()
    panel._on_mouse_moved(QPointF(-50.0, -50.0))
    assert panel.readout.text() == ""


def test_the_panel_shows_the_bound_of_the_optimizers_settings(panel):
    """Nesterov, dampening and weight decay move the bound; Adam has none (issue 16)."""
    lam = panel.stability()["hessian_max_eigenvalue"]
    panel.set_hyperparameters(0.27, 0.9, optimizer="sgd", nesterov=True)
    assert panel.stability()["lr_critical"] == pytest.approx(3.8 / 2.8 / lam)
    assert (
        "(2\u00a0+\u00a02β)/(1\u00a0+\u00a02β)" in panel.numbers.text() and "Nesterov" in panel.numbers.text()
    )
    assert not panel.warning.isHidden() and "(2 + 2β)/(1 + 2β)" in panel.warning.text()
    panel.set_hyperparameters(0.5, 0.9, weight_decay=1.0)
    assert panel.stability()["lr_critical"] == pytest.approx(3.8 / (lam + 1))
    assert "(λ_max\u00a0+\u00a0λ_wd)" in panel.numbers.text() and not panel.warning.isHidden()
    panel.set_hyperparameters(0.5, 0.9, dampening=0.5)
    assert panel.stability()["lr_critical"] == pytest.approx(3.8 / 0.5 / lam)
    assert panel.warning.isHidden()
    panel.set_hyperparameters(5.0, 0.9, optimizer="adam")
    assert panel.stability()["lr_critical"] is None and panel.warning.isHidden()
    assert "No fixed stability bound" in panel.numbers.text()
