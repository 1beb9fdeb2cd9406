"""Fresh views: after Reset, a new dataset, a preset, a sweep and opening a workspace, the counter,
the plots and the step inspector show the run the settings describe, or are visibly empty; the
counter says "paused" while paused; the loss plot's x axis fits a few steps; the read-out goes with
the mouse; the plots' scales fit regression, a small validation set and a run that blows up.

The expected numbers are worked out here from the settings (⌈N/B⌉ iterations per epoch, as
``len(DataLoader(range(N), batch_size=B))``), never read back from the window."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt

from core.training.config import TrainConfig
from core.training.history import EpochRecord
from gui.panels.controls import ControlsPanel
from gui.panels.plots import AccuracyPlot, LossPlot
from tests.gui.test_window import TIMEOUT, run_to_end

MOONS = TrainConfig(dataset="moons", samples=200, batch_size=32, epochs=2, lr=0.1)  # ⌈200/32⌉ = 7


def empty_for(window, config: TrainConfig) -> None:
    """The views show no run: the counter at zero with ``config``'s totals, no steps in the plots or
    the inspector, the inspector's entries those of ``config``'s model."""
    per_epoch = math.ceil(config.samples / config.batch_size)
    total = per_epoch * config.epochs
    text = window.counter.label.text()
    assert f"Iteration 0/{per_epoch:,}" in text and f"step 0/{total:,}" in text, text
    assert (
        window.loss_plot.count == 0 and window.epoch_plot.records == [] and window.accuracy_plot.values == []
    )
    assert window.inspector.store.size == 0
    body = window.inspector.body.text()
    assert "No step to show yet" in body and "<b>Step" not in body, body
    assert 1.0 * total <= window.loss_plot.getPlotItem().vb.viewRange()[0][1] <= 1.03 * total
    assert window.session.shown is None


def test_reset_empties_the_counter_the_plots_the_inspector_and_the_read_out(make_window, qtbot):
    w = make_window(MOONS)
    result = run_to_end(qtbot, w)
    assert result.history.size == 14 and "<b>Step 14</b>" in w.inspector.body.text()
    plot = w.loss_plot
    plot._on_mouse_moved(plot.getPlotItem().vb.mapViewToScene(QPointF(3, float(plot.loss[2]))))
    assert w.centre.readout.text().startswith("step 3 ·") and plot.marker.isVisible()
    w.reset_button.click()
    empty_for(w, MOONS)
    assert w.centre.readout.text() == "" and not plot.marker.isVisible()


def test_the_read_out_goes_when_the_mouse_leaves_and_never_squeezes_the_options(make_window, qtbot):
    w = make_window(MOONS)
    run_to_end(qtbot, w)
    plot = w.loss_plot
    plot._on_mouse_moved(plot.getPlotItem().vb.mapViewToScene(QPointF(5, float(plot.loss[4]))))
    assert w.centre.readout.text().startswith("step 5 · epoch 1, iteration 5/7")
    plot.leaveEvent(QEvent(QEvent.Type.Leave))
    assert w.centre.readout.text() == "" and not plot.marker.isVisible()
    plot._on_mouse_moved(plot.getPlotItem().vb.mapViewToScene(QPointF(5, float(plot.loss[4]))))
    w.resize(900, w.height())  # a narrow centre: the read-out is cut, the options keep their size
    qtbot.wait(50)
    assert w.smoothing.width() >= 100
    assert w.x_axis.width() >= w.x_axis.sizeHint().width()
    assert w.centre.readout.shown_text() == w.centre.readout.text() or w.centre.readout.shown_text().endswith(
        "…"
    )
    w.restore_defaults()
    assert w.centre.readout.text() == ""


def test_a_new_dataset_empties_the_views_and_the_inspector_shows_the_new_models_entries(make_window, qtbot):
    w = make_window(MOONS)
    run_to_end(qtbot, w)
    assert w.inspector.entry()[0] == "W"
    w.controls.lr.setValue(0.2)  # α alone: the finished run still matches the settings, it stays
    assert w.loss_plot.count == 14 and "<b>Step 14</b>" in w.inspector.body.text()
    w.controls.dataset.setCurrentIndex(w.controls.dataset.findData("linear-1d"))
    draft = w.session.draft
    assert draft.dataset == "linear-1d" and draft.model == "linear"
    empty_for(w, draft)
    # linear regression on one feature: torch.nn.Linear(1, 1)'s weight, one entry, and its bias
    assert [w.inspector.param.itemText(i) for i in range(w.inspector.param.count())] == ["w", "b"]
    assert w.inspector.entry() == ("w", (0,)) and "W[" not in w.inspector.body.text()


def test_a_preset_and_the_defaults_show_their_own_span(make_window, qtbot):
    w = make_window(MOONS)
    run_to_end(qtbot, w)
    w.apply_preset(next(p for p in w.presets if p.name.startswith("01")))
    seed_example = TrainConfig()  # 60,000 samples, batch 64, 5 epochs: ⌈937.5⌉ = 938, 4,690 steps
    assert w.session.draft == seed_example
    empty_for(w, seed_example)
    assert "Iteration 0/938" in w.counter.label.text() and "step 0/4,690" in w.counter.label.text()
    assert "<b>938</b> iterations per epoch" in w.controls.arithmetic.text()


def test_the_end_of_a_sweep_leaves_the_views_at_the_settings(make_window, qtbot):
    w = make_window(MOONS)
    other_batches = [MOONS.replace(batch_size=16), MOONS.replace(batch_size=50)]
    with qtbot.waitSignal(w.signals.queue, timeout=TIMEOUT, check_params_cb=lambda q: not q.active):
        assert w.run_sweep(other_batches)
    assert [r.result.config.batch_size for r in w.runs.records] == [16, 50]
    empty_for(w, MOONS)  # the last run had ⌈200/50⌉ = 4 iterations; the settings say 7

    same_shape = [MOONS.replace(lr=0.05), MOONS.replace(lr=0.2)]
    with qtbot.waitSignal(w.signals.queue, timeout=TIMEOUT, check_params_cb=lambda q: not q.active):
        assert w.run_sweep(same_shape)
    last = w.runs.records[-1].result
    assert last.config.lr == 0.2 and w.loss_plot.count == last.history.size == 14
    np.testing.assert_array_equal(w.loss_plot.loss, last.history.loss)
    assert "Epoch 2/2 · Iteration 7/7 · step 14/14" in w.counter.label.text()


def test_a_workspace_shows_its_last_run_only_where_its_settings_describe_it(make_window, qtbot, tmp_path):
    w = make_window(MOONS)
    result = run_to_end(qtbot, w)
    assert w.files.save_workspace_to(tmp_path / "same.sgdlab")
    w.controls.batch.setValue(50)
    empty_for(w, MOONS.replace(batch_size=50))
    assert w.files.save_workspace_to(tmp_path / "other.sgdlab")

    shown = make_window()
    assert shown.files.open_workspace_from(tmp_path / "same.sgdlab")
    assert shown.loss_plot.count == result.history.size == 14
    np.testing.assert_array_equal(shown.loss_plot.loss, result.history.loss)
    assert "step 14/14" in shown.counter.label.text() and "<b>Step 14</b>" in shown.inspector.body.text()
    assert shown.files.open_workspace_from(tmp_path / "other.sgdlab")
    assert len(shown.run_records) == 1  # the run is in the runs list; the views show the settings
    empty_for(shown, MOONS.replace(batch_size=50))


def test_stepping_from_the_start_fills_the_plot_and_the_counter_says_paused(make_window, qtbot):
    config = MOONS.replace(samples=2000, epochs=3)  # ⌈2000/32⌉ = 63 iterations, 189 steps
    w = make_window(config)
    for steps in range(1, 7):
        w.step()
        qtbot.waitUntil(lambda s=steps: w.loss_plot.count == s and w.state == "paused", timeout=TIMEOUT)
    text = w.counter.label.text()
    assert "step 6/189" in text and "paused" in text and "it/s" not in text and "ETA" not in text, text
    low, high = w.loss_plot.getPlotItem().vb.viewRange()[0]
    assert low < 1 and 16 <= high <= 16 * 1.03  # six steps fill more than a third of the width, not 6/189
    with qtbot.waitSignal(w.run_finished, timeout=TIMEOUT):
        w.pause_button.click()  # resume: the rest of the run
        qtbot.waitUntil(lambda: "it/s" in w.counter.label.text(), timeout=TIMEOUT)
        assert "paused" not in w.counter.label.text()
    assert w.loss_plot.count == 189
    assert 189 <= w.loss_plot.getPlotItem().vb.viewRange()[0][1] <= 189 * 1.03  # the whole run again


def test_the_x_axis_grows_with_a_slow_run_and_spans_a_fast_one_at_once(qtbot):
    """Steps a chunk at a time (F10, a slow pace): the axis doubles as they do. Chunks of 32 steps or
    more (full speed): the whole run at once, rather than a new axis 9 times in two seconds."""
    slow, fast = LossPlot(), LossPlot()
    for plot in (slow, fast):
        qtbot.addWidget(plot)
        plot.reset(938, "classification", 5)  # the default run: 4,690 steps
    ends = []
    for _ in range(40):
        slow.append(np.full(1, 2.0))
        ends.append(slow.x_end())
    assert ends[:2] == [16, 16] and ends[16] == 32 and ends[-1] == 64  # 17 steps: 32; 40 steps: 64
    fast.append(np.full(150, 2.0))  # one chunk at full speed
    assert fast.x_end() == 4690
    fast.append(np.full(1, 2.0))  # a step after a pause keeps the span
    assert fast.x_end() == 4690
    assert slow.whole_span is False and fast.whole_span is True
    fast.reset(938, "classification", 5)
    assert fast.whole_span is False  # a new run starts small again


def test_typing_a_batch_size_the_box_cannot_take_says_so_and_says_what_is_kept(qtbot):
    panel = ControlsPanel(MOONS)
    qtbot.addWidget(panel)
    panel.show()
    panel.batch.setValue(700)  # more than the 200 samples: refused at the field
    error = panel.findChild(type(panel.arithmetic), "batch_sizeError")
    assert error.isVisible() and "700" in error.text()
    panel.batch.lineEdit().selectAll()
    qtbot.keyClicks(panel.batch.lineEdit(), "0")
    assert panel.batch.value() == 700  # Qt keeps the last value while the text is no number it takes
    assert error.isVisible() and "“0”" in error.text() and "700" not in error.text(), error.text()
    qtbot.keyClick(panel.batch, Qt.Key.Key_Return)
    assert panel.batch.text() == "700"
    assert "kept 700" in error.text() and "“0”" in error.text(), error.text()
    panel.batch.lineEdit().selectAll()
    qtbot.keyClicks(panel.batch.lineEdit(), "16")
    assert panel.batch.value() == 16 and not error.isVisible()


def test_a_regression_run_shows_no_accuracy_axis(make_window, qtbot):
    w = make_window(TrainConfig(dataset="linear-1d", model="linear", samples=300, batch_size=100, epochs=2))
    run_to_end(qtbot, w)
    plot = w.accuracy_plot.getPlotItem()
    assert w.accuracy_plot.note.textItem.toPlainText() == "regression: no accuracy"
    assert not plot.getAxis("left").isVisible() and not plot.getAxis("bottom").isVisible()
    w.controls.dataset.setCurrentIndex(w.controls.dataset.findData("moons"))
    assert plot.getAxis("left").isVisible() and w.accuracy_plot.note.textItem.toPlainText() == ""


def test_one_sample_of_a_small_validation_set_is_a_small_step_on_the_accuracy_axis(qtbot):
    plot = AccuracyPlot()
    qtbot.addWidget(plot)
    plot.reset("classification", 3, val_samples=40)  # one sample: 2.5 points
    plot.add(tuple(EpochRecord(e, 0.1, 0.1, a, 0.0, 10) for e, a in ((1, 1.0), (2, 0.975), (3, 1.0))))
    low, high = plot.getPlotItem().vb.viewRange()[1]
    assert high - low >= 20 * 2.5 - 1e-9  # one sample is at most 1/20 of the axis
    assert low <= 97.5 and 100 <= high <= 102
    big = AccuracyPlot()
    qtbot.addWidget(big)
    big.reset("classification", 3, val_samples=10_000)  # one sample: 0.01 points; 10 points at least
    big.add(tuple(EpochRecord(e, 0.1, 0.1, a, 0.0, 10) for e, a in ((1, 0.90), (2, 0.91), (3, 0.92))))
    low, high = big.getPlotItem().vb.viewRange()[1]
    assert high - low == pytest.approx(10.0) and low <= 90 and high >= 92


def ticks(plot, side: str) -> list[float]:
    """The tick values ``plot``'s axis on ``side`` draws for its view now."""
    axis = plot.getPlotItem().getAxis(side)
    low, high = plot.getPlotItem().vb.viewRange()[0 if side == "bottom" else 1]
    size = axis.width() if side in ("left", "right") else axis.geometry().width()
    return [v for _spacing, values in axis.tickValues(low, high, size) for v in values]


def test_the_per_epoch_plots_count_whole_epochs_and_accuracy_in_percent(qtbot):
    plot = AccuracyPlot()
    qtbot.addWidget(plot)
    plot.resize(300, 250)
    plot.show()
    qtbot.waitExposed(plot)
    assert plot.getPlotItem().vb.viewRange()[1] == [0, 100]  # before any run: 0–100 %, not 0–1
    for epochs in (3, 4, 7):  # a narrow plot of a few epochs: pyqtgraph would tick 1, 1.5, 2 …
        plot.reset("classification", epochs, val_samples=1000)
        shown = ticks(plot, "bottom")
        assert shown and all(float(v).is_integer() and 1 <= v <= epochs for v in shown), shown
        assert len(shown) >= min(epochs, 3)


def test_a_value_near_the_top_widens_the_axis_instead_of_sitting_on_its_edge(qtbot):
    plot = AccuracyPlot()
    qtbot.addWidget(plot)
    plot.reset("classification", 3, val_samples=1000)
    for epoch, accuracy in enumerate((0.89, 0.97, 0.98), 1):  # 98 % fell 0.04 points under the top
        plot.add((EpochRecord(epoch, 0.1, 0.1, accuracy, 0.0, 10),))
        low, high = plot.getPlotItem().vb.viewRange()[1]
        top = max(v for _e, v in plot.values)
        assert top <= high - 0.03 * (high - low), (top, low, high)


def test_a_loss_that_blows_up_switches_the_loss_plot_to_log_scale_until_the_next_run(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    switched = []
    plot.log_y_changed.connect(switched.append)
    plot.reset(1, "regression", 40)
    growing = 5.0 * 10.0 ** np.arange(30)  # the diverging preset's kind of curve: ×10 a step
    plot.append(growing[:2], 0)  # 5 and 50: an ordinary start, a linear axis
    assert not plot.log_y and switched == []
    plot.append(growing[2:], 2)
    assert plot.log_y and plot.auto_log and switched == [True]
    assert "log scale" in plot.getPlotItem().getAxis("left").labelText
    low, high = plot.getPlotItem().vb.viewRange()[1]
    assert low <= math.log10(5.0) and math.log10(5.0e29) <= high  # every step, in decades
    plot.reset(1, "regression", 40)
    assert not plot.log_y and switched == [True, False]


def test_the_diverging_preset_ends_with_log_scale_loss_plots(make_window, qtbot):
    w = make_window()
    w.apply_preset(next(p for p in w.presets if "diverg" in p.name))
    result = run_to_end(qtbot, w)
    assert result.status == "diverged"
    assert w.log_y.isChecked() and w.loss_plot.log_y and w.epoch_plot.log_y
    high = w.loss_plot.getPlotItem().vb.viewRange()[1][1]
    assert math.log10(float(np.max(result.history.loss))) <= high
    w.reset_button.click()
    assert not w.log_y.isChecked() and not w.loss_plot.log_y and not w.epoch_plot.log_y


def test_a_refusal_at_start_goes_once_the_settings_change(make_window, qtbot):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA: the run would start")
    w = make_window(MOONS.replace(device="cuda"))
    assert not w.start()
    assert w.banner.isVisible() and w.banner.text().startswith("Cannot start")
    w.controls.device.setCurrentIndex(w.controls.device.findData("cpu"))
    assert not w.banner.isVisible()
    empty_for(w, MOONS)


def test_a_run_stopped_before_its_first_step_leaves_the_inspector_empty(make_window, qtbot):
    w = make_window(MOONS)
    with qtbot.waitSignal(w.run_finished, timeout=TIMEOUT) as blocker:
        assert w.start()
        w.session.stop()  # before the worker's first step
    steps = blocker.args[0].history.size
    if steps:
        pytest.skip(f"the worker took {steps} steps before the stop reached it")
    assert "Waiting" not in w.inspector.body.text() and "No step to show yet" in w.inspector.body.text()
