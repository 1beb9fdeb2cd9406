"""The iteration counter, Keras-style: ``Epoch 3/10 · Iteration 417/938 · step 2,293/9,380 · …``;
with gradient accumulation, ``… · Iteration 417/938 · optimizer step 105/235 this epoch · 1,043/1,175
in the run · …``; with K data-parallel workers, ``Epoch 2/2 · iteration 3/8 on each of 2 workers · global step
11/16 · …``."""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QSizePolicy, QWidget

from core.training.steps import duration, worker_share
from core.training.steps import steps_per_epoch as steps_formula
from gui.i18n import Retranslating


class IterationCounter(Retranslating, QWidget):
    """Where the run stands: epoch, iteration within the epoch, global step, speed and ETA, with a
    progress bar for the epoch and one for the run. The label is ``iterationCounter``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = _CounterLabel(self)
        font = QFont(self.label.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setFamilies(["DejaVu Sans Mono", "Menlo", "Consolas", "monospace"])
        self.label.setFont(font)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The width is the layout's to give (a new text every frame must not widen the window); the
        # height follows from it (heightForWidth), in the same layout pass as the bars below.
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.label.setSizePolicy(policy)
        self._widest = ""
        self._heights = (0, 0)  # the label's height on one line, on two
        self._two_lines = False
        self.epoch_bar = QProgressBar(objectName="epochProgress")
        self.run_bar = QProgressBar(objectName="runProgress")
        for bar in (self.epoch_bar, self.run_bar):
            bar.setTextVisible(True)
            bar.setMaximumHeight(16)
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 2, 4, 2)
        grid.addWidget(self.label, 0, 0, 1, 4, Qt.AlignmentFlag.AlignTop)  # its height: for its width
        self.epoch_label, self.run_label = QLabel(), QLabel()
        grid.addWidget(self.epoch_label, 1, 0)
        grid.addWidget(self.epoch_bar, 1, 1)
        grid.addWidget(self.run_label, 1, 2)
        grid.addWidget(self.run_bar, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.prepare(1, 1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.epoch_label.setText(self.tr("this epoch"))
        self.run_label.setText(self.tr("whole run"))
        self.setAccessibleName(self.tr("Iteration counter"))  # the label is named by its text
        self.label.setAccessibleDescription(
            self.tr(
                "Iteration counter: the epoch, the iteration in it, the optimizer step, speed and time left"
            )
        )
        for bar, label in ((self.epoch_bar, self.epoch_label), (self.run_bar, self.run_label)):
            bar.setAccessibleName(label.text())
        self._fit()

    def _fit(self) -> None:
        """The run's widest text changed (new totals, another language): the label's height for a
        width is asked again (one line, or two when that text does not fit). It stays the same for
        the whole run: the plots below never move (and repaint) mid-run."""
        parts = self._head_parts(
            self.epochs, self.iterations_per_epoch, self.steps_per_epoch, self.total_steps
        )
        head = " · ".join(parts)
        metrics = self.label.fontMetrics()
        speed = self.tr("{0} it/s").format("00,000")
        ends = (self.tr("ETA {0}").format("00:00"), self.tr("took {0}").format("00:00"))
        tail = max((f"{speed} · {end}" for end in ends), key=metrics.horizontalAdvance)
        tail = max(tail, self.tr("paused"), key=metrics.horizontalAdvance)
        widest = f"{head} · {tail}"
        if widest != self._widest:
            self._widest = widest
            # Heights as drawn, fallback fonts included (Chinese glyphs come from a taller font).
            room = QRect(0, 0, 100_000, 1_000)
            self._heights = tuple(
                metrics.boundingRect(room, Qt.AlignmentFlag.AlignLeft, text).height() + 4
                for text in (widest, self._two_line_text(parts, [tail]))
            )
            self.label.updateGeometry()
        self._two_lines = self.lines_for(self.label.width()) == 2
        self._render()

    def _two_line_text(self, head: list[str], tail: list[str]) -> str:
        """The counter on two lines: the head, then the speed and time; with K workers the epoch
        and each worker's iteration, then the steps, the speed and the time (the head alone is
        wider than the centre of a window of the default size)."""
        split = 2 if self.workers > 1 else len(head)
        first, second = head[:split], head[split:] + tail
        return " · ".join(first) + ("\n" + " · ".join(second) if second else "")

    def _head_parts(self, epoch: int, iteration: int, epoch_step: int, step: int) -> list[str]:
        """``Epoch e/E · Iteration i/I · step s/S``, or with accumulation the optimizer's steps apart:
        ``… · optimizer step 105/235 this epoch · 1,043/1,175 in the run``; with K workers each one's
        iterations and the global steps: ``… · iteration i/I on each of K workers · global step s/S``."""
        parts = [self.tr("Epoch {0}/{1}").format(epoch, self.epochs)]
        if self.workers > 1:
            parts.append(
                self.tr("iteration {0}/{1} on each of {2} workers").format(
                    iteration, self.iterations_per_epoch, self.workers
                )
            )
        else:
            parts.append(self.tr("Iteration {0}/{1}").format(iteration, self.iterations_per_epoch))
        if self.accumulate > 1:
            parts.append(
                self.tr("optimizer step {0}/{1} this epoch").format(
                    f"{epoch_step:,}", f"{self.steps_per_epoch:,}"
                )
            )
        if self.workers > 1:
            parts.append(self.tr("global step {0}/{1}").format(f"{step:,}", f"{self.total_steps:,}"))
        elif self.accumulate > 1:
            parts.append(self.tr("{0}/{1} in the run").format(f"{step:,}", f"{self.total_steps:,}"))
        else:
            parts.append(self.tr("step {0}/{1}").format(f"{step:,}", f"{self.total_steps:,}"))
        return parts

    def lines_for(self, width: int) -> int:
        """Lines the label needs at ``width`` pixels: 2 when the run's widest text is wider."""
        return 2 if self.label.fontMetrics().horizontalAdvance(self._widest) > width - 8 else 1

    def height_for(self, width: int) -> int:
        """The label's height at ``width`` pixels: its one or two lines, as drawn."""
        return self._heights[self.lines_for(width) - 1]

    def prepare(self, epochs: int, steps_per_epoch: int, accumulate: int = 1, workers: int = 1) -> None:
        """Before a run: zeros, with the run's totals: ``steps_per_epoch`` iterations an epoch (of
        each worker, with ``workers`` data-parallel ones), an ``optimizer.step()`` every
        ``accumulate`` of them."""
        self.epochs = epochs
        self.workers = workers
        self.iterations_per_epoch = max(steps_per_epoch, 1)
        self.accumulate = accumulate
        self.steps_per_epoch = -(-self.iterations_per_epoch // accumulate)  # optimizer steps
        self.epoch = 0
        self.iteration = 0
        self.step = 0
        self.rate = 0.0
        self.elapsed = 0.0
        self._recent: deque[tuple[float, int]] = deque()
        self.finished = False
        self.paused = False
        self._fit()

    def prepare_for(
        self,
        samples: int,
        batch_size: int,
        drop_last: bool,
        epochs: int,
        accumulate: int = 1,
        workers: int = 1,
    ) -> None:
        """Zeros for the settings in the controls (while they are invalid, zeros all the same: the
        last valid count of iterations stays)."""
        if 1 <= batch_size <= samples and accumulate >= 1 and workers >= 1:
            share = worker_share(samples, workers)[0]
            self.prepare(epochs, steps_formula(share, batch_size, drop_last), accumulate, workers)
        else:
            self.prepare(epochs, self.iterations_per_epoch, self.accumulate, self.workers)

    @property
    def total_steps(self) -> int:
        return self.epochs * self.steps_per_epoch

    def update_to(self, epoch: int, iteration: int, step: int, elapsed_s: float) -> None:
        """The loop finished optimizer step ``step`` (the ``iteration``-th step of epoch ``epoch``)
        at ``elapsed_s`` seconds of training time."""
        self.epoch, self.iteration, self.step, self.elapsed = epoch, iteration, step, elapsed_s
        self._recent.append((elapsed_s, step))
        while len(self._recent) > 2 and elapsed_s - self._recent[0][0] > 2.0:
            self._recent.popleft()
        (t0, s0) = self._recent[0]
        if elapsed_s > t0 and step > s0:
            self.rate = (step - s0) / (elapsed_s - t0)
        elif elapsed_s > 0:
            self.rate = step / elapsed_s
        self._render()

    def set_paused(self, paused: bool) -> None:
        """Paused (or stepping with F10): "paused" instead of a speed and an ETA, which would be
        those of the steps before the pause; going on, the speed is measured afresh."""
        if paused != self.paused:
            self.paused = paused
            self._recent.clear()
            self._render()

    def finish(self, steps_done: int, elapsed_s: float) -> None:
        """The run ended: show the mean speed over the whole run."""
        self.finished = True
        self.paused = False
        if elapsed_s > 0 and steps_done:
            self.rate = steps_done / elapsed_s
        self.elapsed = elapsed_s
        self._render()

    def _render(self) -> None:
        parts = []
        if self.paused and not self.finished:
            parts.append(self.tr("paused"))
        elif self.step:  # iterations a second: k of them an optimizer step
            parts.append(self.tr("{0} it/s").format(f"{self.rate * self.accumulate:,.0f}"))
            if self.finished:
                parts.append(self.tr("took {0}").format(duration(self.elapsed)))
            elif self.rate > 0:
                remaining = (self.total_steps - self.step) / self.rate
                parts.append(self.tr("ETA {0}").format(duration(remaining)))
        # A step ends its window: the iterations done are k per step, all of them at the epoch's end.
        iterations = min(self.iteration * self.accumulate, self.iterations_per_epoch)
        if self.iteration == self.steps_per_epoch:
            iterations = self.iterations_per_epoch
        head = self._head_parts(self.epoch, iterations, self.iteration, self.step)
        if self._two_lines:  # speed and ETA (with K workers, the steps too) on a second line
            self.label.setText(self._two_line_text(head, parts))
        else:
            self.label.setText(" · ".join(head + parts))
        for bar, value, end in (
            (self.epoch_bar, iterations, self.iterations_per_epoch),
            (self.run_bar, self.step, self.total_steps),
        ):
            # QProgressBar.setValue() repaints at once (synchronously, holding the GIL the worker
            # needs); with updates off for the call, the bar is drawn with the window's next frame.
            bar.setUpdatesEnabled(False)
            bar.setRange(0, end)
            bar.setValue(value)
            bar.setFormat(f"{value:,} / {end:,}")
            bar.setUpdatesEnabled(True)


class _CounterLabel(QLabel):
    """The counter's text: as high as the lines it needs at the width the layout gives it."""

    def __init__(self, counter: IterationCounter) -> None:
        super().__init__(objectName="iterationCounter")
        self._counter = counter

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        return self._counter.height_for(width)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(super().sizeHint().width(), self.heightForWidth(self.width()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(0, self.heightForWidth(self.width()))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        two = self._counter.lines_for(self.width()) == 2
        if two != self._counter._two_lines:
            self._counter._two_lines = two
            self._counter._render()
