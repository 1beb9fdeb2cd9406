"""The session, its data catalogue and the run queue, without Qt: a runner that trains on this thread
stands in for the window's worker thread."""

from __future__ import annotations

import numpy as np
import pytest

from core.experiments.queue import QueueEnd, RunQueue
from core.io.importer import import_file
from core.session.catalogue import DataCatalogue
from core.session.session import Session
from core.session.state import RunState
from core.training.config import CUSTOM, TrainConfig
from core.training.engine import Callback, Trainer
from core.training.steps import steps_per_epoch

SMALL = TrainConfig(
    dataset="moons", samples=200, batch_size=32, epochs=2, model="mlp", hidden=8, momentum=0.9
)


class _Reporter(Callback):
    """Reports every step to the session as a one-step chunk (what the window's bridge does, unthrottled)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.trainer: Trainer | None = None

    def set_trainer(self, trainer: Trainer) -> None:
        self.trainer = trainer

    def on_train_begin(self, info) -> None:
        self.session.run_started(info)


class SyncRunner:
    """Makes the Trainer in ``start``; ``deliver()`` trains it on this thread and reports the end, as
    the window's event loop would after ``start`` returned."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.started: list[TrainConfig] = []
        self.trainer: Trainer | None = None

    def start(self, config, single_step, watch, dataset, pace=None) -> None:
        self.started.append(config)
        self.trainer = Trainer(config, [_Reporter(self.session)], watch=watch, dataset=dataset, pace=pace)

    def deliver(self) -> None:
        self.session.finished(self.trainer.run())

    def pause(self) -> None: ...
    def resume(self) -> None: ...
    def step(self) -> None: ...
    def stop(self) -> None:
        self.trainer.request_stop()

    def set_hyperparameters(self, **values) -> None:
        self.trainer.set_hyperparameters(**values)

    def set_watch(self, entries) -> None: ...

    def set_pace(self, steps_per_s) -> None:
        self.trainer.set_pace(steps_per_s)


def _session(config=SMALL, catalogue=None) -> tuple[Session, SyncRunner, list]:
    session = Session(config, catalogue)
    runner = SyncRunner(session)
    session.set_runner(lambda: runner)
    events: list = []
    for name in ("state", "run_begin", "run_started", "run_finished", "queue", "draft", "runs"):
        session.connect(name, lambda *args, name=name: events.append((name, *args)))
    return session, runner, events


def test_a_run_goes_idle_running_idle_and_reports_in_order():
    session, runner, events = _session()
    assert session.state == RunState.IDLE and session.can_start()
    assert session.start()
    assert session.state == RunState.RUNNING and not session.can_start()
    assert not session.start()  # one run at a time
    runner.deliver()
    names = [e[0] for e in events]
    assert names == ["state", "run_begin", "run_started", "state", "run_finished"]
    result = events[-1][1]
    assert result.status == "completed"
    # the run trained what torch's own loop counts: 2 epochs of ⌈200 / 32⌉ = 7 steps
    assert result.history.size == 2 * steps_per_epoch(200, 32, False) == 14
    assert session.state == RunState.IDLE and session.last_result is result


def test_an_invalid_draft_does_not_start():
    session, runner, _ = _session(SMALL.replace(batch_size=500))
    assert session.errors() and not session.can_start()
    assert not session.start() and runner.started == []


def test_the_session_knows_which_fields_the_user_set():
    session, _, events = _session(TrainConfig(), None)
    assert session.user_set == frozenset()
    session.edit(batch_size=128)
    session.edit_to(session.draft.replace(lr=0.05))
    assert session.user_set == {"batch_size", "lr"} and session.draft.batch_size == 128
    session.set_draft(TrainConfig(epochs=3, momentum=0.5))  # a file: what differs from the defaults
    assert session.user_set == {"epochs", "momentum"}
    session.set_draft(TrainConfig(), ())
    assert session.user_set == frozenset()
    assert [e[0] for e in events].count("draft") == 4


def test_a_queue_trains_its_configs_in_order_and_ends_completed():
    session, runner, events = _session()
    configs = [SMALL.replace(batch_size=b) for b in (16, 64, 100)]
    assert session.run_queue(RunQueue(configs, kind="sweep"))
    for _ in configs:
        runner.deliver()
    assert runner.started == configs
    queue = session.queue
    assert queue.end == QueueEnd.COMPLETED and queue.done == 3 and not session.queue_active
    steps = [r.history.size for r in queue.results]
    assert steps == [2 * steps_per_epoch(200, b, False) for b in (16, 64, 100)] == [26, 8, 4]
    queue_events = [e[1] for e in events if e[0] == "queue"]
    assert len(queue_events) == 4 and queue_events[-1].end == QueueEnd.COMPLETED


def test_cancelling_a_queue_stops_its_run_and_drops_the_rest():
    session, runner, _ = _session()
    configs = [SMALL.replace(batch_size=b) for b in (16, 64, 100)]
    session.run_queue(RunQueue(configs))
    runner.deliver()
    session.cancel_queue()  # the second run is going: it is asked to stop, the third never starts
    runner.deliver()
    queue = session.queue
    assert queue.end == QueueEnd.CANCELLED and queue.done == 2 and len(runner.started) == 2


def test_a_comparison_queue_ends_on_a_diverged_run():
    session, runner, _ = _session()
    diverging = TrainConfig(dataset="linear-1d", samples=200, model="linear", lr=10.0, momentum=0.0, epochs=3)
    queue = RunQueue([diverging, diverging.replace(optimizer="sgd-manual")], ends_on=("diverged",))
    session.run_queue(queue)
    runner.deliver()
    assert queue.results[0].status == "diverged"
    assert queue.end == QueueEnd.FAILED and len(runner.started) == 1


def test_run_queue_as_an_iterator_hands_out_each_config_once():
    configs = [SMALL.replace(seed=s) for s in range(3)]
    queue = RunQueue(configs, kind="lab")
    seen = []
    for config in queue:
        seen.append(config)
        queue.record(type("R", (), {"status": "completed"})())
    assert seen == configs and queue.end == QueueEnd.COMPLETED
    with pytest.raises(RuntimeError):
        queue.record(type("R", (), {"status": "completed"})())


def test_the_catalogue_holds_imported_data_without_globals(tmp_path):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(100, 3))
    path = tmp_path / "t.csv"
    path.write_text("a,b,c,y\n" + "".join(f"{r[0]},{r[1]},{r[2]},{int(r[0] > 0)}\n" for r in x))
    config = TrainConfig(dataset=CUSTOM, samples=80, batch_size=16, epochs=1)
    empty, full = DataCatalogue(), DataCatalogue(import_file(path))
    assert CUSTOM not in empty.names() and CUSTOM in full.names()
    assert "none is loaded" in empty.errors(config)[0].message and not full.errors(config)
    assert full.parameter_shapes(config) == {"W": (2, 3), "b": (2,)}
    assert full.val_samples(config) == 20 and full.task(config) == "classification"
    # two sessions, two catalogues: one's import is not the other's
    session, runner, _ = _session(config, full)
    other = Session(config)
    assert other.errors() and not session.errors()
    assert session.start()
    runner.deliver()
    assert session.last_result.status == "completed" and session.last_result.history.size == 5
