"""Data-parallel training: K worker processes on this machine, torch.distributed's gloo backend and
DistributedDataParallel around the engine's own model (README.md, "Data-parallel workers").

:class:`DistributedRun` (or :func:`train_distributed`) starts K processes with
``torch.multiprocessing``'s spawn method. They meet (rendezvous) on a free localhost port; each
trains the same model (``build_model``: the same initial weights everywhere) on its own shard of
each epoch's permutation, which ``DistributedSampler`` draws from the run's seed plus the epoch and
pads with repeated samples to ⌈N/K⌉ a worker (PyTorch's default). DDP averages the gradients over
the workers, so that with equal batches a step is the step of one batch of K·B (K·k·B with
gradient accumulation over k iterations, ``no_sync()`` inside a window).

What crosses the process boundary:

- to the workers, at start: the config (and an imported table's tensors); a shared stop flag;
- from the workers, each into a shared array: its progress (a counter that moves every iteration
  and every evaluation chunk) and its state (working, or waiting on the others in a collective);
- from worker 0, through one queue, in batches at most 10 a second: each optimizer step's mean loss
  over the workers (an ``all_reduce``), every worker's own loss, lr, ‖g‖, time and samples; each
  epoch's record (validation on worker 0); at the end the status and the final weights. The parent
  turns them into the :class:`RunResult`'s History, as a one-process run's, and drives the callbacks.

Faults: a worker that dies, fails, hangs or cannot rendezvous ends the run within 5 s of the fault
with a message naming the worker, and no process is left behind (terminate, then kill, then join).
The hang clock starts only once every worker is ready (after the rendezvous, the data and DDP's
first broadcast), so that K workers still importing torch on a busy machine are not taken for
hung; until then a generous rendezvous timeout applies.
"""

from __future__ import annotations

import contextlib
import math
import os
import queue as queue_module
import signal
import socket
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import numpy as np
import torch
import torch.distributed as dist
import torch.multiprocessing as torch_mp
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import BatchSampler, DistributedSampler

from core.messages import Message
from core.training.config import BUILT_IN, CUSTOM, TrainConfig
from core.training.data import Dataset, load_dataset
from core.training.engine import (
    COMPLETED,
    DIVERGED,
    ERROR,
    STOPPED,
    Callback,
    DivergenceCheck,
    RunInfo,
    RunResult,
    StepInfo,
    _CpuScalars,
    _momentum_reader,
    _stability,
)
from core.training.history import EpochRecord, History
from core.training.models import build_model, loss_function
from core.training.optim import build_optimizer, build_scheduler
from core.training.steps import (
    last_batch_size,
    optimizer_steps_per_epoch,
    steps_per_epoch,
    window_samples,
    worker_share,
)

HANG_S = 4.0  # no progress this long (while not waiting on the others) is a hang: ended within 5 s
RENDEZVOUS_S = 180.0  # to start K processes, import torch, make the data and meet: generous on 2 cores
STOP_GRACE_S = 4.0  # after Stop (or a worker's end), the others' time to finish before they are killed
POLL_S = 0.05  # how often the parent looks at the workers
FLUSH_S = 0.1  # worker 0 sends its steps at most this often
PORT_TRIES = 3  # rendezvous ports tried when the one found is taken before worker 0 binds it
EVAL_ROWS = 8192  # evaluation's batch, as the engine's
WORKING, WAITING = 0, 1  # a worker's state: computing, or waiting on the others (a collective)


@dataclass(frozen=True)
class Fault:
    """For tests only: worker ``rank`` fails on purpose after ``step`` optimizer steps (or before the
    rendezvous): ``kill`` sends itself SIGKILL, ``hang`` sleeps for ever, ``raise`` raises, and
    ``no_rendezvous`` never joins the others."""

    kind: str
    rank: int
    step: int = 0


@dataclass(frozen=True)
class _Plan:
    """What every worker is told at start."""

    workers: int
    port: int
    rendezvous_s: float
    fault: Fault | None


class WorkerFaultError(Exception):
    """Raised inside a worker by a test's :class:`Fault` of kind ``raise``."""


# -- the parent --------------------------------------------------------------------------------


def free_port() -> int:
    """A localhost port no one listens on now (bound to port 0, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pack(msg: Message) -> tuple:
    """A Message as plain data, to cross a process boundary (Messages do not pickle)."""
    return (
        msg.code,
        tuple((k, ("msg", _pack(v)) if isinstance(v, Message) else ("v", v)) for k, v in msg.args),
    )


def _unpack(data: tuple) -> Message:
    code, args = data
    return Message(code, **{k: _unpack(v) if kind == "msg" else v for k, (kind, v) in args})


class DistributedRun:
    """One run of ``config.workers`` = K processes; :meth:`run` on any thread returns the RunResult
    (status completed, stopped, diverged or error; it never raises for a problem of the run) once
    every worker has ended. :meth:`request_stop` (any thread, or a signal handler) ends it cleanly."""

    def __init__(
        self,
        config: TrainConfig,
        callbacks: Iterable[Callback] = (),
        *,
        dataset: Dataset | None = None,
        rendezvous_s: float = RENDEZVOUS_S,
        hang_s: float | None = None,
        fault: Fault | None = None,
    ) -> None:
        self.config = config.validate(
            dataset.info() if dataset is not None and config.dataset == CUSTOM else None
        )
        self.workers = config.workers
        self.callbacks = list(callbacks)
        self._dataset = dataset
        self.rendezvous_s = rendezvous_s
        self.fault = fault
        cfg = self.config
        self.share, self.padding = worker_share(cfg.samples, self.workers)
        self.iterations_per_epoch = steps_per_epoch(self.share, cfg.batch_size, cfg.drop_last)
        self.steps_per_epoch = optimizer_steps_per_epoch(
            self.share, cfg.batch_size, cfg.drop_last, cfg.accumulate
        )
        self.last_batch_size = self.workers * last_batch_size(self.share, cfg.batch_size, cfg.drop_last)
        self.global_batch = self.workers * cfg.batch_size * cfg.accumulate
        self.hang_s = hang_s if hang_s is not None else _hang_bound(cfg, self._parameters())
        self._stop = False
        self._all_done = False  # every worker said it was done: they may exit by themselves
        self._iterations_apart = False  # accumulation: the iterations' losses kept apart from the steps'
        self.pids: list[int] = []  # the workers' process ids, once started
        # The run's history and each worker's losses, as the parent writes them (from run() on): the
        # callbacks (the window's chunks) read the steps written so far from here, on run()'s thread.
        self.history: History | None = None
        self.worker_loss: list[list[float]] = []
        self.start_s: float | None = None  # from spawn to every worker ready

    def _parameters(self) -> int:
        info = self._dataset.info() if self._dataset is not None else BUILT_IN[self.config.dataset]
        return sum(
            math.prod(s) for s in info.parameter_shapes(self.config.model, self.config.hidden).values()
        )

    def request_stop(self) -> None:
        """End the run after the workers' current step (at once if they are still starting)."""
        self._stop = True

    def arithmetic(self) -> dict[str, Any]:
        """The run's worker arithmetic, as the result JSON has it."""
        return {
            "workers": self.workers,
            "per_worker_samples": self.share,
            "padding": self.padding,
            "global_batch": self.global_batch,
        }

    def run(self) -> RunResult:
        cfg = self.config
        total = cfg.epochs * self.steps_per_epoch
        history = History.for_run(total, iterations=cfg.epochs * self.iterations_per_epoch)
        self._iterations_apart = cfg.epochs * self.iterations_per_epoch != total
        result = RunResult(cfg, self.steps_per_epoch, self.last_batch_size, history, device="cpu")
        worker_loss: list[list[float]] = [[] for _ in range(self.workers)]
        self.history, self.worker_loss = history, worker_loss
        result.distributed = {**self.arithmetic(), "worker_loss": worker_loss}
        info = RunInfo(
            cfg,
            self.steps_per_epoch,
            self.last_batch_size,
            total,
            cfg.samples,
            self._val_samples(),
            f"cpu × {self.workers} workers",
            {},
            None,
            self.iterations_per_epoch,
        )
        for cb in self.callbacks:
            cb.on_train_begin(info)
        try:
            self._supervise(result, worker_loss)
        except Exception as exc:  # the parent's own failure: still a result, never a crash
            msg = Message("run.failed", kind=type(exc).__name__, detail=str(exc))
            self._end(result, ERROR, msg)
            for cb in self.callbacks:
                cb.on_exception(exc)
        for cb in self.callbacks:
            cb.on_train_end(result)
        return result

    def _val_samples(self) -> int:
        if self._dataset is not None:
            return int(self._dataset.x_val.shape[0])
        return BUILT_IN[self.config.dataset].val_samples(self.config.samples, self.config.val_fraction)

    @staticmethod
    def _end(result: RunResult, status: str, msg: Message, diverged_step: int | None = None) -> None:
        result.status, result.msg, result.message = status, msg, str(msg)
        result.diverged_step = diverged_step

    def _supervise(self, result: RunResult, worker_loss: list[list[float]]) -> None:
        """Start the workers (again on a port clash), follow them, and end every one of them."""
        for attempt in range(1, PORT_TRIES + 1):
            outcome = self._attempt(result, worker_loss, free_port())
            if outcome is None:
                return
            if attempt == PORT_TRIES:
                self._end(result, ERROR, Message("run.rendezvous_port", tries=PORT_TRIES, detail=outcome))

    def _attempt(self, result: RunResult, worker_loss: list[list[float]], port: int) -> str | None:
        """One start of the K workers; None when the run ended (whatever its status), else the
        detail of a port clash at the rendezvous (start again on another port)."""
        ctx = torch_mp.get_context("spawn")
        k = self.workers
        queue = ctx.Queue()
        progress = ctx.RawArray("q", k)  # each worker's counter: iterations and evaluation chunks
        state = ctx.RawArray("b", k)  # WORKING or WAITING
        stop = ctx.RawValue("b", 0)
        plan = _Plan(k, port, self.rendezvous_s, self.fault)
        procs = []
        started = time.perf_counter()
        self._all_done = False
        try:
            with _children_ignore_sigint():
                for rank in range(k):
                    p = ctx.Process(
                        target=_worker,
                        args=(rank, plan, self.config, self._dataset, queue, progress, state, stop),
                        name=f"sgd-lab-worker-{rank}",
                        daemon=True,
                    )
                    p.start()
                    procs.append(p)
            self.pids = [p.pid for p in procs]
            return self._follow(result, worker_loss, procs, queue, progress, state, stop, started)
        finally:
            _end_all(procs, grace_s=1.0 if self._all_done else 0.0)
            queue.close()
            queue.join_thread()

    def _follow(self, result, worker_loss, procs, queue, progress, state, stop, started) -> str | None:
        k = self.workers
        ready: set[int] = set()
        done: dict[int, tuple] = {}
        errors: dict[int, tuple[str, str, bool]] = {}
        last_count = [0] * k
        last_move = [0.0] * k
        steps_seen = 0
        epoch_shown = 0
        stop_at: float | None = None
        error_at: float | None = None

        def steps_done() -> int:
            return result.history.size

        def handle(message, now: float) -> None:
            nonlocal last_move, last_count, steps_seen, epoch_shown, error_at
            kind, rank = message[0], message[1]
            if kind == "ready":
                ready.add(rank)
                if len(ready) == k:
                    self.start_s = now - started
                    last_move = [now] * k
                    last_count = list(progress)
            elif kind == "events":
                for event in message[2]:
                    if event[0] == "begin":
                        epoch_shown = event[1]
                        for cb in self.callbacks:
                            cb.on_epoch_begin(event[1])
                    elif event[0] == "step":
                        steps_seen = self._record_step(result, worker_loss, event, epoch_shown, steps_seen)
                    elif event[0] == "epoch":
                        record = EpochRecord(*event[1])
                        result.history.epochs.append(record)
                        for cb in self.callbacks:
                            cb.on_epoch_end(record)
            elif kind == "done":
                done[rank] = message[2:]
            elif kind == "error":
                errors[rank] = message[2:]
                error_at = error_at or now

        def drain(seconds: float) -> None:
            """Read what the workers still had to say (a worker's last word comes before its exit
            code; worker 0 sends its last steps when a peer is gone)."""
            deadline = time.perf_counter() + seconds
            while (left := deadline - time.perf_counter()) > 0:
                try:
                    handle(queue.get(timeout=min(left, 0.02)), time.perf_counter())
                except queue_module.Empty:
                    continue

        while True:
            try:
                message = queue.get(timeout=POLL_S)
            except queue_module.Empty:
                message = None
            now = time.perf_counter()
            if message is not None:
                handle(message, now)
            if len(done) == k:
                self._all_done = True  # they exit by themselves
                status, packed, diverged_step, elapsed, weights, stability = done[0]
                self._end(result, status, _unpack(packed), diverged_step)
                result.elapsed_s, result.stability = elapsed, stability
                result.model = self._model(weights)
                return None
            # A worker that ended without saying it was done: died (killed, crashed).
            for rank, p in enumerate(procs):
                if p.exitcode is not None and rank not in done and rank not in errors:
                    drain(0.3)
                    if rank in errors:
                        break
                    code = p.exitcode
                    how = (
                        Message("run.worker_signal", name=_signal_name(-code))
                        if code < 0
                        else Message("run.worker_exit_code", code=code)
                    )
                    msg = Message("run.worker_died", rank=rank, workers=k, how=how, steps=steps_done())
                    self._end(result, ERROR, msg)
                    return None
            if errors and now - (error_at or now) >= 2 * POLL_S:
                # A worker's failure (the first; the others' are often its echo: a peer gone).
                rank = next(iter(errors))
                kind_name, detail, clash = errors[rank]
                if clash and rank == 0 and not ready:
                    return detail
                if kind_name == "rendezvous" and not clash:
                    msg = Message(
                        "run.rendezvous_timeout",
                        workers=k,
                        seconds=self.rendezvous_s,
                        ready=len(ready),
                    )
                else:
                    msg = Message("run.worker_failed", rank=rank, workers=k, kind=kind_name, detail=detail)
                self._end(result, ERROR, msg)
                return None
            if self._stop and stop_at is None:
                if len(ready) < k:  # still starting: nothing to keep
                    self._end(result, STOPPED, Message("run.stopped", steps=0, total=result.total_steps))
                    return None
                stop.value = 1
                stop_at = now
            if stop_at is not None and now - stop_at > STOP_GRACE_S:
                self._end(
                    result, STOPPED, Message("run.stopped", steps=steps_done(), total=result.total_steps)
                )
                return None
            if len(ready) < k:
                if now - started > self.rendezvous_s:
                    msg = Message(
                        "run.rendezvous_timeout", workers=k, seconds=self.rendezvous_s, ready=len(ready)
                    )
                    self._end(result, ERROR, msg)
                    return None
                continue
            # The hang clock: a worker whose counter has not moved for hang_s while it was not waiting
            # on the others is hung (the others wait on it). All waiting that long: the one behind.
            counts = list(progress)
            for rank in range(k):
                if counts[rank] != last_count[rank] or rank in done:
                    last_count[rank], last_move[rank] = counts[rank], now
            stalled = [r for r in range(k) if now - last_move[r] > self.hang_s]
            hung = [r for r in stalled if state[r] != WAITING]
            if not hung and len(stalled) == k and min(now - t for t in last_move) > 2 * self.hang_s:
                hung = [min(range(k), key=lambda r: counts[r])]
            if hung:
                rank = hung[0]
                msg = Message(
                    "run.worker_hung",
                    rank=rank,
                    workers=k,
                    seconds=now - last_move[rank],
                    steps=steps_done(),
                )
                self._end(result, ERROR, msg)
                return None

    def _record_step(self, result, worker_loss, event, epoch: int, steps_seen: int) -> int:
        _, iteration, mean, lr, norm, time_s, size, beta, losses, iteration_means = event
        history = result.history
        if self._iterations_apart:
            for value in iteration_means:
                history.append_iteration(value)
        history.append(mean, lr, norm, time_s, size, beta)
        for rank, value in enumerate(losses):
            worker_loss[rank].append(value)
        steps_seen += 1
        if self.callbacks:
            step = StepInfo(epoch, iteration, steps_seen, self.iterations_per_epoch, mean, lr, norm, size)
            for cb in self.callbacks:
                cb.on_step_end(step)
        return steps_seen

    def _model(self, weights: dict[str, np.ndarray] | None) -> torch.nn.Module | None:
        if weights is None:
            return None
        cfg = self.config
        info = self._dataset.info() if self._dataset is not None else BUILT_IN[cfg.dataset]
        model = build_model(cfg.model, info.features, info.classes or 1, cfg.hidden, cfg.seed)
        model.load_state_dict({name: torch.from_numpy(a) for name, a in weights.items()})
        return model


def train_distributed(
    config: TrainConfig,
    workers: int | None = None,
    callbacks: Sequence[Callback] = (),
    *,
    dataset: Dataset | None = None,
    **options: Any,
) -> RunResult:
    """Train ``config`` on ``workers`` = K processes (default: ``config.workers``) and return the
    RunResult (``options``: DistributedRun's rendezvous_s, hang_s and, for tests, fault)."""
    if workers is not None:
        config = config.replace(workers=workers)
    return DistributedRun(config, callbacks, dataset=dataset, **options).run()


def _hang_bound(config: TrainConfig, parameters: int) -> float:
    """HANG_S, or more when one step (or one evaluation chunk) is so large that it may take
    seconds without the worker's counter moving: ten times its multiply-adds at 10⁹ a second."""
    work = max(6 * config.batch_size, 2 * EVAL_ROWS) * parameters
    return max(HANG_S, 10 * work / 1e9)


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return str(number)


@contextlib.contextmanager
def _children_ignore_sigint():
    """Start the workers with SIGINT ignored (Python keeps an inherited SIG_IGN), so that Ctrl-C,
    which the terminal sends to the whole process group, reaches the parent alone: it stops the run
    cleanly (``core.cli.ctrl_c``) and the workers end with it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _end_all(procs, grace_s: float) -> None:
    """Every worker ends: those still running are terminated, then killed, and all are joined.
    ``grace_s``: how long workers that have said they are done may take to exit by themselves
    (none after a fault: the run must end within 5 s of it)."""
    deadline = time.perf_counter() + grace_s
    for p in procs:
        p.join(max(0.0, deadline - time.perf_counter()))
    for p in procs:
        if p.is_alive():
            p.terminate()
    deadline = time.perf_counter() + 1.0
    for p in procs:
        p.join(max(0.0, deadline - time.perf_counter()))
    for p in procs:
        if p.is_alive():
            p.kill()
        p.join()
        p.close()


# -- a worker ----------------------------------------------------------------------------------


def _die_with_parent() -> None:
    """On Linux, have the kernel kill this worker when the parent (its thread) dies, so that a
    parent killed outright leaves no worker behind."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return


class _Worker:
    """One worker's training loop (rank r of K)."""

    def __init__(self, rank, plan: _Plan, config: TrainConfig, queue, progress, state, stop) -> None:
        self.rank, self.plan, self.config = rank, plan, config
        self.queue, self.progress, self.state, self.stop = queue, progress, state, stop
        self.fault = plan.fault if plan.fault is not None and plan.fault.rank == rank else None
        self.outbox: list[tuple] = []
        self.lock = threading.Lock()
        self.ended = threading.Event()  # stops the sender thread

    def tick(self) -> None:
        self.progress[self.rank] += 1

    @contextlib.contextmanager
    def waiting(self):
        """Around a collective: this worker waits on the others (not a hang of its own)."""
        self.state[self.rank] = WAITING
        try:
            yield
        finally:
            self.state[self.rank] = WORKING

    def send(self, event: tuple, now: bool = False) -> None:
        """Worker 0's events for the parent, sent in batches: by the sender thread every FLUSH_S
        (also while the loop waits on a collective, so that a hung peer does not hold back the
        steps done), or at once (``now``)."""
        with self.lock:
            self.outbox.append(event)
        if now:
            self.flush()

    def flush(self) -> None:
        with self.lock:  # held while putting: batches reach the queue in order
            if self.outbox:
                self.queue.put(("events", self.rank, self.outbox))
                self.outbox = []

    def start_sender(self) -> None:
        def loop() -> None:
            while not self.ended.wait(FLUSH_S):
                self.flush()

        threading.Thread(target=loop, name="sgd-lab-sender", daemon=True).start()

    def misbehave(self, step: int) -> None:
        fault = self.fault
        if fault is None or fault.step != step or fault.kind == "no_rendezvous":
            return
        if fault.kind == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        if fault.kind == "hang":
            while True:
                time.sleep(1)
        if fault.kind == "raise":
            raise WorkerFaultError(f"the test's fault at step {step}")

    def run(self, dataset: Dataset | None) -> None:
        cfg, rank, k = self.config, self.rank, self.plan.workers
        if self.fault is not None and self.fault.kind == "no_rendezvous":
            while True:
                time.sleep(1)
        data = (dataset if dataset is not None else load_dataset(cfg)).to("cpu", torch.float32)
        try:
            dist.init_process_group(
                "gloo",
                init_method=f"tcp://127.0.0.1:{self.plan.port}",
                rank=rank,
                world_size=k,
                timeout=timedelta(seconds=self.plan.rendezvous_s),
            )
        except Exception as exc:  # a port taken since it was found, or the others never came
            text = str(exc)
            clash = "address already in use" in text.lower() or "EADDRINUSE" in text
            self.queue.put(("error", rank, "rendezvous", text[:300], clash))
            return
        model = build_model(cfg.model, data.features, data.outputs, cfg.hidden, cfg.seed)
        with self.waiting():
            ddp = DistributedDataParallel(model)  # broadcasts worker 0's weights (the same anyway)
        self.queue.put(("ready", rank))
        if rank == 0:
            self.start_sender()
        try:
            with np.errstate(over="ignore", invalid="ignore"):  # as the engine: a diverging run overflows
                self.train(data, model, ddp)
        finally:
            with contextlib.suppress(Exception):
                dist.destroy_process_group()

    def train(self, data: Dataset, model: torch.nn.Module, ddp: DistributedDataParallel) -> None:
        cfg, rank, k = self.config, self.rank, self.plan.workers
        optimizer = build_optimizer(cfg.optimizer, ddp.parameters(), cfg)
        share = worker_share(cfg.samples, k)[0]
        per_epoch = steps_per_epoch(share, cfg.batch_size, cfg.drop_last)
        total = cfg.epochs * optimizer_steps_per_epoch(share, cfg.batch_size, cfg.drop_last, cfg.accumulate)
        scheduler = build_scheduler(cfg.lr_schedule, optimizer, total)
        params = list(model.parameters())
        loss_fn = loss_function(data.task)
        x, y, n = data.x_train, data.y_train, int(data.x_train.shape[0])
        sampler = DistributedSampler(
            range(n), num_replicas=k, rank=rank, shuffle=cfg.shuffle, seed=cfg.seed, drop_last=False
        )
        acc = cfg.accumulate
        windows = window_samples(share, cfg.batch_size, cfg.drop_last, acc)
        group = optimizer.param_groups[0]
        beta_of = _momentum_reader(group)
        norm_of = _CpuScalars()
        diverging = DivergenceCheck()
        stats = torch.zeros(k * (acc + 1) + 1, dtype=torch.float64)
        if rank == 0 and cfg.model == "linear" and data.features == 1:
            stability = _stability(data, cfg)
        else:
            stability = None
        clock = time.perf_counter()
        step, epoch_end = 0, 0.0
        status, msg, diverged_step = COMPLETED, None, None

        def finish(status_now: str, message: Message, at: int | None = None) -> None:
            nonlocal status, msg, diverged_step
            status, msg, diverged_step = status_now, message, at

        for epoch in range(1, cfg.epochs + 1):
            sampler.set_epoch(epoch - 1)
            batches = list(BatchSampler(sampler, cfg.batch_size, cfg.drop_last))
            if rank == 0:
                self.send(("begin", epoch))
            epoch_start, loss_sum, seen = step, 0.0, 0
            window_loss, parts = 0.0, []
            for it, indices in enumerate(batches, start=1):
                self.tick()
                first = acc == 1 or it % acc == 1
                last = acc == 1 or it % acc == 0 or it == per_epoch
                idx = torch.tensor(indices)
                xb, yb = x.index_select(0, idx), y.index_select(0, idx)
                if cfg.zero_grad and first:
                    optimizer.zero_grad(set_to_none=False)
                size = windows[(it - 1) // acc]  # this worker's samples in the window
                share_of = xb.shape[0] / size
                with contextlib.nullcontext() if last else ddp.no_sync():
                    loss = loss_fn(ddp(xb), yb)
                    scaled = loss if acc == 1 else loss * share_of  # the engine's scaling
                    with self.waiting() if last else contextlib.nullcontext():
                        scaled.backward()  # the window's last ends with DDP's all-reduce of the gradients
                part = loss.item()
                parts.append(part)
                window_loss += part * share_of
                if not last:
                    continue
                # One all_reduce a step: every worker's window loss and iteration losses, and Stop.
                stats.zero_()
                base = rank * (acc + 1)
                stats[base] = window_loss if acc > 1 else part
                stats[base + 1 : base + 1 + len(parts)] = torch.tensor(parts, dtype=torch.float64)
                stats[-1] = float(self.stop.value)
                with self.waiting():
                    dist.all_reduce(stats)
                table = stats[:-1].view(k, acc + 1)
                losses = table[:, 0].tolist()
                mean = sum(losses) / k  # equal samples in every worker: the mean over all of them
                iteration_means = (table[:, 1 : 1 + len(parts)].sum(0) / k).tolist() if acc > 1 else []
                window_loss, parts = 0.0, []
                norm = norm_of(loss, params)[1]
                if stats[-1] > 0:
                    finish(STOPPED, Message("run.stopped", steps=step, total=total))
                    break
                if not (math.isfinite(mean) and math.isfinite(norm)):
                    bad = ("term.loss", mean) if not math.isfinite(mean) else ("term.gradient_norm", norm)
                    quantity = Message(bad[0])
                    finish(
                        DIVERGED,
                        Message("run.diverged", step=step + 1, quantity=quantity, value=bad[1]),
                        step + 1,
                    )
                    break
                if diverging(mean):
                    said = Message(
                        "run.diverged_growth", step=step + 1, value=mean, reference=diverging.reference
                    )
                    finish(DIVERGED, said, step + 1)
                    break
                lr = group["lr"]
                optimizer.step()
                step += 1
                if scheduler is not None:
                    scheduler.step()
                global_size = k * size
                loss_sum += mean * global_size
                seen += global_size
                if rank == 0:
                    elapsed = time.perf_counter() - clock
                    row = (
                        "step",
                        it,
                        mean,
                        lr,
                        norm,
                        elapsed,
                        global_size,
                        beta_of(group),
                        losses,
                        iteration_means,
                    )
                    self.send(row)
                self.misbehave(step)
            if status != COMPLETED:
                break
            # The epoch's end: worker 0 evaluates (the whole sets, unpadded); the others wait on it.
            verdict = torch.zeros(1)
            if rank == 0:
                val_loss, val_acc = self.evaluate(
                    model, loss_fn, data.x_val, data.y_val, data.num_classes > 0
                )
                train_end = self.evaluate(model, loss_fn, x, y, False)[0]
                for value, term in ((val_loss, "term.validation_loss"), (train_end, "term.training_loss")):
                    if not math.isfinite(value) and status == COMPLETED:
                        said = Message("run.diverged", step=step, quantity=Message(term), value=value)
                        finish(DIVERGED, said, step)
                if status == COMPLETED:
                    now = time.perf_counter() - clock
                    record = (
                        epoch,
                        loss_sum / seen,
                        val_loss,
                        val_acc,
                        now,
                        step - epoch_start,
                        train_end,
                        now - epoch_end,
                    )
                    epoch_end = now
                    self.send(("epoch", record), now=True)
                verdict[0] = float(status != COMPLETED)
            with self.waiting():
                dist.all_reduce(verdict)
            if verdict[0] > 0 and status == COMPLETED:  # worker 0 saw divergence: the others stop too
                finish(
                    DIVERGED,
                    Message("run.diverged", step=step, quantity=Message("term.loss"), value=math.nan),
                )
            if status != COMPLETED:
                break
        if status == COMPLETED:
            msg = Message("run.completed", steps=step, epochs=cfg.epochs)
        elapsed = time.perf_counter() - clock
        self.ended.set()
        if rank == 0:
            self.flush()
            weights = {name: t.detach().numpy().copy() for name, t in model.state_dict().items()}
            self.queue.put(("done", 0, status, _pack(msg), diverged_step, elapsed, weights, stability))
        else:
            self.queue.put(("done", rank, status, None, None, elapsed, None, None))

    @torch.inference_mode()
    def evaluate(self, model, loss_fn, x: torch.Tensor, y: torch.Tensor, accuracy: bool):
        """The engine's evaluation (batched, no autograd), its counter moving every chunk."""
        total, correct, n = 0.0, 0, int(x.shape[0])
        for lo in range(0, n, EVAL_ROWS):
            self.tick()
            out = model(x[lo : lo + EVAL_ROWS])
            target = y[lo : lo + EVAL_ROWS]
            total += float(loss_fn(out, target, reduction="sum"))
            if accuracy:
                correct += int((out.argmax(dim=1) == target).sum())
        return total / n, (correct / n if accuracy else None)


def _worker(rank, plan: _Plan, config, dataset, queue, progress, state, stop) -> None:
    """A worker process's entry point (spawned: it imports this module afresh)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _die_with_parent()
    torch.set_num_threads(1)  # K processes on few cores: one intra-op thread each (README)
    worker = _Worker(rank, plan, config, queue, progress, state, stop)
    try:
        worker.run(dataset)
    except BaseException as exc:  # a failure of this worker (or one it sees in the others: a peer gone)
        with contextlib.suppress(Exception):
            worker.flush()  # the steps done so far first
        queue.put(("error", rank, type(exc).__name__, str(exc)[:300], False))
    finally:
        queue.close()
        queue.join_thread()
