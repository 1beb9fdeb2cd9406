"""The runs list and comparison plot, the sweep queue, and the batch-size lab in the window."""

from __future__ import annotations

import json

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDockWidget,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableWidget,
)

from core.experiments.runs import x_values
from core.experiments.sweep import COLUMNS
from core.training.config import TrainConfig
from gui.panels.runs import SweepDialog
from tests.gui.conftest import LONG

TIMEOUT = 60_000
TINY = TrainConfig(dataset="moons", samples=200, epochs=2, batch_size=32, lr=0.1)


def run_once(qtbot, w):
    with qtbot.waitSignal(w.run_finished, timeout=TIMEOUT) as blocker:
        assert w.start()
    return blocker.args[0]


def test_finished_runs_join_the_runs_list(make_window, qtbot):
    w = make_window(TINY)
    runs = w.findChild(QListWidget, "runsList")
    assert w.findChild(QDockWidget, "runsDock") is not None and w.findChild(QDockWidget, "labDock")
    assert w.findChild(pg.PlotWidget, "comparePlot") is not None
    assert runs.count() == 0
    result = run_once(qtbot, w)
    assert runs.count() == 1
    item = runs.item(0)
    assert item.checkState() == Qt.CheckState.Checked
    assert item.text() == "#1 moons softmax B=32 α=0.1 β=0.9"  # the dataset and the model too
    record = w.runs.records[0]
    assert record.result is result and record.visible
    x, _ = w.runs.curve_data(record.run_id)
    assert len(x) == result.history.size == 2 * 7
    w.controls.batch.setValue(64)
    run_once(qtbot, w)
    assert [r.name for r in w.runs.records] == [
        "#1 moons softmax B=32 α=0.1 β=0.9",
        "#2 moons softmax B=64 α=0.1 β=0.9",
    ]
    assert len(w.runs.legend.items) == 2
    colours = [item.opts["pen"].color().getRgb() for item in w.runs._items.values()]
    assert len(set(colours)) == 2  # distinct colours


def test_toggle_rename_and_delete(make_window, qtbot):
    w = make_window(TINY)
    run_once(qtbot, w)
    run_once(qtbot, w)
    runs = w.findChild(QListWidget, "runsList")
    first, second = w.runs.records
    runs.item(0).setCheckState(Qt.CheckState.Unchecked)  # as a click on the box does
    assert not first.visible and w.runs.curve_data(first.run_id) is None
    assert w.runs.curve_data(second.run_id) is not None
    runs.item(0).setCheckState(Qt.CheckState.Checked)
    assert first.visible and w.runs.curve_data(first.run_id) is not None
    # F2 opens the editor; the new name reaches the record and the legend
    runs.setCurrentItem(runs.item(1))
    runs.setFocus()
    qtbot.keyClick(runs, Qt.Key.Key_F2)
    assert runs.state() == QAbstractItemView.State.EditingState
    editor = runs.findChild(QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "momentum 0.9, the reference")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: second.name == "momentum 0.9, the reference", timeout=5000)
    assert "momentum 0.9, the reference" in [label.text for _, label in w.runs.legend.items]
    runs.item(1).setText("   ")  # an empty name is refused
    assert second.name == "momentum 0.9, the reference" and runs.item(1).text() == second.name
    # Delete removes the selected run
    runs.clearSelection()
    runs.item(0).setSelected(True)
    runs.setFocus()
    qtbot.keyClick(runs, Qt.Key.Key_Delete)
    assert [r.run_id for r in w.runs.records] == [second.run_id]
    assert runs.count() == 1 and w.runs.curve_data(first.run_id) is None


def test_one_click_switches_the_x_axis(make_window, qtbot):
    w = make_window(TINY)
    result = run_once(qtbot, w)
    run_id = w.runs.records[0].run_id
    axis = w.findChild(pg.QtWidgets.QWidget, "compareXAxis")
    assert axis is not None
    for name in ("samples", "epoch", "seconds", "step"):
        button = w.findChild(QPushButton, f"compareX_{name}")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert button.isChecked() and w.runs.axis == name
        x, _ = w.runs.curve_data(run_id)
        np.testing.assert_array_equal(x, x_values(result, name))
    x, _ = w.runs.curve_data(run_id)
    np.testing.assert_array_equal(x[:3], [1, 2, 3])
    qtbot.mouseClick(w.findChild(QPushButton, "compareX_samples"), Qt.MouseButton.LeftButton)
    x, _ = w.runs.curve_data(run_id)
    np.testing.assert_array_equal(x[:8], [32, 64, 96, 128, 160, 192, 200, 232])  # 200 = 6 × 32 + 8
    w.runs.set_y("val_loss")
    x, y = w.runs.curve_data(run_id)
    assert list(x) == [200, 400] and list(y) == [e.val_loss for e in result.history.epochs]


def test_sweep_trains_every_value_one_after_another(make_window, qtbot):
    w = make_window(TINY)
    configs = [TINY.replace(batch_size=b) for b in (16, 50, 100)]
    progress = w.findChild(QProgressBar, "sweepProgress")
    seen = []
    actions = []  # Sweep and Cancel sweep enabled, while the sweep runs

    def on_queue(queue) -> None:
        seen.append((queue.done, queue.total))
        if queue.active:
            actions.append((w.sweep_action.isEnabled(), w.cancel_sweep_action.isEnabled()))

    w.signals.queue.connect(on_queue)
    with qtbot.waitSignal(
        w.signals.queue, timeout=TIMEOUT, check_params_cb=lambda q: not q.active
    ) as blocker:
        assert w.run_sweep(configs)
        assert w.session.queue_active and progress.isVisible()
        qtbot.waitUntil(lambda: progress.value() > 100, timeout=TIMEOUT)  # past the first run
    assert actions == [(False, True)] * 3
    assert (blocker.args[0].end, blocker.args[0].done) == ("completed", 3)
    assert [r.result.config.batch_size for r in w.runs.records] == [16, 50, 100]
    assert [r.result.status for r in w.runs.records] == ["completed"] * 3
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert progress.maximum() == 300
    assert not progress.isVisible()
    assert "3 runs" in w.findChild(QLabel, "sweepStatus").text()
    assert w.state == "idle" and w.start_button.isEnabled() and w.sweep_action.isEnabled()
    assert w.controls.config() == TINY  # the learner's settings are untouched


def test_cancel_stops_the_sweep_and_keeps_finished_runs(make_window, qtbot):
    w = make_window(TINY)
    configs = [TINY, LONG.replace(dataset="moons"), TINY.replace(batch_size=16)]

    with qtbot.waitSignal(
        w.signals.queue, timeout=TIMEOUT, check_params_cb=lambda q: not q.active
    ) as blocker:
        w.run_sweep(configs)
        qtbot.waitUntil(lambda: len(w.runs.records) == 1 and w.state == "running", timeout=TIMEOUT)
        qtbot.waitUntil(lambda: w.loss_plot.count > 0, timeout=TIMEOUT)
        qtbot.mouseClick(w.findChild(QPushButton, "sweepCancelButton"), Qt.MouseButton.LeftButton)
    assert (blocker.args[0].end, blocker.args[0].done) == ("cancelled", 2)
    statuses = [r.result.status for r in w.runs.records]
    assert statuses == ["completed", "stopped"]  # the third never ran
    assert w.runs.records[1].name.endswith("(stopped)")
    assert not w.session.queue_active and w.state == "idle"


def test_return_in_the_sweep_dialog_starts_the_sweep(make_window, qtbot):
    w = make_window(TINY)
    dialog = SweepDialog(w.controls.config(), w)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.values.setFocus()
    dialog.values.setText("16, 32")
    qtbot.keyClick(dialog.values, Qt.Key.Key_Return)  # was: Cancel, the button box's default
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [c.batch_size for c in dialog.configs()] == [16, 32]


def test_sweep_dialog_refuses_bad_values(make_window, qtbot):
    w = make_window(TINY)
    dialog = SweepDialog(w.controls.config(), w)
    qtbot.addWidget(dialog)
    assert dialog.values.text() == "16, 32, 64, 128, 256"
    dialog.values.setText("16, 500")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "batch_size=500" in dialog.error.text() and "200" in dialog.error.text()
    dialog.field.setCurrentIndex(dialog.field.findData("lr"))
    assert dialog.values.text() == "0.001, 0.01, 0.1" and not dialog.scaling.isEnabled()
    dialog.values.setText("0.01, 0.1")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [c.lr for c in dialog.configs()] == [0.01, 0.1]


LAB = TrainConfig(samples=600, epochs=1, seed=5, lr=0.05)


def run_lab(qtbot, w, batch_sizes: str = "16, 64, 128"):
    w.lab.batch_sizes.setText(batch_sizes)
    w.lab.epochs.setValue(LAB.epochs)
    w.lab.samples.setValue(LAB.samples)
    with qtbot.waitSignal(w.lab.finished, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(w.findChild(QPushButton, "labRunButton"), Qt.MouseButton.LeftButton)
        assert w.lab.busy and not w.start_button.isEnabled()
    return blocker.args[0]


def test_lab_fills_its_table_and_agrees_with_the_command_line(make_window, qtbot, tmp_path):
    w = make_window(LAB.replace(epochs=5, samples=60_000))
    assert w.lab.samples.value() == 10_000 and w.lab.epochs.value() == 3  # the lab's smaller budget
    report = run_lab(qtbot, w)
    table = w.findChild(QTableWidget, "labTable")
    assert table.columnCount() == 3 and table.rowCount() == len(COLUMNS)  # a column per batch size
    assert [table.item(0, c).text() for c in range(3)] == ["16", "64", "128"]
    steps = list(COLUMNS).index("steps_per_epoch")
    assert [table.item(steps, c).text() for c in range(3)] == ["38", "10", "5"]
    assert table.isRowHidden(list(COLUMNS).index("deep_basin_share"))  # two-basins only
    claims = w.findChild(QTableWidget, "labClaims")
    assert claims.rowCount() == 7
    assert {claims.item(r, 2).text() for r in range(7)} <= {"agrees", "disagrees", "not measured"}
    assert len(w.lab.target_points.xData) == 3  # steps against samples to the target, one point per B
    assert "α is the same for every B" in w.findChild(QLabel, "labCriticalCaveat").text()
    noise_plot = w.findChild(pg.PlotWidget, "labNoisePlot")
    assert noise_plot is not None and len(w.lab.noise_points.xData) == 3
    assert len(w.lab.theory_curve.xData) > 2
    assert "not the process's RSS" in w.findChild(QLabel, "labNote").text()
    assert [r.name for r in w.runs.records] == ["lab B=16", "lab B=64", "lab B=128"]
    assert w.start_button.isEnabled() and not w.lab.busy
    # the command line, in its own process, same settings and seed: the same numbers (wall time aside)
    from tests.cli.test_cli import sgd_lab

    out = tmp_path / "sweep.json"
    args = ["--headless", "--quiet", "--samples", "600", "--epochs", "1", "--seed", "5", "--lr", "0.05"]
    p = sgd_lab(*args, "--sweep", "batch_size=16,64,128", "--out", str(out))
    assert p.returncode == 0, p.stderr
    cli = json.loads(out.read_text())["rows"]
    for mine, theirs in zip(report.rows, cli, strict=True):
        assert list(theirs) == report.columns
        for key in theirs:
            if key == "epoch_time_s":
                continue
            if isinstance(theirs[key], float):
                assert mine[key] == pytest.approx(theirs[key], rel=1e-5), key
            else:
                assert mine[key] == theirs[key], key


def test_lab_cancel_keeps_finished_rows(make_window, qtbot):
    w = make_window(LAB)
    w.lab.batch_sizes.setText("64, 16, 8")
    w.lab.samples.setValue(20_000)
    w.lab.epochs.setValue(20)
    with qtbot.waitSignal(w.lab.finished, timeout=TIMEOUT) as blocker:
        assert w.lab.start()
        qtbot.waitUntil(lambda: len(w.lab.rows) >= 1, timeout=TIMEOUT)
        qtbot.mouseClick(w.findChild(QPushButton, "labCancelButton"), Qt.MouseButton.LeftButton)
    report = blocker.args[0]
    assert report.status == "stopped"
    assert [r["batch_size"] for r in report.rows] == [64]
    assert w.findChild(QTableWidget, "labTable").columnCount() == 1
    assert "Cancelled" in w.findChild(QLabel, "labStatus").text()


def test_lab_refuses_bad_batch_sizes(make_window):
    w = make_window(LAB)
    assert w.lab.samples.value() == 600 and w.lab.epochs.value() == 1  # the settings' when smaller
    w.lab.batch_sizes.setText("16, 0")
    assert not w.lab.start()
    assert "batch_size" in w.findChild(QLabel, "labStatus").text()
    w.lab.batch_sizes.setText("16, 9000")
    assert not w.lab.start()
    assert "batch_size=9000" in w.findChild(QLabel, "labStatus").text()
    assert not w.lab.busy


def test_lab_with_the_whole_training_set_as_one_batch(make_window, qtbot):
    w = make_window(LAB)
    report = run_lab(qtbot, w, "100, 600")
    assert report.rows[1]["grad_noise"] == 0.0 == report.rows[1]["grad_noise_theory"]  # B = N: no noise
    assert report.rows[1]["steps_per_epoch"] == 1
    assert len(w.lab.noise_points.xData) == 1  # a zero has no place on log axes
    assert np.all(w.lab.theory_curve.yData > 0)


def test_runs_with_different_losses_are_marked_and_warned_of(make_window, qtbot):
    w = make_window(TINY)
    run_once(qtbot, w)
    line = TrainConfig(dataset="linear-1d", model="linear", samples=200, batch_size=200, epochs=2, lr=0.1)
    w.session.set_draft(line)
    regression = run_once(qtbot, w)
    # MSE indeed: from w = b = 0 the first full-batch loss is the mean of y²
    from core.training.data import load_dataset

    y = load_dataset(line).y_train.double()
    assert regression.history.loss[0] == pytest.approx(float((y**2).mean()), rel=1e-5)
    second = w.runs.records[1]
    assert second.name.startswith("#2 linear-1d linear ")
    runs = w.findChild(QListWidget, "runsList")
    assert runs.item(0).toolTip().startswith("cross-entropy loss.")
    assert runs.item(1).toolTip().startswith("MSE loss.")
    warning = w.findChild(QLabel, "compareUnitsWarning")
    assert not warning.isHidden() and "cross-entropy and MSE" in warning.text()
    runs.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert warning.isHidden()
    assert w.runs.plot.getPlotItem().getAxis("left").labelText.endswith(", MSE")
    runs.item(0).setCheckState(Qt.CheckState.Checked)
    w.runs.set_y("val_accuracy")  # accuracy has one unit: no warning
    assert warning.isHidden()


def test_every_run_gets_its_own_colour(make_window, qtbot):
    from gui.panels.runs import colour_of

    colours = [colour_of(i) for i in range(1, 41)]
    assert len(set(colours)) == 40 and colour_of(11) != colour_of(1)
    w = make_window(TINY)
    result = run_once(qtbot, w)
    for _ in range(11):
        w.runs.add_result(result)
    drawn = [item.opts["pen"].color().getRgb()[:3] for item in w.runs._items.values()]
    assert len(drawn) == 12 and len(set(drawn)) == 12


def test_delete_keeps_a_selection(make_window, qtbot):
    w = make_window(TINY)
    result = run_once(qtbot, w)
    w.runs.add_result(result)
    w.runs.add_result(result)
    runs = w.findChild(QListWidget, "runsList")
    runs.setCurrentRow(1)
    runs.setFocus()
    qtbot.keyClick(runs, Qt.Key.Key_Delete)
    assert [r.run_id for r in w.runs.records] == [1, 3]
    assert [i.text() for i in runs.selectedItems()] == [w.runs.records[1].name]  # the next run
    qtbot.keyClick(runs, Qt.Key.Key_Delete)  # no click in between
    assert [r.run_id for r in w.runs.records] == [1]
    qtbot.keyClick(runs, Qt.Key.Key_Delete)
    assert w.runs.records == [] and runs.count() == 0


def test_only_the_last_sweep_can_be_drawn(make_window, qtbot):
    w = make_window(TINY.replace(epochs=6))
    long_run = run_once(qtbot, w)
    only = w.findChild(QCheckBox, "onlyLastSweep")
    assert not only.isEnabled()
    configs = [TINY.replace(epochs=1, batch_size=b) for b in (50, 100)]
    with qtbot.waitSignal(w.signals.queue, timeout=TIMEOUT, check_params_cb=lambda q: not q.active):
        assert w.run_sweep(configs)
    assert only.isEnabled() and w.runs.last_sweep == (2, 3)
    assert w.runs.curve_data(1) is not None
    only.setChecked(True)
    assert w.runs.curve_data(1) is None
    assert w.runs.curve_data(2) is not None and w.runs.curve_data(3) is not None
    right = w.runs.plot.getPlotItem().getViewBox().childrenBounds()[0][1]
    assert 4 <= right < 4.5 < long_run.history.size  # the sweep's 4 steps, not squeezed against 0
    only.setChecked(False)
    assert w.runs.curve_data(1) is not None
