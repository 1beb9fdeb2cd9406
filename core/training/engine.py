"""The training engine: the seed article's loop, with callbacks and thread-safe control.

``Trainer(config, callbacks).run()`` trains and returns a :class:`RunResult`; it never raises for
a problem that happens during training (divergence, an exception): those end the run with a
status. Another thread may call :meth:`Trainer.pause`, :meth:`~Trainer.resume`,
:meth:`~Trainer.step_once`, :meth:`~Trainer.request_stop` and :meth:`~Trainer.set_hyperparameters`;
the loop honours them between batches. :meth:`~Trainer.set_pace` slows the loop to a number of
steps a second, waiting between batches on the same condition as a pause, so that pause, step and
stop still answer at once.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import torch

from core.messages import Message, MessageError, schedule_name
from core.training.config import CUSTOM, ConfigError, TrainConfig, checked_pace
from core.training.data import Dataset, load_dataset
from core.training.history import MAX_WATCH, WATCH_FIELDS, EpochRecord, History, WatchEntry
from core.training.models import build_model, loss_function
from core.training.optim import build_optimizer, build_scheduler
from core.training.steps import (
    last_batch_size,
    optimizer_steps_per_epoch,
    steps_per_epoch,
    window_samples,
    worker_share,
)
from core.training.threads import threads_for

COMPLETED, STOPPED, DIVERGED, ERROR = "completed", "stopped", "diverged", "error"
# Where each optimizer keeps its running state: PyTorch's momentum buffer b, the seed form's velocity
# v, Adam's first moment, Adagrad's sum of squares.
BUFFER_KEYS = {
    "sgd": "momentum_buffer",
    "sgd-manual": "velocity",
    "adam": "exp_avg",
    "rmsprop": "momentum_buffer",
    "adagrad": "sum",
}

# A tensor read flat: a numpy array and a memoryview of it (whose items read as Python floats).
FlatView = tuple[np.ndarray, memoryview]


class Clock:
    """The pace's clock: the time now, and a wait on the trainer's condition that a control call ends
    early. Tests give the Trainer a clock of their own, whose seconds they count."""

    def now(self) -> float:
        return time.perf_counter()

    def wait(self, cond: threading.Condition, timeout_s: float) -> None:
        cond.wait(timeout_s)


@dataclass(frozen=True)
class Samples:
    """The training set as the model sees it, for views that picture it (sent once, in RunInfo):
    read-only numpy arrays, views of the tensors the engine trains on (copies when on a GPU)."""

    x: np.ndarray  # (n, features)
    y: np.ndarray  # (n,) class labels, or regression targets
    num_classes: int  # 0 for regression
    image_shape: tuple[int, int] | None  # (height, width) when each row of x is an image

    @classmethod
    def of(cls, data: Dataset) -> Samples:
        x, y = data.x_train.detach().cpu().numpy(), data.y_train.detach().cpu().numpy()
        x, y = x.view(), y.view()  # the flag below is the views', not the tensors'
        x.flags.writeable = y.flags.writeable = False
        return cls(x, y, data.num_classes, data.image_shape)


@dataclass(frozen=True)
class RunInfo:
    """Sent once, before the first step. ``steps_per_epoch`` counts ``optimizer.step()`` calls (the
    history's rows); ``iterations_per_epoch`` the mini-batches, the same unless gradients accumulate."""

    config: TrainConfig
    steps_per_epoch: int
    last_batch_size: int
    total_steps: int
    train_samples: int
    val_samples: int
    device: str
    parameters: dict[str, tuple[int, ...]]  # name -> shape, in optimizer order
    samples: Samples | None = None
    iterations_per_epoch: int = 0  # 0: as many as steps_per_epoch


class StepInfo(NamedTuple):
    """Sent after every ``optimizer.step()``. ``iteration`` counts mini-batches from 1 within the
    epoch (out of ``steps_per_epoch``, the epoch's iterations), ``step`` optimizer steps from 1 over
    the run (the same count unless gradients accumulate). A named tuple: it is made every step (the
    cost: BENCHMARKS.md)."""

    epoch: int
    iteration: int
    step: int
    steps_per_epoch: int
    loss: float
    lr: float
    grad_norm: float
    batch_size: int


DIVERGENCE_FACTOR = 1e6  # a loss this many times the reference ends the run as diverged
DIVERGENCE_REFERENCE_STEPS = 20  # the reference: the largest mini-batch loss of the first steps


class DivergenceCheck:
    """Calls a run diverged long before float32 overflows (README.md, "When a run diverges").

    The reference is the largest mini-batch loss of the run's first 20 steps; from step 21 on, a
    loss above 10⁶ × the reference is divergence. On a quadratic the loss grows with the square of
    the distance from the minimum, so 10⁶ is a thousand times the starting distance, while float32
    overflows only near 10³⁸. Converging runs near the stability bound climb before they fall (to
    ~700× the first step's loss with β = 0.99, dampening 0.5 at 0.99× the bound; ~3·10⁴× with
    β = 0.999, dampening 0.9, because the first step is not dampened), and every such peak we
    measured is within the first 10 steps, so the reference takes it in: after step 20 none of them
    passed 1× it. A maximum over several steps, not the first step alone, because with small batches
    one mini-batch's loss may be near 0. One comparison a step."""

    __slots__ = ("limit", "reference", "seen")

    def __init__(self) -> None:
        self.seen = 0
        self.reference = 0.0
        self.limit = math.inf

    def __call__(self, loss: float) -> bool:
        """True when this step's (finite) loss says the run diverged."""
        if self.seen < DIVERGENCE_REFERENCE_STEPS:
            self.seen += 1
            if loss > self.reference:
                self.reference = loss
            if self.seen == DIVERGENCE_REFERENCE_STEPS and self.reference > 0:
                self.limit = DIVERGENCE_FACTOR * self.reference
            return False
        return loss > self.limit


@dataclass
class RunResult:
    """The outcome and full history of a run; :meth:`to_dict` is the result JSON."""

    config: TrainConfig
    steps_per_epoch: int
    last_batch_size: int
    history: History
    status: str = COMPLETED
    message: str = ""  # the English of ``msg``, as the result JSON has it
    device: str = "cpu"
    diverged_step: int | None = None
    elapsed_s: float = 0.0
    changes: list[dict] = field(default_factory=list)  # hyperparameter changes made mid-run
    stability: dict | None = None  # the two-parameter model: hessian_max_eigenvalue, lr_critical
    model: torch.nn.Module | None = field(default=None, repr=False)  # the trained model (not in JSON)
    msg: Message | None = None  # the message as data (None for a run read back with another text)
    data_source: dict | None = None  # imported data: which file, columns and options (provenance)
    # K data-parallel workers (core/training/distributed.py): workers, per_worker_samples, padding,
    # global_batch and worker_loss, added to the result JSON; None for a one-process run.
    distributed: dict | None = None

    @property
    def total_steps(self) -> int:
        return self.config.epochs * self.steps_per_epoch

    def to_dict(self) -> dict:
        """The result JSON (README.md, "The result JSON"); non-finite numbers never appear in it."""
        c = self.config
        out = {
            "config": self.config.to_dict(),
            # iterations: ⌈N/B⌉; with K workers each worker's ⌈⌈N/K⌉/B⌉
            "steps_per_epoch": steps_per_epoch(
                worker_share(c.samples, c.workers)[0], c.batch_size, c.drop_last
            ),
            "last_batch_size": self.last_batch_size,
            "total_steps": self.total_steps,
            "steps_done": self.history.size,
            "status": self.status,
            "message": self.message,
            "device": self.device,
            "elapsed_s": round(self.elapsed_s, 6),
            "epochs": [e.to_dict() for e in self.history.epochs],
            "step_loss": self.history.loss.tolist(),
        }
        if self.config.accumulate > 1:  # one step_loss per optimizer.step(), the window's mean
            out["optimizer_steps_per_epoch"] = self.steps_per_epoch
            out["iteration_loss"] = self.history.iteration_loss.tolist()
        if self.distributed is not None:
            out.update(self.distributed)
        if self.diverged_step is not None:
            out["diverged_step"] = self.diverged_step
        if self.changes:
            out["changes"] = self.changes
        if self.data_source is not None:
            out["data_source"] = self.data_source
        if self.stability:
            out.update(self.stability)
            bound = self.bound
            if bound is not None:  # the bound of this run's settings (also for a run read back)
                out["lr_critical"], out["lr_critical_reason"] = bound.lr_critical, str(bound.reason)
        return out

    @property
    def bound(self):
        """The two-parameter model's stability bound for this run's optimizer settings
        (core.training.quadratic.StabilityBound), or None for other models."""
        lam = (self.stability or {}).get("hessian_max_eigenvalue")
        if not isinstance(lam, (int, float)) or not lam > 0:
            return None
        from core.training.quadratic import config_bound

        return config_bound(float(lam), self.config)


class Callback:
    """Hooks in the style of Keras callbacks; override what you need. They run on the training
    thread, so they must be quick and must not touch GUI objects."""

    def set_trainer(self, trainer: Trainer) -> None:
        """The Trainer this callback was given to, from its constructor (keep it to control the run)."""

    def on_train_begin(self, info: RunInfo) -> None: ...

    def on_epoch_begin(self, epoch: int) -> None: ...

    def on_step_end(self, step: StepInfo) -> None: ...

    def on_epoch_end(self, record: EpochRecord) -> None: ...

    def on_pause(self, steps_done: int) -> None: ...

    def on_train_end(self, result: RunResult) -> None: ...

    def on_exception(self, exc: BaseException) -> None: ...


def resolve_device(name: str) -> torch.device:
    """``cpu``, ``cuda`` or ``auto`` (CUDA when available, else the CPU)."""
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise ConfigError("device", Message("run.no_cuda"))
    return torch.device(name)


class Trainer:
    """Runs one configured training. Build it on any thread; call :meth:`run` on the worker."""

    def __init__(
        self,
        config: TrainConfig,
        callbacks: Iterable[Callback] = (),
        *,
        dataset: Dataset | None = None,
        dtype: torch.dtype = torch.float32,
        watch: Sequence[WatchEntry] = (),
        pace: float | None = None,
        clock: Clock | None = None,
    ) -> None:
        # An imported table (``custom``) comes with the run and describes itself; built-in data is
        # made here, on the worker thread, when the run starts.
        self.config = config.validate(
            dataset.info() if dataset is not None and config.dataset == CUSTOM else None
        )
        if config.workers > 1:  # K processes: core.training.distributed.DistributedRun
            raise ConfigError("workers", Message("config.workers_trainer", workers=config.workers))
        self.device = resolve_device(config.device)
        self.callbacks: list[Callback] = list(callbacks)
        self.dtype = dtype
        self._dataset = dataset
        self.iterations_per_epoch = steps_per_epoch(config.samples, config.batch_size, config.drop_last)
        self.steps_per_epoch = optimizer_steps_per_epoch(
            config.samples, config.batch_size, config.drop_last, config.accumulate
        )  # the optimizer's steps: the history's rows
        self.last_batch_size = last_batch_size(config.samples, config.batch_size, config.drop_last)
        self.history = History.for_run(
            config.epochs * self.steps_per_epoch,
            iterations=config.epochs * self.iterations_per_epoch,
            watch_dtype=np.float32 if dtype == torch.float32 else np.float64,
        )
        self.model: torch.nn.Module | None = None
        self.optimizer: torch.optim.Optimizer | None = None
        self._cond = threading.Condition()
        self._attention = False  # set by any control call; checked (unlocked) once per batch
        self._paused = False
        self._stop = False
        self._steps_left: int | None = None
        self._pace: float | None = None  # iterations a second; None: as fast as it goes
        self._due = 0.0  # the pace's clock time at which the next step may go
        self._pace_clock = clock or Clock()
        self.set_pace(pace)
        # What the views picture, read by callbacks between steps: this epoch's permutation (numpy;
        # None in order), where the last mini-batch began in it, and the last forward pass's output.
        self.epoch_order: np.ndarray | None = None
        self.last_batch_start = 0
        self.last_output: torch.Tensor | None = None
        self._pending: dict[str, float] = {}
        self._changes: list[dict] = []
        self._watch_request: tuple[WatchEntry, ...] | None = tuple(watch)[:MAX_WATCH]
        self._watch: tuple[WatchEntry, ...] = ()
        self._watch_at: list[tuple[int, int]] = []  # (parameter, flat index)
        self._watch_limit = 0  # the last step whose row is ready in self._watch_values
        self._snapshot: list[np.ndarray] | None = None
        # Set when the run starts (_train, _prepare_reads, _watch_before): the model's parameters by
        # name, the optimizer's buffer key, the clock, and cached views for the watched entries.
        self._named: dict[str, torch.nn.Parameter] = {}
        self._buffer_key = ""
        self._clock = 0.0
        self._paused_s = 0.0
        self._order: dict[str, int] = {}
        self._states: list = []
        self._on_cpu = True
        self._param_views: list | None = None
        self._buffer_views: list[tuple[torch.Tensor, FlatView] | None] = []
        self._grad_views: list[tuple[torch.Tensor, FlatView] | None] = []
        self._decay = 0.0
        self._delta_kind: str | None = None
        self._watch_values = None
        self._watch_norms = None
        self._watch_row = 0
        for cb in self.callbacks:
            cb.set_trainer(self)

    # -- thread-safe control -------------------------------------------------------------------
    def pause(self) -> None:
        """Pause before the next batch."""
        with self._cond:
            self._paused = True
            self._attention = True
            self._cond.notify_all()  # a paced wait ends now

    def set_pace(self, steps_per_s: float | None) -> None:
        """At most ``steps_per_s`` iterations (mini-batches) a second from now on, which are the
        optimizer's steps unless gradients accumulate (None or 0: no limit)."""
        pace = checked_pace(steps_per_s)
        with self._cond:
            if pace is not None and (self._pace is None or pace > self._pace):
                self._due = min(self._due, self._pace_clock.now() + 1.0 / pace)  # faster: not later
            self._pace = pace
            self._attention = True
            self._cond.notify_all()

    @property
    def pace(self) -> float | None:
        return self._pace

    def resume(self) -> None:
        """Go on training after a pause or a single step."""
        with self._cond:
            self._paused = False
            self._steps_left = None
            self._attention = True
            self._due = self._pace_clock.now()  # the pace starts again from now
            self._cond.notify_all()

    def step_once(self) -> None:
        """Take exactly one more ``optimizer.step()``, then pause (before :meth:`run`, too)."""
        with self._cond:
            self._paused = False
            self._steps_left = 1
            self._attention = True
            self._cond.notify_all()

    def request_stop(self) -> None:
        """Stop before the next batch; the run ends with status ``stopped`` and keeps its history."""
        with self._cond:
            self._stop = True
            self._attention = True
            self._cond.notify_all()

    def set_hyperparameters(self, *, lr: float | None = None, momentum: float | None = None) -> None:
        """Change lr and/or momentum β for the rest of the run (applied before the next batch,
        the way a scheduler would)."""
        checked = TrainConfig(
            lr=self.config.lr if lr is None else lr,
            momentum=self.config.momentum if momentum is None else momentum,
            nesterov=self.config.nesterov,
            dampening=self.config.dampening,
        ).validate()
        with self._cond:
            if lr is not None:
                if self.config.lr_schedule != "constant":
                    schedule = schedule_name(self.config.lr_schedule)
                    raise ConfigError("lr", Message("run.lr_follows_schedule", schedule=schedule))
                self._pending["lr"] = checked.lr
            if momentum is not None:
                if self.config.optimizer not in ("sgd", "sgd-manual", "rmsprop"):
                    raise ConfigError("momentum", Message("run.beta_fixed", optimizer=self.config.optimizer))
                self._pending["momentum"] = checked.momentum
            self._attention = True

    def set_watch(self, entries: Sequence[WatchEntry]) -> None:
        """Follow these parameter entries (at most MAX_WATCH) from the next step on: their gradient,
        optimizer buffer and value before and after every step. Unknown entries are ignored."""
        with self._cond:
            self._watch_request = tuple(entries)[:MAX_WATCH]
            self._attention = True

    @property
    def is_paused(self) -> bool:
        return self._paused

    # -- the loop ------------------------------------------------------------------------------
    def run(self) -> RunResult:
        """Train; always returns a result (status completed, stopped, diverged or error)."""
        result = RunResult(
            self.config, self.steps_per_epoch, self.last_batch_size, self.history, device=str(self.device)
        )
        result.changes = self._changes
        try:
            # A diverging run overflows the watched entries' numpy reads on its way to inf: expected.
            with np.errstate(over="ignore", invalid="ignore"):
                self._train(result)
        except Exception as exc:  # an engine failure ends the run with a message, never a crash
            detail = exc.msg if isinstance(exc, MessageError) else str(exc)
            result.msg = Message("run.failed", kind=type(exc).__name__, detail=detail)
            result.status, result.message = ERROR, str(result.msg)
            for cb in self.callbacks:
                cb.on_exception(exc)
        for cb in self.callbacks:
            cb.on_train_end(result)
        return result

    def _train(self, result: RunResult) -> None:
        cfg = self.config
        data = (self._dataset or load_dataset(cfg)).to(self.device, self.dtype)
        self.model = model = build_model(cfg.model, data.features, data.outputs, cfg.hidden, cfg.seed).to(
            self.device, self.dtype
        )
        self.optimizer = optimizer = build_optimizer(cfg.optimizer, model.parameters(), cfg)
        scheduler = build_scheduler(cfg.lr_schedule, optimizer, result.total_steps)
        self._named = dict(model.named_parameters())
        params = list(self._named.values())
        torch.set_num_threads(threads_for(cfg.batch_size, sum(p.numel() for p in params)))
        loss_fn = loss_function(data.task)
        if cfg.model == "linear" and data.features == 1:
            result.stability = _stability(data, cfg)
        info = RunInfo(
            cfg,
            self.steps_per_epoch,
            self.last_batch_size,
            result.total_steps,
            int(data.x_train.shape[0]),
            int(data.x_val.shape[0]),
            str(self.device),
            {name: tuple(p.shape) for name, p in self._named.items()},
            Samples.of(data),
            self.iterations_per_epoch,
        )
        for cb in self.callbacks:
            cb.on_train_begin(info)
        step_hooks = [cb.on_step_end for cb in self.callbacks if _overrides(cb, "on_step_end")]
        self._buffer_key = BUFFER_KEYS.get(cfg.optimizer, "")
        self._prepare_reads(params)
        self._resolve_watch()
        x, y = data.x_train, data.y_train
        n, b, per_epoch = x.shape[0], cfg.batch_size, self.iterations_per_epoch
        # Gradient accumulation over k iterations: each mini-batch's loss is scaled by its share of
        # the window's samples, so that the summed gradient is the mean over the window's samples.
        k = cfg.accumulate
        windows = window_samples(n, b, cfg.drop_last, k)
        window_loss = 0.0
        shuffler = torch.Generator()  # the shuffling's own draws
        history, group = self.history, optimizer.param_groups[0]
        beta_of = _momentum_reader(group)
        read_scalars = _CpuScalars() if self.device.type == "cpu" else _read_scalars_stacked
        self._clock = time.perf_counter()
        self._paused_s = 0.0
        self._due = self._pace_clock.now()
        step = 0
        diverging = DivergenceCheck()
        epoch_end = 0.0  # the training clock when the previous epoch ended

        for epoch in range(1, cfg.epochs + 1):
            order = None
            if cfg.shuffle:  # as DistributedSampler draws it: the seed plus the epoch (from 0)
                shuffler.manual_seed(cfg.seed + epoch - 1)
                order = torch.randperm(n, generator=shuffler).to(self.device)
            order_np = None if order is None else _read_only(order)  # for the views, once a batch is taken
            epoch_start, loss_sum, seen = history.size, 0.0, 0
            for cb in self.callbacks:
                cb.on_epoch_begin(epoch)
            for it in range(1, per_epoch + 1):
                first = k == 1 or it % k == 1  # a window's first iteration: pause and step here
                if self._attention and not self._service(step, first):
                    self._end(result, STOPPED, Message("run.stopped", steps=step, total=result.total_steps))
                    return
                lo = self.last_batch_start = (it - 1) * b
                self.epoch_order = order_np  # set with the batch: a pause before it shows the last one
                if order is None:
                    xb, yb = x[lo : lo + b], y[lo : lo + b]
                else:
                    idx = order[lo : lo + b]  # this mini-batch's rows: x[idx], y[idx]
                    xb, yb = x.index_select(0, idx), y.index_select(0, idx)  # (~15% faster per step)

                if cfg.zero_grad and first:
                    # optimizer.zero_grad(set_to_none=False): clear the previous step's gradients.
                    _zero_grad(params)
                # (without it, backward() adds this batch's gradients to all the earlier ones)
                out = self.last_output = model(xb)  # forward
                loss = loss_fn(out, yb)  # mini-batch loss
                if k == 1:
                    loss.backward()  # ∂L/∂θ for every parameter
                    loss_value, norm_value = read_scalars(loss, params)  # the loss and ‖g‖₂, as floats
                    size = xb.shape[0]
                else:
                    size = windows[(it - 1) // k]  # the window's samples
                    share = xb.shape[0] / size
                    (loss * share).backward()  # adds this batch's share of the window's mean gradient
                    part = loss.item()
                    history.append_iteration(part)
                    window_loss += part * share
                    if it % k and it != per_epoch:
                        continue  # more of the window to come: no optimizer.step() yet
                    loss_value, window_loss = window_loss, 0.0  # the window's mean loss
                    norm_value = read_scalars(loss, params)[1]
                if not (math.isfinite(loss_value) and math.isfinite(norm_value)):
                    bad = (
                        ("term.loss", loss_value)
                        if not math.isfinite(loss_value)
                        else ("term.gradient_norm", norm_value)
                    )
                    said = Message("run.diverged", step=step + 1, quantity=Message(bad[0]), value=bad[1])
                    self._end(result, DIVERGED, said, step + 1)
                    return
                if diverging(loss_value):
                    said = Message(
                        "run.diverged_growth", step=step + 1, value=loss_value, reference=diverging.reference
                    )
                    self._end(result, DIVERGED, said, step + 1)
                    return
                lr = group["lr"]
                watching = bool(self._watch)
                if watching:
                    self._watch_before(params, step + 1)
                optimizer.step()  # θ ← θ − α·g, or with momentum v ← β·v − α·g; θ ← θ + v
                step += 1
                if watching:
                    self._watch_after(params, step, lr)
                if scheduler is not None:
                    scheduler.step()  # the lr for the next step

                loss_sum += loss_value * size
                seen += size
                history.append(loss_value, lr, norm_value, self._elapsed(), size, beta_of(group))
                if step_hooks:
                    info_step = StepInfo(epoch, it, step, per_epoch, loss_value, lr, norm_value, size)
                    for hook in step_hooks:
                        hook(info_step)

            val_loss, val_acc = self._evaluate(model, loss_fn, data.x_val, data.y_val, data.num_classes > 0)
            if not math.isfinite(val_loss):
                quantity = Message("term.validation_loss")
                said = Message("run.diverged", step=step, quantity=quantity, value=val_loss)
                self._end(result, DIVERGED, said, step)
                return
            train_end = self._evaluate(model, loss_fn, x, y, False)[0]  # the whole training set, now
            if not math.isfinite(train_end):
                quantity = Message("term.training_loss")
                said = Message("run.diverged", step=step, quantity=quantity, value=train_end)
                self._end(result, DIVERGED, said, step)
                return
            now = self._elapsed()
            steps_done = history.size - epoch_start
            record = EpochRecord(
                epoch, loss_sum / seen, val_loss, val_acc, now, steps_done, train_end, now - epoch_end
            )
            epoch_end = now
            history.epochs.append(record)
            for cb in self.callbacks:
                cb.on_epoch_end(record)
        self._end(result, COMPLETED, Message("run.completed", steps=step, epochs=cfg.epochs))

    def _end(self, result: RunResult, status: str, msg: Message, diverged_step: int | None = None) -> None:
        result.status, result.msg, result.message, result.diverged_step = status, msg, str(msg), diverged_step
        result.elapsed_s = self._elapsed()
        result.model = self.model

    def _elapsed(self) -> float:
        return time.perf_counter() - self._clock - self._paused_s

    def _service(self, steps_done: int, boundary: bool = True) -> bool:
        """Handle control calls between batches. False means stop. Inside an accumulation window
        (``boundary`` False) a pause or a single step waits for the window's ``optimizer.step()``."""
        with self._cond:
            self._attention = False
            if self._watch_request is not None:
                self._resolve_watch()
            if self._pending:
                self._apply_pending(steps_done)
            if not boundary:
                if self._paused or self._steps_left is not None:
                    self._attention = True  # at the next window's start
            elif self._steps_left is not None:
                if self._steps_left == 0:
                    self._paused, self._steps_left = True, None
                else:
                    self._steps_left -= 1
                    self._attention = True  # come back after this step
            while not self._stop:
                if self._paused and boundary:
                    self._wait_paused(steps_done)
                    continue
                if self._pace is None or self._steps_left is not None:
                    break  # no pace, or a single step asked for: it goes now
                now = self._pace_clock.now()
                if now >= self._due:
                    # The next step's time: on the schedule, unless this one came a whole interval or
                    # more late (a slow step, a busy machine): then from now, so that none hurries.
                    interval = 1.0 / self._pace
                    self._due = (self._due if now - self._due < interval else now) + interval
                    self._attention = True  # come back before the next step
                    break
                self._pace_clock.wait(self._cond, self._due - now)  # pause, step, stop: at once
                if self._pending:
                    self._apply_pending(steps_done)
                if self._watch_request is not None:
                    self._resolve_watch()
            return not self._stop

    def _wait_paused(self, steps_done: int) -> None:
        """Wait (holding nothing but the condition) until resumed, stepped or stopped."""
        started = time.perf_counter()
        for cb in self.callbacks:
            cb.on_pause(steps_done)
        while self._paused and not self._stop:
            self._cond.wait()
            if self._pending:
                self._apply_pending(steps_done)
            if self._watch_request is not None:
                self._resolve_watch()
        self._paused_s += time.perf_counter() - started
        if self._steps_left is not None:  # step_once() while paused: take that step
            self._steps_left -= 1
            self._attention = True

    def _resolve_watch(self) -> None:
        request, self._watch_request = self._watch_request, None
        if request is None or not getattr(self, "_named", None):
            self._watch_request = request  # before the model exists: resolve at train begin
            return
        kept, at = [], []
        for name, index in request:
            p = self._named.get(name)
            if (
                p is None
                or len(index) != p.dim()
                or any(not 0 <= i < n for i, n in zip(index, p.shape, strict=True))
            ):
                continue
            kept.append((name, tuple(index)))
            at.append((self._order[name], int(np.ravel_multi_index(index, p.shape)) if index else 0))
        self._watch, self._watch_at = tuple(kept), at
        self._watch_limit = 0  # the next step finds its rows (and starts a segment)

    def _prepare_reads(self, params: list[torch.Tensor]) -> None:
        """What the watched-entry reads need, found once: every parameter's optimizer state, and on
        the CPU a flat numpy view of every parameter (``step()`` updates them in place)."""
        self._order = {name: j for j, name in enumerate(self._named)}
        self._states = [self.optimizer.state[p] for p in params]
        self._on_cpu = self.device.type == "cpu"
        self._param_views = [_flat_view(p) for p in params] if self._on_cpu else None
        self._buffer_views = [None] * len(params)
        self._grad_views = [None] * len(params)
        self._decay = self.optimizer.param_groups[0]["weight_decay"]  # fixed for the run
        self._delta_kind = self._update_kind()

    def _params_now(self, params: list[torch.Tensor]) -> list[FlatView]:
        """Every parameter, flat: the cached views on the CPU, fresh copies from another device."""
        if self._param_views is not None:
            return self._param_views
        return [_flat_view(p) for p in params]

    def _buffers_now(self) -> list[FlatView | None]:
        """Every parameter's optimizer buffer, flat (None where there is none yet)."""
        key = self._buffer_key
        return self._views_of([state.get(key) if key else None for state in self._states], self._buffer_views)

    def _views_of(self, tensors: list[torch.Tensor | None], cache: list) -> list[FlatView | None]:
        """Flat views of tensors that live on from step to step (gradients, buffers): on the CPU
        views, cached while the tensor stays the same; fresh copies from another device."""
        out: list[FlatView | None] = []
        for j, t in enumerate(tensors):
            if t is None or not self._on_cpu:
                out.append(None if t is None else _flat_view(t))
                continue
            cached = cache[j]
            if cached is None or cached[0] is not t:
                cached = cache[j] = (t, _flat_view(t))
            out.append(cached[1])
        return out

    def _watch_before(self, params: list[torch.Tensor], step: int) -> None:
        """Before ``optimizer.step()`` number ``step``: per watched entry, the gradient the optimizer
        uses (weight decay included), its buffer and its value, written straight into the history's
        row for that step; and, when Δθ is not a multiple of the buffer, a copy of every parameter.
        Scalar reads and writes through memoryviews: a few microseconds a step, no tensor operations."""
        if step > self._watch_limit:  # watching (again), or the history grew: the rows' new home
            self._watch_values, self._watch_norms, self._watch_row, self._watch_limit = (
                self.history.watch_buffers(step, self._watch)
            )
        thetas = self._params_now(params)
        if self._delta_kind is None:  # ‖Δθ‖ needs θ before the step
            if self._snapshot is None:
                self._snapshot = [theta.copy() for theta, _ in thetas]
            for (theta, _), copy in zip(thetas, self._snapshot, strict=True):
                np.copyto(copy, theta)
        buffers, grads = self._buffers_now(), self._views_of([p.grad for p in params], self._grad_views)
        out, k, decay = self._watch_values, (step - 1) * self._watch_row, self._decay
        for j, i in self._watch_at:
            theta = thetas[j][1][i]
            buf = buffers[j]
            _store(out, k, grads[j][1][i] + decay * theta)  # g
            out[k + 1] = 0.0 if buf is None else buf[1][i]  # buffer before
            out[k + 3] = theta  # θ before
            k += len(WATCH_FIELDS)

    def _watch_after(self, params: list[torch.Tensor], step: int, lr: float) -> None:
        """After the step: the buffer and value of each watched entry, then ‖Δθ‖ and ‖buffer‖ of
        the whole model, into the same history row (step ``step``, taken with learning rate ``lr``)."""
        thetas, buffers = self._params_now(params), self._buffers_now()
        out, k = self._watch_values, (step - 1) * self._watch_row
        for j, i in self._watch_at:
            buf = buffers[j]
            out[k + 2] = 0.0 if buf is None else buf[1][i]  # buffer after
            out[k + 4] = thetas[j][1][i]  # θ after
            k += len(WATCH_FIELDS)
        buffer_norm = _norm([buf[0] for buf in buffers if buf is not None])
        kind = self._delta_kind
        if kind is not None:  # Δθ = −α·b (PyTorch) or v (the seed's form): no copy of the model needed
            delta_norm = lr * buffer_norm if kind == "sgd" else buffer_norm
        else:
            for (theta, _), copy in zip(thetas, self._snapshot, strict=True):
                np.subtract(theta, copy, out=copy)  # the copy is refilled before the next step
            delta_norm = _norm(self._snapshot)
        _store(self._watch_norms, 2 * step - 2, delta_norm)
        _store(self._watch_norms, 2 * step - 1, buffer_norm)

    def _update_kind(self) -> str | None:
        """For SGD with momentum and no Nesterov the step is the buffer itself: Δθ = −α·b
        (PyTorch, ``"sgd"``) or Δθ = v (the seed's form, ``"sgd-manual"``). None for any other update."""
        group = self.optimizer.param_groups[0]
        if self.config.optimizer not in ("sgd", "sgd-manual") or group["nesterov"] or group["momentum"] == 0:
            return None
        return self.config.optimizer

    def _apply_pending(self, steps_done: int) -> None:
        change = {"step": steps_done + 1, **self._pending}
        for group in self.optimizer.param_groups:
            group.update(self._pending)
        self.config = self.config.replace(**self._pending)
        self._changes.append(change)
        self._pending = {}
        self._delta_kind = self._update_kind()  # β may have gone to or from 0

    @torch.inference_mode()
    def _evaluate(
        self, model: torch.nn.Module, loss_fn, x: torch.Tensor, y: torch.Tensor, accuracy: bool
    ) -> tuple[float, float | None]:
        """Mean loss (and accuracy) of the whole set ``x``, ``y``: evaluation, not training, so
        batched forward passes of 8,192 rows without autograd's bookkeeping."""
        total, correct, n = 0.0, 0, int(x.shape[0])
        for lo in range(0, n, 8192):
            out = model(x[lo : lo + 8192])
            target = y[lo : lo + 8192]
            total += float(loss_fn(out, target, reduction="sum"))
            if accuracy:
                correct += int((out.argmax(dim=1) == target).sum())
        return total / n, (correct / n if accuracy else None)


class _CpuScalars:
    """The loss and the global gradient L2 norm on the CPU, as floats. The norm is numpy dot products
    over views of the gradients, made again only when a gradient tensor is replaced (the loop zeroes
    them in place, so that is the first step only): a few microseconds, where a ``vector_norm`` and
    an ``item()`` per parameter cost a torch dispatch each (BENCHMARKS.md, "The engine")."""

    __slots__ = ("arrays", "grads")

    def __init__(self) -> None:
        self.grads: list[torch.Tensor] = []
        self.arrays: list[np.ndarray] = []

    def __call__(self, loss: torch.Tensor, params: list[torch.Tensor]) -> tuple[float, float]:
        grads = self.grads
        if len(grads) != len(params) or any(p.grad is not g for p, g in zip(params, grads, strict=True)):
            self.grads = [p.grad for p in params]
            self.arrays = [_as_numpy(g).reshape(-1) for g in self.grads if g is not None]
        squares = 0.0  # in the gradients' precision, as vector_norm: inf once a diverging run overflows
        for a in self.arrays:
            squares += float(a.dot(a))
        return loss.item(), math.sqrt(squares)


def _zero_grad(params: list[torch.Tensor]) -> None:
    """What ``optimizer.zero_grad(set_to_none=False)`` does here: each gradient zeroed in place. In place,
    not set to None: the same tensors every step, so the watched entries' views stay valid. The
    optimizer's method wraps the same ``zero_()`` calls in a profiler range and a grouping of the
    gradients by device and dtype, which at these sizes cost more than the zeroing itself: 4 % of a
    batch-16 step timed alone, about 8 % inside the loop (``benchmarks/notes.md``)."""
    for p in params:
        grad = p.grad
        if grad is not None:
            grad.zero_()


def _read_scalars_stacked(loss: torch.Tensor, params: list[torch.Tensor]) -> tuple[float, float]:
    """The same on an accelerator, with a single device-to-host copy (one synchronisation) per step."""
    grad_norm = torch.nn.utils.get_total_norm([p.grad for p in params])
    loss_value, norm_value = torch.stack((loss.detach(), grad_norm)).tolist()
    return loss_value, norm_value


def _read_only(t: torch.Tensor) -> np.ndarray:
    """A read-only numpy view of ``t`` (a copy when it is on a GPU)."""
    array = t.detach().cpu().numpy().view()
    array.flags.writeable = False
    return array


def _as_numpy(t: torch.Tensor) -> np.ndarray:
    """A numpy view of a CPU tensor (a copy from another device)."""
    if t.requires_grad:
        t = t.detach()
    return t.numpy() if t.device.type == "cpu" else t.cpu().numpy()


def _flat_view(t: torch.Tensor) -> FlatView:
    """A tensor as a flat numpy array (a view on the CPU, a copy from another device) and a
    memoryview of it, whose items read as Python floats without numpy's scalar machinery."""
    flat = _as_numpy(t).reshape(-1)
    return flat, memoryview(flat)


def _store(out: memoryview, k: int, value: float) -> None:
    """``out[k] = value``; in a float32 history a value past float32's range (a diverging run) is
    stored as ±inf, the way numpy would store it."""
    try:
        out[k] = value
    except OverflowError:
        out[k] = math.copysign(math.inf, value)


def _norm(arrays: list[np.ndarray]) -> float:
    """The L2 norm of flat arrays taken together: dot products in their own precision, done again
    in float64 only when that overflows (a float32 run that diverges)."""
    squares = 0.0
    for a in arrays:
        squares += float(np.dot(a, a))
    if not math.isfinite(squares):
        squares = sum(float(np.dot(a, a)) for a in (a.astype(np.float64) for a in arrays))
    return math.sqrt(squares)


def _momentum_reader(group: dict):
    """How to read β from a param group: SGD and RMSprop's ``momentum``, Adam's β₁, else 0."""
    if "momentum" in group:
        return lambda g: g["momentum"]
    if "betas" in group:
        return lambda g: g["betas"][0]
    return lambda g: 0.0


def _stability(data: Dataset, config: TrainConfig) -> dict:
    """For ŷ = w·x + b with MSE: λ_max of the (constant) Hessian and the largest lr for which
    full-batch steps of this optimizer setting converge (None for the adaptive optimizers; the
    formula and the reason: core.training.quadratic.stability_bound)."""
    from core.training.quadratic import config_bound, linear_quadratic

    quad = linear_quadratic(data.x_train[:, 0].double().cpu().numpy(), data.y_train.double().cpu().numpy())
    if not quad.lambda_max > 0:
        return {"hessian_max_eigenvalue": float(quad.lambda_max), "lr_critical": None}
    return {
        "hessian_max_eigenvalue": float(quad.lambda_max),
        "lr_critical": config_bound(quad.lambda_max, config).lr_critical,
    }


def _overrides(cb: Callback, name: str) -> bool:
    return getattr(type(cb), name) is not getattr(Callback, name)


def train(
    config: TrainConfig, callbacks: Sequence[Callback] = (), dataset: Dataset | None = None
) -> RunResult:
    """Convenience: build a :class:`Trainer` and run it on this thread (``dataset`` overrides the
    config's built-in data, e.g. an imported table)."""
    return Trainer(config, callbacks, dataset=dataset).run()
