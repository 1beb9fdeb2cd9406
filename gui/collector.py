"""Where Python's cyclic garbage collector runs: on the GUI thread, once other threads exist."""

from __future__ import annotations

_collector = None  # see collect_on_gui_thread()


def collect_on_gui_thread() -> None:
    """From now on Python's cyclic garbage collector runs on this thread (the GUI thread) only, from
    a timer, instead of on whichever thread happens to allocate. Run on a worker thread it deletes
    unreachable Qt objects there (a closed window's menus, say), and a Qt destructor that needs the
    interpreter lock while holding Qt's own lock deadlocks with a GUI thread deleting another Qt
    object (seen in the tests, the worker collecting while it imported torch)."""
    global _collector
    if _collector is None:
        from pyqtgraph.util.garbage_collector import GarbageCollector

        _collector = GarbageCollector(interval=1.0)
