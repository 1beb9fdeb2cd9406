"""Finished runs kept side by side: a name, whether the run is drawn, and its result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from core.training.config import BUILT_IN

if TYPE_CHECKING:
    from core.training.engine import RunResult

X_AXES = ("step", "epoch", "samples", "seconds")  # optimizer steps, epochs, samples seen, wall-clock


@dataclass
class RunRecord:
    """One entry of the runs list. ``run_id`` is unique within a list and never reused."""

    run_id: int
    name: str
    result: RunResult
    visible: bool = True


def x_values(result: RunResult, axis: str) -> np.ndarray:
    """The x coordinate of every recorded step of ``result`` on ``axis`` (one of :data:`X_AXES`).

    ``step``: 1, 2, …; ``epoch``: fractional epochs (step / steps per epoch); ``samples``: samples
    seen after each step (the last, smaller batch of an epoch counts what it holds);
    ``seconds``: training time when the step finished (pauses excluded).
    """
    history = result.history
    n = history.size
    if axis == "step":
        return np.arange(1, n + 1, dtype=np.float64)
    if axis == "epoch":
        return np.arange(1, n + 1, dtype=np.float64) / max(1, result.steps_per_epoch)
    if axis == "samples":
        return np.cumsum(history.column("batch_size"), dtype=np.float64)
    if axis == "seconds":
        return history.column("time_s").astype(np.float64, copy=True)
    raise ValueError(f"unknown x axis {axis!r}; expected one of {', '.join(X_AXES)}")


LOSSES = {"classification": "cross-entropy", "regression": "mse"}  # the loss each task trains on


def loss_of(result: RunResult) -> str | None:
    """The loss ``result`` was trained on (:data:`LOSSES`: cross-entropy or mse), None when unknown.

    The dataset's task says it: a built-in dataset's from its description, imported data's from its
    provenance, else from the epochs (regression has no accuracy) or the model (linear regresses,
    softmax classifies)."""
    info = BUILT_IN.get(result.config.dataset)
    task = info.task if info is not None else (result.data_source or {}).get("task")
    if task is None and result.history.epochs:
        task = "regression" if result.history.epochs[0].val_accuracy is None else "classification"
    if task is None:
        task = {"linear": "regression", "softmax": "classification"}.get(result.config.model)
    return LOSSES.get(task)


class RunsList:
    """The runs kept side by side, oldest first; ids are unique and never reused within a list."""

    def __init__(self) -> None:
        self.records: list[RunRecord] = []
        self._next_id = 1

    @property
    def next_id(self) -> int:
        """The id the next run added will get."""
        return self._next_id

    def add(self, result: RunResult, name: str) -> RunRecord:
        """Keep ``result`` under the id :attr:`next_id`."""
        record = RunRecord(self._next_id, name, result, True)
        self._next_id += 1
        self.records.append(record)
        return record

    def set_records(self, records: list[RunRecord]) -> None:
        """Replace the whole list (a workspace was opened): ids, names and visibility as given."""
        self.records = list(records)
        self._next_id = max((r.run_id for r in records), default=0) + 1

    def record(self, run_id: int) -> RunRecord | None:
        return next((r for r in self.records if r.run_id == run_id), None)

    def remove(self, run_ids) -> None:
        ids = set(run_ids)
        self.records = [r for r in self.records if r.run_id not in ids]
