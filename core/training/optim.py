"""Optimizers: PyTorch's SGD, and the same update written out in the seed article's form."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class ParamStep:
    """What one ``step()`` did to one parameter tensor (copies, detached)."""

    grad: torch.Tensor  # g, weight decay included
    velocity_before: torch.Tensor  # v_{t-1} (zeros before the first step)
    velocity_after: torch.Tensor  # v_t
    before: torch.Tensor  # θ before the step
    after: torch.Tensor  # θ after the step


class SeedSGD(torch.optim.Optimizer):
    """Transparent SGD in the seed's form.

    ``β = 0``: ``θ ← θ − α·g``.  ``β > 0``: ``v ← β·v − α·(1−τ)·g`` (the first step ``v = −α·g``),
    then ``θ ← θ + v``; with Nesterov ``θ ← θ + β·v − α·g``. ``g`` includes weight decay ``λ·θ``.
    Under a constant lr this gives the same iterates as ``torch.optim.SGD`` (``v = −α·b``); when
    the lr changes, past gradients keep the lr they were taken with.

    With ``record=True`` each step keeps, per parameter, a :class:`ParamStep` in ``last_step``.
    """

    def __init__(
        self,
        params: Iterable[torch.Tensor],
        lr: float,
        momentum: float = 0.0,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
        record: bool = False,
    ) -> None:
        if lr <= 0:
            raise ValueError(f"lr must be > 0 (got {lr})")
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum must be in [0, 1) (got {momentum})")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum needs momentum > 0 and dampening 0")
        defaults = dict(
            lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay, nesterov=nesterov
        )
        super().__init__(params, defaults)
        self.record = record
        self.last_step: list[ParamStep] = []

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        records: list[ParamStep] = []
        for group in self.param_groups:
            lr, beta = group["lr"], group["momentum"]
            tau, decay, nesterov = group["dampening"], group["weight_decay"], group["nesterov"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad if decay == 0 else p.grad.add(p, alpha=decay)
                state = self.state[p]
                v = state.get("velocity")
                if self.record:
                    theta_before = p.clone()
                    v_before = v.clone() if v is not None else torch.zeros_like(p)
                if beta == 0:
                    p.add_(g, alpha=-lr)  # W ← W − α·g
                else:
                    if v is None:
                        v = state["velocity"] = g.mul(-lr)  # v₁ = −α·g₁
                    else:
                        v.mul_(beta).add_(g, alpha=-lr * (1 - tau))  # v ← β·v − α·g
                    if nesterov:
                        p.add_(v, alpha=beta).add_(g, alpha=-lr)  # θ ← θ + β·v − α·g
                    else:
                        p.add_(v)  # θ ← θ + v
                if self.record:
                    v_after = v.clone() if v is not None else (p - theta_before)
                    records.append(ParamStep(g.clone(), v_before, v_after, theta_before, p.clone()))
        if self.record:
            self.last_step = records
        return loss


def build_optimizer(name: str, params: Iterable[torch.Tensor], config, record: bool = False):
    """``sgd`` is ``torch.optim.SGD``; ``sgd-manual`` is :class:`SeedSGD` with the same settings.

    For comparison: ``adam`` (β is its β₁), ``rmsprop`` (β is its momentum) and ``adagrad`` (no
    momentum), all from ``torch.optim``.
    """
    common = dict(lr=config.lr, weight_decay=config.weight_decay)
    sgd = dict(common, momentum=config.momentum, dampening=config.dampening, nesterov=config.nesterov)
    if name == "sgd":
        return torch.optim.SGD(params, **sgd)
    if name == "sgd-manual":
        return SeedSGD(params, record=record, **sgd)
    if name == "adam":
        return torch.optim.Adam(params, betas=(config.momentum, 0.999), **common)
    if name == "rmsprop":
        return torch.optim.RMSprop(params, momentum=config.momentum, **common)
    if name == "adagrad":
        return torch.optim.Adagrad(params, **common)
    raise ValueError(f"unknown optimizer {name!r}")


def build_scheduler(name: str, optimizer: torch.optim.Optimizer, total_steps: int):
    """The lr schedule, stepped after every ``optimizer.step()`` (None for ``constant``).

    ``step``: ×0.1 at half and at three quarters of the run (``MultiStepLR``); ``cosine``: from lr
    down to 0 over the run (``CosineAnnealingLR`` with ``T_max = T − 1`` for a run of T steps, so
    step t of T trains at lr·½(1 + cos(π(t − 1)/(T − 1))): the first at lr, the last at exactly 0).
    Both optimizers read the same ``group["lr"]``.
    """
    if name == "constant":
        return None
    if name == "step":
        half = max(1, total_steps // 2)
        milestones = sorted({half, max(half + 1, (3 * total_steps) // 4)})
        return torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=milestones, gamma=0.1)
    if name == "cosine":
        return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=max(1, total_steps - 1))
    raise ValueError(f"unknown lr schedule {name!r}")
