"""Run history: per-step numbers in preallocated numpy buffers, per-epoch records in a list."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.messages import Message, MessageError

STEP_FIELDS = ("loss", "lr", "grad_norm", "time_s", "batch_size", "momentum")
MAX_WATCH = 4  # parameter entries followed step by step (for the step inspector and the landscape)
MAX_CAPACITY = 1 << 24  # steps a run's history holds from the start; longer runs grow it by doubling
WATCH_BLOCK = 4096  # watched-entry rows set to NaN ahead of the steps, at a time
WATCH_FIELDS = ("grad", "buffer_before", "buffer_after", "before", "after")
WatchEntry = tuple[str, tuple[int, ...]]  # ("W", (3, 7)); ("b", ()) for a 0-dim tensor


@dataclass(frozen=True)
class EpochRecord:
    """One finished epoch. ``val_accuracy`` is None for regression.

    Two training losses: ``train_loss_running`` is the mean of the epoch's mini-batch losses, each
    taken before its step (weighted by batch size), so the weights move while it is measured;
    ``train_loss_end`` is the whole training set's loss at the epoch's end, with the weights that
    ``val_loss`` is measured with. The generalisation gap is ``val_loss − train_loss_end``.
    ``time_s`` is the training time (pauses excluded) elapsed when the epoch ended, its end-of-epoch
    evaluation included; ``duration_s`` is this epoch's own share of it. The last two are None in
    records read from files written before they existed.
    """

    epoch: int
    train_loss_running: float
    val_loss: float
    val_accuracy: float | None
    time_s: float
    steps: int
    train_loss_end: float | None = None
    duration_s: float | None = None

    @property
    def train_loss(self) -> float:
        """The old name of :attr:`train_loss_running`."""
        return self.train_loss_running

    @property
    def gap(self) -> float | None:
        """The generalisation gap: validation loss − the whole training set's loss, both at the
        epoch's end (None without ``train_loss_end``)."""
        return None if self.train_loss_end is None else self.val_loss - self.train_loss_end

    def to_dict(self) -> dict:
        return {
            "epoch": self.epoch,
            "train_loss_running": self.train_loss_running,
            "train_loss_end": self.train_loss_end,
            "val_loss": self.val_loss,
            "val_accuracy": self.val_accuracy,
            "gap": self.gap,
            "time_s": self.time_s,
            "duration_s": self.duration_s,
            "steps": self.steps,
        }


class History:
    """Append-only step buffers that grow by doubling: O(1) amortised per step, no Python lists.

    ``loss[i]`` is the mini-batch loss of ``optimizer.step()`` number ``i + 1``; ``time_s`` is the
    training time (pauses excluded) when that step finished. The buffers are allocated empty, so
    memory is only taken as steps are written (see :meth:`for_run`).
    """

    @classmethod
    def for_run(cls, total_steps: int, watch_dtype=np.float64, iterations: int | None = None) -> History:
        """The history of a run of ``total_steps`` steps, sized for all of them at once (up to
        MAX_CAPACITY): no doubling, so no copies and no freed halves left behind in the heap.
        ``iterations``: with gradient accumulation, the run's iterations, whose losses are kept apart."""
        history = cls(min(total_steps, MAX_CAPACITY), watch_dtype=watch_dtype)
        if iterations is not None and iterations != total_steps:
            history._iteration_loss = np.empty(min(iterations, MAX_CAPACITY))
        return history

    def __init__(self, capacity: int = 4096, watch_dtype=np.float64) -> None:
        self._capacity = max(16, capacity)
        self._watch_dtype = watch_dtype  # float32 for a float32 model: its numbers, at half the memory
        self._buf = {
            name: np.empty(self._capacity, dtype=np.int32 if name == "batch_size" else np.float64)
            for name in STEP_FIELDS
        }
        self.size = 0
        # With gradient accumulation: the loss of every iteration (mini-batch), apart from ``loss``,
        # which holds one value per optimizer step (the window's mean); None: one iteration a step.
        self._iteration_loss: np.ndarray | None = None
        self.iterations = 0
        self.epochs: list[EpochRecord] = []
        # Watched entries: values[i, k] holds WATCH_FIELDS for entry k at step i + 1 (NaN where none
        # was watched; a slot per entry, as many as were ever watched at once, at most MAX_WATCH);
        # norms[i] = (‖Δθ‖, ‖buffer‖) for the whole model. ``segments`` lists (first step, entries)
        # each time the watched entries change.
        self.watch_values: np.ndarray | None = None
        self.watch_norms: np.ndarray | None = None
        self._watch_filled = 0  # watch rows set to NaN so far; the rest is allocated but untouched
        self.segments: list[tuple[int, tuple[WatchEntry, ...]]] = []

    def append(
        self, loss: float, lr: float, grad_norm: float, time_s: float, batch_size: int, momentum: float = 0.0
    ) -> None:
        """Record one optimizer step (``momentum``: the β it used)."""
        i = self.size
        if i == self._capacity:
            self._grow()
        if i >= self._watch_filled and self.watch_values is not None:  # a step not watched: NaN
            self._fill_watch(i + 1)
        buf = self._buf
        buf["loss"][i] = loss
        buf["lr"][i] = lr
        buf["grad_norm"][i] = grad_norm
        buf["time_s"][i] = time_s
        buf["batch_size"][i] = batch_size
        buf["momentum"][i] = momentum
        self.size = i + 1

    def _grow(self) -> None:
        self._capacity *= 2
        for name, old in self._buf.items():
            new = np.empty(self._capacity, dtype=old.dtype)
            new[: self.size] = old[: self.size]
            self._buf[name] = new
        if self.watch_values is not None:
            self.watch_values = _grown(self.watch_values, self._capacity, self._watch_filled)
            self.watch_norms = _grown(self.watch_norms, self._capacity, self._watch_filled)

    def _fill_watch(self, upto: int) -> None:
        """Set the watch rows up to step ``upto`` to NaN (not watched), a block ahead at a time."""
        start = self._watch_filled
        end = min(self._capacity, max(upto, start + WATCH_BLOCK))
        self.watch_values[start:end] = np.nan
        self.watch_norms[start:end] = np.nan
        self._watch_filled = end

    def append_watch(self, step: int, entries: tuple[WatchEntry, ...], values: list[float]) -> None:
        """Record the watched entries of step ``step`` (1-based, the step being appended next):
        ``values`` holds WATCH_FIELDS per entry, then ‖Δθ‖ and ‖buffer‖."""
        rows, norms = self.watch_rows(step, entries)
        rows[:] = np.reshape(values[: rows.size], rows.shape)
        norms[:] = values[-2:]

    def watch_rows(self, step: int, entries: tuple[WatchEntry, ...]) -> tuple[np.ndarray, np.ndarray]:
        """Where step ``step``'s watched values go: a (entries, WATCH_FIELDS) view and a view of its
        two norms, for the engine to fill in (a step whose norms stay NaN counts as not watched)."""
        k = len(entries)
        if self.watch_values is None:
            self.watch_values = np.empty((self._capacity, k, len(WATCH_FIELDS)), self._watch_dtype)
            self.watch_norms = np.empty((self._capacity, 2), self._watch_dtype)
        elif k > self.watch_values.shape[1]:  # more entries than so far: a slot per entry, no more
            filled = self._watch_filled
            wider = np.empty((self._capacity, k, len(WATCH_FIELDS)), self._watch_dtype)
            wider[:filled] = np.nan
            wider[:filled, : self.watch_values.shape[1]] = self.watch_values[:filled]
            self.watch_values = wider
        if step > self._capacity:
            self._grow()
        if step > self._watch_filled:
            self._fill_watch(step)
        if not self.segments or self.segments[-1][1] != entries:
            self.segments.append((step, entries))
        return self.watch_values[step - 1, :k], self.watch_norms[step - 1]

    def watch_buffers(
        self, step: int, entries: tuple[WatchEntry, ...]
    ) -> tuple[memoryview, memoryview, int, int]:
        """For the engine to fill in from step ``step`` on: flat memoryviews of the watched values
        (entry k's field f of step s at ``(s − 1)·row + k·len(WATCH_FIELDS) + f``) and of the norms
        (two a step), ``row``, and the last step they hold (ask again past it: the rows ahead are
        made ready a block at a time, and the history grows)."""
        self.watch_rows(step, entries)
        values, norms = self.watch_values, self.watch_norms
        row = values.shape[1] * values.shape[2]
        return memoryview(values.reshape(-1)), memoryview(norms.reshape(-1)), row, self._watch_filled

    def watched(self, step: int) -> tuple[tuple[WatchEntry, ...], np.ndarray, np.ndarray] | None:
        """The entries watched at ``step``, their WATCH_FIELDS values and the norms; None if none."""
        if self.watch_values is None or not 1 <= step <= self.size:
            return None
        entries = ()
        for first, segment in self.segments:
            if first <= step:
                entries = segment
        if not entries or np.isnan(self.watch_norms[step - 1, 0]):
            return None
        return entries, self.watch_values[step - 1, : len(entries)].copy(), self.watch_norms[step - 1].copy()

    def column(self, name: str, start: int = 0, stop: int | None = None) -> np.ndarray:
        """A read-only view of one per-step column (``loss``, ``lr``, ``grad_norm``, ``time_s``,
        ``batch_size``) for steps ``start`` (0-based) to ``stop``."""
        stop = self.size if stop is None else min(stop, self.size)
        view = self._buf[name][start:stop]
        view.flags.writeable = False
        return view

    def arrays(self) -> dict[str, np.ndarray]:
        """Copies of the recorded steps: every STEP_FIELDS column, the watched entries' values and
        norms when some were watched, and with gradient accumulation every iteration's loss."""
        out = {name: self._buf[name][: self.size].copy() for name in STEP_FIELDS}
        if self.watch_values is not None:
            out["watch_values"] = self.watch_values[: self.size].copy()
            out["watch_norms"] = self.watch_norms[: self.size].copy()
        if self._iteration_loss is not None:
            out["iteration_loss"] = self.iteration_loss.copy()
        return out

    @classmethod
    def from_arrays(
        cls,
        arrays: dict[str, np.ndarray],
        epochs: list[EpochRecord],
        segments: list[tuple[int, tuple[WatchEntry, ...]]] = (),
    ) -> History:
        """A history holding saved steps (the inverse of :meth:`arrays`); all columns the same length."""
        size = len(arrays["loss"])
        history = cls(size)
        for name in STEP_FIELDS:
            column = np.asarray(arrays[name])
            if column.shape != (size,):
                shape = str(column.shape)
                raise MessageError(Message("history.column_shape", name=name, shape=shape, size=size))
            history._buf[name][:size] = column
        history.size = size
        history.epochs = list(epochs)
        if "iteration_loss" in arrays:
            history._iteration_loss = np.array(arrays["iteration_loss"], dtype=np.float64)
            history.iterations = len(history._iteration_loss)
        if "watch_values" in arrays:
            values, norms = np.asarray(arrays["watch_values"]), np.asarray(arrays["watch_norms"])
            slots = values.shape[1] if values.ndim == 3 else 0
            if (
                values.shape != (size, slots, len(WATCH_FIELDS))
                or not 1 <= slots <= MAX_WATCH
                or norms.shape != (size, 2)
                or any(len(entries) > slots for _, entries in segments)
            ):
                raise MessageError(Message("history.watched"))
            dtype = np.float32 if values.dtype == np.float32 else np.float64
            history._watch_dtype = dtype
            history.watch_values = _grown(values.astype(dtype, copy=False), history.capacity, size)
            history.watch_norms = _grown(norms.astype(dtype, copy=False), history.capacity, size)
            history._watch_filled = size
            history.segments = list(segments)
        return history

    @property
    def loss(self) -> np.ndarray:
        return self.column("loss")

    def append_iteration(self, loss: float) -> None:
        """Record one iteration's mini-batch loss (gradient accumulation only)."""
        i = self.iterations
        if i == len(self._iteration_loss):
            grown = np.empty(2 * i)
            grown[:i] = self._iteration_loss
            self._iteration_loss = grown
        self._iteration_loss[i] = loss
        self.iterations = i + 1

    @property
    def iteration_loss(self) -> np.ndarray:
        """One mini-batch loss per iteration: ``loss`` itself when every iteration is a step."""
        if self._iteration_loss is None:
            return self.loss
        return self._iteration_loss[: self.iterations]

    @property
    def capacity(self) -> int:
        return self._capacity


def _grown(old: np.ndarray, capacity: int, filled: int) -> np.ndarray:
    """``old`` in a buffer of ``capacity`` rows; its first ``filled`` rows copied, the rest untouched."""
    new = np.empty((capacity, *old.shape[1:]), old.dtype)
    new[:filled] = old[:filled]
    return new
