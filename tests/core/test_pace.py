"""The pace: at most N optimizer steps a second, waited out between steps on the same condition as a
pause, so that pause, step and stop answer at once. Timed against a clock the test owns, never the
wall clock; the control tests use the real clock only with bounds ten times the 100 ms target."""

from __future__ import annotations

import threading
import time

import pytest

from core.training.config import TrainConfig
from core.training.engine import Callback, Clock, Trainer

SMALL = TrainConfig(dataset="linear-1d", model="linear", samples=200, batch_size=10, epochs=2)  # 40 steps


class FakeClock(Clock):
    """Seconds that pass only when the trainer waits: every wait lasts its whole timeout."""

    def __init__(self) -> None:
        self.t = 1000.0
        self.waits: list[float] = []

    def now(self) -> float:
        return self.t

    def wait(self, cond: threading.Condition, timeout_s: float) -> None:
        self.waits.append(timeout_s)
        self.t += timeout_s


class StepTimes(Callback):
    """The clock's time at every step, and what to do at a given step."""

    def __init__(self, clock: Clock, at: dict | None = None) -> None:
        self.clock, self.at, self.times = clock, at or {}, []
        self.trainer: Trainer | None = None

    def set_trainer(self, trainer: Trainer) -> None:
        self.trainer = trainer

    def on_step_end(self, step) -> None:
        self.times.append(self.clock.now())
        if step.step in self.at:
            self.at[step.step](self.trainer)


def test_a_paced_run_takes_one_step_every_one_over_pace_seconds():
    clock = FakeClock()
    times = StepTimes(clock)
    result = Trainer(SMALL, [times], pace=4.0, clock=clock).run()
    assert result.status == "completed" and len(times.times) == 40
    elapsed = [t - times.times[0] for t in times.times]
    assert elapsed == pytest.approx([k / 4.0 for k in range(40)])  # step k+1 at k/4 fake seconds


def test_the_pace_changes_mid_run():
    clock = FakeClock()
    times = StepTimes(clock, {10: lambda t: t.set_pace(10.0), 20: lambda t: t.set_pace(None)})
    assert Trainer(SMALL, [times], pace=2.0, clock=clock).run().status == "completed"
    gaps = [b - a for a, b in zip(times.times, times.times[1:], strict=False)]
    assert gaps[:9] == pytest.approx([0.5] * 9)
    assert gaps[9] == pytest.approx(0.1)  # faster from the next step on: not the old, later due time
    assert gaps[10:19] == pytest.approx([0.1] * 9)
    assert gaps[19:] == pytest.approx([0.0] * 20)  # max speed: no wait at all


def test_a_late_step_does_not_make_the_next_ones_hurry():
    clock = FakeClock()

    def slow(trainer) -> None:
        clock.t += 3.0  # this step took three seconds of the pace's clock

    times = StepTimes(clock, {5: slow})
    assert Trainer(SMALL, [times], pace=1.0, clock=clock).run().status == "completed"
    gaps = [b - a for a, b in zip(times.times, times.times[1:], strict=False)]
    assert gaps[4] == pytest.approx(3.0)  # the slow step itself
    assert gaps[5:] == pytest.approx([1.0] * (len(gaps) - 5))  # then one a second again, no burst


def test_at_max_speed_the_trainer_never_waits():
    clock = FakeClock()
    Trainer(SMALL, [StepTimes(clock)], clock=clock).run()
    assert clock.waits == []
    with pytest.raises(ValueError):
        Trainer(SMALL).set_pace(-1.0)


class Events(Callback):
    def __init__(self) -> None:
        self.steps = 0
        self.first = threading.Event()
        self.paused = threading.Event()

    def on_step_end(self, step) -> None:
        self.steps = step.step
        self.first.set()

    def on_pause(self, steps_done) -> None:
        self.paused.set()


def _running_at_one_step_a_second():
    events = Events()
    trainer = Trainer(SMALL, [events], pace=1.0)
    thread = threading.Thread(target=trainer.run, name="pacedRun")
    thread.start()
    assert events.first.wait(30)
    return trainer, events, thread


def test_stop_pause_and_step_answer_at_once_at_one_step_a_second():
    trainer, events, thread = _running_at_one_step_a_second()
    began = time.perf_counter()
    trainer.pause()  # in the middle of a one-second wait
    assert events.paused.wait(1.0), "the pause did not answer"  # target 100 ms; 10× looser here
    assert time.perf_counter() - began < 1.0
    done = events.steps
    began = time.perf_counter()
    trainer.step_once()  # one step now, not at the pace's next second
    while events.steps == done and time.perf_counter() - began < 1.0:
        time.sleep(0.002)
    assert events.steps == done + 1 and time.perf_counter() - began < 1.0
    trainer.resume()
    began = time.perf_counter()
    trainer.request_stop()
    thread.join(1.0)
    assert not thread.is_alive() and time.perf_counter() - began < 1.0


def test_stop_answers_during_a_paced_wait():
    trainer, events, thread = _running_at_one_step_a_second()
    time.sleep(0.2)  # inside the wait for the second step
    began = time.perf_counter()
    trainer.request_stop()
    thread.join(1.0)
    assert not thread.is_alive() and time.perf_counter() - began < 1.0
    assert events.steps == 1
