"""The Qt binding itself: a PySide6 release that loses references on emit would abort long runs."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    value = Signal(object)
    number = Signal(int)
    bare = Signal()


def test_emitting_signals_keeps_reference_counts():
    e = _Emitter()
    e.value.connect(lambda v: None)
    e.number.connect(lambda n: None)
    e.bare.connect(lambda: None)
    before = {name: sys.getrefcount(obj) for name, obj in (("None", None), ("True", True), ("False", False))}
    for _ in range(200):
        e.value.emit(None)
        e.number.emit(3)
        e.bare.emit()
    after = {name: sys.getrefcount(obj) for name, obj in (("None", None), ("True", True), ("False", False))}
    for name in before:
        assert abs(after[name] - before[name]) < 50, f"{name}: {before[name]} -> {after[name]}"
