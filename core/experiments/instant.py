"""Instant paths: the full-batch path of an optimizer on a two-parameter loss, without a run.

As in Goh's "Why Momentum Really Works" (Distill 2017), dragging α or β redraws where full-batch gradient
descent goes from the model's start. On the two parameter problems (linear-1d's quadratic and the two-basins
quartic, :mod:`core.experiments.landscape`) the exact full-batch gradient is a handful of data moments, so a
path of a few hundred steps is a plain loop over Python floats: well under a millisecond
(``benchmarks/bench_instant_path.py``).

The update is torch.optim.SGD's, step for step (``g = ∇L + λ_wd·θ``; first step ``buf = g``, then
``buf ← β·buf + (1 − τ)·g``; ``d = g + β·buf`` with Nesterov, else ``buf``; ``θ ← θ − α_t·d``), or for
``sgd-manual`` the seed's form (:class:`core.training.optim.SeedSGD`: ``v ← β·v − α_t·(1 − τ)·g``, which
differs from torch's only when α changes during the run). ``α_t`` follows the lr schedule of the whole run
(:func:`core.training.optim.build_scheduler`), and without ``zero_grad`` each step's gradient is added to
all the earlier ones, as ``backward()`` does. Adam, RMSprop and Adagrad are not covered (:func:`covers`).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from core.training.config import SGD_FAMILY, TrainConfig
from core.training.quadratic import LinearQuadratic
from core.training.steps import steps_per_epoch

__all__ = [
    "DIVERGED",
    "PATH_STEPS",
    "covers",
    "full_batch_path",
    "initial_point",
    "instant_path",
    "path_steps",
    "scheduled_lr",
    "surface_gradient",
]

PATH_STEPS = 300  # steps drawn, or the run's own total when it has fewer
DIVERGED = 1e12  # |w| or |b| past this ends the path (the point that crossed it is kept)

Gradient = Callable[[float, float], tuple[float, float]]


def covers(config: TrainConfig) -> bool:
    """Whether the instant path is defined for the config's optimizer (the SGD family: momentum,
    dampening, Nesterov, weight decay, schedule); Adam, RMSprop and Adagrad are not covered."""
    return config.optimizer in SGD_FAMILY


def path_steps(config: TrainConfig, limit: int = PATH_STEPS) -> int:
    """Steps on the path: ``limit``, or the run's total steps (epochs × iterations per epoch) if fewer."""
    total = config.epochs * steps_per_epoch(config.samples, config.batch_size, config.drop_last)
    return max(0, min(limit, total))


def scheduled_lr(lr: float, schedule: str, step: int, total_steps: int) -> float:
    """The lr of ``optimizer.step()`` number ``step`` (from 1) of a run of ``total_steps``, in closed form:
    ``constant``; ``step`` ×0.1 at each milestone passed (MultiStepLR at T//2 and 3T//4);
    ``cosine`` α·½(1 + cos(π(t − 1)/(T − 1))) (CosineAnnealingLR with T_max = T − 1)."""
    done = step - 1  # scheduler.step() calls before this step
    if schedule == "constant":
        return lr
    if schedule == "step":
        half = max(1, total_steps // 2)
        milestones = sorted({half, max(half + 1, (3 * total_steps) // 4)})
        return lr * 0.1 ** sum(1 for m in milestones if m <= done)
    if schedule == "cosine":
        t_max = max(1, total_steps - 1)
        return lr * 0.5 * (1.0 + math.cos(math.pi * done / t_max))
    raise ValueError(f"unknown lr schedule {schedule!r}")


def full_batch_path(
    gradient: Gradient,
    start: tuple[float, float],
    steps: int,
    *,
    lr: float,
    momentum: float = 0.0,
    dampening: float = 0.0,
    nesterov: bool = False,
    weight_decay: float = 0.0,
    lr_schedule: str = "constant",
    total_steps: int | None = None,
    zero_grad: bool = True,
    form: str = "sgd",
) -> np.ndarray:
    """(k + 1, 2) array: ``start``, then (w, b) after each of ``k ≤ steps`` full-batch steps.

    ``gradient(w, b)`` is the exact full-batch (∂L/∂w, ∂L/∂b). ``form`` is ``sgd`` (torch.optim.SGD) or
    ``sgd-manual`` (SeedSGD). ``total_steps`` is the run's length, for the schedule (default ``steps``).
    The path ends early at a non-finite point or past :data:`DIVERGED` (that point is kept)."""
    if form not in SGD_FAMILY:
        raise ValueError(f"form must be one of {SGD_FAMILY} (got {form!r})")
    total = steps if total_steps is None else total_steps
    beta, tau, decay = float(momentum), float(dampening), float(weight_decay)
    w, b = float(start[0]), float(start[1])
    out = np.empty((steps + 1, 2))
    out[0] = w, b
    acc_w = acc_b = 0.0  # the gradients backward() has added up (without zero_grad)
    vw = vb = None  # torch's momentum buffer, or SeedSGD's velocity
    k = 0
    for t in range(1, steps + 1):
        alpha = scheduled_lr(lr, lr_schedule, t, total)
        gw, gb = gradient(w, b)
        if not zero_grad:
            acc_w, acc_b = acc_w + gw, acc_b + gb
            gw, gb = acc_w, acc_b
        if decay:
            gw, gb = gw + decay * w, gb + decay * b
        if beta == 0.0:
            w, b = w - alpha * gw, b - alpha * gb
        elif form == "sgd":
            if vw is None:
                vw, vb = gw, gb
            else:
                vw, vb = beta * vw + (1.0 - tau) * gw, beta * vb + (1.0 - tau) * gb
            if nesterov:
                dw, db = gw + beta * vw, gb + beta * vb
            else:
                dw, db = vw, vb
            w, b = w - alpha * dw, b - alpha * db
        else:
            if vw is None:
                vw, vb = -alpha * gw, -alpha * gb
            else:
                vw, vb = beta * vw - alpha * (1.0 - tau) * gw, beta * vb - alpha * (1.0 - tau) * gb
            if nesterov:
                w, b = w + beta * vw - alpha * gw, b + beta * vb - alpha * gb
            else:
                w, b = w + vw, b + vb
        k = t
        out[t] = w, b
        if not (abs(w) <= DIVERGED and abs(b) <= DIVERGED):  # also NaN
            break
    return out[: k + 1]


def surface_gradient(surface) -> Gradient:
    """The exact full-batch gradient of a :class:`LinearQuadratic` (ŷ = w·x + b) or a
    :class:`~core.experiments.landscape.TwoBasinsSurface` (ŷ = w·x₁ + w²·x₂ + b), on Python floats."""
    if isinstance(surface, LinearQuadratic):
        m = surface.moments
        ex, ex2, exy, ey = float(m.ex), float(m.ex2), float(m.exy), float(m.ey)

        def linear(w: float, b: float) -> tuple[float, float]:
            return 2.0 * (ex2 * w + ex * b - exy), 2.0 * (ex * w + b - ey)

        return linear
    big, small = surface.second, surface.cross  # L = φᵀMφ − 2φᵀm + E y², φ = (w, w², b)
    m00, m01, m02 = (float(v) for v in big[0])
    m11, m12, m22 = float(big[1, 1]), float(big[1, 2]), float(big[2, 2])
    c0, c1, c2 = (float(v) for v in small)

    def two_basins(w: float, b: float) -> tuple[float, float]:
        w2 = w * w
        r0 = m00 * w + m01 * w2 + m02 * b - c0  # ½∂L/∂φ = Mφ − m
        r1 = m01 * w + m11 * w2 + m12 * b - c1
        r2 = m02 * w + m12 * w2 + m22 * b - c2
        return 2.0 * (r0 + 2.0 * w * r1), 2.0 * r2  # chain rule through φ₂ = w²

    return two_basins


def instant_path(
    config: TrainConfig, surface, start: tuple[float, float], limit: int = PATH_STEPS
) -> np.ndarray | None:
    """The draft's full-batch path on ``surface`` from ``start`` (:func:`full_batch_path` with the config's
    optimizer settings and schedule over the run's total steps), or None for an optimizer not covered."""
    if not covers(config):
        return None
    total = config.epochs * steps_per_epoch(config.samples, config.batch_size, config.drop_last)
    return full_batch_path(
        surface_gradient(surface),
        start,
        path_steps(config, limit),
        lr=config.lr,
        momentum=config.momentum,
        dampening=config.dampening,
        nesterov=config.nesterov,
        weight_decay=config.weight_decay,
        lr_schedule=config.lr_schedule,
        total_steps=total,
        zero_grad=config.zero_grad,
        form=config.optimizer,
    )


def initial_point(config: TrainConfig) -> tuple[float, float]:
    """(w, b) of the two-parameter model a run of ``config`` starts from: the engine's own
    :func:`~core.training.models.build_model` (linear regression on one feature, or two-basins)."""
    from core.training.models import build_model  # torch: only when asked

    features = 2 if config.model == "two-basins" else 1
    model = build_model(config.model, features, 1, config.hidden, config.seed)
    params = dict(model.named_parameters())
    return float(params["w"].detach().reshape(-1)[0]), float(params["b"].detach().reshape(-1)[0])
