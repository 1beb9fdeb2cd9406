"""The lab's critical batch size (McCandlish et al. 2018), each estimate against an independent
computation: B_simple = tr(Σ)/|G|² from per-sample gradients taken with torch directly, and the fit of
(S/S_min − 1)(E/E_min − 1) = 1 against steps made from that relation with known S_min and E_min."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch.nn import functional as F  # noqa: N812

from core.experiments.lab import (
    TARGET_FRACTION,
    critical_batch,
    fit_critical,
    noise_base,
    simple_noise_scale,
    steps_to_target,
)
from core.training.config import TrainConfig
from core.training.data import load_dataset


@pytest.mark.parametrize(
    "config",
    [
        TrainConfig(samples=200),  # softmax at its zero start
        TrainConfig(dataset="moons", model="mlp", hidden=8, samples=400),
        TrainConfig(dataset="linear-1d", model="linear", samples=300),
    ],
)
def test_b_simple_is_the_trace_of_the_per_sample_covariance_over_the_squared_gradient(config):
    data = load_dataset(config)
    lab = simple_noise_scale(noise_base(config, data))
    # independently: every sample's gradient with torch.func, in float64
    from core.training.models import build_model

    model = build_model(config.model, data.features, data.outputs, config.hidden, config.seed).double()
    params = {k: v.detach() for k, v in model.named_parameters()}
    x, y = data.x_train.double(), data.y_train
    if data.task == "regression":
        y = y.double()

    def loss(p, xi, yi):
        out = torch.func.functional_call(model, p, (xi[None],))
        if data.task == "classification":
            return F.cross_entropy(out, yi[None])
        return F.mse_loss(out, yi[None])

    grads = torch.func.vmap(torch.func.grad(loss), in_dims=(None, 0, 0))(params, x, y)
    g = torch.cat([grads[k].reshape(len(x), -1) for k in params], dim=1).numpy()
    mean = g.mean(axis=0)
    trace = ((g - mean) ** 2).sum() / (len(g) - 1)  # tr(Σ), the unbiased per-sample covariance
    assert lab == pytest.approx(trace / (mean @ mean), rel=1e-4)


def test_the_fit_recovers_s_min_and_e_min_from_the_papers_relation():
    s_min, e_min = 120.0, 6000.0  # B_crit = 50
    batches = np.array([8, 16, 32, 64, 128, 256, 512], dtype=float)
    # E/E_min − 1 = 1/(S/S_min − 1): pick S, solve for E, and B = E/S must come out as the batch size
    steps = s_min * (1 + e_min / s_min / batches)
    samples = e_min * (1 + 1 / (steps / s_min - 1))
    assert samples / steps == pytest.approx(batches)
    assert fit_critical(batches, steps) == pytest.approx((s_min, e_min), rel=1e-9)
    # with 3% noise on S, the estimate of B_crit stays close
    rng = np.random.default_rng(0)
    noisy = steps * (1 + 0.03 * rng.standard_normal(len(steps)))
    s_fit, e_fit = fit_critical(batches, noisy)
    assert e_fit / s_fit == pytest.approx(e_min / s_min, rel=0.15)
    # steps that do not fall as B grows have no positive fit
    assert fit_critical([16, 32, 64], [10.0, 20.0, 40.0]) is None
    assert fit_critical([16], [10.0]) is None


def test_steps_to_target_interpolates_between_checkpoints():
    curve = [(0, 4.0), (1, 3.0), (2, 2.0), (4, 1.0), (8, 0.5)]
    assert steps_to_target(curve, 1.5) == pytest.approx(3.0)
    assert steps_to_target(curve, 3.0) == pytest.approx(1.0)
    assert steps_to_target(curve, 0.75) == pytest.approx(6.0)
    assert steps_to_target(curve, 0.1) is None


def test_critical_batch_sets_a_target_every_batch_size_reaches():
    s_min, e_min, initial = 50.0, 1600.0, 2.0
    curves = {}
    for b in (16, 64, 256):
        # loss falls linearly to 0.2 at the step S(B) = S_min + E_min/B, the same shape for each B
        s = s_min + e_min / b
        curves[b] = [(k, max(initial - (initial - 0.5) * k / s, 0.2 + 0.1 * (b == 256))) for k in range(400)]
    fit = critical_batch(curves, initial)
    reached = 0.3  # the highest of the lowest losses (B = 256's)
    assert fit.target == pytest.approx(reached + (1 - TARGET_FRACTION) * (initial - reached))
    for b in (16, 64, 256):
        assert fit.steps[b] is not None and fit.steps[b] < 400
    # each curve reaches the target at S(B) scaled by one factor: B_crit is unchanged by the scale
    assert fit.b_crit == pytest.approx(e_min / s_min, rel=0.03)
