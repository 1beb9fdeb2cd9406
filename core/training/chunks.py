"""What a run sends to its views: chunks of steps, and the store that keeps them for lookups by step.

A :class:`Chunk` holds numbers only (no History, no torch): within one process its arrays are
read-only views of the rows the engine has already written, which it never writes again (the
history is sized for the whole run; when it grows or more entries are watched, the rows move to a
new buffer and the old one keeps what the chunks saw). Pickled for another process, a chunk carries
copies of just its own rows.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import numpy as np

from core.training.history import EpochRecord, History, WatchEntry

COLUMNS = ("loss", "lr", "grad_norm", "time_s", "momentum")  # the per-step columns a chunk carries


@dataclass(frozen=True)
class Regions:
    """A two-feature classifier's decision regions: the predicted class on a grid over the data."""

    classes: np.ndarray  # (G, G): row i is the i-th y value, column j the j-th x value
    extent: tuple[float, float, float, float]  # (x_min, x_max, y_min, y_max) the grid covers


@dataclass(frozen=True)
class Chunk:
    """Steps ``start + 1 … start + len(loss)`` of the run, the epochs that ended among them, and
    where the loop stood at the end."""

    start: int
    loss: np.ndarray
    lr: np.ndarray
    grad_norm: np.ndarray
    time_s: np.ndarray
    momentum: np.ndarray
    epoch: int
    iteration: int
    epochs: tuple[EpochRecord, ...] = ()
    watch: np.ndarray | None = None  # (steps, entries, WATCH_FIELDS) of the watched entries
    norms: np.ndarray | None = None  # (steps, 2): ‖Δθ‖ and ‖buffer‖
    segments: tuple[tuple[int, tuple[WatchEntry, ...]], ...] = ()  # (first step, entries) of the run so far
    # The chunk's last step, for the views that picture the epoch (a live run's chunks only): the
    # permutation the engine indexed this epoch's batches with (None: in order), the samples of the
    # epoch used so far, that step's mini-batch (sample indices), the model's predicted class for each
    # of them (from that step's own forward pass), a copy of the first layer's weight rows after the
    # step, and for two features the decision regions after it.
    order: np.ndarray | None = None
    seen: int = 0
    batch: np.ndarray | None = None
    predictions: np.ndarray | None = None
    weights: np.ndarray | None = None
    regions: Regions | None = None
    # K data-parallel workers (core/training/distributed.py): each worker's own mini-batch loss at
    # each of the chunk's steps, (steps, K); ``loss`` is their mean. None for a one-process run.
    worker_loss: np.ndarray | None = None

    @property
    def end(self) -> int:
        return self.start + len(self.loss)

    @classmethod
    def of_steps(
        cls,
        history: History,
        start: int,
        end: int,
        steps_per_epoch: int,
        epochs: tuple[EpochRecord, ...] = (),
        **pictures,
    ) -> Chunk:
        """Steps ``start + 1 … end`` of ``history`` (all written), as read-only views of its rows;
        ``pictures``: the last step's fields for the views that picture it (order, seen, batch, …)."""
        end = min(end, history.size)
        epoch, iteration = divmod(end - 1, max(1, steps_per_epoch)) if end else (-1, -1)
        cols = {name: history.column(name, start, end) for name in COLUMNS}
        watch = norms = None
        if history.watch_values is not None:
            watch, norms = _frozen(history.watch_values[start:end]), _frozen(history.watch_norms[start:end])
        return cls(
            start,
            epoch=epoch + 1,
            iteration=iteration + 1,
            epochs=tuple(epochs),
            watch=watch,
            norms=norms,
            segments=tuple(history.segments),
            **pictures,
            **cols,
        )


class _Block:
    """Consecutive steps ``start + 1 … end`` held as one array per column."""

    __slots__ = ("cols", "end", "norms", "start", "watch")

    def __init__(self, chunk: Chunk) -> None:
        self.start, self.end = chunk.start, chunk.end
        self.cols = {name: getattr(chunk, name) for name in COLUMNS}
        self.watch, self.norms = chunk.watch, chunk.norms

    def extend(self, chunk: Chunk) -> bool:
        """Take in ``chunk`` when it continues this block's views in the same buffers (chunks made
        in this process); False, and nothing changed, otherwise."""
        if (self.watch is None) != (chunk.watch is None):
            return False
        pairs = [(self.cols[name], getattr(chunk, name)) for name in COLUMNS]
        if self.watch is not None:
            pairs += [(self.watch, chunk.watch), (self.norms, chunk.norms)]
        joined = [_joined(a, b) for a, b in pairs]
        if any(j is None for j in joined):
            return False
        self.cols = dict(zip(COLUMNS, joined, strict=False))
        if self.watch is not None:
            self.watch, self.norms = joined[-2:]
        self.end = chunk.end
        return True


class ChunkStore:
    """A run's steps as its chunks brought them, for views that read one step at a time (the step
    inspector). Chunks are appended in order; lookups bisect over the blocks' starts. Contiguous
    in-process chunks join into one block of views, so the store holds a handful of arrays however
    long the run; chunks from another process stay one block each."""

    def __init__(self) -> None:
        self._blocks: list[_Block] = []
        self._starts: list[int] = []
        self.size = 0
        self.segments: tuple[tuple[int, tuple[WatchEntry, ...]], ...] = ()
        self._firsts: list[int] = []

    @classmethod
    def from_history(cls, history: History, steps_per_epoch: int = 1) -> ChunkStore:
        """The store of a finished run (loaded from a workspace, say): one chunk of every step."""
        store = cls()
        store.append(Chunk.of_steps(history, 0, history.size, steps_per_epoch, tuple(history.epochs)))
        return store

    def __len__(self) -> int:
        return self.size

    @property
    def blocks(self) -> int:
        """How many arrays each column is kept in."""
        return len(self._blocks)

    def append(self, chunk: Chunk) -> None:
        """The next chunk of the run: it must start where the last one ended."""
        if chunk.start != self.size:
            raise ValueError(f"chunk starts at step {chunk.start + 1}, expected {self.size + 1}")
        if chunk.segments:
            self.segments = chunk.segments
            self._firsts = [first for first, _ in chunk.segments]
        if chunk.end == chunk.start:
            return
        if not (self._blocks and self._blocks[-1].extend(chunk)):
            self._blocks.append(_Block(chunk))
            self._starts.append(chunk.start)
        self.size = chunk.end

    def _row(self, step: int) -> tuple[_Block, int]:
        if not 1 <= step <= self.size:
            raise IndexError(f"step {step} is not among the {self.size:,} steps received")
        block = self._blocks[bisect_right(self._starts, step - 1) - 1]
        return block, step - 1 - block.start

    def value(self, name: str, step: int) -> float:
        """Column ``name`` (one of COLUMNS) at 1-based ``step``."""
        block, row = self._row(step)
        return float(block.cols[name][row])

    def entries_at(self, step: int) -> tuple[WatchEntry, ...]:
        """The entries being watched at ``step`` (empty before the first was)."""
        i = bisect_right(self._firsts, step) - 1
        return self.segments[i][1] if i >= 0 else ()

    def watched(self, step: int) -> tuple[tuple[WatchEntry, ...], np.ndarray, np.ndarray] | None:
        """The entries watched at ``step``, their WATCH_FIELDS values (entries × fields) and the two
        norms; None where nothing was recorded."""
        block, row = self._row(step)
        entries = self.entries_at(step)
        if block.watch is None or not entries or len(entries) > block.watch.shape[1]:
            return None
        if np.isnan(block.norms[row, 0]):
            return None
        return entries, block.watch[row, : len(entries)].copy(), block.norms[row].copy()


def _frozen(view: np.ndarray) -> np.ndarray:
    view.flags.writeable = False
    return view


def _joined(a: np.ndarray, b: np.ndarray) -> np.ndarray | None:
    """One read-only view of ``a`` then ``b`` when both are row ranges of the same buffer and ``b``
    starts right after ``a``; else None."""
    base = a.base
    if (
        not isinstance(base, np.ndarray)
        or b.base is not base
        or a.dtype != base.dtype
        or b.dtype != base.dtype
        or a.strides != base.strides
        or b.strides != base.strides
        or a.shape[1:] != base.shape[1:]
        or b.shape[1:] != base.shape[1:]
    ):
        return None
    row = base.strides[0]
    at, origin = a.__array_interface__["data"][0], base.__array_interface__["data"][0]
    if b.__array_interface__["data"][0] != at + len(a) * row or (at - origin) % row:
        return None
    first = (at - origin) // row
    return _frozen(base[first : first + len(a) + len(b)])
