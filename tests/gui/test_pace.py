"""The Pace box in the window: its settings, the session's pace, every step its own chunk at 50 steps a
second or slower, and Pause and Stop at one step a second. Bounds on time are ten times the 100 ms
target, to catch a hang (the target itself: benchmarks)."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt

from core.training.config import PACES, TrainConfig
from gui.app import build_window
from gui.settings import Preferences

SMALL = TrainConfig(dataset="linear-1d", model="linear", samples=200, batch_size=10, epochs=2)  # 40 steps
TIMEOUT = 30_000


def test_the_pace_box_offers_each_setting_and_sets_the_sessions_pace(make_window, qtbot):
    w = make_window(SMALL)
    box = w.run_actions.pace
    assert box.objectName() == "paceCombo"
    assert [box.itemData(i) for i in range(box.count())] == list(PACES)
    assert [box.itemText(i) for i in range(box.count())] == [
        "max speed", "1,000 steps/s", "200 steps/s", "50 steps/s", "10 steps/s", "2 steps/s", "1 step/s",
    ]  # fmt: skip
    assert w.session.pace is None and box.currentIndex() == 0  # the tests' sessions go at max speed
    box.setCurrentIndex(box.findData(10.0))
    assert w.session.pace == 10.0
    w.session.set_pace(1000.0)  # from elsewhere (the command line, a saved setting): the box follows
    assert box.currentData() == 1000.0
    w.session.set_pace(7.0)  # not one of the settings: an item of its own
    assert box.currentText() == "7 steps/s"


def test_faster_and_slower_move_one_setting(make_window, qtbot):
    w = make_window(SMALL)
    box = w.run_actions.pace
    w.session.set_pace(200.0)
    w.run_actions.actions["slower"].trigger()
    assert w.session.pace == 50.0
    w.run_actions.actions["faster"].trigger()
    w.run_actions.actions["faster"].trigger()
    assert w.session.pace == 1000.0
    for _ in range(3):
        w.run_actions.actions["faster"].trigger()
    assert w.session.pace is None and box.currentIndex() == 0  # max speed is the end
    assert w.run_actions.actions["faster"].shortcut().toString() == "Ctrl+]"
    run_menu = next(a.menu() for a in w.menuBar().actions() if a.text() == "&Run")
    assert w.run_actions.actions["slower"] in run_menu.actions()


def test_at_fifty_steps_a_second_every_step_is_its_own_chunk(make_window, qtbot):
    w = make_window(SMALL)
    w.run_actions.pace.setCurrentIndex(w.run_actions.pace.findData(50.0))
    chunks = []
    w.signals.chunk.connect(chunks.append)
    with qtbot.waitSignal(w.signals.run_finished, timeout=TIMEOUT):
        qtbot.mouseClick(w.start_button, Qt.MouseButton.LeftButton)
    stepped = [c for c in chunks if c.end > c.start]
    assert [c.end - c.start for c in stepped] == [1] * 40
    assert [c.batch.tolist() for c in stepped][:1] == [stepped[0].order[:10].tolist()]


def test_pause_and_stop_answer_at_once_at_one_step_a_second(make_window, qtbot):
    w = make_window(SMALL)
    w.session.set_pace(1.0)
    steps = []
    w.signals.chunk.connect(lambda c: steps.append(c.end))
    qtbot.mouseClick(w.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(steps), timeout=TIMEOUT)
    began = time.perf_counter()
    with qtbot.waitSignal(w.signals.paused, timeout=1000):  # target 100 ms
        qtbot.mouseClick(w.pause_button, Qt.MouseButton.LeftButton)
    assert time.perf_counter() - began < 1.0
    before = max(steps)
    with qtbot.waitSignal(w.signals.paused, timeout=1000):  # Step: one step now, then paused again
        qtbot.mouseClick(w.step_button, Qt.MouseButton.LeftButton)
    assert max(steps) == before + 1
    qtbot.mouseClick(w.pause_button, Qt.MouseButton.LeftButton)  # resume, at one step a second
    began = time.perf_counter()
    with qtbot.waitSignal(w.signals.run_finished, timeout=1000) as blocker:
        qtbot.mouseClick(w.stop_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].status == "stopped" and time.perf_counter() - began < 1.0


def test_the_window_remembers_the_pace_and_starts_at_200(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    prefs = Preferences(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    w = build_window(SMALL, prefs)
    qtbot.addWidget(w)
    assert w.session.pace == 200.0 and w.run_actions.pace.currentText() == "200 steps/s"
    w.session.set_pace(None)
    w.save_preferences()
    again = build_window(SMALL, prefs)
    qtbot.addWidget(again)
    assert again.session.pace is None
    given = build_window(SMALL, prefs, pace=2.0)  # --pace 2 overrides what was saved
    qtbot.addWidget(given)
    assert given.session.pace == 2.0
    for window in (w, again, given):
        window.close()
