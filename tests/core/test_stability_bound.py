"""The stability bound of every SGD setting (issue 16, item 1), checked from both sides against two
outside references: the spectral radius of the update's own recurrence (numpy), and full-batch
training with torch.optim.SGD written out here. Then the engine (both SGD forms) and its JSON."""

from __future__ import annotations

import functools

import numpy as np
import pytest
import torch

from core.training.config import TrainConfig
from core.training.data import load_dataset
from core.training.engine import Trainer
from core.training.quadratic import linear_quadratic, stability_bound

BASE = TrainConfig(dataset="linear-1d", model="linear", samples=200, batch_size=200, epochs=400, lr=0.1)
# (momentum, nesterov, dampening, weight decay): β in {0, 0.5, 0.9}, Nesterov, dampening 0.5, decay 1
SETTINGS = [
    (0.0, False, 0.0, 0.0),
    (0.5, False, 0.0, 0.0),
    (0.9, False, 0.0, 0.0),
    (0.5, True, 0.0, 0.0),
    (0.9, True, 0.0, 0.0),
    (0.9, False, 0.5, 0.0),
    (0.5, False, 0.5, 0.0),
    (0.9, False, 0.0, 1.0),
    (0.0, False, 0.0, 1.0),
    (0.9, True, 0.0, 1.0),
    (0.9, False, 0.5, 1.0),
]
IDS = [
    f"beta{m}{'-nesterov' if n else ''}{f'-damp{d}' if d else ''}{f'-wd{w}' if w else ''}"
    for m, n, d, w in SETTINGS
]


@pytest.fixture(scope="module")
def data():
    return load_dataset(BASE).to("cpu", torch.float64)


@pytest.fixture(scope="module")
def hessian(data) -> np.ndarray:
    """H of mean((w·x + b − y)²), made here from the data: 2·[[E x², E x], [E x, 1]]."""
    x = data.x_train[:, 0].numpy()
    return 2.0 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])


def recurrence(h: np.ndarray, lr: float, momentum: float, nesterov: bool, dampening: float, decay: float):
    """The linear map torch.optim.SGD applies (after its first step) to (buffer b, θ − θ*) on the
    quadratic with Hessian ``h``: g = (H + λ_wd·I)·θ; b ← β·b + (1 − τ)·g; θ ← θ − α·(b or g + β·b)."""
    n = h.shape[0]
    a = h + decay * np.eye(n)
    eye = np.eye(n)
    if momentum == 0:
        return eye - lr * a
    b_from_b, b_from_t = momentum * eye, (1 - dampening) * a
    if nesterov:  # θ' = θ − α·(g + β·b')
        t_from_b = -lr * momentum * b_from_b
        t_from_t = eye - lr * a - lr * momentum * b_from_t
    else:  # θ' = θ − α·b'
        t_from_b, t_from_t = -lr * b_from_b, eye - lr * b_from_t
    return np.block([[b_from_b, b_from_t], [t_from_b, t_from_t]])


def spectral_radius(m: np.ndarray) -> float:
    return float(max(abs(np.linalg.eigvals(m))))


def torch_sgd_losses(data, lr, momentum, nesterov, dampening, decay, steps=400) -> np.ndarray:
    """Full-batch training of ŷ = w·x + b with torch.optim.SGD, written out (float64)."""
    w = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    b = torch.zeros((), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD(
        [w, b], lr=lr, momentum=momentum, nesterov=nesterov, dampening=dampening, weight_decay=decay
    )
    x, y = data.x_train[:, 0], data.y_train
    out = []
    for _ in range(steps):
        opt.zero_grad()
        loss = torch.mean((w * x + b - y) ** 2)
        loss.backward()
        opt.step()
        out.append(loss.item())
    return np.array(out)


@functools.cache
def app_bound(momentum, nesterov, dampening, decay, optimizer="sgd") -> float:
    cfg = BASE.replace(
        momentum=momentum, nesterov=nesterov, dampening=dampening, weight_decay=decay, optimizer=optimizer
    )
    probe = Trainer(cfg.replace(epochs=1), []).run()
    return probe.to_dict()["lr_critical"]


@pytest.mark.parametrize("setting", SETTINGS, ids=IDS)
def test_the_bound_is_where_the_recurrence_stops_contracting(setting, hessian):
    crit = app_bound(*setting)
    assert spectral_radius(recurrence(hessian, 0.95 * crit, *setting)) < 1
    assert spectral_radius(recurrence(hessian, 1.05 * crit, *setting)) > 1
    # and exactly there: the radius is 1 at the bound itself
    assert spectral_radius(recurrence(hessian, crit, *setting)) == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize("setting", SETTINGS, ids=IDS)
def test_torch_sgd_converges_under_the_bound_and_diverges_over_it(setting, data):
    crit = app_bound(*setting)
    under = torch_sgd_losses(data, 0.95 * crit, *setting)
    over = torch_sgd_losses(data, 1.05 * crit, *setting)
    assert under[-1] < under[0] and under[-1] == pytest.approx(under[-2], rel=1e-6)  # settled
    assert over[-1] > 1e6 * over[0]


@pytest.mark.parametrize("optimizer", ["sgd", "sgd-manual"])
@pytest.mark.parametrize("setting", SETTINGS, ids=IDS)
def test_the_engine_converges_at_095_and_ends_diverged_at_105(setting, optimizer):
    momentum, nesterov, dampening, decay = setting
    crit = app_bound(*setting, optimizer=optimizer)
    cfg = BASE.replace(
        momentum=momentum, nesterov=nesterov, dampening=dampening, weight_decay=decay, optimizer=optimizer
    )
    under = Trainer(cfg.replace(lr=0.95 * crit, epochs=150), []).run()
    over = Trainer(cfg.replace(lr=1.05 * crit, epochs=150), []).run()
    assert under.status == "completed" and under.history.loss[-1] < under.history.loss[0]
    assert over.status == "diverged" and over.diverged_step < 150


def test_the_issue_examples():
    """Nesterov β = 0.9: 0.191, not 0.534; weight decay 1 with β = 0.9: 0.468 (issue 16)."""
    lam = Trainer(BASE.replace(epochs=1), []).run().stability["hessian_max_eigenvalue"]
    assert app_bound(0.9, True, 0.0, 0.0) == pytest.approx(3.8 / 2.8 / lam) == pytest.approx(0.1907, abs=1e-4)
    assert (
        app_bound(0.9, False, 0.0, 1.0) == pytest.approx(3.8 / (lam + 1)) == pytest.approx(0.4681, abs=1e-4)
    )
    nesterov = Trainer(BASE.replace(momentum=0.9, nesterov=True, lr=0.27), []).run()
    assert nesterov.status == "diverged"


def test_the_reason_names_the_formula():
    d = Trainer(BASE.replace(epochs=1, momentum=0.9, nesterov=True), []).run().to_dict()
    assert d["lr_critical_reason"] == (
        "Nesterov momentum: full-batch steps converge iff α·λ_max < (2 + 2β)/(1 + 2β)"
    )
    d = Trainer(BASE.replace(epochs=1, momentum=0.9, dampening=0.5, weight_decay=1.0), []).run().to_dict()
    assert d["lr_critical_reason"].endswith("α·(1 − τ)·(λ_max + λ_wd) < 2 + 2β")
    d = Trainer(BASE.replace(epochs=1, momentum=0.0, dampening=0.5), []).run().to_dict()
    assert d["lr_critical_reason"].endswith("α·λ_max < 2")  # without momentum torch ignores τ


@pytest.mark.parametrize("optimizer", ["adam", "rmsprop", "adagrad"])
def test_adaptive_optimizers_have_no_bound(optimizer):
    d = Trainer(BASE.replace(epochs=1, optimizer=optimizer), []).run().to_dict()
    assert d["lr_critical"] is None
    assert d["lr_critical_reason"].startswith(f"{optimizer} divides each step")
    assert d["hessian_max_eigenvalue"] > 0


def test_no_bound_without_zero_grad_or_with_full_dampening(hessian):
    d = Trainer(BASE.replace(epochs=1, zero_grad=False), []).run().to_dict()
    assert d["lr_critical"] is None and "zero_grad is off" in d["lr_critical_reason"]
    # accumulated gradients: state (G, b, θ), G ← G + H·θ, b ← β·b + G, θ ← θ − α·b; radius ≥ 1 for any α
    for momentum in (0.0, 0.9):
        for lr in np.geomspace(1e-4, 10, 30):
            eye, h = np.eye(2), hessian
            m = np.block(
                [
                    [eye, np.zeros((2, 2)), h],
                    [eye, momentum * eye, h],
                    [-lr * eye, -lr * momentum * eye, eye - lr * h],
                ]
            )
            assert spectral_radius(m) >= 1 - 1e-9
    d = Trainer(BASE.replace(epochs=1, momentum=0.9, dampening=1.0), []).run().to_dict()
    assert d["lr_critical"] is None and d["lr_critical_reason"].startswith("dampening 1")


def test_stability_bound_closed_forms():
    assert stability_bound(4.0).lr_critical == 0.5
    assert stability_bound(4.0, momentum=0.5).lr_critical == pytest.approx(3 / 4)
    assert stability_bound(4.0, momentum=0.5, nesterov=True).lr_critical == pytest.approx(1.5 / 4)
    assert stability_bound(4.0, momentum=0.5, dampening=0.5).lr_critical == pytest.approx(1.5)
    assert stability_bound(3.0, momentum=0.5, weight_decay=1.0).lr_critical == pytest.approx(3 / 4)
    assert stability_bound(4.0, "adam").lr_critical is None


def test_a_run_read_back_reports_its_own_settings_bound():
    """A stability dict saved by an older SGD Lab (heavy-ball number for every setting) is reported
    with the bound of the run's settings."""
    result = Trainer(BASE.replace(epochs=1, momentum=0.9, nesterov=True), []).run()
    lam = result.stability["hessian_max_eigenvalue"]
    result.stability = {"hessian_max_eigenvalue": lam, "lr_critical": 3.8 / lam}
    assert result.to_dict()["lr_critical"] == pytest.approx(3.8 / 2.8 / lam)


def test_linear_quadratic_agrees_with_the_hessian_made_here(data, hessian):
    quad = linear_quadratic(data.x_train[:, 0].numpy(), data.y_train.numpy())
    assert quad.lambda_max == pytest.approx(np.linalg.eigvalsh(hessian)[-1], rel=1e-9)
