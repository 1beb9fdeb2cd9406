"""A seeded monkey: a thousand random actions a curious learner could take, and the window keeps up.

Any exception in a slot or a Qt warning fails the test (pytest-qt, pyproject); a QThread left running
fails it (conftest); after every action the counter and the loss plot must agree with the engine's
history, and between runs every view must show the run the settings describe or nothing (after
Reset, a dataset change, a preset, a sweep and opening a workspace among the actions).
"""

from __future__ import annotations

import math
import os
import random

import numpy as np
import pytest

from core.session.state import RunState
from core.training.config import TrainConfig

IDLE = RunState.IDLE

ACTIONS = 1000
SEED = int(os.environ.get("SGD_LAB_MONKEY_SEED", "2026"))  # another seed: another thousand actions


def _consistent(window) -> None:
    """The counter shows what the plot holds, and the plot holds what the engine recorded."""
    plot, counter = window.loss_plot, window.counter
    assert counter.step == plot.count, (counter.step, plot.count)
    assert f"step {plot.count:,}/" in counter.label.text(), counter.label.text()
    trainer = window.session.runner.trainer if window.session.has_runner else None
    if trainer is not None:  # running: the plot is at most a chunk behind the engine
        history = trainer.history
        assert plot.count <= history.size
        assert np.array_equal(plot.loss, history.loss[: plot.count])
    elif window.state == IDLE and window.centre.has_data and window.session.last_result is not None:
        history = window.session.last_result.history
        assert plot.count == history.size, (plot.count, history.size, window.session.last_result.status)
        assert np.array_equal(plot.loss, history.loss)
        assert counter.epoch == len(history.epochs) or window.session.last_result.status != "completed"


def _per_epoch(config: TrainConfig) -> int:
    """Iterations per epoch, as len(DataLoader(range(N), batch_size=B, drop_last=…))."""
    n, b = config.samples, config.batch_size
    return n // b if config.drop_last else math.ceil(n / b)


def _fresh(window) -> None:
    """Between runs every view shows the run the settings describe, or nothing: the counter's
    totals are the settings', the inspector picks entries of the settings' model, and an empty view
    is empty everywhere."""
    session = window.session
    if window.state != IDLE or session.queue_active:
        return
    shown, draft, counter, inspector = session.shown, session.draft, window.counter, window.inspector
    config = shown if shown is not None else draft
    if shown is None:
        assert window.loss_plot.count == 0 and counter.step == 0 and inspector.store.size == 0
        assert "<b>Step" not in inspector.body.text()
    else:
        for name in ("dataset", "samples", "model", "hidden", "epochs", "batch_size", "drop_last"):
            assert getattr(shown, name) == getattr(draft, name), (name, shown, draft)
        assert inspector.store.size == window.loss_plot.count
    if shown is not None or not session.errors():
        assert (counter.epochs, counter.steps_per_epoch) == (config.epochs, _per_epoch(config))
        names = [inspector.param.itemText(i) for i in range(inspector.param.count())]
        assert names == list(session.catalogue.parameter_shapes(config)), (names, config)


def _actions(window, rng: random.Random, folder):
    c = window.controls
    docks = [window.controls_dock, window.inspector_dock, window.landscape_dock, window.forms_dock]

    def spin(widget, values):
        return lambda: widget.setValue(rng.choice(values))

    def combo(widget):
        return lambda: widget.setCurrentIndex(rng.randrange(widget.count()))

    def toggle(widget):
        return lambda: widget.setChecked(not widget.isChecked())

    small_presets = [p for p in window.presets if p.config.samples <= 2000]

    def preset():
        window.apply_preset(rng.choice(small_presets))

    def sweep():
        base = window.session.draft
        if window.state == IDLE and not window.session.errors():
            window.run_sweep([base.replace(batch_size=rng.choice([8, 50])), base.replace(lr=0.05)])

    def workspace():
        path = folder / "monkey.sgdlab"
        if window.state == IDLE and window.files.save_workspace_to(path):
            window.files.open_workspace_from(path)

    def dock():
        d = rng.choice(docks)
        if d.isVisible():
            d.close()
        else:
            d.toggleViewAction().trigger()

    buttons = {
        "start": (window.start_button, 6),
        "pause": (window.pause_button, 4),
        "step": (window.step_button, 5),
        "stop": (window.stop_button, 3),
        "reset": (window.reset_button, 2),
        "slice": (window.slice.button, 1),
    }
    controls = {
        "epochs": (c.epochs, spin(c.epochs, [1, 2, 3, 40])),
        "batch": (c.batch, spin(c.batch, [1, 7, 32, 64, 100, 5000])),
        "samples": (c.samples, spin(c.samples, [10, 60, 200, 500])),
        "lr": (c.lr, spin(c.lr, [0.0001, 0.01, 0.1, 1.0, 10.0])),
        "momentum": (c.momentum, spin(c.momentum, [0.0, 0.5, 0.9, 0.999])),
        "dampening": (c.dampening, spin(c.dampening, [0.0, 0.5])),
        "weight_decay": (c.weight_decay, spin(c.weight_decay, [0.0, 0.01])),
        "hidden": (c.hidden, spin(c.hidden, [1, 8, 32])),
        "seed": (c.seed, spin(c.seed, [0, 1, 7])),
        "dataset": (c.dataset, combo(c.dataset)),
        "model": (c.model, combo(c.model)),
        "optimizer": (c.optimizer, combo(c.optimizer)),
        "schedule": (c.schedule, combo(c.schedule)),
        "device": (c.device, combo(c.device)),
        "nesterov": (c.nesterov, toggle(c.nesterov)),
        "shuffle": (c.shuffle, toggle(c.shuffle)),
        "drop_last": (c.drop_last, toggle(c.drop_last)),
        "zero_grad": (c.skip_zero_grad, toggle(c.skip_zero_grad)),
        "inspect": (window.inspector.param, combo(window.inspector.param)),
        "x_axis": (window.x_axis, combo(window.x_axis)),
        "log_y": (window.log_y, toggle(window.log_y)),
        "smoothing": (window.smoothing, spin(window.smoothing, [0, 500, 990])),
    }
    weighted = [name for name, (_, w) in buttons.items() for _ in range(w)] + list(controls) + ["dock"] * 2
    weighted += ["preset", "sweep", "workspace"]
    others = {"dock": dock, "preset": preset, "sweep": sweep, "workspace": workspace}

    def act() -> str:
        name = rng.choice(weighted)
        if name in others:
            others[name]()
        elif name in buttons:
            buttons[name][0].click()  # does nothing while disabled, like a real click
        else:
            widget, change = controls[name]
            if widget.isEnabled():  # a learner cannot change a disabled control
                change()
        return name

    return act


def test_a_thousand_random_actions(make_window, qtbot, tmp_path):
    rng = random.Random(SEED)
    window = make_window(TrainConfig(dataset="moons", samples=200, batch_size=32, epochs=2, lr=0.1))
    window.files.show_error = lambda title, text: pytest.fail(f"{title}: {text}")
    act = _actions(window, rng, tmp_path)
    done = []
    for i in range(ACTIONS):
        done.append(act())
        qtbot.wait(rng.choice([0, 0, 1, 2, 5, 15]))
        _consistent(window)
        _fresh(window)
        if i % 100 == 99 and window.state != IDLE and rng.random() < 0.5:
            window.stop_button.click()  # now and then let a run end, so idle states get checked too
    window.stop_button.click()
    qtbot.waitUntil(lambda: window.state == IDLE, timeout=30_000)
    qtbot.waitUntil(lambda: not window.slice.jobs.busy, timeout=30_000)
    _consistent(window)
    _fresh(window)
    assert window.isVisible()
    assert {"start", "step", "pause", "stop", "reset", "preset", "sweep", "workspace", "dataset"} <= set(done)


def test_every_model_and_optimizer_at_the_largest_lr_leaves_the_window_usable(make_window, qtbot):
    """Runs that diverge (SGD on regression) end with the banner; the adaptive optimizers' runs stay
    finite; either way the next run starts and completes."""
    from PySide6.QtWidgets import QDoubleSpinBox

    from core.training.config import OPTIMIZERS

    window = make_window()
    statuses = {}
    for model in ("linear", "mlp"):
        for optimizer in OPTIMIZERS:
            window.controls.set_config(
                TrainConfig(
                    dataset="linear-1d", model=model, samples=100, batch_size=100, epochs=20, lr=10.0,
                    momentum=0.0 if optimizer == "adagrad" else 0.9, optimizer=optimizer, hidden=8,
                )
            )  # fmt: skip
            with qtbot.waitSignal(window.run_finished, timeout=30_000) as blocker:
                assert window.start()
            result = blocker.args[0]
            statuses[model, optimizer] = result.status
            assert (
                np.all(np.isfinite(window.loss_plot.loss)) and window.loss_plot.count == result.history.size
            )
            if result.status == "diverged":
                assert window.banner.isVisible() and "Diverged at step" in window.banner.text()
            else:
                assert result.status == "completed", result.message
    assert {statuses[m, o] for m in ("linear", "mlp") for o in ("sgd", "sgd-manual")} == {"diverged"}
    window.controls.set_config(TrainConfig(dataset="moons", samples=200, batch_size=50, epochs=2, lr=0.1))
    window.findChild(QDoubleSpinBox, "lrSpin").setValue(0.1)
    with qtbot.waitSignal(window.run_finished, timeout=30_000) as blocker:
        assert window.start()
    assert blocker.args[0].status == "completed" and not window.banner.isVisible()


def test_reset_with_invalid_settings_clears_the_counter_too(make_window, qtbot):
    """Found by the monkey: Reset while the batch exceeded the training set left the last run's step
    in the counter beside empty plots."""
    window = make_window(TrainConfig(dataset="moons", samples=200, batch_size=50, epochs=1, lr=0.1))
    with qtbot.waitSignal(window.run_finished, timeout=30_000):
        assert window.start()
    assert window.counter.step == 4
    window.controls.batch.setValue(5000)  # more than the 200 samples: refused at the field
    assert window.controls.errors()
    window.reset_button.click()
    assert window.loss_plot.count == 0 and window.counter.step == 0
    assert "step 0/" in window.counter.label.text()
