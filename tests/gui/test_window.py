"""The window, driven through its widgets as a learner would (pytest-qt, offscreen)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLabel, QPushButton, QSpinBox

from core.training.config import TrainConfig
from tests.gui.conftest import LONG, SMALL

TIMEOUT = 60_000


def click(qtbot, button: QPushButton) -> None:
    assert button.isEnabled(), f"{button.objectName()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def run_to_end(qtbot, window):
    with qtbot.waitSignal(window.run_finished, timeout=TIMEOUT) as blocker:
        click(qtbot, window.start_button)
    return blocker.args[0]


def wait_for_steps(qtbot, window, steps: int) -> None:
    qtbot.waitUntil(lambda: window.loss_plot.count >= steps, timeout=TIMEOUT)


def test_default_window_has_the_named_widgets(make_window):
    w = make_window()
    kinds = {
        "epochsSpin": QSpinBox, "batchSizeSpin": QSpinBox, "lrSpin": QDoubleSpinBox,
        "momentumSpin": QDoubleSpinBox, "samplesSpin": QSpinBox, "datasetCombo": QComboBox,
        "modelCombo": QComboBox, "startButton": QPushButton, "pauseButton": QPushButton,
        "stopButton": QPushButton, "stepButton": QPushButton, "iterationCounter": QLabel,
        "lossPlot": pg.PlotWidget, "nesterovCheck": QCheckBox, "dropLastCheck": QCheckBox,
        "seedSpin": QSpinBox,
    }  # fmt: skip
    for name, kind in kinds.items():
        found = w.findChild(kind, name)
        assert found is not None, name
    assert w.findChild(QSpinBox, "batchSizeSpin").value() == 64
    assert w.findChild(QSpinBox, "samplesSpin").value() == 60000
    text = w.findChild(QLabel, "iterationCounter").text()
    assert "Epoch 0/5" in text and "0/938" in text and "step 0/4,690" in text
    assert w.start_button.isEnabled() and w.step_button.isEnabled()
    assert not w.pause_button.isEnabled() and not w.stop_button.isEnabled()


def test_arithmetic_is_shown_before_training(make_window, qtbot):
    w = make_window()
    label = w.controls.arithmetic
    assert "⌈60,000 / 64⌉ = <b>938</b> iterations per epoch (last batch: 32 samples)" in label.text()
    assert "5 epochs × 938 = <b>4,690</b> optimizer.step() calls" in label.text()
    batch = w.findChild(QSpinBox, "batchSizeSpin")
    batch.setValue(100)
    assert "⌈60,000 / 100⌉ = <b>600</b> iterations per epoch (all batches full)" in label.text()
    batch.setValue(64)
    w.controls.drop_last.setChecked(True)
    assert "⌊60,000 / 64⌋ = <b>937</b> iterations per epoch (32 samples left out each epoch)" in label.text()
    assert "0/937" in w.counter.label.text()
    w.findChild(QComboBox, "datasetCombo").setCurrentIndex(w.controls.dataset.findData("digits"))
    assert w.findChild(QSpinBox, "samplesSpin").value() == 1437
    assert "⌊1,437 / 64⌋ = <b>22</b>" in label.text()


def test_a_rejected_combination_is_shown_next_to_the_field(make_window):
    w = make_window()
    w.findChild(QSpinBox, "samplesSpin").setValue(1000)
    w.findChild(QSpinBox, "batchSizeSpin").setValue(2000)
    error = w.findChild(QLabel, "batch_sizeError")
    assert error.isVisible() and "between 1 and the training-set size 1,000" in error.text()
    assert not w.start_button.isEnabled() and not w.step_button.isEnabled()
    assert w.start() is False  # the shortcut path refuses too
    w.findChild(QSpinBox, "batchSizeSpin").setValue(500)
    assert not error.isVisible() and w.start_button.isEnabled()
    w.controls.dataset.setCurrentIndex(w.controls.dataset.findData("linear-1d"))
    assert w.controls.model.currentData() == "linear"  # switched with the dataset
    w.controls.model.setCurrentIndex(w.controls.model.findData("softmax"))
    assert w.findChild(QLabel, "modelError").isVisible() and not w.start_button.isEnabled()


def test_start_runs_to_the_end_and_everything_agrees(make_window, qtbot):
    w = make_window(SMALL)
    result = run_to_end(qtbot, w)
    assert result.status == "completed"
    text = w.counter.label.text()
    assert "Epoch 2/2" in text and "Iteration 32/32" in text and "step 64/64" in text
    np.testing.assert_array_equal(w.loss_plot.loss, result.history.loss)
    assert [r.epoch for r in w.epoch_plot.records] == [1, 2]
    assert len(w.accuracy_plot.values) == 2
    assert w.state == "idle" and w.start_button.isEnabled() and not w.stop_button.isEnabled()
    assert w.status_label.text() == "Completed 64 steps in 2 epochs"


def test_controls_that_cannot_apply_are_disabled_during_a_run(make_window, qtbot):
    w = make_window(LONG)
    click(qtbot, w.start_button)
    wait_for_steps(qtbot, w, 1)
    for name in ("epochsSpin", "batchSizeSpin", "samplesSpin", "datasetCombo", "modelCombo", "nesterovCheck"):
        assert not w.findChild(
            QSpinBox if "Spin" in name else (QComboBox if "Combo" in name else QCheckBox), name
        ).isEnabled()
    assert (
        w.findChild(QDoubleSpinBox, "lrSpin").isEnabled()
        and w.findChild(QDoubleSpinBox, "momentumSpin").isEnabled()
    )
    assert not w.start_button.isEnabled() and not w.reset_button.isEnabled()
    with qtbot.waitSignal(w.run_finished, timeout=TIMEOUT):
        click(qtbot, w.stop_button)
    assert w.findChild(QSpinBox, "epochsSpin").isEnabled()


def test_pause_and_resume(make_window, qtbot):
    w = make_window(LONG)
    click(qtbot, w.start_button)
    wait_for_steps(qtbot, w, 5)
    with qtbot.waitSignal(w.session.runner.paused, timeout=TIMEOUT):
        click(qtbot, w.pause_button)
    assert w.state == "paused" and w.pause_button.text() == "Resume"
    trainer = w.session.runner.trainer
    steps = trainer.history.size
    assert w.loss_plot.count == steps  # flushed at the pause
    assert f"step {steps:,}/" in w.counter.label.text()
    qtbot.wait(50)  # the engine is paused: nothing moves
    assert trainer.history.size == steps
    click(qtbot, w.pause_button)
    assert w.state == "running" and w.pause_button.text() == "Pause"
    qtbot.waitUntil(lambda: trainer.history.size > steps, timeout=TIMEOUT)
    with qtbot.waitSignal(w.run_finished, timeout=TIMEOUT) as blocker:
        click(qtbot, w.stop_button)
    assert blocker.args[0].status == "stopped"


def test_step_takes_exactly_one_optimizer_step(make_window, qtbot):
    w = make_window(SMALL)
    with qtbot.waitSignal(w.state_changed, check_params_cb=lambda s: s == "paused", timeout=TIMEOUT):
        click(qtbot, w.step_button)  # before Start: starts the run and pauses after its first step
    assert w.loss_plot.count == 1 and w.session.runner.trainer.history.size == 1
    assert "Iteration 1/32" in w.counter.label.text() and "step 1/64" in w.counter.label.text()
    for expected in (2, 3, 4):
        with qtbot.waitSignal(w.session.runner.paused, timeout=TIMEOUT) as blocker:
            click(qtbot, w.step_button)
        assert blocker.args[0] == expected
        assert w.loss_plot.count == expected and w.session.runner.trainer.history.size == expected
        assert f"step {expected}/64" in w.counter.label.text()
    with qtbot.waitSignal(w.run_finished, timeout=TIMEOUT) as blocker:
        click(qtbot, w.stop_button)
    assert blocker.args[0].status == "stopped" and blocker.args[0].history.size == 4


def test_stop_mid_run_keeps_the_history(make_window, qtbot):
    w = make_window(LONG)
    click(qtbot, w.start_button)
    wait_for_steps(qtbot, w, 40)
    with qtbot.waitSignal(w.run_finished, timeout=TIMEOUT) as blocker:
        click(qtbot, w.stop_button)
    result = blocker.args[0]
    assert result.status == "stopped" and result.history.size >= 40
    np.testing.assert_array_equal(w.loss_plot.loss, result.history.loss)
    assert f"step {result.history.size:,}/" in w.counter.label.text()
    assert w.status_label.text().startswith("Stopped after")


def test_close_mid_run_stops_the_worker(make_window, qtbot):
    w = make_window(LONG)
    click(qtbot, w.start_button)
    wait_for_steps(qtbot, w, 5)
    controller = w.session.runner
    w.close()
    assert not controller.busy  # the thread was stopped and waited for (the fixture checks it ended)


def test_twenty_start_stop_cycles(make_window, qtbot):
    w = make_window(LONG)
    for _ in range(20):
        with qtbot.waitSignal(w.run_finished, timeout=TIMEOUT) as blocker:
            click(qtbot, w.start_button)
            click(qtbot, w.stop_button)
        assert blocker.args[0].status == "stopped"
        assert w.state == "idle" and not w.session.runner.busy
    w.controls.set_config(SMALL)  # and the window is still usable for a full run
    assert run_to_end(qtbot, w).status == "completed"


def test_a_diverging_lr_is_reported_and_the_window_stays_usable(make_window, qtbot):
    config = TrainConfig(dataset="linear-1d", samples=1000, model="linear", lr=10.0, momentum=0.0, epochs=5)
    w = make_window(config)
    result = run_to_end(qtbot, w)
    assert result.status == "diverged"
    assert w.status_label.text().startswith(f"diverged at step {result.diverged_step:,} (loss = ")
    assert w.banner.isVisible() and "Diverged at step" in w.banner.text()
    assert np.all(np.isfinite(w.loss_plot.loss)) and w.loss_plot.count == result.history.size
    w.findChild(QDoubleSpinBox, "lrSpin").setValue(0.01)
    assert run_to_end(qtbot, w).status == "completed"
    assert not w.banner.isVisible()


def test_an_engine_exception_reaches_the_user(make_window, qtbot, monkeypatch):
    import core.training.engine

    def broken(*args, **kwargs):
        raise RuntimeError("model factory broke")

    monkeypatch.setattr(core.training.engine, "build_model", broken)
    w = make_window(SMALL)
    result = run_to_end(qtbot, w)
    assert result.status == "error"
    assert w.banner.isVisible() and "model factory broke" in w.banner.text()
    monkeypatch.undo()
    assert run_to_end(qtbot, w).status == "completed"


def test_lr_and_momentum_change_mid_run_like_a_scheduler(make_window, qtbot):
    w = make_window(LONG)
    click(qtbot, w.start_button)
    wait_for_steps(qtbot, w, 3)
    with qtbot.waitSignal(w.session.runner.paused, timeout=TIMEOUT):
        click(qtbot, w.pause_button)
    steps = w.session.runner.trainer.history.size
    w.findChild(QDoubleSpinBox, "lrSpin").setValue(0.2)
    w.findChild(QDoubleSpinBox, "momentumSpin").setValue(0.5)
    assert "β\xa0=\xa00.5 from the next step on" in w.status_label.text()  # no-break spaces
    with qtbot.waitSignal(w.session.runner.paused, timeout=TIMEOUT):
        click(qtbot, w.step_button)
    with qtbot.waitSignal(w.run_finished, timeout=TIMEOUT) as blocker:
        click(qtbot, w.stop_button)
    result = blocker.args[0]
    lr = result.history.column("lr")
    assert set(lr[:steps]) == {0.01} and lr[steps] == 0.2
    assert result.changes == [{"step": steps + 1, "lr": 0.2, "momentum": 0.5}]


def test_plot_options_smoothing_axis_log_and_hover(make_window, qtbot):
    w = make_window(SMALL)
    run_to_end(qtbot, w)
    plot = w.loss_plot
    w.smoothing.setValue(0)
    np.testing.assert_array_equal(plot.smoothed, plot.loss)
    w.smoothing.setValue(900)
    assert plot.smoothed[0] == plot.loss[0] and not np.array_equal(plot.smoothed, plot.loss)
    w.x_axis.setCurrentIndex(w.x_axis.findData("epoch"))
    x, _ = plot.raw.getOriginalDataset()
    assert x[-1] == pytest.approx(2.0) and x[0] == pytest.approx(1 / 32)
    assert [line.value() for line in plot._boundaries] == [1.0, 2.0]
    w.x_axis.setCurrentIndex(w.x_axis.findData("step"))
    w.log_y.setChecked(True)
    assert plot.getPlotItem().ctrl.logYCheck.isChecked()
    w.log_y.setChecked(False)
    scene_pos = plot.getPlotItem().vb.mapViewToScene(QPointF(10, float(plot.loss[9])))
    plot._on_mouse_moved(scene_pos)
    assert w.centre.readout.text().startswith("step 10 · epoch 1, iteration 10/32 · loss ")
    plot._on_mouse_moved(QPointF(-50, -50))
    assert w.centre.readout.text() == ""


def test_reset_clears_the_plots_and_counter(make_window, qtbot):
    w = make_window(SMALL)
    run_to_end(qtbot, w)
    click(qtbot, w.reset_button)
    assert w.loss_plot.count == 0 and w.epoch_plot.records == [] and w.accuracy_plot.values == []
    assert "Epoch 0/2" in w.counter.label.text() and "0/32" in w.counter.label.text()


def test_a_million_points_fit_in_the_loss_plot(make_window, qtbot):
    w = make_window()
    plot = w.loss_plot
    plot.reset(938)
    values = np.random.default_rng(0).random(1_000_000)
    for start in range(0, values.size, 50_000):
        plot.append(values[start : start + 50_000], start)
    assert plot.count == 1_000_000
    np.testing.assert_array_equal(plot.loss, values)
    # Drawn downsampled and clipped to the view: the raw loss keeps each bin's extremes (peak), the
    # smoothed curve a point a bin.
    for curve, method in ((plot.raw, "peak"), (plot.smooth, "subsample")):
        assert curve.opts["autoDownsample"] and curve.opts["downsampleMethod"] == method
        assert curve.opts["clipToView"]
        qtbot.waitUntil(lambda c=curve: len(c._getDisplayDataset().x) < 20_000, timeout=10_000)
