"""The generated datasets' noise (× each one's own) and validation share: sizes in the engine and the
result JSON, and what the noise changes, measured on large draws against closed forms."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import numpy as np
import pytest
import torch

from core.training.config import BUILT_IN, DEFAULT_VAL_FRACTION, LIMITS, ConfigError, TrainConfig
from core.training.data import load_dataset
from core.training.engine import Callback, Trainer
from tests.conftest import ROOT

BIG = 200_000  # samples drawn to measure a noise


def data(name: str, noise: float, samples: int = BIG, **kw):
    model = "linear" if BUILT_IN[name].task == "regression" else "softmax"
    model = "two-basins" if name == "two-basins" else model
    config = TrainConfig(dataset=name, model=model, samples=samples, noise=noise, **kw).validate()
    return load_dataset(config)


def both(d) -> tuple[np.ndarray, np.ndarray]:
    x = torch.cat([d.x_train, d.x_val]).double().numpy()
    y = torch.cat([d.y_train, d.y_val]).numpy()
    return x, y


# -- the validation share ------------------------------------------------------------------------
def test_the_default_share_keeps_every_dataset_s_validation_set_a_sixth_of_its_training_set():
    assert TrainConfig().val_fraction == DEFAULT_VAL_FRACTION == 1 / 7
    for name, info in BUILT_IN.items():
        if info.generated:
            for n in (10, 11, 17, 512, 1000, 2000, 3000, 60_000, 199_999, 200_000):
                assert info.val_samples(n, DEFAULT_VAL_FRACTION) == max(1, n // 6), (name, n)
    assert BUILT_IN["digits"].val_samples(1437, 0.3) == 360  # real data keeps its own split


@pytest.mark.parametrize(("samples", "fraction"), [(2000, 0.2), (1000, 0.5), (3000, 0.05), (999, 0.3)])
def test_the_share_is_the_validation_part_of_all_samples_made(samples, fraction):
    d = data("moons", 1.0, samples=samples, val_fraction=fraction)
    val = len(d.y_val)
    assert len(d.y_train) == samples
    # the largest whole number of validation samples whose share of the total is at most the fraction
    assert val / (samples + val) <= fraction + 1e-12 < (val + 1) / (samples + val + 1)


class _Sizes(Callback):
    def on_train_begin(self, info) -> None:
        self.info = info


def test_the_engine_trains_on_the_sizes_the_share_gives():
    sizes = _Sizes()
    config = TrainConfig(dataset="spirals", samples=3000, val_fraction=0.25, epochs=1, batch_size=500)
    result = Trainer(config, [sizes]).run()
    assert (sizes.info.train_samples, sizes.info.val_samples) == (3000, 1000)
    assert result.steps_per_epoch == 6 and result.history.size == 6


def test_the_command_line_writes_the_share_and_the_noise_into_the_result_json(tmp_path):
    out = tmp_path / "run.json"
    args = ["--headless", "--dataset", "moons", "--samples", "2000", "--epochs", "1"]
    args += ["--val-fraction", "0.2", "--noise", "0", "--out", str(out)]
    p = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                       timeout=120, cwd=ROOT)  # fmt: skip
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("softmax on moons: 2,000 training + 500 validation samples")
    d = json.loads(out.read_text())
    assert d["config"]["val_fraction"] == 0.2 and d["config"]["noise"] == 0.0
    assert d["steps_per_epoch"] == 32 and d["last_batch_size"] == 2000 - 31 * 64
    again = TrainConfig.load(out)  # the result JSON reruns with the same data
    assert (again.noise, again.val_fraction) == (0.0, 0.2)


def test_mnist_like_default_is_60000_and_10000_and_its_iterations_938():
    config = TrainConfig()
    assert BUILT_IN["mnist-like"].val_samples(config.samples, config.val_fraction) == 10_000
    assert math.ceil(config.samples / config.batch_size) == 938


# -- the limits and the refusals -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("noise", -0.1, "must be in [0, 5]"),
        ("noise", 5.5, "must be in [0, 5]"),
        ("val_fraction", 0.01, "must be in [0.05, 0.5]"),
        ("val_fraction", 0.75, "must be in [0.05, 0.5]"),
        ("noise", float("nan"), "finite"),
    ],
)
def test_values_out_of_the_limits_are_refused(field, value, words):
    problems = {
        e.field: e.message for e in TrainConfig(dataset="moons", samples=2000, **{field: value}).errors()
    }
    assert words in problems[field]
    assert LIMITS[field][0] < LIMITS[field][1]


@pytest.mark.parametrize("field", ["noise", "val_fraction"])
def test_real_data_refuses_a_noise_or_share_of_its_own(field):
    with pytest.raises(ConfigError) as err:
        TrainConfig(dataset="digits", samples=1437, **{field: 0.3}).validate()
    assert err.value.field == field and "generated datasets only" in err.value.message
    TrainConfig(dataset="digits", samples=1437).validate()  # the defaults stand for its own


def test_the_command_line_refuses_noise_on_real_data_in_one_line():
    args = ["--headless", "--dataset", "digits", "--noise", "2"]
    p = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                       timeout=120, cwd=ROOT)  # fmt: skip
    assert p.returncode == 2 and p.stdout == ""
    assert p.stderr.count("\n") == 1 and "--noise: applies to the generated datasets only" in p.stderr


# -- what the noise changes: closed forms on large draws --------------------------------------------
def test_noise_zero_draws_the_same_clean_data_as_any_other_noise():
    """The random draws do not depend on the noise: the same seed gives the same labels at 0 and 3."""
    for name in ("mnist-like", "moons", "spirals", "linear-1d", "two-basins"):
        a, b = data(name, 0.0, samples=600), data(name, 3.0, samples=600)
        drawn_first = "y_train" if a.task == "classification" else "x_train"  # labels, or the inputs
        assert torch.equal(getattr(a, drawn_first), getattr(b, drawn_first)), name
        assert not torch.equal(a.x_train, b.x_train) or not torch.equal(a.y_train, b.y_train), name


@pytest.mark.parametrize("noise", [0.0, 0.5, 2.0])
def test_linear_1d_residuals_have_the_standard_deviation_half_the_noise(noise):
    x, y = both(data("linear-1d", noise))
    residual = y - (2.0 * x[:, 0] - 1.0)
    expected = 0.5 * noise
    assert np.std(residual) == pytest.approx(expected, abs=4 * expected / math.sqrt(2 * len(y)) + 1e-6)
    assert abs(np.mean(residual)) < 4 * expected / math.sqrt(len(y)) + 1e-6


@pytest.mark.parametrize("noise", [0.0, 1.0, 2.5])
def test_two_basins_targets_scatter_by_three_times_the_noise_about_their_plane(noise):
    x, y = both(data("two-basins", noise))
    residual = y - (0.3 * x[:, 0] + 1.5 * x[:, 1])  # b absorbs the centring: subtract the mean
    residual -= residual.mean()
    expected = 3.0 * noise
    assert np.std(residual) == pytest.approx(expected, abs=4 * expected / math.sqrt(2 * len(y)) + 1e-4)


@pytest.mark.parametrize("noise", [0.0, 1.0, 3.0])
def test_moons_squared_distance_to_the_circle_centres_is_one_plus_twice_the_variance(noise):
    """A point c + e with |c| = 1 and e ~ N(0, σ²I₂) has E|c + e|² = 1 + 2σ² exactly; σ = 0.15·noise."""
    x, y = both(data("moons", noise))
    x = x + np.array([0.5, 0.25])  # the generator's shift
    centre = np.where(y[:, None] == 0, [0.0, 0.0], [1.0, 0.5])
    r2 = ((x - centre) ** 2).sum(1)
    sigma2 = (0.15 * noise) ** 2
    spread = math.sqrt(4 * sigma2 + 8 * sigma2**2) / math.sqrt(len(y))  # sd of the mean of |c + e|²
    assert r2.mean() == pytest.approx(1 + 2 * sigma2, abs=5 * spread + 1e-6)
    if noise == 0:
        assert np.allclose(r2, 1.0, atol=1e-5)  # every point on its half circle


@pytest.mark.parametrize("noise", [0.0, 1.0, 2.0])
def test_spirals_angles_scatter_by_the_noise_times_015_rad(noise):
    x, y = both(data("spirals", noise))
    radius = np.hypot(x[:, 0], x[:, 1]) / 2.0
    arm = y * (2 * math.pi / 3) + 3.0 * radius
    error = np.angle(np.exp(1j * (np.arctan2(x[:, 1], x[:, 0]) - arm)))  # wrapped to (−π, π]
    expected = 0.15 * noise
    assert np.std(error) == pytest.approx(expected, abs=4 * expected / math.sqrt(2 * len(y)) + 1e-4)


def test_mnist_like_noise_zero_makes_one_image_per_class_and_noise_widens_the_classes():
    spreads = []
    for noise in (0.0, 1.0, 3.0):
        x, y = both(data("mnist-like", noise, samples=6000))
        within = np.mean([x[y == c].var(axis=0).sum() for c in range(10)])
        spreads.append(within)
        if noise == 0:
            for c in range(10):
                assert np.ptp(x[y == c], axis=0).max() == 0.0  # every image of a class is the same
    assert spreads[0] == 0.0 < spreads[1] < spreads[2]


def test_more_noise_lowers_what_a_linear_model_can_reach_on_moons():
    """The share of points on the wrong side of the least-squares linear boundary (the labels a linear
    model must get wrong) rises with the noise."""
    shares = []
    for noise in (0.0, 2.0, 5.0):
        x, y = both(data("moons", noise, samples=20_000))
        w = np.linalg.lstsq(np.c_[x, np.ones(len(x))], 2.0 * y - 1.0, rcond=None)[0]
        shares.append(np.mean((np.c_[x, np.ones(len(x))] @ w > 0) != (y == 1)))
    assert shares[0] < shares[1] < shares[2]
