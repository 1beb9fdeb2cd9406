"""Instant paths (core.experiments.instant) against torch.optim.SGD run full-batch on the same data, from the
model's real initial weights, with torch's own MSE loss and torch's lr schedulers, step by step."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch.nn import functional as F  # noqa: N812

from core.experiments.instant import (
    PATH_STEPS,
    covers,
    full_batch_path,
    initial_point,
    instant_path,
    path_steps,
    scheduled_lr,
    surface_gradient,
)
from core.experiments.landscape import TwoBasinsSurface, linear_quadratic
from core.training.config import TWO_BASINS_START, TrainConfig
from core.training.data import load_dataset
from core.training.optim import SeedSGD, build_scheduler

LINE = TrainConfig(dataset="linear-1d", model="linear", samples=1000, batch_size=1000, epochs=40)
BASINS = TrainConfig(dataset="two-basins", model="two-basins", samples=512, batch_size=512, epochs=40)


@pytest.fixture(scope="module")
def problems():
    """Per problem: the config, the float32 training set as float64 tensors, the exact surface and the
    forward pass written out with torch (not the app's model class)."""
    out = {}
    for name, config in (("linear-1d", LINE), ("two-basins", BASINS)):
        data = load_dataset(config)
        x, y = data.x_train.double(), data.y_train.double()
        if name == "linear-1d":
            surface = linear_quadratic(x[:, 0].numpy(), y.numpy())

            def forward(x, w, b):
                return x[:, 0] * w[0] + b

        else:
            surface = TwoBasinsSurface.from_data(x.numpy(), y.numpy())

            def forward(x, w, b):
                return x[:, 0] * w[0] + x[:, 1] * w[0] * w[0] + b

        out[name] = (config, x, y, surface, forward)
    return out


def torch_path(config: TrainConfig, x, y, forward, steps: int, manual: bool = False) -> np.ndarray:
    """(steps + 1, 2): the start, then (w, b) after each full-batch step of torch.optim.SGD (or SeedSGD)
    with torch's MSE loss and the run's torch scheduler."""
    w0, b0 = initial_point(config)
    w = torch.tensor([w0], dtype=torch.float64, requires_grad=True)
    b = torch.tensor(b0, dtype=torch.float64, requires_grad=True)
    settings = dict(
        lr=config.lr,
        momentum=config.momentum,
        dampening=config.dampening,
        nesterov=config.nesterov,
        weight_decay=config.weight_decay,
    )
    optimizer = SeedSGD([w, b], **settings) if manual else torch.optim.SGD([w, b], **settings)
    total = config.epochs * (config.samples // config.batch_size)
    scheduler = build_scheduler(config.lr_schedule, optimizer, total)
    out = [(w0, b0)]
    for _ in range(steps):
        if config.zero_grad:
            optimizer.zero_grad(set_to_none=False)
        F.mse_loss(forward(x, w, b), y).backward()
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        out.append((float(w.detach()[0]), float(b.detach())))
    return np.array(out)


SETTINGS = {
    "plain": dict(momentum=0.0),
    "heavy ball": dict(momentum=0.9),
    "dampening": dict(momentum=0.8, dampening=0.3),
    "nesterov": dict(momentum=0.85, nesterov=True),
    "weight decay": dict(momentum=0.9, weight_decay=0.05),
    "step schedule": dict(momentum=0.9, lr_schedule="step", epochs=3),
    "cosine schedule": dict(momentum=0.7, nesterov=True, lr_schedule="cosine", epochs=5),
    "no zero_grad": dict(momentum=0.5, zero_grad=False),
}
LR = {"linear-1d": 0.05, "two-basins": 0.04}


@pytest.mark.parametrize("problem", ["linear-1d", "two-basins"])
@pytest.mark.parametrize("setting", list(SETTINGS))
def test_the_path_is_torch_sgd_full_batch_step_by_step(problems, problem, setting):
    config, x, y, surface, forward = problems[problem]
    config = config.replace(lr=LR[problem], **{"dampening": 0.0, **SETTINGS[setting]})
    if setting == "no zero_grad":  # the gradients add up: a smaller α keeps the sum from diverging
        config = config.replace(lr=LR[problem] / 20)
    path = instant_path(config, surface, initial_point(config))
    assert path is not None and len(path) == path_steps(config) + 1
    expected = torch_path(config, x, y, forward, len(path) - 1)
    np.testing.assert_allclose(path, expected, rtol=1e-9, atol=1e-11)
    assert np.abs(np.diff(path, axis=0)).max() > 1e-3  # the path moves


@pytest.mark.parametrize("problem", ["linear-1d", "two-basins"])
def test_the_seed_form_is_torch_at_a_constant_lr_and_seed_sgd_under_a_schedule(problems, problem):
    config, x, y, surface, forward = problems[problem]
    constant = config.replace(lr=LR[problem], momentum=0.9, dampening=0.2, optimizer="sgd-manual")
    path = instant_path(constant, surface, initial_point(constant))
    as_torch = torch_path(constant, x, y, forward, len(path) - 1)
    np.testing.assert_allclose(path, as_torch, rtol=1e-9, atol=1e-11)
    cosine = constant.replace(lr_schedule="cosine", epochs=6)
    path = instant_path(cosine, surface, initial_point(cosine))
    as_seed = torch_path(cosine, x, y, forward, len(path) - 1, manual=True)
    np.testing.assert_allclose(path, as_seed, rtol=1e-9, atol=1e-11)
    # … which is not torch's path once α changes: past gradients keep the lr they were taken with
    assert np.abs(path - torch_path(cosine, x, y, forward, len(path) - 1)).max() > 1e-4


def test_the_schedule_in_closed_form_is_torchs_scheduler():
    for schedule in ("constant", "step", "cosine"):
        for total in (1, 2, 3, 7, 40, 301):
            optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.3)
            scheduler = build_scheduler(schedule, optimizer, total)
            for step in range(1, total + 1):
                expected = optimizer.param_groups[0]["lr"]
                got = scheduled_lr(0.3, schedule, step, total)
                assert got == pytest.approx(expected, rel=1e-12, abs=1e-15)
                optimizer.step()
                if scheduler is not None:
                    scheduler.step()


def test_the_start_is_the_models_real_initial_parameters():
    assert initial_point(LINE) == (0.0, 0.0)
    w, b = initial_point(BASINS)
    assert w == float(np.float32(TWO_BASINS_START[0])) and b == TWO_BASINS_START[1]


def test_steps_are_300_or_the_runs_own_total():
    default = TrainConfig(dataset="linear-1d", model="linear", samples=1000, batch_size=64)  # 5 × 16 steps
    assert path_steps(default) == 80 and path_steps(default.replace(epochs=20)) == PATH_STEPS
    short = TrainConfig(dataset="linear-1d", model="linear", samples=1000, batch_size=100, epochs=3)
    assert path_steps(short) == 30
    dropped = short.replace(batch_size=300, drop_last=True)
    assert path_steps(dropped) == 9


def test_optimizers_outside_the_sgd_family_have_no_path(problems):
    config, *_, surface, _ = problems["linear-1d"]
    for name in ("adam", "rmsprop", "adagrad"):
        c = config.replace(optimizer=name)
        assert not covers(c) and instant_path(c, surface, (0.0, 0.0)) is None
    assert covers(config) and covers(config.replace(optimizer="sgd-manual"))


def test_a_diverging_path_ends_at_the_first_point_past_the_limit(problems):
    *_, surface, _ = problems["linear-1d"]
    gradient = surface_gradient(surface)
    lam = surface.lambda_max
    path = full_batch_path(gradient, (0.0, 0.0), 10_000, lr=2.5 / lam)
    assert 2 < len(path) < 10_001
    assert np.abs(path[-1]).max() > 1e12 and np.abs(path[-2]).max() <= 1e12
    stable = full_batch_path(gradient, (0.0, 0.0), 2_000, lr=1.0 / lam, momentum=0.5)
    np.testing.assert_allclose(stable[-1], surface.minimiser, atol=1e-6)
