"""The status line, and the banner for a run that diverged or failed: what the session just did, in
the current language."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QLabel, QWidget

from core.experiments.queue import QueueEnd, RunQueue
from core.messages import schedule_name
from core.session.state import RunState
from gui.i18n import RetranslatableText, Retranslating, display, message_text, sentence
from gui.session_qt import SessionSignals

log = logging.getLogger("sgd_lab")


class StatusLine(Retranslating, QLabel):
    """Follows the session's events; ``show_banner(text, error)`` is the centre's banner."""

    def __init__(self, signals: SessionSignals, show_banner, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="statusLabel")
        self.setWordWrap(True)  # a long message (a preset's description) takes a second line, not width
        self.session = signals.session
        self.text_of = RetranslatableText()
        self.show_banner = show_banner
        signals.state.connect(self._on_state)
        signals.run_begin.connect(lambda _c: self.set(lambda: self.tr("Preparing the data and the model…")))
        signals.run_started.connect(self._on_run_started)
        signals.paused.connect(self._on_paused)
        signals.run_finished.connect(self._on_finished)
        signals.live.connect(self._on_live)
        signals.queue.connect(self._on_queue)
        self.set(lambda: self.tr("Ready. Set the hyperparameters and press Start (F5), or Step (F10)."))

    def set(self, text) -> None:
        """A text, or a function making it (made again when the language changes)."""
        self.text_of.set(text)
        self.setText(self.text_of())

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        super().setText(text)
        self._fit_height()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        """As many lines as the text needs at this width (the status bar does not ask)."""
        height = max(self.fontMetrics().height(), self.heightForWidth(self.width()))
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def retranslate_ui(self) -> None:
        self.setText(self.text_of())

    def _on_state(self, state: RunState) -> None:
        texts = {
            RunState.PAUSED: lambda: self.tr("Pausing before the next batch…"),
            RunState.STOPPING: lambda: self.tr("Stopping after the current batch…"),
        }
        texts[RunState.RUNNING] = lambda: self.tr("Training…")  # resumed; a new run says more next
        if state in texts:
            self.set(texts[state])

    def _on_run_started(self, info) -> None:
        c = info.config
        log.info("run started: %s", c.to_dict())
        self.set(
            lambda: self.tr("Training {0} on {1}: {2} training samples, batch {3}, on {4}").format(
                display("model", c.model),
                display("dataset", c.dataset),
                f"{info.train_samples:,}",
                f"{c.batch_size:,}",
                display("device", str(info.device)),
            )
        )

    def _on_paused(self, steps_done: int) -> None:
        self.set(
            lambda: self.tr(
                "Paused after step {0}. Step (F10) takes one optimizer.step(); Resume (F6) goes on."
            ).format(f"{steps_done:,}")
        )

    def _on_finished(self, result) -> None:
        log.info("run %s: %s", result.status, result.message)
        if result.status in ("completed", "stopped"):
            self.set(lambda: sentence(result.msg or result.message))
        elif result.status == "diverged":
            self.show_banner(
                lambda: self.tr("{0}. The loss left the range of floating-point numbers; the plots keep the finite steps. Try a smaller learning rate α.").format(
                    sentence(result.msg or result.message)
                ),
                error=True,
            )  # fmt: skip
            self.set(lambda: message_text(result.msg or result.message))
        else:
            self.show_banner(
                lambda: self.tr("The engine stopped with an error: {0}").format(result.message), error=True
            )
            self.set(lambda: self.tr("Error: {0}").format(result.message))

    def _on_live(self, name: str, value: float) -> None:
        symbol = "α" if name == "lr" else "β"
        # no-break spaces: "β = 0.9" never wraps between its parts
        self.set(lambda: self.tr("{0}\u00a0=\u00a0{1:g} from the next step on").format(symbol, value))

    def _on_queue(self, queue: RunQueue) -> None:
        if queue.kind == "forms" and queue.end == QueueEnd.COMPLETED:
            schedule = queue.configs[0].lr_schedule
            self.set(
                lambda: self.tr(
                    "Compared PyTorch's SGD and the article's form: same seed, {0} schedule."
                ).format(message_text(schedule_name(schedule)))
            )
