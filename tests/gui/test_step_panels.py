"""The step inspector, the landscape dock and the momentum-forms comparison, through the window."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QSpinBox

from core.training.config import TrainConfig
from core.training.history import WATCH_FIELDS
from tests.gui.conftest import SMALL

TIMEOUT = 60_000
LINE = TrainConfig(
    dataset="linear-1d", samples=1000, model="linear", batch_size=1000, lr=0.2, momentum=0.0, epochs=30
)


def step_once(qtbot, w) -> int:
    if w.state == "idle":
        with qtbot.waitSignal(w.state_changed, check_params_cb=lambda s: s == "paused", timeout=TIMEOUT):
            qtbot.mouseClick(w.step_button, Qt.MouseButton.LeftButton)
        return w.session.runner.trainer.history.size
    with qtbot.waitSignal(w.session.runner.paused, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(w.step_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def stop(qtbot, w):
    with qtbot.waitSignal(w.run_finished, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(w.stop_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def test_walking_through_a_run_step_by_step(make_window, qtbot):
    w = make_window(SMALL.replace(momentum=0.9))
    inspector = w.inspector
    assert (
        inspector.param.currentText() == "W" and inspector.row.value() == 3 and inspector.col.value() == 392
    )
    for expected in (1, 2, 3):
        assert step_once(qtbot, w) == expected
        text = inspector.body.text()
        assert f"<b>Step {expected}</b>" in text
        assert "v ← β·v − α·g" in text and "b ← β·b + g" in text and "θ ← θ − α·b" in text
        assert "v = −α·b" in text and "✓" in text
    # The numbers shown are the engine's own record of step 3.
    entries, values, _ = w.session.runner.trainer.history.watched(3)
    k = entries.index(("W", (3, 392)))
    g = values[k, WATCH_FIELDS.index("grad")]
    after = values[k, WATCH_FIELDS.index("after")]
    assert f"g = ∂L/∂W[3, 392] = <b>{g:.6g}</b>" in inspector.body.text()
    assert f"<b>{after:.6g}</b>" in inspector.body.text()
    stop(qtbot, w)


def test_picking_another_entry_records_it_from_the_next_step(make_window, qtbot):
    w = make_window(SMALL)
    step_once(qtbot, w)
    inspector = w.inspector
    inspector.param.setCurrentIndex(inspector.param.findText("b"))
    inspector.row.setValue(7)
    assert not inspector.col.isVisible()
    assert "was not watched at step 1" in inspector.body.text()
    step_once(qtbot, w)
    assert "∂L/∂b[7]" in inspector.body.text() and "<b>Step 2</b>" in inspector.body.text()
    assert w.session.runner.trainer.history.watched(2)[0][0] == ("b", (7,))
    stop(qtbot, w)


def test_clicking_a_step_on_the_loss_plot_shows_that_step(make_window, qtbot):
    w = make_window(SMALL)
    with qtbot.waitSignal(w.run_finished, timeout=TIMEOUT):
        qtbot.mouseClick(w.start_button, Qt.MouseButton.LeftButton)
    w.loss_plot.step_clicked.emit(17)
    assert not w.findChild(QCheckBox, "inspectorFollow").isChecked()
    assert "<b>Step 17</b> — epoch 1, iteration 17/32" in w.inspector.body.text()
    w.findChild(QCheckBox, "inspectorFollow").setChecked(True)
    assert "<b>Step 64</b>" in w.inspector.body.text()


def test_the_inspector_reads_chunks_never_the_live_history(qtbot):
    """Everything the GUI gets of a run is its chunks: numbers only, which could cross a process
    boundary. The inspector shows a step from them once the run's History is gone."""
    import gc
    import pickle
    import weakref

    from core.training.chunks import Chunk
    from gui.panels.inspector import StepInspector
    from gui.threads.worker import TrainingController

    config = SMALL.replace(momentum=0.9)
    entry = ("W", (3, 392))
    controller = TrainingController()
    chunks = []
    controller.progress.connect(chunks.append)
    with qtbot.waitSignal(controller.finished, timeout=TIMEOUT) as blocker:
        controller.start(config, watch=[entry])
    history = blocker.args[0].history
    _, values, _ = history.watched(17)  # the engine's record (checked against torch in tests/core)
    g, after = values[0, WATCH_FIELDS.index("grad")], values[0, WATCH_FIELDS.index("after")]
    assert chunks and all(type(c) is Chunk and not hasattr(c, "history") for c in chunks)
    copies = [pickle.loads(pickle.dumps(c)) for c in chunks]  # as if from a worker process
    gone = weakref.ref(history)
    del history, blocker
    gc.collect()
    assert gone() is None  # nothing the GUI kept holds the run's History
    for sent in (chunks, copies):
        inspector = StepInspector()
        qtbot.addWidget(inspector)
        inspector.begin_run(config, 32)
        inspector.param.setCurrentIndex(inspector.param.findText("W"))
        inspector.row.setValue(3)
        inspector.col.setValue(392)
        for chunk in sent:
            inspector.add_chunk(chunk)
        inspector.show_clicked_step(17)
        text = inspector.body.text()
        assert "<b>Step 17</b> — epoch 1, iteration 17/32" in text
        assert f"g = ∂L/∂W[3, 392] = <b>{g:.6g}</b>" in text and f"<b>{after:.6g}</b>" in text


def test_a_loaded_run_shows_in_the_inspector(make_window, qtbot):
    w = make_window(SMALL.replace(momentum=0.9))
    with qtbot.waitSignal(w.run_finished, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(w.start_button, Qt.MouseButton.LeftButton)
    result = blocker.args[0]
    other = make_window(result.config)  # settings that describe the run (see test_fresh_views.py)
    assert other.show_result(result)
    entries, values, _ = result.history.watched(result.history.size)
    after = values[entries.index(other.inspector.entry()), WATCH_FIELDS.index("after")]
    text = other.inspector.body.text()
    assert f"<b>Step {result.history.size}</b>" in text and f"<b>{after:.6g}</b>" in text
    other.inspector.show_clicked_step(5)
    assert "<b>Step 5</b>" in other.inspector.body.text()


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"momentum": 0.0}, "Plain SGD (β = 0)"),
        ({"nesterov": True}, "θ ← θ − α·(g + β·b)"),
        ({"optimizer": "adam"}, "Adam keeps its own running statistics"),
        ({"optimizer": "sgd-manual"}, "The engine recorded the article's v"),
    ],
)
def test_the_formula_follows_the_optimizer(make_window, qtbot, changes, fragment):
    w = make_window(SMALL.replace(**changes))
    step_once(qtbot, w)
    step_once(qtbot, w)
    assert fragment in w.inspector.body.text()
    stop(qtbot, w)


def test_the_seed_form_at_alpha_zero_says_so(make_window, qtbot):
    """The cosine schedule trains its last step at α = 0, where b = −v/α is undefined."""
    w = make_window(SMALL.replace(optimizer="sgd-manual", lr_schedule="cosine", epochs=1))
    with qtbot.waitSignal(w.run_finished, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(w.start_button, Qt.MouseButton.LeftButton)
    result = blocker.args[0]
    assert result.history.column("lr")[-1] == 0.0
    text = w.inspector.body.text()
    assert f"<b>Step {result.history.size}</b>" in text
    assert "α = 0 at this step, so θ does not move" in text and "nan" not in text
    w.inspector.show_clicked_step(result.history.size - 1)  # α > 0 there: both forms again
    assert "The engine recorded the article's v" in w.inspector.body.text()


def test_landscape_draws_the_path_and_warns_past_the_bound(make_window, qtbot):
    w = make_window(LINE)
    panel = w.landscape
    assert panel.available
    with qtbot.waitSignal(w.run_finished, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(w.start_button, Qt.MouseButton.LeftButton)
    result = blocker.args[0]
    assert len(panel.earlier_paths) == 1
    label, pw, pb = panel.earlier_paths[0]
    assert label == "α = 0.2, β = 0, batch 1000"
    assert len(pw) == result.history.size + 1 and (pw[0], pb[0]) == (0.0, 0.0)  # from the start (0, 0)
    entries, values, _ = result.history.watched(result.history.size)
    assert pw[-1] == values[entries.index(("w", (0,))), WATCH_FIELDS.index("after")]
    crit = panel.stability()["lr_critical"]
    warning = w.findChild(QLabel, "landscapeWarning")
    assert not warning.isVisible()
    w.controls.lr.setValue(round(crit * 1.1, 4))
    assert warning.isVisible()
    d = result.to_dict()
    assert d["hessian_max_eigenvalue"] == pytest.approx(panel.stability()["hessian_max_eigenvalue"], rel=1e-6)
    assert d["lr_critical"] == pytest.approx(2.0 / d["hessian_max_eigenvalue"], rel=1e-9)


def test_an_lr_past_the_bound_is_flagged_before_start(make_window):
    w = make_window(LINE)
    error = w.findChild(QLabel, "lrError")
    assert not error.isVisible()
    bound = w.landscape.stability()["lr_critical"]
    w.controls.lr.setValue(round(bound * 1.05, 4))
    assert error.isVisible() and "past the stability bound" in error.text()
    assert w.start_button.isEnabled()  # a warning, not a refusal: the learner may watch it diverge
    w.controls.momentum.setValue(0.9)  # β raises the bound to (2 + 2β)/λ_max
    assert not error.isVisible()
    w.controls.nesterov.setChecked(True)  # Nesterov lowers it to (2 + 2β)/((1 + 2β)·λ_max)
    assert error.isVisible() and "(2 + 2β)/(1 + 2β)" in error.text()
    w.controls.nesterov.setChecked(False)
    w.controls.optimizer.setCurrentIndex(w.controls.optimizer.findData("adam"))  # no fixed bound
    w.controls.lr.setValue(5.0)
    assert not error.isVisible()


def test_a_schedule_is_plotted_with_the_run(make_window, qtbot):
    w = make_window(SMALL.replace(lr_schedule="cosine"))
    with qtbot.waitSignal(w.run_finished, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(w.start_button, Qt.MouseButton.LeftButton)
    _, y = w.loss_plot.lr_curve.getOriginalDataset()
    np.testing.assert_allclose(y, blocker.args[0].history.column("lr"))
    assert w.loss_plot.getPlotItem().getAxis("right").isVisible()


def test_landscape_is_explained_away_for_other_models(make_window):
    w = make_window(SMALL)
    assert not w.landscape.available
    w.findChild(QComboBox, "datasetCombo").setCurrentIndex(w.controls.dataset.findData("linear-1d"))
    assert w.controls.model.currentData() == "linear" and w.landscape.available


def test_comparing_the_momentum_forms_under_a_schedule(make_window, qtbot):
    w = make_window(SMALL.replace(lr_schedule="step", epochs=2, momentum=0.9, optimizer="adam"))
    done = []
    w.run_finished.connect(done.append)
    w.compare_forms()
    qtbot.waitUntil(
        lambda: len(done) == 2 and w.state == "idle" and not w.session.queue_active, timeout=TIMEOUT
    )
    assert [r.config.optimizer for r in done] == ["sgd", "sgd-manual"]
    summary = w.forms.summary.text()
    assert "The forms part at step 33" in summary  # the first lr drop: half of 64 steps
    a, b = (r.history.loss for r in done)
    np.testing.assert_allclose(a[:33], b[:33], rtol=1e-4)
    assert w.controls.config().optimizer == "adam"  # the learner's own settings are back


def test_comparing_under_a_constant_lr_gives_the_same_iterates(make_window, qtbot):
    w = make_window(SMALL.replace(epochs=1, momentum=0.9))
    done = []
    w.run_finished.connect(done.append)
    w.compare_forms()
    qtbot.waitUntil(lambda: len(done) == 2 and not w.session.queue_active, timeout=TIMEOUT)
    assert "Same iterates" in w.forms.summary.text()


def test_skip_zero_grad_is_marked_and_reaches_the_engine(make_window, qtbot):
    w = make_window(SMALL.replace(momentum=0.0))
    box = w.findChild(QCheckBox, "skipZeroGradCheck")
    assert "demonstration" in box.text()
    box.setChecked(True)
    assert w.controls.config().zero_grad is False
    with qtbot.waitSignal(w.run_finished, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(w.start_button, Qt.MouseButton.LeftButton)
    norms = blocker.args[0].history.column("grad_norm")
    assert norms[-1] > 3 * norms[0]


def test_schedule_locks_the_lr_during_a_run(make_window, qtbot):
    w = make_window(SMALL.replace(lr_schedule="cosine", epochs=10_000))
    step_once(qtbot, w)
    assert not w.controls.lr.isEnabled() and w.controls.momentum.isEnabled()
    assert w.findChild(QSpinBox, "epochsSpin").isEnabled() is False
    stop(qtbot, w)


def test_a_loss_slice_around_the_trained_weights_of_a_bigger_model(make_window, qtbot):
    config = TrainConfig(dataset="moons", samples=400, model="mlp", hidden=16, epochs=3, lr=0.1)
    w = make_window(config)
    assert w.surface.currentWidget() is w.slice
    assert not w.slice.button.isEnabled()
    with qtbot.waitSignal(w.run_finished, timeout=TIMEOUT):
        qtbot.mouseClick(w.start_button, Qt.MouseButton.LeftButton)
    assert w.slice.button.isEnabled()
    with qtbot.waitSignal(w.slice.jobs.done, timeout=TIMEOUT):
        qtbot.mouseClick(w.slice.button, Qt.MouseButton.LeftButton)
    plane = w.slice.plane
    assert plane.loss.shape == (25, 25) and np.all(np.isfinite(plane.loss))
    assert "Loss at ★" in w.slice.status.text()


def test_closing_during_a_slice_stops_its_thread(make_window, qtbot):
    config = TrainConfig(samples=6000, epochs=1, batch_size=600)
    w = make_window(config)
    with qtbot.waitSignal(w.run_finished, timeout=TIMEOUT):
        qtbot.mouseClick(w.start_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(w.slice.button, Qt.MouseButton.LeftButton)
    assert w.slice.jobs.busy
    w.close()
    assert not w.slice.jobs.busy


def test_the_inspector_offers_the_parameters_of_the_model_the_window_opens_with(make_window):
    """Linear regression has exactly w and b (torch.nn.Linear(1, 1) in the engine), not softmax's W."""
    w = make_window(TrainConfig(dataset="linear-1d", samples=200, model="linear"))
    assert [w.inspector.param.itemText(i) for i in range(w.inspector.param.count())] == ["w", "b"]


def test_the_forms_gap_is_the_two_update_rules_written_out(make_window, qtbot):
    """The gap plot against an independent loop: torch.optim.SGD for PyTorch's form, v ← β·v − α·g;
    θ ← θ + v for the article's, both full-batch on the same linear-1d data under the step schedule."""
    import torch
    import torch.nn.functional as F  # noqa: N812

    from core.training.data import load_dataset

    config = LINE.replace(lr_schedule="step", momentum=0.9, lr=0.05, epochs=40)
    w = make_window(config)
    done = []
    w.run_finished.connect(done.append)
    assert w.compare_forms()
    qtbot.waitUntil(lambda: len(done) == 2 and not w.session.queue_active, timeout=TIMEOUT)
    assert w.forms.entry == ("w", (0,))
    data = load_dataset(config)
    x, y = data.x_train.double(), data.y_train.double()
    steps = config.epochs  # one full batch per epoch

    def loss(theta):
        return F.mse_loss(x @ theta[:1] + theta[1], y)

    theta_torch = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    sgd = torch.optim.SGD([theta_torch], lr=config.lr, momentum=config.momentum)
    schedule = torch.optim.lr_scheduler.MultiStepLR(sgd, milestones=[steps // 2, 3 * steps // 4], gamma=0.1)
    theta, v = torch.zeros(2, dtype=torch.float64), torch.zeros(2, dtype=torch.float64)
    expected, alphas = [], []
    for _ in range(steps):
        alpha = sgd.param_groups[0]["lr"]
        alphas.append(alpha)
        sgd.zero_grad()
        loss(theta_torch).backward()
        sgd.step()
        schedule.step()
        t = theta.clone().requires_grad_(True)
        (g,) = torch.autograd.grad(loss(t), t)
        v = config.momentum * v - alpha * g
        theta = theta + v
        expected.append(float(theta_torch.detach()[0] - theta[0]))
    np.testing.assert_allclose(done[0].history.column("lr"), alphas, rtol=1e-6)
    x_drawn, gap = w.forms.gap_curve.getData()
    np.testing.assert_array_equal(x_drawn, np.arange(1, steps + 1))
    assert np.all(gap[: steps // 2] == 0) or np.max(np.abs(gap[: steps // 2])) < 1e-6
    assert np.max(np.abs(expected)) > 1e-3  # the forms really part: the check below is not of zeros
    np.testing.assert_allclose(gap, expected, atol=2e-5)
    assert "The forms part at step 21" in w.forms.summary.text()
    # the α panel shows α itself: from 0 to just above the largest α
    low, high = w.forms.lr_plot.getViewBox().viewRange()[1]
    assert low == 0 and config.lr < high < 1.2 * config.lr


def test_a_constant_alpha_reads_as_itself(make_window, qtbot):
    w = make_window(LINE.replace(momentum=0.9, lr=0.05, epochs=5))
    done = []
    w.run_finished.connect(done.append)
    assert w.compare_forms()
    qtbot.waitUntil(lambda: len(done) == 2 and not w.session.queue_active, timeout=TIMEOUT)
    low, high = w.forms.lr_plot.getViewBox().viewRange()[1]
    assert low == 0 and 0.05 < high < 0.06  # not the ±0.5 a flat line gets around itself
    axis = w.forms.lr_plot.getAxis("left")
    ticks = [value for level in axis.tickValues(low, high, 100) for value in level[1]]
    assert max(ticks) >= 0.04  # a tick near α, so that the line reads as 0.05
    assert "Same iterates" in w.forms.summary.text()
    assert np.max(np.abs(w.forms.gap_curve.getData()[1])) < 1e-6
    # float32's rounding is drawn as what it is beside θ (about 2): flat, not a zig-zag filling the plot
    low, high = w.forms.gap_plot.getViewBox().viewRange()[1]
    assert high - low >= 1e-3


def test_the_run_menu_holds_the_comparison_the_panel_names(make_window, qtbot):
    w = make_window(LINE.replace(momentum=0.9, epochs=3))
    action = w.run_actions.actions["compare"]
    run_menu = w.menus.run_menu
    assert action in run_menu.actions() and action.shortcut().toString() == "Ctrl+M"
    # the intro names the menu and its item as the menu bar spells them
    menu_title = run_menu.title().replace("&", "")
    assert f"{menu_title} → {action.text().replace('&', '')}" in w.forms.intro.text()
    done = []
    w.run_finished.connect(done.append)
    action.trigger()
    qtbot.waitUntil(lambda: len(done) == 2 and not w.session.queue_active, timeout=TIMEOUT)
    assert [r.config.optimizer for r in done] == ["sgd", "sgd-manual"]
