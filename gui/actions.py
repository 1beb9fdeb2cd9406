"""The run's actions (Start, Pause/Resume, Step, Stop, Reset, Compare, Sweep, Batch-size lab) with
their shortcuts, the buttons that mirror them, which of them apply in the session's state, and the
pace beside them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from core.session.session import Session
from core.session.state import RunState
from core.training.config import PACES
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
        self._tips: dict[str, str] = {}  # Pause's and Step's own tooltips (see _explain_pause)
        self._pausable = True
        self.bar = QHBoxLayout()
        for name in BUTTONS:
            button = QPushButton(objectName=f"{name}Button")
            button.clicked.connect(self.actions[name].trigger)
            button.setMinimumWidth(84)
            self.bar.addWidget(button)
            self.buttons[name] = button
        self.buttons["start"].setStyleSheet("font-weight: bold;")
        self.bar.addSpacing(12)
        self.pace_label = QLabel(objectName="paceLabel")
        self.pace = QComboBox(objectName="paceCombo")
        self.pace_label.setBuddy(self.pace)
        for value in PACES:
            self.pace.addItem("", value)
        self.show_pace(session.pace)
        self.pace.currentIndexChanged.connect(lambda i: session.set_pace(self.pace.itemData(i)))
        self.bar.addWidget(self.pace_label)
        self.bar.addWidget(self.pace)
        self.bar.addStretch(1)
        # Faster and slower, as in a media player: one setting up or down the Pace box.
        for name, keys, towards in (("faster", "Ctrl+]", -1), ("slower", "Ctrl+[", +1)):
            action = QAction(window, objectName=f"{name}Action")
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _=False, d=towards: self._step_pace(d))
            window.addAction(action)
            self.actions[name] = action

    def _step_pace(self, towards: int) -> None:
        """One setting faster (−1: towards max speed) or slower (+1) in the Pace box."""
        index = min(max(self.pace.currentIndex() + towards, 0), self.pace.count() - 1)
        self.pace.setCurrentIndex(index)

    def show_pace(self, pace: float | None) -> None:
        """The session's pace in the box (a value from the command line that is not one of the
        settings gets an item of its own)."""
        index = self.pace.findData(pace)
        if index < 0:
            self.pace.addItem("", pace)
            index = self.pace.count() - 1
            self._name_paces()
        if index != self.pace.currentIndex():
            self.pace.blockSignals(True)
            self.pace.setCurrentIndex(index)
            self.pace.blockSignals(False)

    def _name_paces(self) -> None:
        for i in range(self.pace.count()):
            pace = self.pace.itemData(i)
            if pace is None:
                text = self.tr("max speed")
            elif pace == 1:
                text = self.tr("1 step/s")
            else:
                text = self.tr("%1 steps/s").replace("%1", f"{pace:,g}")
            self.pace.setItemText(i, text)

    def retranslate_ui(self) -> None:
        texts = {
            "start": self.tr("&Start"), "step": self.tr("S&tep"), "stop": self.tr("St&op"),
            "reset": self.tr("&Reset"), "compare": self.tr("&Compare momentum forms"),
            "sweep": self.tr("S&weep…"), "cancelSweep": self.tr("&Cancel sweep"), "lab": self.tr("&Batch-size lab…"),
            "faster": self.tr("&Faster"), "slower": self.tr("S&lower"),
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
        self.pace_label.setText(self.tr("Pace:"))
        self._name_paces()
        self.pace.setToolTip(
            self.tr(
                "How many optimizer.step() calls a second (Run → Faster, Ctrl+]; Slower, Ctrl+[). Up to "
                "50 a second every view shows every step; faster, the views show the latest step 30 "
                "times a second (10 at max speed). Pause, Step and Stop answer at once at any pace; a "
                "sweep, the momentum forms and the lab always run at full speed."
            )
        )
        for name, tip in tips.items():
            keys = ", ".join(
                k.toString(QKeySequence.SequenceFormat.NativeText) for k in self.actions[name].shortcuts()
            )
            self._tips[name] = f"{tip} ({keys})"
            self.buttons[name].setToolTip(self._tips[name])
        self._pausable = True
        self.refresh()

    def refresh(self) -> None:
        """Enable what applies in the session's state; the buttons mirror their actions."""
        session, state = self.session, self.session.state
        idle, paused = state == RunState.IDLE, state == RunState.PAUSED
        valid = session.can_start()
        sweeping = session.queue_active and session.queue.kind == "sweep"
        pausable = session.can_pause  # not K data-parallel workers
        enabled = {
            "start": valid, "step": pausable and (valid or state.active), "pause": pausable and state.active,
            "stop": state.active,
            "reset": idle, "compare": valid, "sweep": valid and not session.queue_active,
            "cancelSweep": sweeping, "lab": True,
        }  # fmt: skip
        for name, on in enabled.items():
            self.actions[name].setEnabled(on)
        self.actions["pause"].setText(self.tr("Res&ume") if paused else self.tr("&Pause"))
        for name, button in self.buttons.items():
            button.setEnabled(self.actions[name].isEnabled())
            button.setText(plain(self.actions[name].text()))
        self._explain_pause(pausable)

    def _explain_pause(self, pausable: bool) -> None:
        """Pause and Step say why they are off for K data-parallel workers (their tooltips, which
        a disabled button still shows)."""
        if pausable == self._pausable or not self._tips:
            return
        self._pausable = pausable
        for name in ("pause", "step"):
            tip = (
                self._tips[name]
                if pausable
                else self.tr(
                    "Data-parallel workers cannot pause or step: the K processes go on together, as fast "
                    "as they can, until the run ends or Stop"
                )
            )
            self.buttons[name].setToolTip(tip)
