"""The training engine: the loop, its history, its statuses and its thread-safe control."""

from __future__ import annotations

import math
import threading

import numpy as np
import pytest
import torch

from core.training.config import ConfigError, TrainConfig
from core.training.engine import Callback, Trainer, resolve_device
from core.training.history import History

SMALL = TrainConfig(epochs=2, samples=1000, batch_size=64, lr=0.05)  # 16 steps/epoch, last batch 40


class Recorder(Callback):
    def __init__(self):
        self.events: list[tuple] = []
        self.steps = []
        self.info = None

    def on_train_begin(self, info):
        self.info = info
        self.events.append(("begin",))

    def on_epoch_begin(self, epoch):
        self.events.append(("epoch_begin", epoch))

    def on_step_end(self, step):
        self.steps.append(step)

    def on_epoch_end(self, record):
        self.events.append(("epoch_end", record.epoch))

    def on_pause(self, steps_done):
        self.events.append(("pause", steps_done))

    def on_train_end(self, result):
        self.events.append(("end", result.status))

    def on_exception(self, exc):
        self.events.append(("exception", type(exc).__name__))


def test_each_callback_is_given_its_trainer_when_the_trainer_is_built():
    class Keeper(Callback):
        def __init__(self):
            self.given = []

        def set_trainer(self, trainer):
            self.given.append(trainer)

    keeper, rec = Keeper(), Recorder()  # Recorder keeps the base class's set_trainer: nothing happens
    trainer = Trainer(SMALL, [keeper, rec])
    assert keeper.given == [trainer] and rec.events == []
    trainer.run()
    assert keeper.given == [trainer]  # once, at construction; not again when it runs


def test_hooks_carry_the_loop_numbers():
    rec = Recorder()
    result = Trainer(SMALL, [rec]).run()
    assert result.status == "completed"
    assert rec.info.steps_per_epoch == 16 and rec.info.last_batch_size == 40 and rec.info.total_steps == 32
    assert rec.info.parameters == {"W": (10, 784), "b": (10,)}
    assert [s.step for s in rec.steps] == list(range(1, 33))
    assert [s.iteration for s in rec.steps] == list(range(1, 17)) * 2
    assert [s.epoch for s in rec.steps] == [1] * 16 + [2] * 16
    assert rec.steps[15].batch_size == 40  # the last partial batch is a real step
    assert all(s.lr == 0.05 and s.grad_norm > 0 and math.isfinite(s.loss) for s in rec.steps)
    assert rec.events == [
        ("begin",),
        ("epoch_begin", 1),
        ("epoch_end", 1),
        ("epoch_begin", 2),
        ("epoch_end", 2),
        ("end", "completed"),
    ]
    h = result.history
    assert h.size == 32 and list(h.column("batch_size")[:16]) == [64] * 15 + [40]
    np.testing.assert_array_equal(h.loss, [s.loss for s in rec.steps])
    first = h.epochs[0]
    weights = h.column("batch_size")[:16]
    assert first.train_loss == pytest.approx(float(np.sum(h.loss[:16] * weights) / weights.sum()))
    assert 0 <= first.val_accuracy <= 1 and first.steps == 16


def test_drop_last_skips_the_partial_batch():
    result = Trainer(SMALL.replace(drop_last=True), []).run()
    assert result.steps_per_epoch == 15 and result.history.size == 30
    assert set(result.history.column("batch_size").tolist()) == {64}


def test_same_seed_same_history_bit_for_bit():
    a = Trainer(SMALL.replace(model="mlp", momentum=0.9), []).run()
    b = Trainer(SMALL.replace(model="mlp", momentum=0.9), []).run()
    c = Trainer(SMALL.replace(model="mlp", momentum=0.9, seed=1), []).run()
    assert a.history.loss.tobytes() == b.history.loss.tobytes()
    assert a.history.loss.tobytes() != c.history.loss.tobytes()
    assert [e.to_dict()["val_loss"] for e in a.history.epochs] == [
        e.to_dict()["val_loss"] for e in b.history.epochs
    ]


@pytest.mark.parametrize("optimizer", ["sgd", "sgd-manual"])
def test_both_optimizers_give_the_same_run(optimizer):
    base = Trainer(SMALL.replace(momentum=0.9), [], dtype=torch.float64).run()
    other = Trainer(SMALL.replace(momentum=0.9, optimizer=optimizer), [], dtype=torch.float64).run()
    np.testing.assert_allclose(other.history.loss, base.history.loss, rtol=1e-10)


@pytest.mark.parametrize(
    "config",
    [
        TrainConfig(dataset="linear-1d", samples=1000, model="linear", epochs=2),
        TrainConfig(dataset="moons", samples=500, model="mlp", epochs=3, lr=0.1),
        TrainConfig(dataset="spirals", samples=600, model="mlp", hidden=32, epochs=3, lr=0.1),
        TrainConfig(dataset="digits", samples=1437, epochs=3, lr=0.1),
        TrainConfig(dataset="linear-1d", samples=500, model="mlp", epochs=2),
    ],
    ids=lambda c: f"{c.model}-{c.dataset}",
)
def test_every_dataset_and_model_trains_and_the_loss_falls(config):
    result = Trainer(config, []).run()
    assert result.status == "completed", result.message
    loss = result.history.loss
    assert np.mean(loss[-5:]) < loss[0]
    last = result.history.epochs[-1]
    assert (last.val_accuracy is None) == (config.dataset == "linear-1d")


@pytest.mark.slow
def test_seed_example_full_size():
    result = Trainer(TrainConfig(epochs=2), []).run()
    assert result.steps_per_epoch == 938 and result.last_batch_size == 32 and result.history.size == 1876
    first, second = result.history.epochs
    assert second.train_loss < first.train_loss < math.log(10)
    assert second.val_accuracy > 0.8


def test_divergence_stops_with_a_status_not_an_exception():
    rec = Recorder()
    config = TrainConfig(dataset="linear-1d", samples=1000, model="linear", lr=10.0, momentum=0.0, epochs=5)
    result = Trainer(config, [rec]).run()
    assert result.status == "diverged"
    assert result.diverged_step == result.history.size + 1
    assert result.message.startswith(f"diverged at step {result.diverged_step:,} (")
    assert np.all(np.isfinite(result.history.loss))
    assert all(math.isfinite(e.train_loss) and math.isfinite(e.val_loss) for e in result.history.epochs)
    assert rec.events[-1] == ("end", "diverged")
    d = result.to_dict()
    assert d["status"] == "diverged" and d["diverged_step"] == result.diverged_step


def test_an_exception_in_training_ends_the_run_with_a_message():
    class Boom(Callback):
        def on_step_end(self, step):
            if step.step == 3:
                raise RuntimeError("disk on fire")

    rec = Recorder()
    result = Trainer(SMALL, [Boom(), rec]).run()
    assert result.status == "error" and result.message == "RuntimeError: disk on fire"
    assert ("exception", "RuntimeError") in rec.events and rec.events[-1] == ("end", "error")
    assert result.history.size == 3


class Gate(Callback):
    """Lets a test act from another thread at a chosen step, and see pauses."""

    def __init__(self, at_step: int, action):
        self.at_step, self.action = at_step, action
        self.paused = threading.Event()
        self.pauses: list[int] = []

    def on_step_end(self, step):
        if step.step == self.at_step:
            t = threading.Thread(target=self.action)
            t.start()
            t.join(5)

    def on_pause(self, steps_done):
        self.pauses.append(steps_done)
        self.paused.set()


def _run_in_thread(trainer):
    box = {}
    t = threading.Thread(target=lambda: box.setdefault("result", trainer.run()))
    t.start()
    return t, box


def test_stop_from_another_thread_keeps_the_history():
    trainer = Trainer(SMALL.replace(epochs=50), [])
    gate = Gate(20, trainer.request_stop)
    trainer.callbacks.append(gate)
    result = trainer.run()
    assert result.status == "stopped" and result.history.size == 20
    assert result.message == "stopped after 20 of 800 steps"
    assert len(result.history.epochs) == 1


def test_pause_resume_from_another_thread():
    trainer = Trainer(SMALL, [])
    gate = Gate(5, trainer.pause)
    trainer.callbacks.append(gate)
    t, box = _run_in_thread(trainer)
    assert gate.paused.wait(10)
    assert trainer.is_paused and trainer.history.size == 5
    trainer.resume()
    t.join(30)
    assert not t.is_alive() and box["result"].status == "completed" and box["result"].history.size == 32
    assert gate.pauses == [5]


def test_step_once_takes_exactly_one_step():
    trainer = Trainer(SMALL, [])
    gate = Gate(-1, None)
    trainer.callbacks.append(gate)
    trainer.step_once()  # before run(): start, take one step, pause
    t, box = _run_in_thread(trainer)
    for expected in (1, 2, 3):
        assert gate.paused.wait(10)
        assert trainer.history.size == expected
        gate.paused.clear()
        trainer.step_once()
    assert gate.paused.wait(10)
    assert trainer.history.size == 4
    trainer.request_stop()
    t.join(10)
    assert box["result"].status == "stopped" and box["result"].history.size == 4
    assert gate.pauses == [1, 2, 3, 4]


def test_hyperparameters_change_for_the_rest_of_the_run():
    trainer = Trainer(SMALL, [])
    trainer.callbacks.append(Gate(10, lambda: trainer.set_hyperparameters(lr=0.2, momentum=0.5)))
    result = trainer.run()
    lr = result.history.column("lr")
    assert set(lr[:10]) == {0.05} and set(lr[10:]) == {0.2}
    assert trainer.optimizer.param_groups[0]["momentum"] == 0.5
    assert result.changes == [{"step": 11, "lr": 0.2, "momentum": 0.5}]
    assert result.to_dict()["config"]["lr"] == 0.05  # the config the run started with
    with pytest.raises(ConfigError):
        trainer.set_hyperparameters(momentum=1.5)


def test_stop_while_paused():
    trainer = Trainer(SMALL, [])
    gate = Gate(3, trainer.pause)
    trainer.callbacks.append(gate)
    t, box = _run_in_thread(trainer)
    assert gate.paused.wait(10)
    trainer.request_stop()
    t.join(10)
    assert not t.is_alive() and box["result"].status == "stopped" and box["result"].history.size == 3


def test_history_grows_by_doubling_and_keeps_everything():
    h = History(16)
    for i in range(1000):
        h.append(float(i), 0.1, 1.0, i * 0.5, 8)
    assert h.size == 1000 and h.capacity == 1024
    np.testing.assert_array_equal(h.loss, np.arange(1000.0))
    assert not h.loss.flags.writeable


def test_device_resolution():
    assert resolve_device("cpu").type == "cpu"
    assert resolve_device("auto").type == ("cuda" if torch.cuda.is_available() else "cpu")
    if not torch.cuda.is_available():
        with pytest.raises(ConfigError, match="no CUDA GPU"):
            resolve_device("cuda")


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
@pytest.mark.parametrize(("dtype", "rtol"), [(torch.float64, 1e-9), (torch.float32, 1e-4)])
def test_cuda_gives_the_cpu_losses(dtype, rtol):
    config = SMALL.replace(model="mlp", momentum=0.9)
    cpu = Trainer(config, [], dtype=dtype).run()
    gpu = Trainer(config.replace(device="cuda"), [], dtype=dtype).run()
    assert gpu.device.startswith("cuda") and gpu.history.size == cpu.history.size == 32
    np.testing.assert_allclose(gpu.history.loss, cpu.history.loss, rtol=rtol)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_cuda_watched_entries_match_the_cpu():
    """Off the CPU the inspector's numbers are read from copies, never from stale cached arrays."""
    config = TrainConfig(
        dataset="linear-1d", samples=256, batch_size=16, epochs=1, model="linear", momentum=0.9
    )
    watch = [("w", (0,)), ("b", ())]
    cpu = Trainer(config, [], watch=watch).run()
    gpu = Trainer(config.replace(device="cuda"), [], watch=watch).run()
    for step in (1, 2, 10, 16):
        (_, a, na), (_, b, nb) = cpu.history.watched(step), gpu.history.watched(step)
        np.testing.assert_allclose(b, a, rtol=1e-4, atol=1e-6)
        np.testing.assert_allclose(nb, na, rtol=1e-4, atol=1e-6)


def test_the_one_process_trainer_sends_workers_to_distributed_run():
    with pytest.raises(ConfigError, match="DistributedRun") as refused:
        Trainer(TrainConfig(workers=2))
    assert refused.value.field == "workers"
