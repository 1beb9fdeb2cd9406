"""Data-parallel workers in the window: the Workers box (workersSpin), the arithmetic before Start,
a 2-worker run through DistributedRun with the counter, the mean loss and each worker's, and Stop or
closing the window ending every worker process.

Each run spawns K processes (seconds on a shared 2-core machine): few runs, small data. The numbers
the texts must show are worked out here from N, K and B, apart from core.training.steps."""

from __future__ import annotations

import math
import multiprocessing
import os
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt

from core.training.config import LIMITS, TrainConfig
from core.training.engine import train

TIMEOUT = 180_000  # K processes importing torch on a loaded 2-core machine
# 256 moons, an MLP, K = 2 workers of B = 16: K·B divides N, so the run is one process of 32 step for step.
RUN = TrainConfig(dataset="moons", samples=256, batch_size=16, epochs=2, model="mlp", hidden=8, lr=0.1)
LONG = RUN.replace(samples=512, batch_size=1, epochs=50, workers=2)  # 12,800 steps: stopped long before


def _gone(pids: list[int]) -> None:
    """No worker process is left: none of ours is alive, and none of the pids is a child of ours."""
    assert pids
    assert multiprocessing.active_children() == []
    for pid in pids:
        status = Path(f"/proc/{pid}/status")
        if status.exists():  # the pid taken again since: by a process that is not ours
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
            assert int(fields["PPid"]) != os.getpid(), fields


def _counter(w) -> str:
    """The counter's text on one line (a narrow window puts the steps on a second line)."""
    return w.counter.label.text().replace("\n", " · ")


def _pids_once_training(w, qtbot) -> list[int]:
    """The workers' pids, once the first steps have reached the window."""
    qtbot.waitUntil(lambda: w.loss_plot.count > 0, timeout=TIMEOUT)
    pids = w.session.runner.worker_pids
    assert len(pids) == 2 and all(Path(f"/proc/{pid}").exists() for pid in pids)
    return pids


def test_the_workers_box_sets_k_and_the_arithmetic_shows_each_workers_share(make_window, qtbot):
    n, k, b, epochs = 303, 2, 16, 2
    w = make_window(TrainConfig(dataset="moons", samples=n, batch_size=b, epochs=epochs))
    box = w.controls.workers
    assert box.objectName() == "workersSpin"
    assert (box.minimum(), box.maximum()) == (int(LIMITS["workers"][0]), int(LIMITS["workers"][1]))
    assert box.accessibleName() and box.toolTip()
    box.setValue(k)
    assert w.session.draft.workers == k and w.start_button.isEnabled()
    assert not w.step_button.isEnabled() and "cannot pause or step" in w.step_button.toolTip()
    share = math.ceil(n / k)  # 152
    padding = k * share - n  # 1
    iterations = math.ceil(share / b)  # 10
    text = w.controls.arithmetic.text()
    assert f"{k} workers: ⌈{n} / {k}⌉ = <b>{share}</b> samples per worker" in text
    assert "(1 sample repeated as padding)" in text and padding == 1
    assert f"⌈{share} / {b}⌉ = <b>{iterations}</b> iterations per epoch on each worker" in text
    assert f"global batch {k} × {b} = <b>{k * b}</b> samples a step" in text
    assert f"{epochs} epochs × {iterations} = <b>{epochs * iterations}</b> optimizer.step() calls" in text
    counter = _counter(w)
    total = epochs * iterations
    assert (
        f"Epoch 0/{epochs} · iteration 0/{iterations} on each of {k} workers · global step 0/{total}"
        in counter
    )

    w.controls.drop_last.setChecked(True)  # each worker drops its own last partial batch
    kept = share // b  # 9
    text = w.controls.arithmetic.text()
    assert f"⌊{share} / {b}⌋ = <b>{kept}</b> iterations per epoch on each worker" in text
    dropped = share - kept * b  # 8
    assert f"({dropped} samples dropped by each worker, {k * dropped} in all)" in text
    w.controls.accumulate.setValue(4)  # the global batch K·k·B
    steps = math.ceil(kept / 4)
    text = w.controls.arithmetic.text()
    assert f"global batch {k} × 4 × {b} = <b>{k * 4 * b}</b> samples a step" in text
    assert f"⌈{kept} / 4⌉ = <b>{steps}</b> optimizer steps per epoch" in text
    box.setValue(1)
    assert w.step_button.isEnabled() and "cannot pause" not in w.step_button.toolTip()


def test_a_two_worker_run_in_the_window_is_one_process_of_twice_the_batch(make_window, qtbot):
    w = make_window(RUN.replace(workers=2))
    with qtbot.waitSignal(w.run_finished, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(w.start_button, Qt.MouseButton.LeftButton)
        assert not w.pause_button.isEnabled() and not w.step_button.isEnabled()
        assert not w.controls.workers.isEnabled() and not w.controls.lr.isEnabled()
        assert w.stop_button.isEnabled()
        pids = _pids_once_training(w, qtbot)
    result = blocker.args[0]
    assert result.status == "completed", result.message
    _gone(pids)
    # The outside check: one process of batch K·B = 32 cuts the same permutations (and torch's
    # DistributedSampler is the reference for that in tests/core/test_distributed.py).
    one = train(RUN.replace(batch_size=32))
    steps = 2 * math.ceil(math.ceil(256 / 2) / 16)  # 16
    assert result.history.size == one.history.size == steps
    np.testing.assert_allclose(result.history.loss, one.history.loss, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(w.loss_plot.loss, one.history.loss, rtol=1e-5, atol=1e-6)
    # The counter: each worker's iterations and the global steps.
    assert f"Epoch 2/2 · iteration 8/8 on each of 2 workers · global step {steps}/{steps}" in _counter(w)
    # The step inspector reads one process's steps, and says so rather than "not watched".
    assert "2 data-parallel workers train in their own processes" in w.inspector.body.text()
    w.inspector.show_clicked_step(3)
    assert "2 data-parallel workers train in their own processes" in w.inspector.body.text()
    assert "2 data-parallel workers train in their own processes" in w.weights_view.summary.text()
    assert "2 data-parallel workers each take their own mini-batches" in w.batch_view.summary.text()
    assert "2 data-parallel workers each take their own share" in w.epoch_map.line.text()
    assert w.epoch_map.key.text() == ""  # no key for cells that picture nothing of this run
    # The mean over workers is plotted; each worker's own loss on request.
    workers = np.array(result.distributed["worker_loss"]).T
    assert workers.shape == (steps, 2)
    np.testing.assert_allclose(w.loss_plot.worker_loss, workers)
    np.testing.assert_allclose(workers.mean(axis=1), w.loss_plot.loss, rtol=1e-6)
    assert w.centre.each_worker.isVisible() and not w.loss_plot._worker_curves
    w.centre.each_worker.setChecked(True)
    curves = w.loss_plot._worker_curves
    assert len(curves) == 2
    for rank, curve in enumerate(curves):
        np.testing.assert_allclose(curve.yData, workers[:, rank])
    w.centre.each_worker.setChecked(False)
    assert not w.loss_plot._worker_curves


def test_stop_mid_run_ends_every_worker_process(make_window, qtbot):
    w = make_window(LONG)
    qtbot.mouseClick(w.start_button, Qt.MouseButton.LeftButton)
    pids = _pids_once_training(w, qtbot)
    with qtbot.waitSignal(w.run_finished, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(w.stop_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].status == "stopped"
    _gone(pids)


def test_closing_the_window_mid_run_ends_every_worker_process(make_window, qtbot):
    w = make_window(LONG)
    qtbot.mouseClick(w.start_button, Qt.MouseButton.LeftButton)
    pids = _pids_once_training(w, qtbot)
    w.close()
    _gone(pids)


def test_a_workers_run_draws_no_path_on_the_landscape_it_cannot_follow(make_window):
    """The two-parameter model's (w, b) stay in the workers' processes: no legend entry for a path
    that would stay empty (a one-process run gets one, for comparison)."""
    line = TrainConfig(dataset="linear-1d", model="linear", samples=400, batch_size=20, epochs=2)
    w = make_window(line)
    w.surface._on_run_begin(line.replace(workers=2))
    assert w.landscape.current is None
    w.surface._on_run_begin(line)
    assert w.landscape.current is not None
