from __future__ import annotations

import numpy as np
import pytest

from core.experiments.runs import X_AXES, x_values
from core.training.config import TrainConfig
from core.training.engine import train


@pytest.fixture(scope="module")
def result():
    return train(TrainConfig(dataset="moons", samples=100, batch_size=32, epochs=2, model="softmax"))


def test_x_axes_cover_every_step(result):
    steps = result.history.size
    assert steps == 2 * 4
    for axis in X_AXES:
        x = x_values(result, axis)
        assert x.shape == (steps,)
        assert np.all(np.diff(x) >= 0)


def test_samples_seen_counts_the_short_last_batch(result):
    samples = x_values(result, "samples")
    # 100 samples in batches of 32: 32, 64, 96, 100 per epoch
    np.testing.assert_array_equal(samples, [32, 64, 96, 100, 132, 164, 196, 200])
    np.testing.assert_array_equal(x_values(result, "epoch")[[3, 7]], [1.0, 2.0])


def test_unknown_axis_is_refused(result):
    with pytest.raises(ValueError, match="unknown x axis"):
        x_values(result, "iterations")


def test_the_loss_of_a_run_follows_its_task(result):
    from core.experiments.runs import loss_of

    assert loss_of(result) == "cross-entropy"  # moons: classes
    line = train(TrainConfig(dataset="linear-1d", model="linear", samples=50, batch_size=50, epochs=1))
    assert loss_of(line) == "mse"
