"""The session: everything the app knows, free of Qt, told to the views through plain callbacks.

The window's panels are views of one :class:`Session`: they call its methods and listen to its
events; gui/session_qt.py turns the events into Qt signals. The session never trains by itself: a
*runner* (the window's worker-thread controller) trains a config and reports back through
:meth:`Session.run_started`, :meth:`Session.chunk`, :meth:`Session.paused` and
:meth:`Session.finished`, always on the thread that owns the session.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from core.experiments.queue import RunQueue
from core.experiments.runs import RunsList
from core.session.catalogue import DataCatalogue
from core.session.state import RunState
from core.training.config import CUSTOM, ConfigError, TrainConfig, checked_pace

# The events a session emits, with what they carry.
EVENTS = {
    "draft": "the draft config changed (config)",
    "catalogue": "the imported data changed ()",
    "state": "the run state changed (RunState)",
    "run_begin": "a run was handed to the runner (TrainConfig)",
    "run_started": "a run began training (RunInfo)",
    "chunk": "steps of the run arrived (Chunk)",
    "paused": "the run paused (steps done)",
    "run_finished": "a run ended (RunResult)",
    "runs": "the runs list changed ()",
    "queue": "a queue's run started or the queue ended (RunQueue)",
    "live": "α or β changed mid-run (name, value)",
    "shown": "the views show a finished run (RunResult), or no run: the draft, empty (None)",
    "pace": "the pace changed (optimizer steps a second, or None: as fast as it goes)",
}

# The fields a finished run's views show: changing one makes the counter's totals, the plots' axes and
# units or the inspector's entries contradict the settings, so the views go back to the draft.
VIEW_FIELDS = ("dataset", "samples", "model", "hidden", "epochs", "batch_size", "drop_last")


def same_view(a: TrainConfig, b: TrainConfig) -> bool:
    """Whether views of a run of ``a`` still agree with settings ``b`` (see :data:`VIEW_FIELDS`)."""
    return all(getattr(a, name) == getattr(b, name) for name in VIEW_FIELDS)


class Runner(Protocol):
    """What trains a session's runs (gui.threads.worker.TrainingController in the window)."""

    def start(
        self, config: TrainConfig, single_step: bool, watch: Sequence, dataset, pace: float | None = None
    ) -> None: ...
    def pause(self) -> None: ...
    def resume(self) -> None: ...
    def step(self) -> None: ...
    def stop(self) -> None: ...
    def set_hyperparameters(self, **values: float) -> None: ...
    def set_watch(self, entries: Sequence) -> None: ...
    def set_pace(self, steps_per_s: float | None) -> None: ...


class Session:
    """The draft config and which of its fields the user set, the data catalogue, the run state,
    the runs list and the run queue."""

    def __init__(
        self,
        config: TrainConfig | None = None,
        catalogue: DataCatalogue | None = None,
        user_set: Iterable[str] = (),
    ) -> None:
        self.catalogue = catalogue or DataCatalogue()
        self._draft = config or TrainConfig()
        self._user_set = frozenset(user_set)
        self._draft_errors: list[ConfigError] | None = None  # of the draft, made on first ask
        self.state = RunState.IDLE
        self.runs = RunsList()
        self.queue: RunQueue | None = None
        self.run_config: TrainConfig | None = None  # the config of the run in progress (or the last)
        self.last_result = None
        self.shown: TrainConfig | None = None  # the config of the run the views show; None: the draft
        self.busy_elsewhere: Callable[[], bool] = lambda: False  # e.g. the batch-size lab training
        # Optimizer steps a second for a run started by the user (None: as fast as it goes); a
        # queue's runs (a sweep, the momentum forms) always go as fast as they can.
        self.pace: float | None = None
        self.watch_of: Callable[[TrainConfig], Sequence] = lambda config: ()  # entries a run records
        self._runner: Runner | None = None
        self._runner_factory: Callable[[], Runner] | None = None
        self._listeners: dict[str, list[Callable]] = defaultdict(list)

    # -- events ------------------------------------------------------------------------------------
    def connect(self, event: str, callback: Callable) -> None:
        """Call ``callback(*args)`` on every ``event`` (one of :data:`EVENTS`)."""
        if event not in EVENTS:
            raise KeyError(f"unknown session event {event!r}")
        self._listeners[event].append(callback)

    def _emit(self, event: str, *args) -> None:
        for callback in list(self._listeners[event]):
            callback(*args)

    # -- the draft config --------------------------------------------------------------------------
    @property
    def draft(self) -> TrainConfig:
        """The settings the next run will use (not necessarily valid)."""
        return self._draft

    @property
    def user_set(self) -> frozenset[str]:
        """The fields of the draft the user set (the rest are defaults or follow from other fields)."""
        return self._user_set

    def set_draft(self, config: TrainConfig, user_set: Iterable[str] | None = None) -> None:
        """Replace the draft; ``user_set``: the fields the user chose (the options on the command
        line, say); None: every field that differs from the defaults (a config file, a workspace)."""
        self._user_set = frozenset(config.differences() if user_set is None else user_set)
        if config != self._draft:
            self._draft, self._draft_errors = config, None
            self._emit("draft", config)
            self.clear_views()  # a preset, a config file, the defaults: a new experiment

    def edit(self, **changes) -> None:
        """The user set these fields of the draft."""
        self._user_set |= frozenset(changes)
        config = self._draft.replace(**changes)
        if config != self._draft:
            self._draft, self._draft_errors = config, None
            self._emit("draft", config)
            if self.shown is not None and not same_view(self.shown, config):
                self.clear_views()

    def edit_to(self, config: TrainConfig) -> None:
        """The user edited the draft into ``config``: the fields that differ were set by the user."""
        changes = config.differences(self._draft)
        if changes:
            self.edit(**changes)

    def errors(self, config: TrainConfig | None = None) -> list[ConfigError]:
        """Every problem with ``config`` (default: the draft, checked once per change), its data
        included."""
        if config is not None and config != self._draft:
            return self.catalogue.errors(config)
        if self._draft_errors is None:
            self._draft_errors = self.catalogue.errors(self._draft)
        return self._draft_errors

    def set_imported(self, data) -> None:
        """Make ``data`` (core.io.importer.ImportedData, or None) the ``custom`` dataset."""
        self.catalogue.set_imported(data)
        self._draft_errors = None
        self._emit("catalogue")
        if self.shown is not None and self.shown.dataset == CUSTOM:  # the run's data is gone
            self.clear_views()

    # -- the run -----------------------------------------------------------------------------------
    def set_runner(self, factory: Callable[[], Runner]) -> None:
        """How to make the runner, on first use (making it imports torch: not at start-up)."""
        self._runner_factory = factory

    @property
    def runner(self) -> Runner:
        if self._runner is None:
            self._runner = self._runner_factory()
        return self._runner

    @property
    def has_runner(self) -> bool:
        return self._runner is not None

    def can_start(self) -> bool:
        return self.state == RunState.IDLE and not self.busy_elsewhere() and not self.errors()

    def start(self, config: TrainConfig | None = None, *, single_step: bool = False) -> bool:
        """Start a run of ``config`` (default: the draft), recording the entries ``watch_of`` names;
        ``single_step``: pause after one step. False if a run or a lab is going or the config is
        refused; a refusal by the runner (CUDA absent) raises ConfigError."""
        if self.state != RunState.IDLE or self.busy_elsewhere():
            return False
        config = self._draft if config is None else config
        if self.errors(config) or (single_step and config.workers > 1):  # workers never pause
            return False
        pace = None if self.queue_active else self.pace
        dataset = self.catalogue.dataset_for_run(config)
        self.runner.start(config, single_step, self.watch_of(config), dataset, pace)
        self.run_config = config
        self.shown = config
        self._set_state(RunState.RUNNING)
        self._emit("run_begin", config)
        return True

    @property
    def can_pause(self) -> bool:
        """Whether Pause and Step apply: not to K data-parallel workers (the run in progress, or
        between runs the draft, which Step would start), which go on in step with one another until
        the run ends or Stop."""
        config = self.run_config if self.state.active else self._draft
        return config is None or config.workers <= 1

    def toggle_pause(self) -> None:
        if not self.can_pause:
            return
        if self.state == RunState.RUNNING:
            self.runner.pause()
            self._set_state(RunState.PAUSED)
        elif self.state == RunState.PAUSED:
            self.runner.resume()
            self._set_state(RunState.RUNNING)

    def step(self) -> bool:
        """One ``optimizer.step()``, then pause; starts a run when none is going (never of K
        data-parallel workers: :attr:`can_pause`)."""
        if not self.can_pause:
            return False
        if self.state == RunState.IDLE:
            return self.start(single_step=True)
        if self.state.active:
            self.runner.step()
            return True
        return False

    def stop(self) -> None:
        if self.state.active:
            self.runner.stop()
            self._set_state(RunState.STOPPING)

    def set_live(self, name: str, value: float) -> None:
        """α (``lr``) or β (``momentum``) for the rest of the run; raises ConfigError for a bad value."""
        if self.state.active:
            self.runner.set_hyperparameters(**{name: value})
            self._emit("live", name, value)

    def set_watch(self, entries: Sequence) -> None:
        if self.state.active:
            self.runner.set_watch(entries)

    def set_pace(self, steps_per_s: float | None) -> None:
        """Optimizer steps a second (None or 0: as fast as it goes), for the run in progress too."""
        pace = checked_pace(steps_per_s)
        if pace == self.pace:
            return
        self.pace = pace
        if self.state.active and not self.queue_active:
            self.runner.set_pace(pace)
        self._emit("pace", pace)

    # -- what the views show -----------------------------------------------------------------------
    def clear_views(self) -> None:
        """Between runs: the views show no run, only the draft's span, empty (Reset, a new draft)."""
        if self.state == RunState.IDLE:
            self.shown = None
            self._emit("shown", None)

    def show_result(self, result) -> bool:
        """Between runs: the views show a finished run (one loaded from a workspace, say), if the
        draft describes it (:func:`same_view`); False, and the views as they were, otherwise."""
        if self.state != RunState.IDLE or not same_view(result.config, self._draft):
            return False
        self.shown = result.config
        self.last_result = result
        self._emit("shown", result)
        return True

    def _set_state(self, state: RunState) -> None:
        if state != self.state:
            self.state = state
            self._emit("state", state)

    # -- what the runner reports (on the session's thread) ------------------------------------------
    def run_started(self, info) -> None:
        self._emit("run_started", info)

    def chunk(self, chunk) -> None:
        self._emit("chunk", chunk)

    def paused(self, steps_done: int) -> None:
        if self.state == RunState.STOPPING:
            return
        self._set_state(RunState.PAUSED)
        self._emit("paused", steps_done)

    def finished(self, result) -> None:
        imported = self.catalogue.imported
        config = getattr(result, "config", None)
        if (
            config is not None
            and config.dataset == CUSTOM
            and imported is not None
            and result.data_source is None
        ):
            result.data_source = imported.data_source  # which file the run trained on (the result JSON)
        self.last_result = result
        self._set_state(RunState.IDLE)
        self._emit("run_finished", result)
        if self.queue is not None and self.queue.current is not None:
            self.queue.record(result)
            self._next_in_queue()
        if self.state == RunState.IDLE and self.shown is not None and not same_view(self.shown, self._draft):
            self.clear_views()  # a sweep's last run, say: the settings describe another run

    # -- the runs list -----------------------------------------------------------------------------
    def keep_run(self, result, name: str):
        """Add a run to the runs list; returns its record."""
        record = self.runs.add(result, name)
        self._emit("runs")
        return record

    def set_runs(self, records: list) -> None:
        self.runs.set_records(records)
        self._emit("runs")

    def remove_runs(self, run_ids) -> None:
        self.runs.remove(run_ids)
        self._emit("runs")

    # -- the run queue -----------------------------------------------------------------------------
    def run_queue(self, queue: RunQueue) -> bool:
        """Train ``queue``'s configs one after another on the runner; False if busy."""
        if self.state != RunState.IDLE or self.busy_elsewhere() or self.queue_active:
            return False
        self.queue = queue
        return self._next_in_queue()

    @property
    def queue_active(self) -> bool:
        return self.queue is not None and self.queue.active

    def cancel_queue(self) -> None:
        """Stop the queue's run in progress and drop the rest."""
        if self.queue_active:
            self.queue.cancel()
            self.stop()
            if not self.queue.active:
                self._emit("queue", self.queue)

    def _next_in_queue(self) -> bool:
        queue = self.queue
        config = queue.next_config()
        if config is not None:
            try:
                started = self.start(config)
            except ConfigError:
                started = False
            if not started:
                queue.fail()
        self._emit("queue", queue)
        return config is not None and queue.active
