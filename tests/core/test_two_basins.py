"""The two-basins problem and the lab's escape measurement: the exact loss against a direct evaluation
of the samples' losses, the basins against gradient descent run here in numpy, and the share of runs in
the deeper basin with the verdict that follows from it."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import torch

from core.experiments.lab import check_claims, report_json, run_sweep
from core.experiments.landscape import TwoBasinsSurface
from core.experiments.sweep import parse_sweep
from core.training.config import TWO_BASINS_START, ConfigError, TrainConfig
from core.training.data import load_dataset
from core.training.models import build_model

CONFIG = TrainConfig(dataset="two-basins", model="two-basins", samples=512, epochs=2)


@pytest.fixture(scope="module")
def data():
    d = load_dataset(CONFIG)
    return d.x_train.double().numpy(), d.y_train.double().numpy()


def direct(x, y, w, b):
    """The mean of the samples' squared errors, sample by sample."""
    return float(np.mean((w * x[:, 0] + w * w * x[:, 1] + b - y) ** 2))


def descend(x, y, w, b, steps=4000, lr=0.01):
    """Full-batch gradient descent on the samples' mean loss (numpy, float64), from each start w."""
    w = np.asarray(w, dtype=np.float64)[:, None]
    b = np.full_like(w, b)
    for _ in range(steps):
        r = w * x[:, 0] + w * w * x[:, 1] + b - y
        w, b = (
            w - lr * np.mean(2 * r * (x[:, 0] + 2 * w * x[:, 1]), 1, keepdims=True),
            b - lr * np.mean(2 * r, 1, keepdims=True),
        )
    return w[:, 0], b[:, 0]


def test_the_exact_loss_is_the_mean_of_the_samples_losses(data):
    x, y = data
    surface = TwoBasinsSurface.from_data(x, y)
    rng = np.random.default_rng(1)
    for w, b in rng.uniform(-3, 3, size=(20, 2)):
        assert surface.loss(w, b) == pytest.approx(direct(x, y, w, b), rel=1e-12)
    grid = surface.grid(5, (-2, 2), (-1, 1))
    assert grid.loss[1, 3] == pytest.approx(direct(x, y, grid.w[1], grid.b[3]), rel=1e-12)


def test_two_basins_a_shallow_one_near_the_start_and_a_deeper_one_beyond_a_saddle(data):
    x, y = data
    surface = TwoBasinsSurface.from_data(x, y)
    assert len(surface.minima) == 2 and surface.saddle is not None
    h = 1e-5
    for w, b, loss in (*surface.minima, surface.saddle):
        assert loss == pytest.approx(direct(x, y, w, b), rel=1e-12)
        dw = (direct(x, y, w + h, b) - direct(x, y, w - h, b)) / (2 * h)
        db = (direct(x, y, w, b + h) - direct(x, y, w, b - h)) / (2 * h)
        assert abs(dw) < 1e-5 and abs(db) < 1e-5  # critical points
    # the minima are the lowest points of a fine grid on either side of the saddle
    ws, bs = np.linspace(-2.5, 2.5, 1001), np.linspace(0, 2, 201)
    loss = np.array([[direct(x, y, w, b) for b in bs[::10]] for w in ws[::5]])
    left = ws[::5] < surface.saddle[0]
    assert loss[left].min() == pytest.approx(surface.minima[0][2], abs=2e-3)
    assert loss[~left].min() == pytest.approx(surface.minima[1][2], abs=2e-3)
    shallow, deep = surface.shallow, surface.deep
    assert deep[2] < shallow[2] < surface.saddle[2]
    start = TWO_BASINS_START
    assert abs(start[0] - shallow[0]) < abs(start[0] - deep[0])  # the poor basin is the near one
    assert not surface.in_deep_basin(start[0])
    # where full-batch gradient descent from a point ends is the basin the surface names
    starts = np.array([-2.0, -1.2, shallow[0], surface.saddle[0] - 0.05, surface.saddle[0] + 0.05, 0.5, 2.0])
    ends, _ = descend(x, y, starts, 0.0)
    ends_deep = np.abs(ends - deep[0]) < np.abs(ends - shallow[0])
    assert list(surface.in_deep_basin(starts)) == list(ends_deep)


def test_the_model_is_w_x1_plus_w_squared_x2_plus_b_from_one_start():
    x = torch.randn(7, 2)
    for seed in (0, 5):
        model = build_model("two-basins", 2, 1, 64, seed)
        w, b = TWO_BASINS_START
        assert torch.allclose(model(x), w * x[:, 0] + w * w * x[:, 1] + b)
    with pytest.raises(ConfigError, match="go together"):
        CONFIG.replace(model="linear").validate()
    with pytest.raises(ConfigError, match="go together"):
        TrainConfig(dataset="linear-1d", model="two-basins", samples=100).validate()


def z_score(p1, p2, n):
    pooled = (p1 + p2) / 2
    spread = math.sqrt(2 * pooled * (1 - pooled) / n)
    return (p1 - p2) / spread if spread else 0.0


def test_the_sweep_measures_the_share_in_the_deeper_basin_and_judges_by_it(data):
    report = run_sweep(CONFIG, parse_sweep("batch_size=16,256"))
    d = json.loads(report_json(report))
    shares = [r["deep_basin_share"] for r in d["rows"]]
    assert all(0 <= s <= 1 for s in shares)
    assert d["settings"]["basin_seeds"] == 20 and "b_simple" in d and "b_crit" in d
    # the shares recounted from every seed's final w, with the basin found by gradient descent here
    x, y = data
    surface = TwoBasinsSurface.from_data(x, y)
    for row in d["rows"]:
        ends = report.basins[row["batch_size"]]
        assert len(ends) == 20
        deep = np.abs(descend(x, y, ends, 1.0, steps=1500)[0] - surface.deep[0]) < 0.1
        assert row["deep_basin_share"] == pytest.approx(np.mean(deep))
    escape = next(c for c in d["claims"] if c["claim"] == "escape")
    agrees = z_score(shares[0], shares[1], 20) > 1.96
    assert escape["verdict"] == ("agrees" if agrees else "disagrees")
    assert "B=16: " in escape["measured"] and "B=256: " in escape["measured"]


def rows(*shares):
    return [
        {"batch_size": b, "status": "completed", "deep_basin_share": s, "grad_noise": 10.0 / b}
        for b, s in zip((16, 64, 256), shares, strict=True)
    ]


@pytest.mark.parametrize(
    ("shares", "verdict"),
    [
        ((0.9, 0.4, 0.1), "agrees"),  # the small batch ends in the deeper basin far more often
        ((0.5, 0.5, 0.45), "disagrees"),  # no difference beyond sampling noise
        ((0.1, 0.5, 0.9), "disagrees"),  # the large batch escapes more
        ((0.0, 0.0, 0.0), "disagrees"),
    ],
)
def test_the_escape_verdict_follows_from_the_shares(shares, verdict):
    claims = {c["claim"]: c for c in check_claims(rows(*shares), "two-basins", seeds=20)}
    assert claims["escape"]["verdict"] == verdict
    assert claims["noise"]["verdict"] == "agrees"  # the size of the noise is judged apart


def test_the_noise_row_is_split_from_the_escape_row_on_a_convex_model():
    claims = {c["claim"]: c for c in check_claims(rows(0.5, 0.5, 0.5), "softmax")}
    assert claims["noise"]["verdict"] == "agrees" and "gradient noise" in claims["noise"]["measured"]
    assert "escape" not in claims["noise"]["article"]
    assert claims["escape"]["verdict"] == "not measured"
    assert claims["escape"]["measured"].startswith("not measured here")
    assert "convex" in claims["escape"]["measured"]
