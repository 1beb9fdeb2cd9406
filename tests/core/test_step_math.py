"""What optimizer.step() did, as the engine records it for the step inspector, checked against torch."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from core.training.config import ConfigError, TrainConfig
from core.training.data import load_dataset
from core.training.engine import Callback, Trainer
from core.training.history import WATCH_FIELDS
from core.training.models import build_model

CONFIG = TrainConfig(epochs=1, samples=640, batch_size=64, lr=0.05, momentum=0.9, shuffle=False)
WATCH = [("W", (3, 406)), ("b", (3,)), ("W", (7, 0))]
F = {name: i for i, name in enumerate(WATCH_FIELDS)}


def reference_run(config: TrainConfig, steps: int):
    """The same training written by hand with torch.optim.SGD: per step, (g, b_before, b_after,
    θ_before, θ_after) of the watched entries."""
    data = load_dataset(config).to("cpu", torch.float64)
    model = build_model("softmax", data.features, data.outputs, config.hidden, config.seed).double()
    opt = torch.optim.SGD(
        model.parameters(), lr=config.lr, momentum=config.momentum, weight_decay=config.weight_decay
    )
    params = dict(model.named_parameters())
    rows, deltas = [], []
    for step in range(steps):
        xb = data.x_train[step * 64 : (step + 1) * 64]
        yb = data.y_train[step * 64 : (step + 1) * 64]
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(xb), yb).backward()
        before = {
            (n, i): (
                float(params[n].grad[i] + config.weight_decay * params[n].detach()[i]),
                float(opt.state[params[n]]["momentum_buffer"][i]) if params[n] in opt.state else 0.0,
                float(params[n].detach()[i]),
            )
            for n, i in WATCH
        }
        snapshot = [p.detach().clone() for p in model.parameters()]
        opt.step()
        deltas.append(
            math.sqrt(
                sum(
                    float(((p.detach() - q) ** 2).sum())
                    for p, q in zip(model.parameters(), snapshot, strict=True)
                )
            )
        )
        rows.append(
            [
                (
                    *before[(n, i)][:2],
                    float(opt.state[params[n]]["momentum_buffer"][i]),
                    before[(n, i)][2],
                    float(params[n].detach()[i]),
                )
                for n, i in WATCH
            ]
        )
    return np.array(rows), np.array(deltas)


@pytest.mark.parametrize("weight_decay", [0.0, 0.01])
def test_inspector_numbers_are_torch_sgds(weight_decay):
    config = CONFIG.replace(weight_decay=weight_decay)
    trainer = Trainer(config, [], dtype=torch.float64, watch=WATCH)
    result = trainer.run()
    h = result.history
    expected, deltas = reference_run(config, 10)
    got = np.array([h.watched(step)[1] for step in range(1, 11)])
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-14)
    assert h.watched(1)[0] == tuple(WATCH)
    # PyTorch's form, b ← β·b + g; θ ← θ − α·b, holds for the recorded numbers …
    np.testing.assert_allclose(
        got[:, :, F["buffer_after"]], 0.9 * got[:, :, F["buffer_before"]] + got[:, :, F["grad"]]
    )
    np.testing.assert_allclose(
        got[:, :, F["after"]], got[:, :, F["before"]] - 0.05 * got[:, :, F["buffer_after"]]
    )
    # … and the whole model's ‖Δθ‖ is the step torch took.
    norms = np.array([h.watched(step)[2] for step in range(1, 11)])
    np.testing.assert_allclose(norms[:, 0], deltas, rtol=1e-9)


def test_seed_form_records_v_and_it_equals_minus_alpha_b():
    torch_run = Trainer(CONFIG, [], dtype=torch.float64, watch=WATCH).run().history
    nesterov = Trainer(CONFIG.replace(nesterov=True), [], dtype=torch.float64, watch=WATCH).run().history
    # With Nesterov the step is not the buffer: ‖Δθ‖ comes from θ before and after, and differs.
    assert nesterov.watched(5)[2][0] != pytest.approx(0.05 * nesterov.watched(5)[2][1], rel=1e-6)
    seed_run = (
        Trainer(CONFIG.replace(optimizer="sgd-manual"), [], dtype=torch.float64, watch=WATCH).run().history
    )
    for step in (1, 2, 5, 10):
        _, b, _ = torch_run.watched(step)
        _, v, _ = seed_run.watched(step)
        np.testing.assert_allclose(
            v[:, F["buffer_after"]], -0.05 * b[:, F["buffer_after"]], rtol=1e-9
        )  # v = −α·b
        # the seed's own form: v ← β·v − α·g; θ ← θ + v
        np.testing.assert_allclose(
            v[:, F["buffer_after"]], 0.9 * v[:, F["buffer_before"]] - 0.05 * v[:, F["grad"]]
        )
        np.testing.assert_allclose(v[:, F["after"]], v[:, F["before"]] + v[:, F["buffer_after"]])


def test_watch_can_change_mid_run_and_bad_entries_are_ignored():
    trainer = Trainer(CONFIG, [], watch=[("b", (0,)), ("nope", (1,)), ("W", (99, 0))])

    class At(Callback):
        def on_step_end(self, step):
            if step.step == 4:
                trainer.set_watch([("W", (0, 0))])

    trainer.callbacks.append(At())
    h = trainer.run().history
    assert h.watched(4)[0] == (("b", (0,)),)
    assert h.watched(5)[0] == (("W", (0, 0)),)
    assert h.segments == [(1, (("b", (0,)),)), (5, (("W", (0, 0)),))]
    assert Trainer(CONFIG, []).run().history.watched(1) is None  # nothing watched, nothing recorded


@pytest.mark.parametrize("schedule", ["step", "cosine"])
def test_lr_schedules(schedule):
    config = CONFIG.replace(epochs=4, lr_schedule=schedule)  # 40 steps
    lr = Trainer(config, []).run().history.column("lr")
    assert lr[0] == 0.05 and len(lr) == 40
    if schedule == "step":
        np.testing.assert_allclose(lr, [0.05] * 20 + [0.005] * 10 + [0.0005] * 10)
    else:
        expected = [0.05 * (1 + math.cos(math.pi * t / 39)) / 2 for t in range(40)]
        np.testing.assert_allclose(lr, expected, rtol=1e-9, atol=1e-18)
        assert lr[-1] == 0.0  # "down to 0": the last step trains at 0


@pytest.mark.parametrize("steps", [1, 2, 3, 40, 101])
def test_cosine_first_and_last_lr_match_torchs_scheduler(steps):
    """Step t of T uses the lr torch's CosineAnnealingLR(T_max = T − 1) gives after t − 1 scheduler
    steps: α at the first, 0 at the last (a one-step run trains at α)."""
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.05)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=max(1, steps - 1))
    reference = []
    for _ in range(steps):
        reference.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    config = CONFIG.replace(samples=64 * steps if steps > 1 else 64, epochs=1, lr_schedule="cosine")
    lr = Trainer(config, []).run().history.column("lr")
    assert len(lr) == steps
    assert lr[0] == reference[0] == 0.05
    assert lr[-1] == pytest.approx(reference[-1], abs=1e-15)
    assert lr[-1] == (0.05 if steps == 1 else 0.0)


def test_the_two_momentum_forms_part_when_the_lr_changes():
    config = CONFIG.replace(epochs=4, lr_schedule="step")
    a = Trainer(config, [], dtype=torch.float64).run().history.loss
    b = Trainer(config.replace(optimizer="sgd-manual"), [], dtype=torch.float64).run().history.loss
    np.testing.assert_allclose(a[:21], b[:21], rtol=1e-10)  # the same up to the first lr drop
    assert np.max(np.abs(a[22:] - b[22:])) > 1e-4  # then PyTorch rescales the whole velocity


def test_an_lr_schedule_refuses_a_hand_change():
    trainer = Trainer(CONFIG.replace(lr_schedule="cosine"), [])
    with pytest.raises(ConfigError, match="follows the cosine schedule"):
        trainer.set_hyperparameters(lr=0.1)
    trainer.set_hyperparameters(momentum=0.5)  # β may still change


def test_skipping_zero_grad_accumulates_gradients():
    config = CONFIG.replace(zero_grad=False, momentum=0.0)
    h = Trainer(config, [], dtype=torch.float64, watch=[("b", (0,))]).run().history
    # By hand: the gradient used at step 2 is ∂L₁/∂b at θ₀ plus ∂L₂/∂b at θ₁.
    data = load_dataset(config).to("cpu", torch.float64)
    model = build_model("softmax", 784, 10, 64, 0).double()
    total = 0.0
    for step in range(2):
        model.zero_grad()
        xb, yb = data.x_train[step * 64 : (step + 1) * 64], data.y_train[step * 64 : (step + 1) * 64]
        torch.nn.functional.cross_entropy(model(xb), yb).backward()
        total += float(model.b.grad[0])
        with torch.no_grad():
            for p in model.parameters():
                p -= 0.05 * (p.grad if step == 0 else 0 * p.grad)
        if step == 0:
            first = float(model.b.grad[0])
    assert h.watched(1)[1][0, F["grad"]] == pytest.approx(first)
    assert h.watched(2)[1][0, F["grad"]] == pytest.approx(total)
    assert h.column("grad_norm")[-1] > 3 * h.column("grad_norm")[0]  # it keeps growing


@pytest.mark.parametrize("optimizer", ["adam", "rmsprop", "adagrad"])
def test_other_optimizers_train(optimizer):
    config = TrainConfig(
        dataset="moons", samples=500, model="mlp", epochs=3, lr=0.01, momentum=0.9, optimizer=optimizer
    )
    result = Trainer(config, [], watch=[("b2", (0,))]).run()
    assert result.status == "completed"
    assert np.mean(result.history.loss[-5:]) < result.history.loss[0]
    assert result.history.watched(3) is not None


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_full_batch_steps_converge_just_under_the_bound_and_diverge_just_over(momentum):
    base = TrainConfig(dataset="linear-1d", samples=1000, model="linear", batch_size=1000, momentum=momentum)
    probe = Trainer(base.replace(epochs=1), []).run()
    crit = probe.stability["lr_critical"]
    assert crit == pytest.approx((2 + 2 * momentum) / probe.stability["hessian_max_eigenvalue"])
    assert probe.to_dict()["lr_critical"] == crit
    under = Trainer(base.replace(lr=0.97 * crit, epochs=3000), [], dtype=torch.float64).run()
    over = Trainer(base.replace(lr=1.03 * crit, epochs=3000), [], dtype=torch.float64).run()
    assert under.status == "completed" and under.history.loss[-1] < 0.3  # the noise floor is 0.25
    assert over.status == "diverged" or over.history.loss[-1] > 1e6 * over.history.loss[0]


def test_only_the_two_parameter_model_reports_a_bound():
    assert Trainer(CONFIG, []).run().stability is None
    assert "lr_critical" not in Trainer(CONFIG, []).run().to_dict()


def test_watching_a_diverging_run_reports_divergence_not_an_error():
    config = TrainConfig(dataset="linear-1d", samples=1000, model="linear", lr=10.0, momentum=0.9, epochs=50)
    result = Trainer(config, [], watch=[("w", (0,)), ("b", ())]).run()
    assert result.status == "diverged", result.message


class _AsIfOffTheCpu(Trainer):
    """Reads parameters and buffers the way it does from a GPU (fresh copies every step), on the CPU."""

    def _prepare_reads(self, params):
        super()._prepare_reads(params)
        self._on_cpu, self._param_views = False, None


@pytest.mark.parametrize(
    "settings",
    [
        dict(optimizer="sgd", momentum=0.9),
        dict(optimizer="sgd-manual", momentum=0.9, nesterov=True),
        dict(optimizer="adam", momentum=0.9),
        dict(optimizer="sgd", momentum=0.0, weight_decay=0.01),
    ],
    ids=["sgd", "seed-nesterov", "adam", "plain-decay"],
)
def test_the_cached_views_read_what_fresh_copies_read(settings):
    """On the CPU the watched entries come through numpy views found once; off the CPU through
    copies made every step. Both record the same numbers."""
    config = CONFIG.replace(**settings)
    views = Trainer(config, [], watch=WATCH).run().history
    copies = _AsIfOffTheCpu(config, [], watch=WATCH).run().history
    assert views.size == copies.size == 10
    np.testing.assert_array_equal(views.watch_values[:10], copies.watch_values[:10])
    np.testing.assert_array_equal(views.watch_norms[:10], copies.watch_norms[:10])
    assert np.isfinite(views.watch_norms[:10]).all()


def test_gradients_are_zeroed_in_place_so_their_views_stay_valid():
    """zero_grad(set_to_none=False): backward() adds into the same gradient tensors every step,
    which is what lets the watched entries read them through views found once."""

    class Grads(Callback):
        def __init__(self) -> None:
            self.seen: list[list[torch.Tensor]] = []  # kept: no tensor can take an old one's place

        def on_step_end(self, step) -> None:
            self.seen.append([p.grad for p in trainer.model.parameters()])

    grads = Grads()
    trainer = Trainer(CONFIG, [grads], watch=WATCH)
    assert trainer.run().status == "completed"
    first = grads.seen[0]
    assert len(grads.seen) == 10
    assert all(g is f for seen in grads.seen for g, f in zip(seen, first, strict=True))


def test_a_float32_history_stores_a_number_past_its_range_as_inf():
    from core.training.engine import _store

    out = memoryview(np.zeros(3, dtype=np.float32))
    _store(out, 0, 1e39)
    _store(out, 1, -1e39)
    _store(out, 2, 0.5)
    assert out.tolist() == [math.inf, -math.inf, 0.5]


def test_the_watch_buffers_are_the_history_rows_and_follow_it_when_it_grows():
    from core.training.history import History

    history = History(16, watch_dtype=np.float32)
    entries = (("W", (0, 1)), ("b", (2,)))
    values, norms, row, last = history.watch_buffers(1, entries)
    assert (row, last) == (2 * len(WATCH_FIELDS), 16)
    values[(5 - 1) * row + 1 * len(WATCH_FIELDS) + 3] = 7.0  # step 5, entry 1, θ before
    norms[2 * (5 - 1) + 1] = 2.5  # step 5, ‖buffer‖
    assert history.watch_values[4, 1, 3] == 7.0 and history.watch_norms[4, 1] == 2.5
    for _ in range(16):
        history.append(1.0, 0.1, 1.0, 0.0, 1)
    values, norms, row, last = history.watch_buffers(17, entries)  # past the capacity: grown
    assert last == 32 and history.watch_values.shape[0] == 32
    assert history.watch_values[4, 1, 3] == 7.0  # what was written is kept
    values[16 * row] = 3.0
    assert history.watch_values[16, 0, 0] == 3.0
    assert history.segments == [(1, entries)]


def test_steps_not_watched_read_as_nan_however_far_the_rows_were_made_ready():
    from core.training.history import WATCH_BLOCK, History

    history = History.for_run(3 * WATCH_BLOCK)
    entries = (("W", (0, 0)),)
    values, norms, _, ready = history.watch_buffers(1, entries)
    assert ready == WATCH_BLOCK  # a block of rows at a time, not the whole run
    values[0] = 1.0
    norms[0] = norms[1] = 2.0
    for _ in range(WATCH_BLOCK + 10):  # the watch ends after step 1: the rest are plain steps
        history.append(1.0, 0.1, 1.0, 0.0, 1)
    assert history.watched(1) is not None and history.watched(2) is None
    assert np.isnan(history.watch_values[1 : history.size]).all()
    assert np.isnan(history.watch_norms[1 : history.size]).all()
