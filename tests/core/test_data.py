from __future__ import annotations

import numpy as np
import pytest
import torch

from core.training.config import TrainConfig
from core.training.data import DIGITS_FILE, load_dataset
from core.training.models import build_model


def test_default_is_mnist_sized():
    d = load_dataset(TrainConfig())
    assert d.x_train.shape == (60000, 784) and d.x_val.shape == (10000, 784)
    assert d.num_classes == 10 and d.task == "classification"
    assert set(d.y_train.unique().tolist()) == set(range(10))
    assert float(d.x_train.min()) >= 0 and float(d.x_train.max()) <= 1


@pytest.mark.parametrize("name", ["moons", "spirals", "linear-1d", "mnist-like"])
def test_generated_sets_are_deterministic_per_seed(name):
    config = TrainConfig(dataset=name, samples=300, model="mlp")
    a = load_dataset(config)
    from core.training.data import _cached

    _cached.cache_clear()
    b = load_dataset(config)
    c = load_dataset(config.replace(seed=1))
    assert torch.equal(a.x_train, b.x_train) and torch.equal(a.y_train, b.y_train)
    assert not torch.equal(a.x_train, c.x_train)
    assert a.x_train.shape[0] == 300 and a.x_val.shape[0] == 50


def test_linear_1d_model_has_exactly_w_and_b():
    d = load_dataset(TrainConfig(dataset="linear-1d", samples=1000, model="linear"))
    model = build_model("linear", d.features, d.outputs, 8, 0)
    assert [(n, p.numel()) for n, p in model.named_parameters()] == [("w", 1), ("b", 1)]
    # The generating line is y = 2x - 1: least squares recovers it.
    x = torch.cat([d.x_train, torch.ones_like(d.x_train)], 1).double()
    w, b = torch.linalg.lstsq(x, d.y_train.double()[:, None]).solution[:, 0].tolist()
    assert w == pytest.approx(2.0, abs=0.1) and b == pytest.approx(-1.0, abs=0.15)


def test_digits_is_the_real_set():
    with np.load(DIGITS_FILE, allow_pickle=False) as f:
        assert f["x"].shape == (1797, 64) and f["y"].shape == (1797,)
    d = load_dataset(TrainConfig(dataset="digits", samples=1437))
    assert d.x_train.shape == (1437, 64) and d.x_val.shape == (360, 64)
    assert float(d.x_train.max()) == 1.0 and d.num_classes == 10
    small = load_dataset(TrainConfig(dataset="digits", samples=100))
    assert torch.equal(small.x_train, d.x_train[:100]) and torch.equal(small.x_val, d.x_val)
