"""The worker QObject and its QThread are deleted once, on the GUI thread, after the thread ended.

Deleting the worker on its own thread (Qt's ``thread.finished → worker.deleteLater``) deadlocked:
its destructor waited there for the interpreter lock while holding Qt's connection lock, which the
GUI thread, holding the interpreter lock, was waiting for while it built the next window.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, QThread

from gui.threads.worker import JobRunner, TrainingController
from tests.gui.conftest import SMALL


def _watch_deletion(*objects) -> list[tuple[str, bool]]:
    """(object name, deleted on the GUI thread) for each object as it is destroyed."""
    gui_thread = QCoreApplication.instance().thread()
    seen: list[tuple[str, bool]] = []
    for obj in objects:
        name = type(obj).__name__
        obj.destroyed.connect(
            lambda *_args, name=name: seen.append((name, QThread.currentThread() is gui_thread)),
            Qt.ConnectionType.DirectConnection,
        )
    return seen


def test_a_finished_run_deletes_its_worker_and_thread_on_the_gui_thread(qtbot):
    controller = TrainingController()
    for _ in range(3):  # and the next run starts at once, on a new thread
        controller.start(SMALL.replace(epochs=1, samples=640))
        worker, thread = controller._worker, controller._thread
        seen = _watch_deletion(worker, thread)
        with qtbot.waitSignal(controller.finished, timeout=30_000) as finished:
            pass
        assert finished.args[0].status == "completed" and not controller.busy
        assert not shiboken6.isValid(worker) and not shiboken6.isValid(thread)
        assert sorted(seen) == [("QThread", True), ("TrainingWorker", True)]


def test_a_job_deletes_its_worker_and_thread_on_the_gui_thread(qtbot):
    runner = JobRunner()
    runner.start(lambda stop: 6 * 7)
    worker, thread = runner._worker, runner._thread
    seen = _watch_deletion(worker, thread)
    with qtbot.waitSignal(runner.done, timeout=30_000) as done:
        pass
    assert done.args == [42] and not runner.busy
    assert sorted(seen) == [("QThread", True), ("_JobWorker", True)]


def test_closing_mid_run_deletes_them_on_the_gui_thread_too(qtbot):
    controller = TrainingController()
    controller.start(SMALL.replace(epochs=200))
    qtbot.waitUntil(lambda: controller.trainer.history.size > 5, timeout=30_000)
    seen = _watch_deletion(controller._worker, controller._thread)
    with qtbot.waitSignal(controller.finished, timeout=30_000) as finished:
        assert controller.shutdown()
    assert finished.args[0].status == "stopped"
    assert sorted(seen) == [("QThread", True), ("TrainingWorker", True)]


def test_once_a_worker_ran_unreachable_qt_objects_are_collected_on_the_gui_thread(qtbot):
    """Python's cyclic collector, left automatic, runs on whichever thread allocates; on a worker
    thread it would delete a dropped window's Qt objects there, deadlocking with the GUI thread."""
    import gc

    from PySide6.QtWidgets import QMenu

    runner = JobRunner()
    with qtbot.waitSignal(runner.done, timeout=10_000):
        runner.start(lambda stop: [[] for _ in range(5_000)] and 1)  # allocates on its thread
    assert not gc.isenabled()  # no automatic collection, on any thread

    menu = QMenu()
    menu.cycle = menu  # unreachable once dropped, but only the cyclic collector can tell
    seen = _watch_deletion(menu)
    del menu
    keep = [[] for _ in range(5_000)]  # enough new objects for the timer to collect
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert seen == [("QMenu", True)] and keep


def test_a_full_collection_waits_while_a_worker_thread_runs(qtbot, monkeypatch):
    import gc

    from gui.threads.collector import collect_on_gui_thread

    collector = collect_on_gui_thread()
    asked: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: asked.append(generation) or 0)
    monkeypatch.setattr(gc, "get_count", lambda: (800, 20, 20))  # every generation past its threshold
    collector.workers += 1
    try:
        collector.collect()  # a worker runs: the young generations only
    finally:
        collector.workers -= 1
    collector.collect()
    assert asked == [1, 2]
