"""The run's actions (Start, Pause/Resume, Step, Stop, Reset, Compare, Sweep, Batch-size lab) with
their shortcuts, the buttons that mirror them, and which of them apply in the session's state."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from core.session.session import Session
from core.session.state import RunState
from gui.i18n import plain

BUTTONS = ("start", "pause", "step", "stop", "reset")


class RunActions(QObject):
    """The actions live on ``window`` (so their shortcuts work anywhere in it); ``slots`` maps each
    action's name to what it does."""

    def __init__(self, window: QWidget, session: Session, slots: dict[str, Callable]) -> None:
        super().__init__(window)
        self.session = session
        keys = {
            "start": ["F5", "Ctrl+Return"], "pause": ["F6"], "step": ["F10"], "stop": ["Shift+F5"],
            "reset": ["Ctrl+R"], "compare": ["Ctrl+M"], "sweep": ["F7"], "cancelSweep": [], "lab": ["F8"],
        }  # fmt: skip
        self.actions: dict[str, QAction] = {}
        for name, shortcuts in keys.items():
            action = QAction(window, objectName=f"{name}Action")
            action.setShortcuts([QKeySequence(k) for k in shortcuts])
            action.triggered.connect(slots[name])
            window.addAction(action)
            self.actions[name] = action
        self.buttons: dict[str, QPushButton] = {}
        self.bar = QHBoxLayout()
        for name in BUTTONS:
            button = QPushButton(objectName=f"{name}Button")
            button.clicked.connect(self.actions[name].trigger)
            button.setMinimumWidth(84)
            self.bar.addWidget(button)
            self.buttons[name] = button
        self.buttons["start"].setStyleSheet("font-weight: bold;")
        self.bar.addStretch(1)

    def retranslate_ui(self) -> None:
        texts = {
            "start": self.tr("&Start"), "step": self.tr("S&tep"), "stop": self.tr("St&op"),
            "reset": self.tr("&Reset"), "compare": self.tr("&Compare momentum forms"),
            "sweep": self.tr("S&weep…"), "cancelSweep": self.tr("&Cancel sweep"), "lab": self.tr("&Batch-size lab…"),
        }  # fmt: skip
        for name, text in texts.items():
            self.actions[name].setText(text)
        tips = {
            "start": self.tr("Train with these settings"),
            "pause": self.tr("Pause or resume between batches"),
            "step": self.tr("Exactly one optimizer.step(), then pause"),
            "stop": self.tr("End the run; its history is kept"),
            "reset": self.tr("Clear the plots and the counter"),
        }
        for name, tip in tips.items():
            keys = ", ".join(
                k.toString(QKeySequence.SequenceFormat.NativeText) for k in self.actions[name].shortcuts()
            )
            self.buttons[name].setToolTip(f"{tip} ({keys})")
        self.refresh()

    def refresh(self) -> None:
        """Enable what applies in the session's state; the buttons mirror their actions."""
        session, state = self.session, self.session.state
        idle, paused = state == RunState.IDLE, state == RunState.PAUSED
        valid = session.can_start()
        sweeping = session.queue_active and session.queue.kind == "sweep"
        enabled = {
            "start": valid, "step": valid or state.active, "pause": state.active, "stop": state.active,
            "reset": idle, "compare": valid, "sweep": valid and not session.queue_active,
            "cancelSweep": sweeping, "lab": True,
        }  # fmt: skip
        for name, on in enabled.items():
            self.actions[name].setEnabled(on)
        self.actions["pause"].setText(self.tr("Res&ume") if paused else self.tr("&Pause"))
        for name, button in self.buttons.items():
            button.setEnabled(self.actions[name].isEnabled())
            button.setText(plain(self.actions[name].text()))
