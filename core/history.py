"""Run history: per-step numbers in preallocated numpy buffers, per-epoch records in a list."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

STEP_FIELDS = ("loss", "lr", "grad_norm", "time_s", "batch_size")


@dataclass(frozen=True)
class EpochRecord:
    """One finished epoch. ``val_accuracy`` is None for regression."""

    epoch: int
    train_loss: float
    val_loss: float
    val_accuracy: float | None
    time_s: float
    steps: int

    def to_dict(self) -> dict:
        return {
            "epoch": self.epoch,
            "train_loss": self.train_loss,
            "val_loss": self.val_loss,
            "val_accuracy": self.val_accuracy,
            "time_s": self.time_s,
            "steps": self.steps,
        }


class History:
    """Append-only step buffers that grow by doubling: O(1) amortised per step, no Python lists.

    ``loss[i]`` is the mini-batch loss of ``optimizer.step()`` number ``i + 1``; ``time_s`` is the
    training time (pauses excluded) when that step finished.
    """

    def __init__(self, capacity: int = 4096) -> None:
        self._capacity = max(16, capacity)
        self._buf = {
            name: np.empty(self._capacity, dtype=np.int32 if name == "batch_size" else np.float64)
            for name in STEP_FIELDS
        }
        self.size = 0
        self.epochs: list[EpochRecord] = []

    def append(self, loss: float, lr: float, grad_norm: float, time_s: float, batch_size: int) -> None:
        """Record one optimizer step."""
        i = self.size
        if i == self._capacity:
            self._grow()
        buf = self._buf
        buf["loss"][i] = loss
        buf["lr"][i] = lr
        buf["grad_norm"][i] = grad_norm
        buf["time_s"][i] = time_s
        buf["batch_size"][i] = batch_size
        self.size = i + 1

    def _grow(self) -> None:
        self._capacity *= 2
        for name, old in self._buf.items():
            new = np.empty(self._capacity, dtype=old.dtype)
            new[: self.size] = old[: self.size]
            self._buf[name] = new

    def column(self, name: str, start: int = 0, stop: int | None = None) -> np.ndarray:
        """A read-only view of one per-step column (``loss``, ``lr``, ``grad_norm``, ``time_s``,
        ``batch_size``) for steps ``start`` (0-based) to ``stop``."""
        stop = self.size if stop is None else min(stop, self.size)
        view = self._buf[name][start:stop]
        view.flags.writeable = False
        return view

    @property
    def loss(self) -> np.ndarray:
        return self.column("loss")

    @property
    def capacity(self) -> int:
        return self._capacity
