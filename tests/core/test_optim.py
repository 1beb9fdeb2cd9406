"""The seed's form of SGD gives PyTorch's iterates under a constant lr, and records what it did."""

from __future__ import annotations

import pytest
import torch

from core.training.optim import SeedSGD


def _model(seed: int) -> torch.nn.Module:
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(5, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3)).double()


def _train(opt_cls, steps: int, **kwargs) -> list[torch.Tensor]:
    model = _model(0)
    opt = opt_cls(model.parameters(), **kwargs)
    gen = torch.Generator().manual_seed(1)
    x = torch.randn(256, 5, generator=gen, dtype=torch.float64)
    y = torch.randint(0, 3, (256,), generator=gen)
    for _ in range(steps):
        idx = torch.randint(0, 256, (16,), generator=gen)
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(x[idx]), y[idx]).backward()
        opt.step()
    return [p.detach().clone() for p in model.parameters()]


SETTINGS = [
    dict(momentum=0.0),
    dict(momentum=0.9),
    dict(momentum=0.9, nesterov=True),
    dict(momentum=0.0, weight_decay=0.01),
    dict(momentum=0.9, weight_decay=0.01),
    dict(momentum=0.9, nesterov=True, weight_decay=0.05),
    dict(momentum=0.5, dampening=0.3),
]


@pytest.mark.parametrize("settings", SETTINGS, ids=lambda s: ",".join(f"{k}={v}" for k, v in s.items()))
def test_same_iterates_as_torch_sgd(settings):
    ours = _train(SeedSGD, 400, lr=0.05, **settings)
    torchs = _train(torch.optim.SGD, 400, lr=0.05, **settings)
    for a, b in zip(ours, torchs, strict=True):
        torch.testing.assert_close(a, b, rtol=1e-10, atol=1e-12)
    # And the run really moved: the comparison is not between two untouched models.
    start = [p.detach() for p in _model(0).parameters()]
    assert max(float((a - s).abs().max()) for a, s in zip(ours, start, strict=True)) > 0.1


def test_record_holds_the_seed_formula():
    p = torch.nn.Parameter(torch.tensor([1.0, -2.0], dtype=torch.float64))
    opt = SeedSGD([p], lr=0.1, momentum=0.9, record=True)
    grads = [torch.tensor([0.5, 1.0]), torch.tensor([-1.0, 2.0])]
    v = torch.zeros(2, dtype=torch.float64)
    theta = p.detach().clone()
    for g in grads:
        p.grad = g.double()
        opt.step()
        (r,) = opt.last_step
        torch.testing.assert_close(r.velocity_before, v)
        v = 0.9 * v - 0.1 * g.double()  # v ← β·v − α·g
        torch.testing.assert_close(r.velocity_after, v)
        torch.testing.assert_close(r.before, theta)
        theta = theta + v  # θ ← θ + v
        torch.testing.assert_close(r.after, theta)
        torch.testing.assert_close(p.detach(), theta)
        torch.testing.assert_close(r.grad, g.double())


def test_plain_sgd_is_w_minus_alpha_g():
    w = torch.nn.Parameter(torch.tensor([3.0], dtype=torch.float64))
    opt = SeedSGD([w], lr=0.25, record=True)
    w.grad = torch.tensor([2.0], dtype=torch.float64)
    opt.step()
    assert float(w.detach()) == 3.0 - 0.25 * 2.0
    assert float(opt.last_step[0].velocity_after) == -0.5  # Δθ = −α·g


def _two_steps(opt_cls):
    """g ≡ 1, β = 0.9, θ₀ = 0; lr 0.1 for step 1, then 0.01: PyTorch's form ends at −0.119, the
    seed's at −0.2."""
    theta = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    opt = opt_cls([theta], lr=0.1, momentum=0.9)
    for lr in (0.1, 0.01):
        opt.param_groups[0]["lr"] = lr
        theta.grad = torch.ones(1, dtype=torch.float64)
        opt.step()
    return float(theta.detach())


def test_forms_part_when_the_lr_changes():
    assert _two_steps(torch.optim.SGD) == pytest.approx(-0.119, abs=1e-12)
    assert _two_steps(SeedSGD) == pytest.approx(-0.200, abs=1e-12)


@pytest.mark.parametrize("bad", [dict(lr=0.0), dict(lr=0.1, momentum=1.0), dict(lr=0.1, nesterov=True)])
def test_rejects_bad_settings(bad):
    with pytest.raises(ValueError):
        SeedSGD([torch.nn.Parameter(torch.zeros(1))], **bad)
