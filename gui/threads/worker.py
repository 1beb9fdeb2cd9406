"""The one thread wiring: a worker QObject in a QThread runs the engine; signals carry chunks.

Nothing here touches a widget. The engine's callbacks run on the worker thread and emit at most
``MAX_RATE`` chunks a second at full speed (more at a chosen pace: see ``_Bridge._schedule``), plus
a flush at every pause and at the end of the run (finished epochs ride with the next chunk). A chunk (``core.training.chunks``) is all the views get of a run:
never the engine's live History. Control goes the other way only through the engine's thread-safe
calls. The threading rules and their reasons: docs/architecture.md, "Threads".
"""

from __future__ import annotations

import math
import sys
import threading
import time
from collections.abc import Sequence

import numpy as np
import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from core.training.chunks import Chunk
from core.training.config import TrainConfig
from core.training.data import Dataset
from core.training.engine import Callback, RunInfo, RunResult, StepInfo, Trainer
from core.training.history import EpochRecord, WatchEntry
from core.training.pictures import StepPictures
from gui.threads.collector import collect_on_gui_thread

# Chunks per second (tqdm's default refresh): each costs the GUI thread milliseconds of Python.
MAX_RATE = 10.0
# At this pace or slower (optimizer steps a second) every step is its own chunk: every view shows
# every step. A faster pace leaves the CPU mostly idle, so its views move at PACED_RATE frames a second.
EVERY_STEP_PACE = 50.0
PACED_RATE = 30.0
SWITCH_INTERVAL_S = 0.001  # see TrainingController


class _Bridge(Callback):
    """The engine callback that turns steps into rate-limited chunks (worker thread)."""

    def __init__(self, worker: TrainingWorker | DistributedWorker) -> None:
        self.worker = worker
        self.trainer: Trainer | None = None
        self.sent = 0
        self.next_emit = 0.0
        self.steps_per_epoch = 1
        self.epoch_records: list[EpochRecord] = []
        self.pictures: StepPictures | None = None

    def set_trainer(self, trainer: Trainer) -> None:
        self.trainer = trainer

    def on_train_begin(self, info: RunInfo) -> None:
        self.steps_per_epoch = info.steps_per_epoch
        self.pictures = StepPictures(self.trainer, info.samples)
        self.worker.run_started.emit(info)
        self._schedule()

    def on_step_end(self, step: StepInfo) -> None:
        if time.perf_counter() >= self.next_emit:  # all it does every step: it runs in the loop
            self.flush()

    def _rate(self) -> float:
        """Chunks a second: every step at 50 steps a second or slower, PACED_RATE at a faster pace,
        MAX_RATE at full speed."""
        pace = self.trainer.pace
        return MAX_RATE if pace is None else math.inf if pace <= EVERY_STEP_PACE else PACED_RATE

    def _schedule(self) -> None:
        self.next_emit = time.perf_counter() + 1.0 / self._rate()

    def _history(self):
        return self.trainer.history

    def _extras(self, history, end: int) -> dict:
        """What a chunk of new steps carries besides the history's: the pictures of its last step."""
        return self.pictures(history) if self.pictures is not None else {}

    def flush(self) -> None:
        self._schedule()
        history = self._history()
        end = history.size
        if end > self.sent or self.epoch_records:
            records, self.epoch_records = tuple(self.epoch_records), []
            extras = self._extras(history, end) if end > self.sent else {}
            chunk = Chunk.of_steps(history, self.sent, end, self.steps_per_epoch, records, **extras)
            self.sent = end
            self.worker.progress.emit(chunk)

    def on_epoch_end(self, record: EpochRecord) -> None:
        self.epoch_records.append(record)  # sent with the next chunk: tiny epochs cannot flood the GUI

    def on_pause(self, steps_done: int) -> None:
        self.flush()
        self.worker.paused.emit(steps_done)

    def on_train_end(self, result: RunResult) -> None:
        self.flush()


class TrainingWorker(QObject):
    """Runs one :class:`Trainer` when its thread starts; emits ``finished`` with the result."""

    run_started = Signal(object)  # RunInfo
    progress = Signal(object)  # Chunk
    paused = Signal(int)  # steps done
    finished = Signal(object)  # RunResult

    def __init__(
        self,
        config: TrainConfig,
        watch: Sequence[WatchEntry] = (),
        dataset: Dataset | None = None,
        pace: float | None = None,
    ) -> None:
        super().__init__()
        self.bridge = _Bridge(self)
        # Trainer validates: a ConfigError comes before any thread exists.
        self.trainer = Trainer(config, [self.bridge], watch=watch, dataset=dataset, pace=pace)
        self.result: RunResult | None = None

    @Slot()
    def run(self) -> None:
        self.result = self.trainer.run()  # run() never raises: errors come back as a status
        self.finished.emit(self.result)
        self.moveToThread(QCoreApplication.instance().thread())  # to be deleted there (see _ThreadOwner)


class _DistributedBridge(_Bridge):
    """:class:`_Bridge` for a :class:`DistributedRun` (worker thread, where ``DistributedRun.run()``
    supervises the K processes): at full speed always (the workers run as fast as they can), from
    the run's own history, each chunk with every worker's own loss at its steps and no pictures."""

    def on_train_begin(self, info: RunInfo) -> None:
        self.steps_per_epoch = info.steps_per_epoch
        self.worker.run_started.emit(info)
        self._schedule()

    def _rate(self) -> float:
        return MAX_RATE

    def _history(self):
        return self.worker.run_.history

    def _extras(self, history, end: int) -> dict:
        losses = [each[self.sent : end] for each in self.worker.run_.worker_loss]
        return {"worker_loss": np.array(losses, dtype=np.float64).T}


class DistributedWorker(QObject):
    """Runs one :class:`DistributedRun` (K worker processes) when its thread starts; emits
    ``finished`` with the result. It cannot pause or step: the K workers go on in step with one
    another until the run ends or :meth:`request_stop`."""

    run_started = Signal(object)  # RunInfo
    progress = Signal(object)  # Chunk
    paused = Signal(int)  # never: a distributed run does not pause
    finished = Signal(object)  # RunResult

    trainer = None  # no one-process Trainer to pause, step or pace

    def __init__(self, config: TrainConfig, dataset: Dataset | None = None) -> None:
        super().__init__()
        from core.training.distributed import DistributedRun

        self.bridge = _DistributedBridge(self)
        # DistributedRun validates: a ConfigError comes before any thread (or process) exists.
        self.run_ = DistributedRun(config, [self.bridge], dataset=dataset)
        self.result: RunResult | None = None

    def request_stop(self) -> None:
        self.run_.request_stop()

    @Slot()
    def run(self) -> None:
        self.result = self.run_.run()  # never raises: faults come back as a status; no worker is left
        self.finished.emit(self.result)
        self.moveToThread(QCoreApplication.instance().thread())  # to be deleted there (see _ThreadOwner)


class _ThreadOwner(QObject):
    """Owns at most one worker QObject on its own QThread: started → run, finished → quit straight
    from the worker thread; once the thread has ended, the worker and the thread are deleted here,
    on the GUI thread, and nowhere else (why: docs/architecture.md, "Threads")."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker = None

    @property
    def busy(self) -> bool:
        """A worker thread exists (working, paused, or finishing)."""
        return self._thread is not None

    def _launch(self, worker: QObject, name: str) -> None:
        thread = QThread()  # no parent: deleted by _release(), not by Qt
        thread.setObjectName(name)
        worker.moveToThread(thread)
        # quit() straight from the worker thread: the thread ends without needing the GUI thread.
        worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        thread.started.connect(worker.run)
        thread.finished.connect(self._on_thread_finished)  # queued to the GUI thread
        self._thread, self._worker = thread, worker
        collect_on_gui_thread().workers += 1
        thread.start()

    def _wait(self, timeout_s: float) -> bool:
        """Wait for the thread to end with the GIL released (QThread.wait() holds it, and the worker
        needs it to finish). True when it ended."""
        thread = self._thread
        deadline = time.monotonic() + timeout_s
        while thread.isRunning() and time.monotonic() < deadline:
            time.sleep(0.002)
        return not thread.isRunning()

    def shutdown(self, timeout_s: float = 10.0) -> bool:
        """Ask the worker to stop and wait for its thread to end (from ``closeEvent``). True when
        no thread is left running."""
        worker = self._worker
        if worker is None:
            return True
        self._ask_to_stop()
        if not self._wait(timeout_s):
            return False
        self._release()
        self._after_shutdown(worker)
        return True

    def _ask_to_stop(self) -> None:
        raise NotImplementedError

    def _after_shutdown(self, worker) -> None:
        """What a worker stopped by :meth:`shutdown` still reports (nothing, unless overridden)."""

    @Slot()
    def _on_thread_finished(self) -> None:
        worker = self._worker
        if worker is None:  # already released by shutdown()
            return
        self._release()
        self._done(worker)

    def _done(self, worker) -> None:
        raise NotImplementedError

    def _release(self) -> None:
        """Delete the worker and its (ended) thread, here on the GUI thread and holding the
        interpreter lock, which their destructors need."""
        thread, worker = self._thread, self._worker
        if thread is None or not self._wait(10.0):  # finished() comes just before the thread ends
            return  # a running thread is never deleted (and none runs once finished() came)
        self._thread = self._worker = None
        collect_on_gui_thread().workers -= 1
        for obj in (worker, thread):  # their Python attributes (a result) stay readable
            if shiboken6.isValid(obj):
                shiboken6.delete(obj)


class TrainingController(_ThreadOwner):
    """Owns the worker thread of the current run (GUI thread). One run at a time.

    Start → the worker trains; ``pause``/``resume``/``step``/``stop`` go straight to the engine's
    thread-safe calls. :meth:`shutdown` (from ``closeEvent``) stops the run and waits for the thread.
    """

    run_started = Signal(object)
    progress = Signal(object)
    paused = Signal(int)
    finished = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Hand the interpreter lock over every 1 ms rather than 5 (the reasons and measurements:
        # docs/architecture.md, "Threads"); the run's torch threads follow core.training.threads.
        sys.setswitchinterval(SWITCH_INTERVAL_S)

    @property
    def trainer(self) -> Trainer | None:
        return self._worker.trainer if self._worker is not None else None

    def start(
        self,
        config: TrainConfig,
        single_step: bool = False,
        watch: Sequence[WatchEntry] = (),
        dataset: Dataset | None = None,
        pace: float | None = None,
    ) -> None:
        """Start a run on a new thread; with ``single_step`` it pauses after its first step;
        ``watch`` names the parameter entries to record every step; ``pace``: optimizer steps a
        second (None: as fast as it goes). Raises ConfigError (before any thread exists) for a
        config the engine rejects."""
        if self.busy:
            raise RuntimeError("a run is already in progress")
        if config.workers > 1:  # K processes: no pace, no pause, no watched entries
            worker = DistributedWorker(config, dataset)
        else:
            worker = TrainingWorker(config, watch, dataset, pace)
        if single_step and worker.trainer is not None:
            worker.trainer.step_once()
        worker.run_started.connect(self.run_started)
        worker.progress.connect(self.progress)
        worker.paused.connect(self.paused)
        self._launch(worker, "trainingThread")

    @property
    def worker_pids(self) -> list[int]:
        """The process ids of a data-parallel run's workers (none for a one-process run)."""
        worker = self._worker
        return list(worker.run_.pids) if isinstance(worker, DistributedWorker) else []

    # A data-parallel run (DistributedWorker: no trainer) only stops; the session does not ask it to
    # pause or step (core.session.Session), and the controls lock α and β during it.
    def pause(self) -> None:
        if self.trainer is not None:
            self.trainer.pause()

    def resume(self) -> None:
        if self.trainer is not None:
            self.trainer.resume()

    def step(self) -> None:
        if self.trainer is not None:
            self.trainer.step_once()

    def stop(self) -> None:
        if self._worker is not None:
            if self.trainer is not None:
                self.trainer.request_stop()
            else:
                self._worker.request_stop()

    def set_hyperparameters(self, **values: float) -> None:
        """lr and/or momentum for the rest of the run; raises ConfigError for a bad value."""
        if self.trainer is not None:
            self.trainer.set_hyperparameters(**values)

    def set_watch(self, entries: Sequence[WatchEntry]) -> None:
        """Record these parameter entries from the next step on."""
        if self.trainer is not None:
            self.trainer.set_watch(entries)

    def set_pace(self, steps_per_s: float | None) -> None:
        """Optimizer steps a second from now on (None: as fast as it goes; a data-parallel run
        always goes as fast as it can)."""
        if self.trainer is not None:
            self.trainer.set_pace(steps_per_s)

    def _ask_to_stop(self) -> None:
        self.stop()

    def _done(self, worker: TrainingWorker) -> None:
        self.finished.emit(worker.result)

    _after_shutdown = _done  # every run ends with ``finished``, on close too


class _JobWorker(QObject):
    """Runs one function on the worker thread; its outcome is ("ok", value) or ("error", text)."""

    finished = Signal(object)

    def __init__(self, fn) -> None:
        super().__init__()
        self.fn = fn
        self.outcome: tuple[str, object] = ("error", "not run")

    @Slot()
    def run(self) -> None:
        try:
            self.outcome = ("ok", self.fn())
        except Exception as exc:  # reported to the user, never raised into Qt
            self.outcome = ("error", f"{type(exc).__name__}: {exc}")
        self.finished.emit(self.outcome)
        self.moveToThread(QCoreApplication.instance().thread())  # to be deleted there (see _ThreadOwner)


class JobRunner(_ThreadOwner):
    """A background computation (e.g. a loss-landscape slice) on the same thread wiring as training.
    ``fn(stop)`` should check ``stop()`` now and then; ``done`` carries its value, ``failed`` a message."""

    done = Signal(object)
    failed = Signal(str)
    progress = Signal(object)  # what the job passes to report(), delivered on the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()  # a new one for each job

    def report(self, value) -> None:
        """Send ``value`` to ``progress`` from the job's thread (queued to the GUI thread)."""
        self.progress.emit(value)

    def start(self, fn) -> None:
        if self.busy:
            raise RuntimeError("a job is already running")
        self._cancel = threading.Event()
        cancel = self._cancel
        self._launch(_JobWorker(lambda: fn(cancel.is_set)), "jobThread")

    def cancel(self) -> None:
        if self.busy:
            self._cancel.set()

    def _ask_to_stop(self) -> None:
        self.cancel()

    def _done(self, worker: _JobWorker) -> None:
        kind, value = worker.outcome
        if kind == "ok":
            self.done.emit(value)
        else:
            self.failed.emit(str(value))
