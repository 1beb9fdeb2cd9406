"""At full speed the chunks come at most MAX_RATE a second, and fewer when taking one in and painting
it costs the GUI thread more than GUI_SHARE of a second: the GUI thread holds the interpreter lock
the worker trains with while it draws. The costs here are given, the rates worked out by hand."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

import gui.threads.worker as worker_module
from gui.threads.worker import MAX_RATE, MIN_RATE, TrainingController, _Bridge, full_speed_rate


@pytest.mark.parametrize(
    ("cost_ms", "rate"),
    [(0.0, 10.0), (5.0, 10.0), (12.0, 10.0), (20.0, 6.0), (24.0, 5.0), (30.0, 4.0), (100.0, 4.0)],
)
def test_the_rate_keeps_the_gui_threads_share_of_a_second(cost_ms, rate):
    assert (MAX_RATE, MIN_RATE) == (10.0, 4.0)  # the hand-worked rates below assume these
    assert full_speed_rate(cost_ms / 1000) == pytest.approx(rate)  # 0.12 s a second ÷ the cost


def test_the_controller_measures_the_gui_threads_cpu_time_between_chunks(qtbot, monkeypatch):
    controller = TrainingController()
    clock = iter([1.000, 1.030, 1.060, 1.090, 1.095, 1.100, 1.105, 1.110, 1.115, 1.120, 1.125, 1.130])
    monkeypatch.setattr(worker_module.time, "thread_time", lambda: next(clock))
    bridge = SimpleNamespace(rate=MAX_RATE)
    controller._worker = SimpleNamespace(bridge=bridge)
    controller._count_gui_time(None)  # the first chunk: nothing measured yet
    assert bridge.rate == MAX_RATE
    for _ in range(3):  # 30 ms of the GUI thread's time a chunk: 4 chunks a second
        controller._count_gui_time(None)
    assert controller._chunk_cost == pytest.approx(0.030)
    assert bridge.rate == pytest.approx(4.0)
    for _ in range(8):  # then 5 ms a chunk: back to MAX_RATE as the running mean falls below 12 ms
        controller._count_gui_time(None)
    assert controller._chunk_cost == pytest.approx(0.005 + 0.025 * 0.7**8)
    assert bridge.rate == MAX_RATE
    controller._worker = None


def test_the_bridge_sends_the_next_chunk_at_its_rate():
    bridge = _Bridge(SimpleNamespace())
    bridge.trainer = SimpleNamespace(pace=None)  # full speed
    bridge.rate = 4.0
    before = time.perf_counter()
    bridge._schedule()
    assert before + 0.25 <= bridge.next_emit <= time.perf_counter() + 0.25
    bridge.trainer = SimpleNamespace(pace=200.0)  # a chosen pace: PACED_RATE, whatever the rate
    bridge._schedule()
    assert bridge.next_emit <= time.perf_counter() + 1 / worker_module.PACED_RATE
