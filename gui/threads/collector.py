"""Where Python's cyclic garbage collector runs: on the GUI thread, once other threads exist.

Collecting on a worker thread deletes Qt objects there and can deadlock with the GUI thread (why:
docs/architecture.md, "Threads"; the hang it caused: BENCHMARKS.md).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QTimer

INTERVAL_MS = 1000


class _Collector:
    """Collects from a timer on the GUI thread, the generation Python itself would collect; a full
    collection (it walks every object, tens of milliseconds with the window's) waits until no
    worker thread runs, so that it never holds up training.

    While worker threads run, the objects made before the first of them started (the window's, the
    data's) are frozen (``gc.freeze``): the young generations' collections walk only what was made
    since, instead of the tens of thousands of objects a window just built leaves in them (a young
    collection of those took 37 to 160 ms on the GUI thread, mid-run, holding the interpreter lock
    the worker needs). When the last worker ends they go back into the oldest generation, which the
    timer collects as before."""

    def __init__(self) -> None:
        self._workers = 0
        gc.disable()
        self.timer = QTimer()
        self.timer.timeout.connect(self.collect)
        self.timer.start(INTERVAL_MS)

    @property
    def workers(self) -> int:
        """Worker threads running (their runners count them in and out)."""
        return self._workers

    @workers.setter
    def workers(self, count: int) -> None:
        if count and not self._workers:
            gc.freeze()
        elif not count and self._workers:
            gc.unfreeze()
        self._workers = count

    def collect(self) -> None:
        counts, limits = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if counts[generation] > limits[generation] and not (generation == 2 and self.workers):
                gc.collect(generation)
                return


_collector: _Collector | None = None


def collect_on_gui_thread() -> _Collector:
    """From now on the cyclic collector runs on this thread (the GUI thread) only."""
    global _collector
    if _collector is None:
        _collector = _Collector()
    return _collector
