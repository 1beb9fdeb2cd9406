"""Keras-style progress for the headless command line."""

from __future__ import annotations

import time
from typing import TextIO

from core.training.engine import Callback, RunInfo, RunResult, StepInfo
from core.training.history import EpochRecord
from core.training.steps import describe, describe_workers, duration


class KerasProgress(Callback):
    """Progress the way Keras prints it: ``Epoch 1/5`` then ``938/938 [====] - 2s …``.

    On a terminal the bar is redrawn at most 10 times a second; otherwise one line per epoch.
    """

    WIDTH = 30

    def __init__(self, stream: TextIO, live: bool, quiet: bool = False) -> None:
        self.stream, self.live, self.quiet = stream, live, quiet
        self._last_draw = 0.0
        self._epoch_start = 0.0
        self._loss_sum = 0.0
        self._seen = 0
        self._steps = 0
        self.epochs = 0  # of the run, from on_train_begin

    def _print(self, text: str = "", end: str = "\n") -> None:
        if not self.quiet:
            self.stream.write(text + end)
            self.stream.flush()

    def on_train_begin(self, info: RunInfo) -> None:
        c = info.config
        self.epochs = c.epochs
        self._print(
            f"{c.model} on {c.dataset}: {info.train_samples:,} training + {info.val_samples:,} "
            f"validation samples, batch {c.batch_size}, lr {c.lr:g}, momentum {c.momentum:g}, "
            f"{c.optimizer}, {info.device}"
        )
        if c.workers > 1:  # K data-parallel workers: each one's share, the padding, the global batch
            self._print(describe_workers(c.samples, c.batch_size, c.workers, c.drop_last, c.accumulate))
            steps = info.steps_per_epoch
            self._print(f"{c.epochs} × {steps} = {c.epochs * steps:,} optimizer.step() calls")
        else:
            self._print(describe(c.samples, c.batch_size, c.drop_last, c.epochs, c.accumulate))

    def on_epoch_begin(self, epoch: int) -> None:
        self._print(f"Epoch {epoch}/{self.epochs}")
        self._epoch_start = self._last_draw = time.perf_counter()
        self._loss_sum, self._seen, self._steps = 0.0, 0, 0

    def on_step_end(self, step: StepInfo) -> None:
        self._loss_sum += step.loss * step.batch_size
        self._seen += step.batch_size
        self._steps = step.iteration
        if self.live:
            now = time.perf_counter()
            if now - self._last_draw >= 0.1 or step.iteration == step.steps_per_epoch:
                self._last_draw = now
                self._print("\r" + self._line(step.iteration, step.steps_per_epoch, now) + "\033[K", end="")

    def _line(self, done: int, total: int, now: float, tail: str = "") -> str:
        elapsed = max(now - self._epoch_start, 1e-9)
        rate = done / elapsed
        filled = int(self.WIDTH * done / total) if total else self.WIDTH
        bar = "=" * max(filled - 1, 0) + (">" if filled < self.WIDTH else "=") + "." * (self.WIDTH - filled)
        timing = f"{duration(elapsed)}" if done == total else f"ETA {duration((total - done) / rate)}"
        width = len(str(total))
        loss = self._loss_sum / self._seen if self._seen else float("nan")
        return f"{done:>{width}}/{total} [{bar}] - {timing} - {rate:,.0f} it/s - loss: {loss:.4f}{tail}"

    def on_epoch_end(self, record: EpochRecord) -> None:
        tail = f" - val_loss: {record.val_loss:.4f}"
        if record.val_accuracy is not None:
            tail += f" - val_accuracy: {record.val_accuracy:.4f}"
        line = self._line(self._steps, self._steps, time.perf_counter(), tail)
        self._print(("\r" + line + "\033[K") if self.live else line)

    def on_train_end(self, result: RunResult) -> None:
        if self.live and result.status != "completed":
            self._print()  # end the half-drawn bar line
        text = f"{result.message} ({duration(result.elapsed_s)})"
        self.stream.write(text + "\n")  # shown even with --quiet
        self.stream.flush()
