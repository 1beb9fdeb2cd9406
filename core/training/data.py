"""Datasets: generated deterministically from a seed, plus the real 8x8 digits shipped in resources/."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import torch

from core.io.resources import resource_path
from core.training.config import BUILT_IN, CUSTOM, DatasetInfo, TrainConfig

DIGITS_FILE = resource_path("data", "digits.npz")


@dataclass(frozen=True)
class Dataset:
    """Training and validation tensors. Targets are class indices (long) or values (float, 1-D)."""

    name: str
    task: str
    x_train: torch.Tensor
    y_train: torch.Tensor
    x_val: torch.Tensor
    y_val: torch.Tensor
    num_classes: int  # 0 for regression
    image_shape: tuple[int, int] | None = None  # (height, width): each row is an image, flattened

    @property
    def features(self) -> int:
        return int(self.x_train.shape[1])

    @property
    def outputs(self) -> int:
        return self.num_classes or 1

    def info(self) -> DatasetInfo:
        """This data described as a table of fixed size (how an imported table is described)."""
        rows = int(self.x_train.shape[0])
        return DatasetInfo(
            self.name, self.task, rows, rows, self.features, self.num_classes,
            fixed_val=int(self.x_val.shape[0]), fixed_samples=True, image_shape=self.image_shape,
        )  # fmt: skip

    def to(self, device: torch.device | str, dtype: torch.dtype = torch.float32) -> Dataset:
        """The same data on another device and floating-point type."""
        ytype = torch.long if self.task == "classification" else dtype
        return Dataset(
            self.name,
            self.task,
            self.x_train.to(device, dtype),
            self.y_train.to(device, ytype),
            self.x_val.to(device, dtype),
            self.y_val.to(device, ytype),
            self.num_classes,
            self.image_shape,
        )


def load_dataset(config: TrainConfig) -> Dataset:
    """The built-in dataset a (validated) config names, on the CPU in float32. Imported data is not
    built in: the session's data catalogue holds it (``DataCatalogue.load``)."""
    if config.dataset == CUSTOM:
        raise ValueError("custom names imported data: load it through the data catalogue")
    info = BUILT_IN[config.dataset]
    val = info.val_samples(config.samples, config.val_fraction)
    return _cached(config.dataset, config.samples, val, config.seed, config.noise)


@functools.lru_cache(maxsize=2)
def _cached(name: str, samples: int, val: int, seed: int, noise: float = 1.0) -> Dataset:
    """``noise`` scales each generator's own noise (1: as made by default, 0: none); the random
    draws are the same whatever it is, so a seed gives the same clean data at every noise."""
    if name not in BUILT_IN:
        raise ValueError(f"unknown dataset {name!r}")
    if name == "digits":
        return _digits(samples)
    g = torch.Generator().manual_seed(seed)
    n = samples + val
    maker = {
        "mnist-like": _mnist_like,
        "moons": _moons,
        "spirals": _spirals,
        "linear-1d": _linear_1d,
        "two-basins": _two_basins,
    }
    x, y, classes = maker[name](n, g, noise)
    if name == "two-basins":
        x, y = _centred(x, y, samples)
    task = "classification" if classes else "regression"
    shape = BUILT_IN[name].image_shape
    return Dataset(name, task, x[:samples], y[:samples], x[samples:], y[samples:], classes, shape)


def _smooth_fields(count: int, side: int, passes: int, g: torch.Generator) -> torch.Tensor:
    """Random images blurred by repeated 3x3 box filters, scaled to unit max."""
    f = torch.randn(count, 1, side, side, generator=g)
    for _ in range(passes):
        f = torch.nn.functional.avg_pool2d(f, 3, stride=1, padding=1, count_include_pad=False)
    f = f.reshape(count, side * side)
    return f / f.abs().amax(dim=1, keepdim=True)


def _mnist_like(n: int, g: torch.Generator, noise: float = 1.0) -> tuple[torch.Tensor, torch.Tensor, int]:
    """MNIST-shaped: 28x28 = 784 pixel features in [0, 1], 10 classes.

    Each image is a shared background stroke plus a combination of 16 smooth "stroke" images
    whose weights are drawn around a class-specific centre, plus pixel noise. The class centres
    are close together, so classes overlap: softmax regression reaches about 90% validation
    accuracy (as a linear model does on MNIST), and the mini-batch loss stays visibly noisy.
    ``noise`` scales both the spread around the class centres (1) and the pixel noise (0.3): at 0
    every image of a class is the same image.
    """
    classes, side, latent = 10, 28, 16
    background = (_smooth_fields(1, side, 4, g) > 0.2).float() * 0.5
    strokes = _smooth_fields(latent, side, 3, g) * 0.25
    centres = torch.randn(classes, latent, generator=g) * 0.8
    y = torch.randint(0, classes, (n,), generator=g)
    z = centres[y] + torch.randn(n, latent, generator=g) * noise
    x = background + z @ strokes
    x += torch.randn(n, side * side, generator=g) * (0.3 * noise)
    return x.clamp_(0.0, 1.0), y, classes


def _moons(n: int, g: torch.Generator, noise: float = 1.0) -> tuple[torch.Tensor, torch.Tensor, int]:
    """Two interleaving half circles with Gaussian noise of standard deviation 0.15·noise
    (2 features, 2 classes)."""
    y = torch.randint(0, 2, (n,), generator=g)
    t = torch.rand(n, generator=g) * math.pi
    upper = torch.stack([torch.cos(t), torch.sin(t)], 1)
    lower = torch.stack([1 - torch.cos(t), 0.5 - torch.sin(t)], 1)
    x = torch.where(y[:, None] == 0, upper, lower) + torch.randn(n, 2, generator=g) * (0.15 * noise)
    return x - torch.tensor([0.5, 0.25]), y, 2


def _spirals(n: int, g: torch.Generator, noise: float = 1.0) -> tuple[torch.Tensor, torch.Tensor, int]:
    """Three interleaved spiral arms (2 features, 3 classes): needs a hidden layer. Each point's
    angle has Gaussian noise of standard deviation 0.15·noise radians."""
    classes = 3
    y = torch.randint(0, classes, (n,), generator=g)
    r = torch.rand(n, generator=g)
    angle = y * (2 * math.pi / classes) + r * 3.0 + torch.randn(n, generator=g) * (0.15 * noise)
    x = torch.stack([r * torch.cos(angle), r * torch.sin(angle)], 1) * 2.0
    return x, y, classes


def _linear_1d(n: int, g: torch.Generator, noise: float = 1.0) -> tuple[torch.Tensor, torch.Tensor, int]:
    """y = 2x − 1 + N(0, (0.5·noise)²) with x ~ U(0, 3): a two-parameter (w, b) regression whose loss surface
    is a long, narrow valley. From the start (0, 0) the minimum (2, −1) lies both across the valley and
    along it: steps cross the steep direction fast (zig-zagging once α > 1/λ_max) and crawl
    along the shallow one, which momentum speeds up."""
    x = torch.rand(n, 1, generator=g) * 3.0
    y = 2.0 * x[:, 0] - 1.0 + torch.randn(n, generator=g) * (0.5 * noise)
    return x, y, 0


# two-basins: the targets' weights (w*, c*, b*) and their noise; the start is the model's (TWO_BASINS_START)
TWO_BASINS_TARGET = (0.3, 1.5, 1.0)
TWO_BASINS_NOISE = 3.0


def _two_basins(n: int, g: torch.Generator, noise: float = 1.0) -> tuple[torch.Tensor, torch.Tensor, int]:
    """A regression whose mean loss has two basins, for the two-basins model ŷ = w·x₁ + w²·x₂ + b.

    x₁, x₂ ~ N(0, 1), centred over the training set (by :func:`_centred`, so that b decouples from w:
    the ridge between the basins is the line w = w_saddle), and y = 0.3·x₁ + 1.5·x₂ + 1 + 3·noise. No (w, b)
    fits both weights, since the model's second weight is w²: w² ≈ 1.5 wants w ≈ ±1.22 and w ≈ 0.3
    breaks the tie, so the mean loss has a shallow basin near w ≈ −0.9 and a deeper one near
    w ≈ +1.0. The targets' noise (3, most of the loss) is what makes each sample's gradient differ from
    the mean's: the mini-batch noise, which falls as B grows. ``noise`` scales the targets' noise:
    3·noise."""
    w_star, c_star, b_star = TWO_BASINS_TARGET
    x = torch.randn(n, 2, generator=g, dtype=torch.float64)
    e = torch.randn(n, generator=g, dtype=torch.float64) * (TWO_BASINS_NOISE * noise)
    return x, w_star * x[:, 0] + c_star * x[:, 1] + b_star + e, 0


def _centred(x: torch.Tensor, y: torch.Tensor, samples: int) -> tuple[torch.Tensor, torch.Tensor]:
    """two-basins: the features centred over the training set (in float64, then float32), the targets
    made again from them, so that y keeps its weights."""
    shift = x[:samples].mean(0)
    w_star, c_star, _ = TWO_BASINS_TARGET
    return (x - shift).float(), (y - w_star * shift[0] - c_star * shift[1]).float()


def _digits(samples: int) -> Dataset:
    """The 8x8 handwritten digits (1,797 images, UCI / scikit-learn), pixels scaled to [0, 1].

    A fixed split: 1,437 training and 360 validation images; ``samples`` takes the first
    training images.
    """
    with np.load(DIGITS_FILE, allow_pickle=False) as f:
        x, y = f["x"], f["y"]
    if x.shape != (1797, 64) or y.shape != (1797,) or x.max() > 16 or y.max() > 9:
        raise ValueError(f"{DIGITS_FILE} is damaged: unexpected shape or values")
    order = np.random.default_rng(1797).permutation(len(y))
    xt = torch.from_numpy(x[order].astype(np.float32) / 16.0)
    yt = torch.from_numpy(y[order].astype(np.int64))
    return Dataset("digits", "classification", xt[:samples], yt[:samples], xt[1437:], yt[1437:], 10, (8, 8))
