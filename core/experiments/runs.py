"""Finished runs kept side by side: a name, whether the run is drawn, and its result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

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
