"""Chunks and the ChunkStore: what the views read of a run, step by step, without its History."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
import torch

from core.training.chunks import COLUMNS, Chunk, ChunkStore
from core.training.engine import Callback, Trainer
from core.training.history import WATCH_FIELDS, EpochRecord, History
from tests.core.test_step_math import CONFIG, WATCH, reference_run

A, B = ("W", (0, 1)), ("b", (2,))
# Steps 1–10 watch A, 11–20 A and B (one more slot: the watched rows move to a wider buffer),
# 21–25 nothing (NaN rows), 26–40 only B.
PLAN = [(range(1, 11), (A,)), (range(11, 21), (A, B)), (range(21, 26), ()), (range(26, 41), (B,))]
CUTS = [1, 7, 10, 10, 11, 17, 20, 33, 40]  # chunk ends: every boundary kind, and one empty chunk
EPOCH = EpochRecord(1, 0.5, 0.4, 0.9, 1.0, 10)


def column(name: str, step: int) -> float:
    return {
        "loss": 1.0 / step,
        "lr": 0.01 * step,
        "grad_norm": 2.0 * step,
        "time_s": 1e-3 * step,
        "momentum": 0.9 - 1e-3 * step,
    }[name]


def fields(step: int, entry) -> list[float]:
    k = (A, B).index(entry)
    return [step * 100.0 + k * 10.0 + f for f in range(len(WATCH_FIELDS))]


def norms(step: int) -> list[float]:
    return [step + 0.5, -float(step)]


def entries_of(step: int) -> tuple:
    return next(entries for steps, entries in PLAN if step in steps)


def record_run(capacity: int = 16) -> tuple[History, list[Chunk]]:
    """A history written the engine's way (a small one, so that it grows twice), and the chunks a
    worker would have sent while it was written."""
    history = History(capacity)
    chunks, sent = [], 0
    for step in range(1, 41):
        entries = entries_of(step)
        if entries:
            history.append_watch(step, entries, [v for e in entries for v in fields(step, e)] + norms(step))
        loss, lr, grad_norm, time_s, beta = (column(n, step) for n in COLUMNS)
        history.append(loss, lr, grad_norm, time_s, 1, beta)
        while sent < len(CUTS) and CUTS[sent] == step:
            start = chunks[-1].end if chunks else 0
            chunks.append(Chunk.of_steps(history, start, step, 10, (EPOCH,) if step == 10 else ()))
            sent += 1
    return history, chunks


def assert_reads_the_plan(store: ChunkStore) -> None:
    assert store.size == len(store) == 40
    for step in range(1, 41):
        for name in COLUMNS:
            assert store.value(name, step) == pytest.approx(column(name, step), rel=1e-15), (name, step)
        entries = entries_of(step)
        watched = store.watched(step)
        if not entries:
            assert watched is None, step
            continue
        got_entries, values, got_norms = watched
        assert got_entries == entries and store.entries_at(step) == entries, step
        np.testing.assert_array_equal(values, [fields(step, e) for e in entries])
        np.testing.assert_array_equal(got_norms, norms(step))
    for step in (0, 41):
        with pytest.raises(IndexError):
            store.value("loss", step)


def test_lookups_across_chunk_boundaries_growth_and_changing_entries():
    history, chunks = record_run()
    assert history.capacity == 64  # grown twice after the first chunks were sent
    store = ChunkStore()
    for chunk in chunks:
        store.append(chunk)
    assert_reads_the_plan(store)
    assert store.segments == ((1, (A,)), (11, (A, B)), (26, (B,)))
    assert store.entries_at(25) == (A, B)  # the segment goes on; its rows say nothing was recorded
    assert store.entries_at(0) == ()
    assert chunks[3].end == chunks[3].start and chunks[2].epochs == (EPOCH,)
    assert (chunks[2].epoch, chunks[2].iteration) == (1, 10)
    assert (chunks[4].epoch, chunks[4].iteration) == (2, 1)


def test_a_chunk_is_read_only_views_of_the_rows_written_never_a_copy():
    history, chunks = record_run(capacity=64)  # no growth; the entries widen at step 11
    last = chunks[-1]
    assert np.shares_memory(last.loss, history.column("loss"))
    assert np.shares_memory(last.watch, history.watch_values)
    assert np.shares_memory(last.norms, history.watch_norms)
    for array in (last.loss, last.lr, last.grad_norm, last.time_s, last.momentum, last.watch, last.norms):
        assert not array.flags.writeable
    assert not hasattr(last, "history")
    store = ChunkStore()
    for chunk in chunks:
        store.append(chunk)
    # Contiguous views of one buffer join; the wider watched-entry buffer from step 11 starts another.
    assert store.blocks == 2
    assert_reads_the_plan(store)


def test_from_history_reads_what_the_chunks_brought():
    history, chunks = record_run()
    whole, sent = ChunkStore.from_history(history, 10), ChunkStore()
    for chunk in chunks:
        sent.append(chunk)
    assert_reads_the_plan(whole)
    assert whole.blocks == 1 and whole.segments == sent.segments == tuple(history.segments)
    for step in range(1, 41):
        assert [whole.value(n, step) for n in COLUMNS] == [sent.value(n, step) for n in COLUMNS]
        a, b = whole.watched(step), sent.watched(step)
        assert (a is None) == (b is None)
        if a is not None:
            assert a[0] == b[0] and np.array_equal(a[1], b[1]) and np.array_equal(a[2], b[2])
    assert ChunkStore.from_history(History(16)).size == 0


def test_pickled_chunks_carry_their_own_rows_only():
    history, chunks = record_run()
    big = History.for_run(1_000_000)
    big.append(1.0, 0.1, 1.0, 0.0, 1)
    assert len(pickle.dumps(Chunk.of_steps(big, 0, 1, 1))) < 4_000  # not the run's whole buffers
    copies = [pickle.loads(pickle.dumps(chunk)) for chunk in chunks]
    assert not np.shares_memory(copies[-1].loss, history.column("loss"))
    store = ChunkStore()
    for chunk in copies:
        store.append(chunk)
    assert store.blocks == sum(1 for c in chunks if c.end > c.start)  # nothing to join across processes
    assert_reads_the_plan(store)


def test_chunks_must_come_in_order():
    _, chunks = record_run()
    store = ChunkStore()
    store.append(chunks[0])
    with pytest.raises(ValueError, match="expected 2"):
        store.append(chunks[2])


class _Sender(Callback):
    """Sends a chunk every few steps, the way the GUI's worker does."""

    def __init__(self, every: int) -> None:
        self.every, self.sent, self.chunks = every, 0, []
        self.trainer: Trainer | None = None

    def set_trainer(self, trainer: Trainer) -> None:
        self.trainer = trainer

    def send(self) -> None:
        history = self.trainer.history
        self.chunks.append(Chunk.of_steps(history, self.sent, history.size, self.trainer.steps_per_epoch))
        self.sent = history.size

    def on_step_end(self, step) -> None:
        if step.step % self.every == 0:
            self.send()

    def on_train_end(self, result) -> None:
        self.send()


def test_a_runs_chunks_hold_torch_sgds_numbers():
    sender = _Sender(every=3)
    result = Trainer(CONFIG, [sender], dtype=torch.float64, watch=WATCH).run()
    store = ChunkStore()
    for chunk in sender.chunks:
        store.append(chunk)
    expected, deltas = reference_run(CONFIG, 10)  # torch.optim.SGD, stepped by hand
    assert store.size == 10 and store.blocks == 1
    for step in range(1, 11):
        entries, values, step_norms = store.watched(step)
        assert entries == tuple(WATCH)
        np.testing.assert_allclose(values, expected[step - 1], rtol=1e-10, atol=1e-14)
        assert step_norms[0] == pytest.approx(deltas[step - 1], rel=1e-9)
        assert store.value("lr", step) == CONFIG.lr and store.value("momentum", step) == CONFIG.momentum
    np.testing.assert_array_equal([store.value("loss", s) for s in range(1, 11)], result.history.loss)


def test_only_views_that_follow_each_other_in_one_buffer_join():
    from core.training.chunks import _joined

    base = np.empty((10, 2))  # a buffer of its own, as the history's are
    base[:] = np.arange(20.0).reshape(10, 2)
    joined = _joined(base[2:4], base[4:7])
    np.testing.assert_array_equal(joined, base[2:7])
    assert np.shares_memory(joined, base) and not joined.flags.writeable
    assert _joined(base[2:4], base[5:7]) is None  # a gap
    assert _joined(base[2:4], base[4:7].copy()) is None  # another buffer
    assert _joined(base[2:4, :1], base[4:7, :1]) is None  # not whole rows
