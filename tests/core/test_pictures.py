"""What the epoch's views read of a run (core.training.pictures): the indices the engine really used,
the model's predictions from each step's own forward pass, its first layer's weights and its
decision regions, checked against torch's own sampler, a training loop written here, and a numpy
forward pass."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch.utils.data import BatchSampler, RandomSampler

from core.training.config import TrainConfig
from core.training.engine import Callback, Trainer
from core.training.pictures import GRID, StepPictures
from tests.samplers import reference_batches


class Pictures(Callback):
    """Takes the views' fields after every step (what a chunk of that step carries)."""

    def __init__(self) -> None:
        self.trainer = None
        self.info = None
        self.steps: list[dict] = []
        self.params: list[dict[str, np.ndarray]] = []

    def set_trainer(self, trainer) -> None:
        self.trainer = trainer

    def on_train_begin(self, info) -> None:
        self.info = info
        self.pictures = StepPictures(self.trainer, info.samples)

    def on_step_end(self, step) -> None:
        self.steps.append(self.pictures(self.trainer.history))
        self.params.append({k: v.detach().numpy().copy() for k, v in self.trainer.model.named_parameters()})


def _reference_batches(n: int, batch: int, epochs: int, seed: int, shuffle: bool, drop_last: bool):
    """Each epoch's batches from PyTorch's DistributedSampler (one replica) and BatchSampler."""
    config = TrainConfig(
        samples=n, batch_size=batch, epochs=epochs, seed=seed, shuffle=shuffle, drop_last=drop_last
    )
    return reference_batches(config)


def test_the_first_epoch_is_what_a_dataloaders_random_sampler_draws_from_the_epochs_seed():
    """DistributedSampler's permutation is RandomSampler's first with a generator of the same seed."""
    sampler = RandomSampler(range(300), generator=torch.Generator().manual_seed(7 + 1))
    assert [list(b) for b in BatchSampler(sampler, 64, False)] == _reference_batches(
        300, 64, 2, 7, True, False
    )[1]


@pytest.mark.parametrize(
    ("shuffle", "drop_last"), [(True, False), (True, True), (False, False), (False, True)]
)
def test_the_batches_are_the_ones_torchs_sampler_draws(shuffle, drop_last):
    config = TrainConfig(
        dataset="digits", samples=300, batch_size=64, epochs=2, shuffle=shuffle, drop_last=drop_last
    )
    seen = Pictures()
    assert Trainer(config, [seen]).run().status == "completed"
    expected = [b for epoch in _reference_batches(300, 64, 2, 0, shuffle, drop_last) for b in epoch]
    assert [s["batch"].tolist() for s in seen.steps] == expected
    per_epoch = len(expected) // 2
    for k, step in enumerate(seen.steps):
        it = k % per_epoch
        done = sum(len(b) for b in expected[k - it : k + 1])
        assert step["seen"] == done
        if shuffle:  # the epoch's whole permutation: what the map marks as skipped with drop_last
            epoch = expected[k - it : k - it + per_epoch]
            assert step["order"][:done].tolist() == [i for b in epoch for i in b][:done]
        else:
            assert step["order"] is None
    assert len(seen.steps[per_epoch - 1]["batch"]) == (64 if drop_last else 300 - 4 * 64)  # 44


def test_predictions_and_weights_follow_a_loop_written_apart():
    """Softmax regression on the 8×8 digits, momentum SGD: the predictions are each step's own
    forward pass (before the step), the weights are W after it."""
    config = TrainConfig(dataset="digits", samples=256, batch_size=32, epochs=1, lr=0.1, momentum=0.9)
    seen = Pictures()
    Trainer(config, [seen]).run()
    samples = seen.info.samples
    assert samples.image_shape == (8, 8) and samples.num_classes == 10
    x, y = torch.as_tensor(np.array(samples.x)), torch.as_tensor(np.array(samples.y))
    model = torch.nn.Linear(64, 10)
    torch.nn.init.zeros_(model.weight), torch.nn.init.zeros_(model.bias)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    for k, batch in enumerate(_reference_batches(256, 32, 1, 0, True, False)[0]):
        out = model(x[batch])
        # A tie (all-zero weights at step 1) is broken the same way: argmax's first maximum.
        assert seen.steps[k]["predictions"].tolist() == out.argmax(1).tolist()
        opt.zero_grad()
        torch.nn.functional.cross_entropy(out, y[batch]).backward()
        opt.step()
        np.testing.assert_allclose(seen.steps[k]["weights"], model.weight.detach().numpy(), atol=1e-6)


def test_the_mlp_shows_its_first_64_filters_and_two_features_their_decision_regions():
    config = TrainConfig(
        dataset="moons", model="mlp", hidden=80, samples=400, batch_size=50, epochs=2, lr=0.3
    )
    seen = Pictures()
    Trainer(config, [seen]).run()
    last, params = seen.steps[-1], seen.params[-1]
    np.testing.assert_array_equal(last["weights"], params["W1"][:64])
    regions = last["regions"]
    x = np.array(seen.info.samples.x, dtype=np.float64)
    x_min, x_max, y_min, y_max = regions.extent
    assert x_min < x[:, 0].min() and x[:, 0].max() < x_max and y_min < x[:, 1].min() and x[:, 1].max() < y_max
    gx, gy = np.meshgrid(np.linspace(x_min, x_max, GRID), np.linspace(y_min, y_max, GRID))
    grid = np.stack([gx.ravel(), gy.ravel()], axis=1)
    hidden = np.maximum(grid @ params["W1"].T + params["b1"], 0.0)  # a numpy forward pass
    expected = (hidden @ params["W2"].T + params["b2"]).argmax(1).reshape(GRID, GRID)
    agree = (regions.classes == expected).mean()
    assert agree > 0.999  # float32 against float64: a point on a boundary may differ
    assert len(np.unique(regions.classes)) == 2


def test_regression_has_no_predictions_and_two_basins_no_weight_rows():
    seen = Pictures()
    Trainer(
        TrainConfig(dataset="two-basins", model="two-basins", samples=64, batch_size=16, epochs=1), [seen]
    ).run()
    assert "predictions" not in seen.steps[-1] and "weights" not in seen.steps[-1]
    assert "regions" not in seen.steps[-1] and len(seen.steps[-1]["batch"]) == 16


def test_the_samples_are_read_only_views_of_the_training_set():
    seen = Pictures()
    trainer = Trainer(TrainConfig(dataset="moons", samples=100, batch_size=10, epochs=1), [seen])
    trainer.run()
    samples = seen.info.samples
    assert samples.x.shape == (100, 2) and not samples.x.flags.writeable and not samples.y.flags.writeable
    assert samples.image_shape is None and samples.num_classes == 2
