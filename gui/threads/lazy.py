"""Worker-thread runners made on first use: their module imports torch, which stays off start-up."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject


class LazyJobs:
    """A :class:`gui.threads.worker.JobRunner` for ``parent``, made (and its signals connected to
    ``done``, ``failed`` and ``progress``) the first time :attr:`runner` is asked for."""

    def __init__(
        self, parent: QObject, done: Callable, failed: Callable, progress: Callable | None = None
    ) -> None:
        self._parent, self._slots = parent, (done, failed, progress)
        self._runner = None

    @property
    def runner(self):
        if self._runner is None:
            from gui.threads.worker import JobRunner

            done, failed, progress = self._slots
            self._runner = JobRunner(self._parent)
            self._runner.done.connect(done)
            self._runner.failed.connect(failed)
            if progress is not None:
                self._runner.progress.connect(progress)
        return self._runner

    @property
    def busy(self) -> bool:
        """A job is running (False before the runner exists)."""
        return self._runner is not None and self._runner.busy

    def shutdown(self) -> None:
        if self._runner is not None:
            self._runner.shutdown()
