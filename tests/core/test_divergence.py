"""Divergence is caught long before float32 overflows, and runs that converge are never called
diverged (issue 16, item 2). The rule: core.training.engine.DivergenceCheck."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from core.training.config import TrainConfig
from core.training.engine import (
    DIVERGENCE_FACTOR,
    DIVERGENCE_REFERENCE_STEPS,
    DivergenceCheck,
    Trainer,
)

BASE = TrainConfig(dataset="linear-1d", model="linear", samples=200, batch_size=200, epochs=400, lr=0.1)
PRESETS = Path(__file__).resolve().parents[2] / "resources" / "presets"
ABOUT_DIVERGENCE = {"06-diverging-lr.json", "07-skip-zero-grad.json"}


def lam() -> float:
    return Trainer(BASE.replace(epochs=1), []).run().stability["hessian_max_eigenvalue"]


def margin(result) -> float:
    """How far the run stayed from the rule: 10⁶ × reference / the largest later loss."""
    loss = result.history.loss
    reference = loss[:DIVERGENCE_REFERENCE_STEPS].max()
    later = loss[DIVERGENCE_REFERENCE_STEPS:]
    return DIVERGENCE_FACTOR * reference / later.max() if later.size else np.inf


def test_the_rule():
    check = DivergenceCheck()
    losses = [0.0, 5.0, *[1.0] * (DIVERGENCE_REFERENCE_STEPS - 2)]
    assert not any(check(v) for v in losses)  # the reference steps are never judged
    assert check.reference == 5.0
    assert not check(5.0e6) and check(5.0e6 * 1.0001)
    quiet = DivergenceCheck()
    assert not any(quiet(v) for v in [0.0] * 30)  # a loss of exactly 0: no reference, no rule


def test_a_run_just_past_the_bound_ends_diverged_long_before_overflow():
    """``base --momentum 0 --lr 0.2894`` (1.03× the bound) ended "completed" at 9.2e20."""
    result = Trainer(BASE.replace(momentum=0.0, lr=1.03 * 2 / lam()), []).run()
    assert result.status == "diverged"
    assert result.diverged_step < 150
    assert result.message.startswith(f"diverged at step {result.diverged_step}: the loss ")
    assert np.isfinite(result.history.loss).all() and result.history.loss.max() < 1e10


@pytest.mark.parametrize(
    ("settings", "factor"),
    [
        (dict(momentum=0.9), 0.95),
        (dict(momentum=0.9, dampening=0.5), 0.95),
        (dict(momentum=0.9, dampening=0.5), 0.99),
        (dict(momentum=0.99, dampening=0.5), 0.99),
        (dict(momentum=0.999, dampening=0.9), 0.99),
        (dict(momentum=0.9, nesterov=True), 0.99),
        (dict(momentum=0.9, weight_decay=1.0), 0.99),
    ],
)
def test_runs_that_climb_before_they_fall_are_not_called_diverged(settings, factor):
    cfg = BASE.replace(**settings)
    crit = Trainer(cfg.replace(epochs=1), []).run().to_dict()["lr_critical"]
    result = Trainer(cfg.replace(lr=factor * crit, epochs=300), []).run()
    loss = result.history.loss
    assert result.status == "completed", result.message
    assert loss.max() > 10 * loss[0] or settings.get("nesterov")  # they do climb first
    assert margin(result) > 1e5


def preset_configs():
    for path in sorted(PRESETS.glob("*.json")):
        if path.name not in ABOUT_DIVERGENCE:
            yield pytest.param(TrainConfig.from_dict(json.loads(path.read_text())["config"]), id=path.stem)


@pytest.mark.parametrize("config", [c for c in preset_configs() if c.values[0].dataset == "linear-1d"])
def test_landscape_presets_converge(config):
    result = Trainer(config, []).run()
    assert result.status == "completed" and margin(result) > 1e5


@pytest.mark.slow
@pytest.mark.parametrize("config", [c for c in preset_configs() if c.values[0].dataset != "linear-1d"])
def test_the_other_presets_converge(config):
    result = Trainer(config, []).run()
    assert result.status == "completed" and margin(result) > 1e5


@pytest.mark.slow
def test_the_default_and_the_labs_default_runs_converge():
    """The default config, and the batch-size lab's defaults (its 10,000 samples, 3 epochs, batch
    sizes 16 … 256, with and without linear scaling of α)."""
    assert Trainer(TrainConfig(), []).run().status == "completed"
    lab = TrainConfig(samples=10_000, epochs=3)
    for b in (16, 32, 64, 128, 256):
        for lr in (lab.lr, lab.lr * b / lab.batch_size):  # sweep.scaled_lr: from (α, B) = (0.01, 64)
            result = Trainer(lab.replace(batch_size=b, lr=lr), []).run()
            assert result.status == "completed" and margin(result) > 1e5, (b, lr)
