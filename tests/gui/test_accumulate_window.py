"""Gradient accumulation in the window: the Accumulate box (accumulateSpin), the arithmetic before
Start, and the counter's iterations and optimizer steps apart, during and after a run."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core.training.config import LIMITS, TrainConfig

TIMEOUT = 60_000
# 300 digits in batches of 32: 10 iterations an epoch (the last of 12 samples); k = 4: windows of
# 4, 4 and 2 iterations (128, 128 and 44 samples), 3 optimizer steps an epoch.
SMALL = TrainConfig(dataset="digits", samples=300, batch_size=32, epochs=2, lr=0.05)


def test_the_accumulate_box_sets_k_and_the_arithmetic_says_what_it_does(make_window, qtbot):
    w = make_window(TrainConfig())
    box = w.controls.accumulate
    assert box.objectName() == "accumulateSpin"
    assert (box.minimum(), box.maximum()) == (int(LIMITS["accumulate"][0]), int(LIMITS["accumulate"][1]))
    assert "optimizer steps per epoch" not in w.controls.arithmetic.text()
    box.setValue(4)
    assert w.session.draft.accumulate == 4
    text = w.controls.arithmetic.text()
    assert "⌈938 / 4⌉ = <b>235</b> optimizer steps per epoch of 256 samples" in text
    assert "(the last: 2 iterations, 96 samples, a step too)" in text  # 938 = 234·4 + 2; 60,000 − 234·256
    assert "5 epochs × 235 = <b>1,175</b> optimizer.step() calls" in text
    assert "Iteration 0/938 · optimizer step 0/235 this epoch · 0/1,175 in the run" in w.counter.label.text()


def test_the_counter_shows_iterations_and_optimizer_steps_apart(make_window, qtbot):
    w = make_window(SMALL.replace(accumulate=4))

    def counter() -> str:
        return w.counter.label.text()

    with qtbot.waitSignal(w.signals.paused, timeout=TIMEOUT):
        qtbot.mouseClick(w.step_button, Qt.MouseButton.LeftButton)  # one optimizer step: 4 iterations
    assert not w.controls.accumulate.isEnabled()  # during a run, as the batch size
    assert "Epoch 1/2 · Iteration 4/10 · optimizer step 1/3 this epoch · 1/6 in the run" in counter()
    with qtbot.waitSignal(w.signals.paused, timeout=TIMEOUT):
        qtbot.mouseClick(w.step_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(w.signals.paused, timeout=TIMEOUT):
        qtbot.mouseClick(w.step_button, Qt.MouseButton.LeftButton)  # the short window: 2 iterations
    assert "Epoch 1/2 · Iteration 10/10 · optimizer step 3/3 this epoch · 3/6 in the run" in counter()
    with qtbot.waitSignal(w.run_finished, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(w.pause_button, Qt.MouseButton.LeftButton)  # resume to the end
    result = blocker.args[0]
    assert result.status == "completed" and result.history.size == 6
    assert "Epoch 2/2 · Iteration 10/10 · optimizer step 3/3 this epoch · 6/6 in the run" in counter()
    assert w.loss_plot.count == 6  # one point per optimizer.step()
    assert w.controls.accumulate.isEnabled()
