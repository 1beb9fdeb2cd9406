"""Two-basins in the window: its exact loss on the landscape panel (contours checked against the
samples' losses evaluated here), runs of several batch sizes drawn from the same start, the dataset
box choosing its model, and the lab's share in the deeper basin."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableWidget

from core.experiments.sweep import COLUMNS
from core.training.config import TWO_BASINS_START, TrainConfig
from core.training.data import load_dataset
from gui.panels.landscape import LandscapePanel

TIMEOUT = 60_000
BASINS = TrainConfig(dataset="two-basins", model="two-basins", samples=512, epochs=1, batch_size=64)


@pytest.fixture(scope="module")
def data():
    d = load_dataset(BASINS)
    return d.x_train.numpy(), d.y_train.numpy()


def sample_loss(x, y, w, b):
    x, y = x.astype(np.float64), y.astype(np.float64)
    return np.mean((w * x[:, 0] + w * w * x[:, 1] + b - y) ** 2)


def test_the_panel_draws_both_basins_and_contours_of_the_exact_loss(qtbot, data):
    panel = LandscapePanel()
    qtbot.addWidget(panel)
    panel.resize(700, 500)
    panel.show()
    panel.set_two_basins(*data, TWO_BASINS_START)
    basins = panel.basins
    assert panel.quad is None and panel.image.image is not None
    deep, shallow = basins.deep, basins.shallow
    assert (panel.minimum.data["x"][0], panel.minimum.data["y"][0]) == pytest.approx(deep[:2])
    assert (panel.shallow_marker.data["x"][0], panel.shallow_marker.data["y"][0]) == pytest.approx(
        shallow[:2]
    )
    assert "Not convex" in panel.numbers.text() and not panel.warning.isVisible()
    # each contour is a level set of the samples' mean loss, evaluated here (to the grid's resolution)
    cw, cb = panel.contours.xData, panel.contours.yData
    breaks = np.flatnonzero(~np.isfinite(cw))
    lines = [(a + 1, b) for a, b in zip(np.r_[-1, breaks], np.r_[breaks, len(cw)], strict=True) if b - a > 5]
    assert len(lines) >= 5
    levels = []
    for a, b in lines:
        pick = np.linspace(a, b - 1, 8).astype(int)
        loss = np.array([sample_loss(*data, cw[i], cb[i]) for i in pick])
        assert loss.max() - loss.min() < 0.01 * (loss.mean() - deep[2]) + 2e-3  # linear between nodes
        levels.append(loss.mean())
    # the contour through the saddle is there: where the two basins meet
    assert min(abs(v - basins.saddle[2]) for v in levels) < 1e-2
    panel.begin_run("B=16")
    panel.append_path(np.array([-1.0, -0.9]), np.array([0.2, 0.4]))
    assert list(panel.path_w) == [TWO_BASINS_START[0], -1.0, -0.9]  # from the fixed start
    panel.end_run()
    panel.set_data(np.array([0.0, 1.0, 2.0]), np.array([1.0, 2.0, 3.5]))  # back to linear-1d's kind
    assert panel.basins is None and len(panel.shallow_marker.data) == 0


def test_runs_of_two_batch_sizes_leave_from_the_same_start(make_window, qtbot):
    w = make_window(BASINS)
    assert w.landscape.available and w.landscape.basins is not None
    for batch in (64, 256):
        w.controls.batch.setValue(batch)
        with qtbot.waitSignal(w.run_finished, timeout=TIMEOUT):
            qtbot.mouseClick(w.start_button, Qt.MouseButton.LeftButton)
    paths = w.landscape.earlier_paths
    assert len(paths) == 2
    for _label, pw, pb in paths:
        assert (pw[0], pb[0]) == TWO_BASINS_START
    assert [len(pw) for _, pw, _ in paths] == [8 + 1, 2 + 1]  # one point per step, and the start


def test_choosing_two_basins_chooses_its_model(make_window):
    w = make_window(TrainConfig(samples=1000))
    combo = w.controls.dataset
    combo.setCurrentIndex(combo.findData("two-basins"))
    assert w.controls.model.currentData() == "two-basins" and w.controls.samples.value() == 512
    combo.setCurrentIndex(combo.findData("linear-1d"))
    assert w.controls.model.currentData() == "linear"


def test_the_lab_on_two_basins_shows_the_share_in_the_deeper_basin(make_window, qtbot):
    w = make_window(BASINS)
    w.lab.batch_sizes.setText("16, 256")
    w.lab.epochs.setValue(1)
    with qtbot.waitSignal(w.lab.finished, timeout=TIMEOUT) as blocker:
        assert w.lab.start()
    report = blocker.args[0]
    table = w.findChild(QTableWidget, "labTable")
    row = list(COLUMNS).index("deep_basin_share")  # a row per quantity, a column per batch size
    assert not table.isRowHidden(row)
    shares = [r["deep_basin_share"] for r in report.rows]
    assert [table.item(row, c).text() for c in range(2)] == [f"{100 * s:.0f}%" for s in shares]
    claims = w.findChild(QTableWidget, "labClaims")
    texts = [claims.item(r, 0).text() for r in range(claims.rowCount())]
    escape = texts.index("the noise helps a small batch escape poor minima; a large batch may settle in one")
    assert claims.item(escape, 2).text() in ("agrees", "disagrees")
    assert "Deep basin: 20 runs per batch size" in w.findChild(QLabel, "labNote").text()
