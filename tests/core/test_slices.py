from __future__ import annotations

import numpy as np
import torch

from core.experiments.slices import loss_plane
from core.training.config import TrainConfig
from core.training.data import load_dataset
from core.training.engine import Trainer


def test_the_plane_is_centred_on_the_trained_weights_and_leaves_them_alone():
    config = TrainConfig(dataset="moons", samples=500, model="mlp", hidden=16, epochs=5, lr=0.1)
    result = Trainer(config, []).run()
    before = [p.detach().clone() for p in result.model.parameters()]
    plane = loss_plane(result.model, load_dataset(config), n=7, extent=1.0)
    assert plane.loss.shape == (7, 7) and np.all(np.isfinite(plane.loss))
    assert plane.loss[3, 3] == plane.center_loss  # (0, 0) is the trained model itself
    assert plane.center_loss <= plane.loss.min() + 1e-6 or plane.center_loss < np.median(plane.loss)
    for p, b in zip(result.model.parameters(), before, strict=True):
        assert torch.equal(p.detach(), b)


def test_stop_leaves_the_rest_unevaluated():
    config = TrainConfig(dataset="moons", samples=200, model="mlp", hidden=8, epochs=1)
    result = Trainer(config, []).run()
    calls = []
    plane = loss_plane(
        result.model, load_dataset(config), n=5, stop=lambda: calls.append(1) or len(calls) > 2
    )
    assert np.isnan(plane.loss).any() and np.isfinite(plane.loss).any()
