"""The loss around trained weights along two random filter-normalised directions (Li et al. 2018),
for models with more than two parameters. Runs on whatever thread calls it (the GUI uses a worker)."""

from __future__ import annotations

import copy
from collections.abc import Callable

import numpy as np
import torch

from core.experiments.landscape import PlaneSlice, filter_normalised_directions, random_plane_slice
from core.training.data import Dataset
from core.training.models import loss_function

MAX_SAMPLES = 4096  # training samples the slice's loss is measured on


def loss_plane(
    model: torch.nn.Module,
    data: Dataset,
    n: int = 25,
    extent: float = 1.0,
    seed: int = 0,
    stop: Callable[[], bool] | None = None,
) -> PlaneSlice:
    """L(θ* + a·d₁ + b·d₂) on an n×n grid of (a, b) in [−extent, extent]², on up to MAX_SAMPLES
    training samples. The model is copied: the caller's weights are never touched."""
    model = copy.deepcopy(model).cpu().double().eval()
    params = list(model.parameters())
    center = torch.nn.utils.parameters_to_vector(params).detach().numpy().copy()
    d1, d2 = filter_normalised_directions(
        [tuple(p.shape) for p in params], center, np.random.default_rng(seed)
    )
    x = data.x_train[:MAX_SAMPLES].cpu().double()
    y = data.y_train[:MAX_SAMPLES].cpu()
    y = y if data.task == "classification" else y.double()
    loss_fn = loss_function(data.task)

    @torch.no_grad()
    def loss_at(vector: np.ndarray) -> float:
        torch.nn.utils.vector_to_parameters(torch.from_numpy(vector), params)
        return float(loss_fn(model(x), y))

    return random_plane_slice(loss_at, center, (d1, d2), extent=extent, n=n, stop=stop)
