"""Gradient accumulation: backward() every iteration, optimizer.step() and zero_grad() every k, each
mini-batch's loss scaled by its share of the window's samples. Checked against a loop written here
with torch.optim.SGD, and by the equivalence of k batches of B with one batch of k·B."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from core.training.config import ConfigError, TrainConfig
from core.training.data import load_dataset
from core.training.engine import Callback, Trainer
from core.training.steps import optimizer_steps_per_epoch, window_samples
from tests.core.test_pace import FakeClock, StepTimes
from tests.samplers import reference_batches

DIGITS = TrainConfig(dataset="digits", samples=256, batch_size=16, epochs=2, lr=0.1, momentum=0.9)


class Weights(Callback):
    def __init__(self) -> None:
        self.trainer, self.after = None, []

    def set_trainer(self, trainer) -> None:
        self.trainer = trainer

    def on_step_end(self, step) -> None:
        self.after.append({k: v.detach().clone() for k, v in self.trainer.model.named_parameters()})


def test_k_batches_of_b_take_the_step_of_one_batch_of_k_times_b():
    """k·B divides N and the permutation is the same (it is drawn for the N samples, whatever B)."""
    runs = {}
    for k, b in ((4, 16), (1, 64), (2, 32)):
        weights = Weights()
        result = Trainer(DIGITS.replace(accumulate=k, batch_size=b), [weights]).run()
        assert result.status == "completed" and result.history.size == 2 * 4  # 256 / 64 = 4 steps/epoch
        runs[k] = (result, weights.after)
    one, one_weights = runs[1]
    for k in (4, 2):
        result, after = runs[k]
        np.testing.assert_allclose(result.history.loss, one.history.loss, rtol=1e-5)
        for a, b in zip(after, one_weights, strict=True):
            for name in a:
                torch.testing.assert_close(a[name], b[name], rtol=1e-5, atol=1e-6)
    assert len(runs[4][0].history.iteration_loss) == 2 * 16


def test_a_short_last_window_is_scaled_by_its_own_samples():
    """N = 300, B = 32, k = 4: 10 iterations an epoch (the last of 12 samples), windows of 128, 128 and
    44 samples, 3 optimizer steps; the reference loop is written here, apart from the engine."""
    config = TrainConfig(
        dataset="digits", samples=300, batch_size=32, epochs=2, lr=0.05, momentum=0.9, accumulate=4
    )
    assert window_samples(300, 32, False, 4) == [128, 128, 44]
    weights = Weights()
    result = Trainer(config, [weights]).run()
    data = load_dataset(config)  # the same data the engine made
    x, y = data.x_train.float(), data.y_train
    model = torch.nn.Linear(64, 10)
    torch.nn.init.zeros_(model.weight), torch.nn.init.zeros_(model.bias)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    step_loss, iteration_loss, step = [], [], 0
    for epoch_batches in reference_batches(config):
        batches = [torch.tensor(b) for b in epoch_batches]
        for w in range(0, len(batches), 4):
            window = batches[w : w + 4]
            total = sum(len(b) for b in window)
            opt.zero_grad()
            mean = 0.0
            for batch in window:
                loss = torch.nn.functional.cross_entropy(model(x[batch]), y[batch])
                (loss * len(batch) / total).backward()
                iteration_loss.append(loss.item())
                mean += loss.item() * len(batch) / total
            opt.step()
            step_loss.append(mean)
            torch.testing.assert_close(weights.after[step]["W"], model.weight.detach(), rtol=1e-5, atol=1e-6)
            step += 1
    np.testing.assert_allclose(result.history.loss, step_loss, rtol=1e-5)
    np.testing.assert_allclose(result.history.iteration_loss, iteration_loss, rtol=1e-5)
    out = result.to_dict()
    assert out["steps_per_epoch"] == 10 and out["optimizer_steps_per_epoch"] == 3
    assert out["total_steps"] == 6 and len(out["step_loss"]) == 6 and len(out["iteration_loss"]) == 20
    assert [e["steps"] for e in out["epochs"]] == [3, 3]


def test_without_accumulation_the_json_is_as_before():
    out = Trainer(DIGITS.replace(epochs=1)).run().to_dict()
    assert "optimizer_steps_per_epoch" not in out and "iteration_loss" not in out
    assert out["steps_per_epoch"] == 16 and len(out["step_loss"]) == 16


def test_step_takes_one_optimizer_step_of_k_iterations_and_pause_waits_for_the_window():
    class Stepper(Callback):
        def __init__(self) -> None:
            self.trainer, self.paused_at = None, []

        def set_trainer(self, trainer) -> None:
            self.trainer = trainer

        def on_pause(self, steps_done) -> None:
            history = self.trainer.history
            self.paused_at.append((steps_done, history.size, history.iterations))
            if len(self.paused_at) < 3:
                self.trainer.step_once()
            else:
                self.trainer.request_stop()

    stepper = Stepper()
    trainer = Trainer(DIGITS.replace(accumulate=4), [stepper])
    trainer.step_once()
    result = trainer.run()
    assert stepper.paused_at == [(1, 1, 4), (2, 2, 8), (3, 3, 12)]  # never inside a window
    assert result.status == "stopped"


def test_the_pace_counts_iterations():
    clock = FakeClock()
    times = StepTimes(clock)
    Trainer(DIGITS.replace(accumulate=4, epochs=1), [times], pace=8.0, clock=clock).run()
    gaps = [b - a for a, b in zip(times.times, times.times[1:], strict=False)]
    assert gaps == pytest.approx([4 / 8.0] * 3)  # 4 iterations at 8 a second between optimizer steps


@pytest.mark.parametrize(
    ("n", "b", "drop_last", "k"),
    [(60_000, 64, False, 4), (60_000, 64, True, 4), (300, 32, False, 4), (10, 3, False, 64)],
)
def test_optimizer_steps_per_epoch_is_the_ceiling_of_iterations_over_k(n, b, drop_last, k):
    iterations = len(torch.utils.data.DataLoader(range(n), batch_size=b, drop_last=drop_last))
    assert optimizer_steps_per_epoch(n, b, drop_last, k) == -(-iterations // k)
    windows = window_samples(n, b, drop_last, k)
    assert len(windows) == -(-iterations // k) and sum(windows) == (n // b * b if drop_last else n)


def test_accumulate_is_checked():
    for bad in (0, 65):
        errors = TrainConfig(accumulate=bad).errors()
        assert [e.field for e in errors] == ["accumulate"] and "1, 64" in errors[0].message
    with pytest.raises(ConfigError):
        Trainer(TrainConfig(accumulate=0))


def test_a_workspace_keeps_an_accumulated_runs_iteration_losses(tmp_path):
    from core.experiments.runs import RunRecord
    from core.io.workspace import Workspace, load_workspace, save_workspace

    result = Trainer(DIGITS.replace(accumulate=4, epochs=1)).run()
    path = tmp_path / "w.sgdlab"
    save_workspace(Workspace(config=result.config, runs=[RunRecord(1, "k=4", result)]), path)
    again = load_workspace(path).runs[0].result
    assert again.to_dict()["iteration_loss"] == result.to_dict()["iteration_loss"]
    assert again.to_dict()["steps_per_epoch"] == 16 and again.to_dict()["optimizer_steps_per_epoch"] == 4
    np.testing.assert_array_equal(again.history.column("batch_size"), [64] * 4)  # a step's samples: k·B
