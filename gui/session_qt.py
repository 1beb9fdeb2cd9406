"""The one adapter between the session (core/, plain callbacks) and Qt: each session event becomes
a signal of :class:`SessionSignals`, which the panels connect to. Everything runs on the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from core.session.session import EVENTS, Session


class SessionSignals(QObject):
    """Qt signals for a :class:`Session`'s events (see ``core.session.session.EVENTS``)."""

    draft = Signal(object)  # TrainConfig
    catalogue = Signal()
    state = Signal(object)  # RunState
    run_begin = Signal(object)  # TrainConfig
    run_started = Signal(object)  # RunInfo
    chunk = Signal(object)  # Chunk
    paused = Signal(int)
    run_finished = Signal(object)  # RunResult
    runs = Signal()
    queue = Signal(object)  # RunQueue
    live = Signal(str, float)
    shown = Signal(object)  # RunResult, or None: no run, the draft
    pace = Signal(object)  # optimizer steps a second, or None: as fast as it goes

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        for name in EVENTS:
            session.connect(name, getattr(self, name).emit)


def make_runner(session: Session, parent: QObject):
    """The session's runner: a worker-thread controller whose reports go to the session (importing
    torch, so it is made on first use)."""
    from gui.threads.worker import TrainingController

    controller = TrainingController(parent)
    controller.run_started.connect(session.run_started)
    controller.progress.connect(session.chunk)
    controller.finished.connect(session.finished)

    def paused(steps_done: int) -> None:
        trainer = controller.trainer
        if trainer is not None and trainer.is_paused:  # not a pause that Resume or Stop already lifted
            session.paused(steps_done)

    controller.paused.connect(paused)
    return controller
