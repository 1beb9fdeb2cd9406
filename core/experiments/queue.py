"""One way to train a list of configs one after another: sweeps, the momentum-forms comparison and
the batch-size lab all use :class:`RunQueue`.

The queue itself trains nothing. Whoever runs it takes the next config, trains it (on this thread,
as the lab does, or on the window's worker thread, as the session does) and records the result; the
queue keeps the order, the count, the results and how it ended.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import StrEnum

from core.training.config import TrainConfig


class QueueEnd(StrEnum):
    """How a queue ended."""

    COMPLETED = "completed"  # every config trained
    CANCELLED = "cancelled"  # cancelled, or a run was stopped
    FAILED = "failed"  # a run could not start, or ended in a status that ends the queue


class RunQueue:
    """Configs trained in order. ``ends_on``: the run statuses that end the whole queue (a stopped
    run always does; the momentum-forms comparison also ends on a diverged run or an error)."""

    def __init__(
        self, configs: Iterable[TrainConfig], kind: str = "sweep", ends_on: Iterable[str] = ()
    ) -> None:
        self.configs: tuple[TrainConfig, ...] = tuple(configs)
        self.kind = kind
        self.ends_on = frozenset(ends_on) | {"stopped"}
        self.results: list = []  # RunResult of each run recorded, in order
        self.end: QueueEnd | None = None
        self._next = 0
        self._cancelled = False

    @property
    def total(self) -> int:
        return len(self.configs)

    @property
    def done(self) -> int:
        """Runs recorded so far."""
        return len(self.results)

    @property
    def active(self) -> bool:
        return self.end is None

    @property
    def current(self) -> TrainConfig | None:
        """The config handed out last and not yet recorded."""
        return self.configs[self._next - 1] if self._next > self.done else None

    def next_config(self) -> TrainConfig | None:
        """The next config to train, or None when the queue has ended (then :attr:`end` says how)."""
        if self.end is not None:
            return None
        if self._cancelled:
            self.end = QueueEnd.CANCELLED
            return None
        if self._next >= self.total:
            self.end = QueueEnd.COMPLETED
            return None
        self._next += 1
        return self.configs[self._next - 1]

    def record(self, result) -> None:
        """The result of the config handed out last."""
        if self.current is None:
            raise RuntimeError("no run of this queue is in progress")
        self.results.append(result)
        if self._cancelled or result.status == "stopped":
            self.end = QueueEnd.CANCELLED
        elif result.status in self.ends_on:
            self.end = QueueEnd.FAILED

    def cancel(self) -> None:
        """No further config is handed out; the run in progress (if any) is for its runner to stop."""
        if self.end is None:
            self._cancelled = True
            if self.current is None:
                self.end = QueueEnd.CANCELLED

    def fail(self) -> None:
        """The config handed out last could not start."""
        if self.end is None:
            self._next = self.done
            self.end = QueueEnd.FAILED

    def __iter__(self) -> Iterator[TrainConfig]:
        """Hand out configs until the queue ends (record each result before asking for the next)."""
        while (config := self.next_config()) is not None:
            yield config
