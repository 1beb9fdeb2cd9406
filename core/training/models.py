"""Models named the way the lesson writes them: ``W`` and ``b``."""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional as F  # noqa: N812

from core.training.config import TWO_BASINS_START


class LinearRegression(nn.Module):
    """``ŷ = x·w + b``. With one feature it has exactly two parameters, w and b."""

    def __init__(self, features: int) -> None:
        super().__init__()
        self.w = nn.Parameter(torch.zeros(features))
        self.b = nn.Parameter(torch.zeros(()))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x @ self.w + self.b


class TwoBasins(nn.Module):
    """The two-basins dataset's model: ``ŷ = w·x₁ + w²·x₂ + b``, two parameters w and b, both inputs
    weighted by w. Its loss is not convex in w (a quartic). It starts at :data:`TWO_BASINS_START`,
    whatever the seed, so that every run of a sweep leaves from the same point."""

    def __init__(self) -> None:
        super().__init__()
        self.w = nn.Parameter(torch.tensor([TWO_BASINS_START[0]]))
        self.b = nn.Parameter(torch.tensor(TWO_BASINS_START[1]))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        w = self.w[0]
        return x[:, 0] * w + x[:, 1] * (w * w) + self.b


class SoftmaxRegression(nn.Module):
    """The seed's ``W`` and ``b``: logits ``x·Wᵀ + b``; softmax lives in the cross-entropy loss."""

    def __init__(self, features: int, classes: int) -> None:
        super().__init__()
        self.W = nn.Parameter(torch.zeros(classes, features))
        self.b = nn.Parameter(torch.zeros(classes))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x @ self.W.T + self.b


class MLP(nn.Module):
    """One hidden ReLU layer: ``W1, b1, W2, b2`` (PyTorch's default uniform initialisation)."""

    def __init__(self, features: int, hidden: int, outputs: int, generator: torch.Generator) -> None:
        super().__init__()
        self.W1 = nn.Parameter(_uniform((hidden, features), features, generator))
        self.b1 = nn.Parameter(_uniform((hidden,), features, generator))
        self.W2 = nn.Parameter(_uniform((outputs, hidden), hidden, generator))
        self.b2 = nn.Parameter(_uniform((outputs,), hidden, generator))
        self.squeeze = outputs == 1

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = F.relu(x @ self.W1.T + self.b1) @ self.W2.T + self.b2
        return out[:, 0] if self.squeeze else out


def _uniform(shape: tuple[int, ...], fan_in: int, g: torch.Generator) -> torch.Tensor:
    bound = 1.0 / math.sqrt(fan_in)
    return (torch.rand(shape, generator=g) * 2 - 1) * bound


def build_model(name: str, features: int, outputs: int, hidden: int, seed: int) -> nn.Module:
    """A fresh model; the same arguments always give the same initial parameters."""
    if name == "linear":
        return LinearRegression(features)
    if name == "softmax":
        return SoftmaxRegression(features, outputs)
    if name == "two-basins":
        if features != 2 or outputs != 1:
            raise ValueError(
                f"the two-basins model takes 2 features and 1 output (got {features}, {outputs})"
            )
        return TwoBasins()
    if name == "mlp":
        return MLP(features, hidden, outputs, torch.Generator().manual_seed(seed))
    raise ValueError(f"unknown model {name!r}")


def loss_function(task: str):
    """Cross-entropy for classification, mean squared error for regression."""
    return F.cross_entropy if task == "classification" else F.mse_loss
