"""Sweeps and the batch-size lab: the same model and seed trained for several values of one
hyperparameter, measured side by side, with the seed article's claims about batch size checked
against the numbers.

``parse_sweep("batch_size=16,32,64")`` reads a ``--sweep`` spec; :func:`sweep_configs` makes one
config per value; :func:`run_sweep` trains them one after another (cooperatively cancellable) and
returns a :class:`SweepReport` whose rows are the lab's table. No Qt here: the window and the
command line both call it, so their numbers agree for the same seed.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import torch

from core.experiments.landscape import TwoBasinsSurface
from core.experiments.queue import QueueEnd, RunQueue
from core.experiments.sweep import (
    BATCH_ONLY,
    COLUMNS,
    SweepSpec,
    bytes_text,
    format_value,
    number_text,
    sweep_configs,
)
from core.messages import Message, joined
from core.training.config import TrainConfig
from core.training.data import Dataset, load_dataset
from core.training.engine import COMPLETED, STOPPED, Callback, RunResult, StepInfo, Trainer
from core.training.models import build_model, loss_function
from core.training.steps import steps_per_epoch

RECOMMENDED_RANGE = (32, 256)  # the article's "common values": 32, 64, 128, 256
NOISE_BATCHES = 32  # mini-batches drawn to measure the gradient noise at each batch size
BASIN_SEEDS = 20  # two-basins: runs per batch size (seeds s, s + 1, …) for the share in the deeper basin
CURVE_SAMPLES = 2048  # the training loss along each run is measured on at most this many training samples
CURVE_EVERY = 1.1  # … after steps 1 … 20, then whenever the step has grown by this factor, and at the end
TARGET_FRACTION = 0.95  # the target: this far down from the initial loss to the highest loss all B reach
MEMORY_METHOD = (
    "tensor bytes of one step, measured: the batch (inputs and targets), the activations autograd "
    "saves for backward(), and the parameter gradients; not the process's RSS"
)
CRITICAL_METHOD = (
    "McCandlish et al. 2018: B_simple = tr(Σ)/|G|² at the initial weights (Σ the per-sample gradient "
    "covariance, G the full-batch gradient); B_crit = E_min/S_min from the steps S and samples E = S·B each "
    "batch size takes to reach the target training loss, fitted to S = S_min + E_min/B, i.e. "
    "(S/S_min − 1)(E/E_min − 1) = 1. The target is {fraction:.0%} of the way from the initial loss to the "
    "highest loss every batch size reached; the loss along each run is measured on {samples:,} training "
    "samples after steps 1 … 20 and then every {every:.0%} more steps (interpolated). The lab's α is the "
    "same for every B, where the paper tunes α for each B, so the S and E measured are not each B's best"
)
BASIN_METHOD = (
    "two-basins: {seeds} runs per batch size (seeds {first} … {last}: the same data and start, the sampling "
    "order changes), each ending in the deeper basin when its final w is on the deeper minimum's side of the "
    "saddle of the exact loss"
)
NOISE_METHOD = (
    "mean ‖g_B − g‖² over {k} mini-batches drawn without replacement, at the initial weights (the same "
    "for every B), g = the full-batch gradient; theory: S²·(1 − B/N)/B with S² the per-sample variance"
)


# -- measurements ------------------------------------------------------------------------------
def _model_and_loss(config: TrainConfig, data: Dataset):
    model = build_model(config.model, data.features, data.outputs, config.hidden, config.seed)
    return model.to(data.x_train.device, data.x_train.dtype), loss_function(data.task)


def _flat_grad(model: torch.nn.Module) -> torch.Tensor:
    return torch.cat([p.grad.reshape(-1) for p in model.parameters()]).double()


@dataclass(frozen=True)
class NoiseBase:
    """The full-batch gradient g at the initial weights and the per-sample gradient variance S²."""

    full_grad: torch.Tensor
    sample_variance: float
    samples: int

    def theory(self, batch: int) -> float:
        """E‖g_B − g‖² for a batch of B drawn without replacement: S²·(1 − B/N)/B."""
        return self.sample_variance * (1.0 - batch / self.samples) / batch


def noise_base(config: TrainConfig, data: Dataset, sample: int = 1024) -> NoiseBase:
    """g from one full-batch backward pass, and S² from the gradients of single samples: every
    training sample, or ``sample`` of them drawn at random when there are more (an unbiased estimate;
    one backward pass each, which is quicker here than ``torch.func``'s first call)."""
    model, loss_fn = _model_and_loss(config, data)
    params = list(model.parameters())
    n = int(data.x_train.shape[0])
    model.zero_grad()
    for lo in range(0, n, 8192):  # the mean loss's gradient, in chunks
        out = model(data.x_train[lo : lo + 8192])
        (loss_fn(out, data.y_train[lo : lo + 8192], reduction="sum") / n).backward()
    full = _flat_grad(model)
    if n > sample:
        g = torch.Generator().manual_seed(config.seed + 1)
        idx = torch.randperm(n, generator=g)[:sample].tolist()
    else:
        idx = range(n)
    squares = 0.0
    rows = torch.empty(64, full.numel(), dtype=data.x_train.dtype, device=full.device)
    idx = list(idx)
    for lo in range(0, len(idx), 64):
        part = idx[lo : lo + 64]
        for j, i in enumerate(part):
            loss = loss_fn(model(data.x_train[i : i + 1]), data.y_train[i : i + 1])
            torch.cat([t.reshape(-1) for t in torch.autograd.grad(loss, params)], out=rows[j])
        squares += float((rows[: len(part)].double() - full).square().sum())
    # Σ‖g_i − g‖² / (n − 1) over all samples, or its unbiased estimate from the drawn ones
    variance = squares / (n - 1) * (n / len(idx)) if n > 1 else 0.0
    return NoiseBase(full, variance, n)


def gradient_noise(
    config: TrainConfig, data: Dataset, batch: int, base: NoiseBase, batches: int = NOISE_BATCHES
) -> float:
    """Mean ‖g_B − g‖² over ``batches`` mini-batches of size B at the initial weights."""
    n = int(data.x_train.shape[0])
    if batch >= n:
        return 0.0  # the whole training set is the full batch: no noise at all
    model, loss_fn = _model_and_loss(config, data)
    g = torch.Generator().manual_seed(config.seed + 7919 * batch)
    total = 0.0
    for _ in range(batches):
        idx = torch.randperm(n, generator=g)[:batch].to(data.x_train.device)
        model.zero_grad()
        loss_fn(model(data.x_train[idx]), data.y_train[idx]).backward()
        d = _flat_grad(model) - base.full_grad
        total += float(d @ d)
    return total / batches


def step_memory(config: TrainConfig, data: Dataset, batch: int) -> dict[str, int]:
    """Bytes of one training step at batch size B, measured on the tensors themselves: the batch, the
    activations autograd saves for ``backward()`` (hooked as they are saved, parameters and the batch
    left out) and the parameter gradients."""
    model, loss_fn = _model_and_loss(config, data)
    xb, yb = data.x_train[:batch], data.y_train[:batch]
    skip = {p.data_ptr() for p in model.parameters()} | {xb.data_ptr(), yb.data_ptr()}
    saved: dict[int, int] = {}

    def pack(t: torch.Tensor) -> torch.Tensor:
        ptr = t.data_ptr()
        if ptr not in skip and t.numel():
            saved[ptr] = max(saved.get(ptr, 0), t.numel() * t.element_size())
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        out = model(xb)
        loss = loss_fn(out, yb)
    if out.data_ptr() not in saved:
        saved[out.data_ptr()] = out.numel() * out.element_size()
    loss.backward()
    batch_bytes = xb.numel() * xb.element_size() + yb.numel() * yb.element_size()
    grad_bytes = sum(p.grad.numel() * p.grad.element_size() for p in model.parameters())
    activation_bytes = sum(saved.values())
    return {
        "batch": batch_bytes,
        "activations": activation_bytes,
        "gradients": grad_bytes,
        "total": batch_bytes + activation_bytes + grad_bytes,
    }


@torch.no_grad()
def training_loss(model: torch.nn.Module, data: Dataset, chunk: int = 8192) -> float:
    """The mean loss over the whole training set (not a running average of mini-batches)."""
    loss_fn = loss_function(data.task)
    first = next(model.parameters())
    data = data.to(first.device, first.dtype)
    n = int(data.x_train.shape[0])
    total = 0.0
    for lo in range(0, n, chunk):
        out = model(data.x_train[lo : lo + chunk])
        total += float(loss_fn(out, data.y_train[lo : lo + chunk], reduction="sum"))
    return total / n


class _Probe(Callback):
    """On the training thread: the training loss at the two budgets, cancellation and progress."""

    def __init__(
        self,
        data: Dataset,
        step_budget: int,
        sample_budget: int,
        stop: Callable[[], bool] | None,
        report: Callable[[float], None] | None,
        curve_data: Dataset | None = None,
    ) -> None:
        self.data = data
        self.curve_data = curve_data  # the training loss along the run, measured on these samples
        self.curve: list[tuple[int, float]] = []  # (step, loss) at the checkpoints
        self.next_check = 1
        self.step_budget, self.sample_budget = step_budget, sample_budget
        self.stop, self.report = stop, report
        self.trainer: Trainer | None = None
        self.samples = 0
        self.at_steps: float | None = None
        self.at_samples: float | None = None
        self.spent_s = 0.0  # time spent measuring, taken out of the wall time per epoch
        self.total = 1
        self.next_report = 0.0

    def set_trainer(self, trainer: Trainer) -> None:
        self.trainer = trainer

    def on_train_begin(self, info) -> None:
        self.total = max(1, info.total_steps)

    def on_step_end(self, step: StepInfo) -> None:
        self.samples += step.batch_size
        if step.step == self.step_budget or (self.at_samples is None and self.samples >= self.sample_budget):
            started = time.perf_counter()
            loss = training_loss(self.trainer.model, self.data)
            if step.step == self.step_budget:
                self.at_steps = loss
            if self.at_samples is None and self.samples >= self.sample_budget:
                self.at_samples = loss
            self.spent_s += time.perf_counter() - started
        if self.curve_data is not None and (step.step >= self.next_check or step.step == self.total):
            started = time.perf_counter()
            self.curve.append((step.step, training_loss(self.trainer.model, self.curve_data)))
            self.next_check = step.step + 1 if step.step < 20 else math.ceil(step.step * CURVE_EVERY)
            self.spent_s += time.perf_counter() - started
        if self.stop is not None and self.stop():
            self.trainer.request_stop()
        if self.report is not None:
            now = time.perf_counter()
            if now >= self.next_report:
                self.next_report = now + 0.1
                self.report(step.step / self.total)


# -- the sweep ---------------------------------------------------------------------------------
@dataclass
class SweepReport:
    """A sweep's table (one row per value), the article's claims checked, and every run's result."""

    field: str
    values: tuple[float, ...]
    base: TrainConfig
    linear_scaling: bool = False
    step_budget: int = 0
    sample_budget: int = 0
    noise_batches: int = NOISE_BATCHES
    rows: list[dict] = field(default_factory=list)
    results: list[RunResult] = field(default_factory=list)
    memory: list[dict] = field(default_factory=list)
    sample_variance: float | None = None
    train_samples: int = 0
    claims: list[dict] = field(default_factory=list)
    status: str = COMPLETED  # or "stopped" when cancelled part-way
    b_simple: float | None = None  # tr(Σ)/|G|² at the initial weights
    critical: CriticalFit | None = None  # steps and samples to the target loss, B_crit = E_min/S_min
    curves: dict[int, list[tuple[int, float]]] = field(default_factory=dict)  # B -> (step, training loss)
    basins: dict[int, list[float]] = field(default_factory=dict)  # two-basins: B -> each seed's final w
    basin_seeds: int = 0

    @property
    def b_crit(self) -> float | None:
        return self.critical.b_crit if self.critical is not None else None

    @property
    def columns(self) -> list[str]:
        keys = list(COLUMNS)
        if self.field != "batch_size":
            keys = [k for k in keys if k not in BATCH_ONLY]
        if not self.basin_seeds and "deep_basin_share" in keys:
            keys.remove("deep_basin_share")
        return keys

    def to_dict(self) -> dict:
        """The sweep JSON: the table, the claims and each run's result JSON (the ``--out`` schema)."""
        return {
            "sweep": {"field": self.field, "values": list(self.values)},
            "config": self.base.to_dict(),
            "settings": {
                "linear_scaling": self.linear_scaling,
                "step_budget": self.step_budget,
                "sample_budget": self.sample_budget,
                "noise_batches": self.noise_batches,
                "train_samples": self.train_samples,
                "sample_variance": self.sample_variance,
                "memory_method": MEMORY_METHOD,
                "noise_method": NOISE_METHOD.format(k=self.noise_batches),
                **self._methods(),
            },
            "status": self.status,
            "columns": {k: COLUMNS[k] for k in self.columns},
            "b_simple": _clean(self.b_simple),
            "b_crit": _clean(self.b_crit),
            "critical_batch": None if self.critical is None else self.critical.to_dict(),
            "rows": [{k: _clean(row.get(k)) for k in self.columns} for row in self.rows],
            "memory": self.memory,
            "claims": [{k: v for k, v in c.items() if k != "measured_msg"} for c in self.claims],
            "runs": [r.to_dict() for r in self.results],
        }

    def _methods(self) -> dict:
        if self.field != "batch_size":
            return {}
        out = {"critical_method": critical_method()}
        if self.basin_seeds:
            out["basin_seeds"] = self.basin_seeds
            out["basin_method"] = basin_method(self.base.seed, self.basin_seeds)
        return out


def critical_method() -> str:
    return CRITICAL_METHOD.format(fraction=TARGET_FRACTION, samples=CURVE_SAMPLES, every=CURVE_EVERY - 1)


def basin_method(seed: int, seeds: int) -> str:
    return BASIN_METHOD.format(seeds=seeds, first=seed, last=seed + seeds - 1)


# -- the critical batch size (McCandlish et al. 2018) ------------------------------------------
@dataclass(frozen=True)
class CriticalFit:
    """Steps S to the target training loss per batch size, and S = S_min + E_min/B fitted to them."""

    target: float | None  # None: no batch size got below the initial loss
    initial_loss: float
    steps: dict[int, float | None]  # B -> S (None: the target was not reached)
    s_min: float | None = None
    e_min: float | None = None

    @property
    def b_crit(self) -> float | None:
        return self.e_min / self.s_min if self.s_min and self.e_min else None

    def to_dict(self) -> dict:
        return {
            "target_loss": _clean(self.target),
            "initial_loss": _clean(self.initial_loss),
            "s_min": _clean(self.s_min),
            "e_min": _clean(self.e_min),
            "steps_to_target": {str(b): _clean(v) for b, v in self.steps.items()},
        }


def steps_to_target(curve: Sequence[tuple[int, float]], target: float) -> float | None:
    """The first step at which the loss is at or below ``target``, interpolated linearly between the
    checkpoints (step, loss) around the crossing; None when it never gets there."""
    prev_step, prev_loss = curve[0]
    if prev_loss <= target:
        return float(prev_step)
    for step, loss in curve[1:]:
        if loss <= target:
            return prev_step + (step - prev_step) * (prev_loss - target) / (prev_loss - loss)
        prev_step, prev_loss = step, loss
    return None


def fit_critical(batches: Sequence[float], steps: Sequence[float]) -> tuple[float, float] | None:
    """(S_min, E_min) of S(B) = S_min + E_min/B — the paper's (S/S_min − 1)(E/E_min − 1) = 1 with
    E = S·B — by least squares on the relative residuals (S_min + E_min/B − S)/S. None when fewer than
    two batch sizes, or when the fit is not positive (S did not fall with B)."""
    b = np.asarray(batches, dtype=np.float64)
    s = np.asarray(steps, dtype=np.float64)
    if len(set(b.tolist())) < 2 or not (np.all(s > 0) and np.all(b > 0)):
        return None
    design = np.column_stack([1.0 / s, 1.0 / (b * s)])
    (s_min, e_min), *_ = np.linalg.lstsq(design, np.ones_like(s), rcond=None)
    if not (s_min > 0 and e_min > 0):
        return None
    return float(s_min), float(e_min)


def critical_batch(curves: dict[int, list[tuple[int, float]]], initial_loss: float) -> CriticalFit:
    """The target (``TARGET_FRACTION`` of the way from the initial loss down to the highest loss that
    every batch size reached), each B's steps to it, and the fit."""
    reached = max((min(loss for _, loss in curve) for curve in curves.values()), default=initial_loss)
    if not reached < initial_loss:
        return CriticalFit(None, initial_loss, {b: None for b in curves})
    target = reached + (1.0 - TARGET_FRACTION) * (initial_loss - reached)
    steps = {b: steps_to_target(curve, target) for b, curve in curves.items()}
    done = {b: v for b, v in steps.items() if v is not None and v > 0}
    fit = fit_critical(list(done), list(done.values()))
    return CriticalFit(target, initial_loss, steps, *(fit or (None, None)))


def simple_noise_scale(base: NoiseBase) -> float | None:
    """B_simple = tr(Σ)/|G|²: the per-sample gradient variance over the full-batch gradient's squared
    norm, at the weights ``base`` was measured at (None when G = 0)."""
    g2 = float(base.full_grad @ base.full_grad)
    return base.sample_variance / g2 if g2 > 0 else None


# -- two-basins: which basin the runs end in ---------------------------------------------------
def is_two_basins(config: TrainConfig, data: Dataset) -> bool:
    return config.model == "two-basins" and data.name == "two-basins"


def final_w(model: torch.nn.Module) -> float:
    return float(dict(model.named_parameters())["w"].detach().reshape(-1)[0])


def basin_ends(
    config: TrainConfig, data: Dataset, seeds: Sequence[int], stop: Callable[[], bool] | None = None
) -> list[float] | None:
    """The final w of a run of ``config`` for each seed (the same data and start; the seed sets the
    sampling order). None when stopped."""
    ends = []
    for seed in seeds:
        watch = _Probe(data, 0, 2**62, stop, None)  # budgets never met: it only passes ``stop`` on
        result = Trainer(config.replace(seed=seed), [watch], dataset=data).run()
        if result.status == STOPPED or result.model is None:
            return None
        ends.append(final_w(result.model))
    return ends


def deep_share(surface: TwoBasinsSurface, ends: Sequence[float]) -> float:
    """The share (0 to 1) of final weights in the deeper basin."""
    return float(np.mean(surface.in_deep_basin(np.asarray(ends, dtype=np.float64)))) if ends else math.nan


def run_sweep(
    base: TrainConfig,
    spec: SweepSpec,
    *,
    dataset: Dataset | None = None,
    linear_scaling: bool = False,
    noise_batches: int = NOISE_BATCHES,
    stop: Callable[[], bool] | None = None,
    on_row: Callable[[dict, RunResult], None] | None = None,
    on_progress: Callable[[float, str], None] | None = None,
    callbacks: Sequence[Callback] = (),
) -> SweepReport:
    """Train ``base`` once per value of ``spec`` (same model, data and seed), one after another.

    ``stop()`` is checked between batches: a cancelled sweep keeps the rows it finished and has status
    ``stopped``. ``on_row(row, result)`` follows each finished run; ``on_progress(fraction, text)`` the
    whole sweep. A batch-size sweep also measures memory and gradient noise and checks the claims.
    """
    if dataset is not None and int(dataset.x_train.shape[0]) != base.samples:
        base = base.replace(samples=int(dataset.x_train.shape[0]))  # the data decides N
    configs = sweep_configs(base, spec, linear_scaling)
    data = dataset if dataset is not None else load_dataset(base)
    n = int(data.x_train.shape[0])
    batches = [c.batch_size for c in configs]
    report = SweepReport(spec.field, spec.values, base, linear_scaling, noise_batches=noise_batches)
    report.train_samples = n
    report.step_budget = min(steps_per_epoch(n, b, base.drop_last) for b in batches)
    report.sample_budget = min(n, min(b * steps_per_epoch(n, b, base.drop_last) for b in batches))
    total = len(configs) + (1 if spec.field == "batch_size" else 0)

    def progress(done: float, text: str) -> None:
        if on_progress is not None:
            on_progress(min(1.0, done / total), text)

    noise = None
    batch_lab = spec.field == "batch_size"
    surface = None
    if batch_lab:
        progress(0, "measuring the per-sample gradient variance")
        noise = noise_base(base, data)
        report.sample_variance = noise.sample_variance
        report.b_simple = simple_noise_scale(noise)
        if is_two_basins(base, data):
            surface = TwoBasinsSurface.from_data(data.x_train.double().numpy(), data.y_train.double().numpy())
            report.basin_seeds = BASIN_SEEDS
    curve_data = _curve_data(base, data) if batch_lab else None
    initial_loss = training_loss(_model_and_loss(base, data)[0], curve_data) if curve_data else None
    offset = 1 if noise is not None else 0
    _warm_up(configs[0], data)  # first-call costs (allocator, thread pool) stay out of the first row
    first_share = 1.0 / BASIN_SEEDS if surface is not None else 1.0
    queue = RunQueue(configs, kind="lab")
    for config in queue:
        i = queue.done
        if stop is not None and stop():
            queue.cancel()
            report.status = "stopped"
            break
        label = f"{spec.field} = {number_text(spec.values[i])} ({i + 1} of {len(configs)})"
        progress(offset + i, label)
        probe = _Probe(
            data,
            report.step_budget,
            report.sample_budget,
            stop,
            lambda f, i=i, label=label: progress(offset + i + f * first_share, label),
            curve_data,
        )
        result = Trainer(config, [probe, *callbacks], dataset=data).run()
        queue.record(result)
        if queue.end == QueueEnd.CANCELLED:  # stopped by ``stop()``: the row is not kept
            report.status = "stopped"
            break
        row = _row(config, result, probe, data)
        if noise is not None:
            memory = step_memory(config, data, config.batch_size)
            report.memory.append({"batch_size": config.batch_size, **memory})
            row["memory_bytes"] = memory["total"]
            row["grad_noise"] = gradient_noise(config, data, config.batch_size, noise, noise_batches)
            row["grad_noise_theory"] = noise.theory(config.batch_size)
        if curve_data is not None and result.status == COMPLETED:
            report.curves[config.batch_size] = [(0, initial_loss), *probe.curve]
        if surface is not None and result.model is not None:
            progress(offset + i + first_share, f"{label}: {BASIN_SEEDS} seeds")
            others = basin_ends(config, data, range(config.seed + 1, config.seed + BASIN_SEEDS), stop)
            if others is None:
                report.status = "stopped"
                break
            ends = [final_w(result.model), *others]
            report.basins[config.batch_size] = ends
            row["deep_basin_share"] = deep_share(surface, ends)
        result.model = None  # the table keeps numbers, not models
        report.rows.append(row)
        report.results.append(result)
        if on_row is not None:
            on_row(row, result)
    if batch_lab:
        if report.curves and initial_loss is not None:
            report.critical = critical_batch(report.curves, initial_loss)
            for row in report.rows:
                steps = report.critical.steps.get(row["batch_size"])
                row["steps_to_target"] = steps
                row["samples_to_target"] = None if steps is None else steps * row["batch_size"]
        report.claims = check_claims(
            report.rows, base.model, b_simple=report.b_simple, b_crit=report.b_crit, seeds=report.basin_seeds
        )
    progress(total, "done")
    return report


def _curve_data(config: TrainConfig, data: Dataset) -> Dataset:
    """The training samples the loss along each run is measured on: all of them, or ``CURVE_SAMPLES``
    drawn once (the same for every batch size)."""
    n = int(data.x_train.shape[0])
    if n <= CURVE_SAMPLES:
        return data
    idx = torch.randperm(n, generator=torch.Generator().manual_seed(config.seed + 2))[:CURVE_SAMPLES]
    idx = idx.sort().values.to(data.x_train.device)
    return Dataset(
        data.name, data.task, data.x_train[idx], data.y_train[idx], data.x_val, data.y_val, data.num_classes
    )


class _StopAfter(Callback):
    def __init__(self, steps: int) -> None:
        self.steps = steps
        self.trainer: Trainer | None = None

    def set_trainer(self, trainer: Trainer) -> None:
        self.trainer = trainer

    def on_step_end(self, step: StepInfo) -> None:
        if step.step >= self.steps:
            self.trainer.request_stop()


def _warm_up(config: TrainConfig, data: Dataset, steps: int = 10) -> None:
    """A few untimed steps, so the first timed run does not pay for first calls."""
    stopper = _StopAfter(steps)
    Trainer(config.replace(epochs=1), [stopper], dataset=data).run()


def _row(config: TrainConfig, result: RunResult, probe: _Probe, data: Dataset) -> dict:
    h = result.history
    epochs = h.epochs
    row: dict = {
        "batch_size": config.batch_size,
        "lr": config.lr,
        "momentum": config.momentum,
        "steps_per_epoch": result.steps_per_epoch,
        "status": result.status,
        "epoch_time_s": None,
        "loss_jitter": None,
        "train_loss": None,
        "val_loss": None,
        "val_accuracy": None,
        "gap": None,
        "loss_at_samples": probe.at_samples,
        "loss_at_steps": probe.at_steps,
    }
    if epochs:
        row["epoch_time_s"] = max(0.0, epochs[-1].time_s - probe.spent_s) / len(epochs)
        row["val_loss"] = epochs[-1].val_loss
        row["val_accuracy"] = epochs[-1].val_accuracy
    if result.model is not None and result.status == COMPLETED:
        row["train_loss"] = training_loss(result.model, data)
        if row["val_loss"] is not None:
            row["gap"] = row["val_loss"] - row["train_loss"]
    per = result.steps_per_epoch
    last = h.loss[max(0, h.size - per) : h.size]
    if last.size >= 3:
        row["loss_jitter"] = float(np.std(np.diff(last)) / math.sqrt(2))
    return row


# -- the article's claims ----------------------------------------------------------------------
def _trend(rows: list[dict], key: str) -> tuple[float, float] | None:
    """(value at the smallest B, value at the largest B), or None when not measured."""
    done = [r for r in rows if r.get(key) is not None]
    if len(done) < 2:
        return None
    done.sort(key=lambda r: r["batch_size"])
    return float(done[0][key]), float(done[-1][key])


def _monotone(rows: list[dict], key: str, rising: bool) -> bool:
    values = [r[key] for r in sorted(rows, key=lambda r: r["batch_size"]) if r.get(key) is not None]
    pairs = list(itertools.pairwise(values))
    return all((b > a) if rising else (b < a) for a, b in pairs)


def check_claims(
    rows: list[dict],
    model: str = "softmax",
    *,
    b_simple: float | None = None,
    b_crit: float | None = None,
    seeds: int = 0,
) -> list[dict]:
    """The seed article's batch-size table, row by row, next to what was measured. ``verdict`` is
    ``agrees``, ``disagrees`` or ``not measured`` (fewer than two finished batch sizes, or a claim this
    model cannot test); ``measured`` is the English of ``measured_msg`` (a :class:`Message`).

    ``b_simple`` and ``b_crit`` are the critical-batch estimates the "common batch sizes" claim is
    judged by; ``seeds`` the runs per batch size behind each row's ``deep_basin_share`` (two-basins),
    which the escape claim is judged by."""
    rows = [r for r in rows if r.get("status") == COMPLETED]
    lo_b = min((r["batch_size"] for r in rows), default=None)
    hi_b = max((r["batch_size"] for r in rows), default=None)
    out = []

    def claim(key: str, article: str, parts: list[Message] | None, agrees: bool | None) -> None:
        verdict = "not measured" if agrees is None else ("agrees" if agrees else "disagrees")
        measured = joined(parts) if parts else None
        out.append(
            {
                "claim": key,
                "article": article,
                "measured": "" if measured is None else str(measured),
                "measured_msg": measured,
                "verdict": verdict,
            }
        )

    b = {"small": lo_b, "large": hi_b}
    t = _trend(rows, "memory_bytes")
    claim(
        "memory",
        "memory use: small batch low, large batch high",
        t and [Message("lab.memory", **b, small_bytes=bytes_text(t[0]), large_bytes=bytes_text(t[1]))],
        t and _monotone(rows, "memory_bytes", rising=True),
    )
    t = _trend(rows, "steps_per_epoch")
    claim(
        "updates",
        "small batch updates more often, large batch less often",
        t and [Message("lab.updates", **b, small_steps=t[0], large_steps=t[1])],
        t and _monotone(rows, "steps_per_epoch", rising=False),
    )
    t = _trend(rows, "epoch_time_s")
    claim(
        "speed",
        "small batch trains slower per epoch, large batch faster",
        t and [Message("lab.speed", **b, small_s=t[0], large_s=t[1], ratio=t[0] / max(t[1], 1e-12))],
        t and t[0] > t[1],
    )
    t = _trend(rows, "grad_noise")
    jitter = _trend(rows, "loss_jitter")
    ratio = t and t[0] / max(t[1], 1e-300)
    parts = t and [Message("lab.noise", **b, small_noise=t[0], large_noise=t[1], ratio=ratio)]
    if parts and jitter:
        parts.append(Message("lab.jitter", small=jitter[0], large=jitter[1]))
    claim("noise", "small batch: noisier steps; large batch: smoother", parts, t and t[0] > t[1])
    escape, verdict = _escape(rows, model, seeds)
    claim(
        "escape",
        "the noise helps a small batch escape poor minima; a large batch may settle in one",
        [escape],
        verdict,
    )
    t = _trend(rows, "gap")
    v = _trend(rows, "val_loss")
    parts = t and [Message("lab.gap", **b, small_gap=t[0], large_gap=t[1])]
    if parts and v:
        parts.append(Message("lab.validation_loss", small=v[0], large=v[1]))
    claim(
        "generalisation",
        "small batch usually generalises better (smaller gap), large batch slightly worse",
        parts,
        t and t[0] < t[1],
    )
    estimates = [v for v in (b_simple, b_crit) if v is not None and math.isfinite(v)]
    low, high = RECOMMENDED_RANGE
    parts = []
    if b_simple is not None:
        parts.append(Message("lab.b_simple", value=b_simple))
    parts.append(Message("lab.b_crit", value=b_crit) if b_crit is not None else Message("lab.b_crit_none"))
    if estimates:
        inside = sum(low <= v <= high for v in estimates)
        parts.append(Message("lab.range", low=low, high=high, inside=inside, count=len(estimates)))
    claim(
        "recommended",
        "common batch sizes are 32, 64, 128, 256",
        parts,
        None if not estimates or len(rows) < 2 else all(low <= v <= high for v in estimates),
    )
    return out


def _escape(rows: list[dict], model: str, seeds: int) -> tuple[Message, bool | None]:
    """The escape claim: measured on two-basins only, as the share of runs ending in the deeper basin
    at the smallest and the largest batch size. It agrees when the small batch's share is higher by more
    than sampling noise: a two-proportion z-test, z > 1.96 (one-sided 2.5%)."""
    done = sorted((r for r in rows if r.get("deep_basin_share") is not None), key=lambda r: r["batch_size"])
    if model != "two-basins" or len(done) < 2 or seeds < 1:
        reason = "lab.escape_convex" if model in ("softmax", "linear") else "lab.escape_elsewhere"
        return Message(reason, model=model), None
    small, large = done[0], done[-1]
    p1, p2 = small["deep_basin_share"], large["deep_basin_share"]
    pooled = (p1 + p2) / 2
    spread = math.sqrt(2 * pooled * (1 - pooled) / seeds)
    z = (p1 - p2) / spread if spread > 0 else 0.0
    shares = ", ".join(f"B={r['batch_size']}: {r['deep_basin_share']:.0%}" for r in done)
    measured = Message(
        "lab.escape",
        seeds=seeds,
        shares=shares,
        small=small["batch_size"],
        large=large["batch_size"],
        z=z,
    )
    return measured, z > 1.96


# -- output ------------------------------------------------------------------------------------
def report_json(report: SweepReport) -> str:
    return json.dumps(report.to_dict(), indent=1, allow_nan=False) + "\n"


def report_csv(report: SweepReport) -> str:
    """The table: one row per value, the columns of :data:`COLUMNS`."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    keys = report.columns
    out.writerow(keys)
    for row in report.rows:
        out.writerow(["" if row.get(k) is None else _plain(row[k]) for k in keys])
    return buf.getvalue()


def format_table(report: SweepReport) -> str:
    """The table and the claims as plain text for the terminal."""
    short = {
        "batch_size": "B",
        "lr": "lr",
        "momentum": "β",
        "steps_per_epoch": "steps/ep",
        "epoch_time_s": "s/epoch",
        "memory_bytes": "mem/step",
        "grad_noise": "grad noise",
        "grad_noise_theory": "theory",
        "loss_jitter": "jitter",
        "train_loss": "train",
        "val_loss": "val",
        "val_accuracy": "val acc",
        "gap": "gap",
        "loss_at_samples": f"@{report.sample_budget:,} smp",
        "loss_at_steps": f"@{report.step_budget:,} steps",
        "steps_to_target": "S",
        "samples_to_target": "E",
        "deep_basin_share": "deep basin",
        "status": "status",
    }
    keys = report.columns
    table = [[short[k] for k in keys]] + [[format_value(k, r.get(k)) for k in keys] for r in report.rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(keys))]
    lines = ["  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)) for row in table]
    if report.field == "batch_size":
        lines.append(f"memory: {MEMORY_METHOD}")
        lines.append(f"gradient noise: {NOISE_METHOD.format(k=report.noise_batches)}")
        lines.append(critical_lines(report))
        if report.basin_seeds:
            lines.append(f"deep basin: {basin_method(report.base.seed, report.basin_seeds)}")
    for c in report.claims:
        lines.append(f"[{c['verdict']}] {c['article']}: {c['measured']}")
    return "\n".join(lines)


def critical_lines(report: SweepReport) -> str:
    """The critical-batch estimates as plain text."""
    fit = report.critical
    simple = "—" if report.b_simple is None else f"{report.b_simple:.3g}"
    crit = "— (not fitted)" if report.b_crit is None else f"{report.b_crit:.3g}"
    text = f"critical batch size: B_simple = {simple} (at the initial weights), B_crit = {crit}"
    if fit is not None and fit.target is not None:
        text += f"; target training loss {fit.target:.4g} (initial {fit.initial_loss:.4g})"
    if fit is not None and fit.b_crit is not None:
        text += f", S_min = {fit.s_min:,.1f} steps, E_min = {fit.e_min:,.0f} samples"
    return text + f"\n  ({critical_method()})"


def _clean(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _plain(value) -> str:
    return repr(value) if isinstance(value, float) else str(value)
