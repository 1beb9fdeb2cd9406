"""Engine callbacks the tests share (Qt-free)."""

from __future__ import annotations

from core.training.engine import Callback


class StopAfter(Callback):
    """Asks the trainer to stop once ``steps`` optimizer steps are done."""

    def __init__(self, steps: int) -> None:
        self.steps, self.trainer = steps, None

    def set_trainer(self, trainer) -> None:
        self.trainer = trainer

    def on_step_end(self, step) -> None:
        if step.step >= self.steps:
            self.trainer.request_stop()
