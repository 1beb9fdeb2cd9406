"""The loss-surface dock: the exact landscape of a two-parameter model (linear regression on
linear-1d, or the two-basins problem), or a 2-D slice around the trained weights of any other model;
which one follows the session's settings."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from core.experiments.instant import initial_point, instant_path, path_steps
from core.session.state import RunState
from core.training.config import TWO_BASINS_START, TrainConfig
from core.training.history import WATCH_FIELDS
from gui.i18n import display, message_text
from gui.panels.landscape import LandscapePanel
from gui.panels.slice import SlicePanel
from gui.session_qt import SessionSignals

LANDSCAPE_ENTRIES = [("w", (0,)), ("b", ())]  # the two parameters (linear-1d's regression, two-basins)
AFTER = WATCH_FIELDS.index("after")


def landscape_applies(config: TrainConfig | None) -> bool:
    """The two-parameter problems: linear regression on linear-1d, and two-basins."""
    return config is not None and (config.model, config.dataset) in (
        ("linear", "linear-1d"),
        ("two-basins", "two-basins"),
    )


def watched_column(chunk, entry) -> np.ndarray:
    """The value after each step of one watched entry over the chunk's steps (NaN where that entry
    was not watched)."""
    out = np.full(len(chunk.loss), np.nan)
    bounds = [first for first, _ in chunk.segments] + [chunk.end + 1]
    for (first, entries), stop in zip(chunk.segments, bounds[1:], strict=False):
        lo, hi = max(first, chunk.start + 1), min(stop, chunk.end + 1)
        if lo < hi and entry in entries:
            out[lo - chunk.start - 1 : hi - chunk.start - 1] = chunk.watch[
                lo - chunk.start - 1 : hi - chunk.start - 1, entries.index(entry), AFTER
            ]
    return out


def _data_key(config: TrainConfig) -> tuple:
    """What decides a built-in dataset's training set."""
    return (config.dataset, config.samples, config.seed, config.noise, config.val_fraction)


class LossSurface(QStackedWidget):
    """The landscape or the slice. ``lr_warning(text)`` carries the stability warning for α (empty
    when α is below the bound), a function making it in the current language."""

    lr_warning = Signal(object)

    def __init__(self, signals: SessionSignals, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = signals.session
        self.landscape = LandscapePanel()
        self.slice = SlicePanel()
        self.addWidget(self.landscape)
        self.addWidget(self.slice)
        self._loaded: tuple | None = None  # the data the landscape shows (_data_key)
        self._starts: dict[tuple, tuple[float, float]] = {}  # the model's initial (w, b), per model and seed
        signals.draft.connect(self.show_draft)
        signals.catalogue.connect(self.show_draft)
        signals.run_begin.connect(self._on_run_begin)
        signals.chunk.connect(self._on_chunk)
        signals.run_finished.connect(self._on_finished)
        self.show_draft()

    def extra_watch(self, config: TrainConfig) -> list:
        """The entries the landscape needs recorded for a run of ``config``."""
        return list(LANDSCAPE_ENTRIES) if landscape_applies(config) else []

    def show_draft(self, *_args) -> None:
        config = self.session.draft
        if self.session.errors():
            return
        applies = landscape_applies(config)
        idle = self.session.state == RunState.IDLE
        if applies and idle and _data_key(config) != self._loaded:  # the data the draft's run would use
            self._load(config)
        self.landscape.set_hyperparameters(
            config.lr,
            config.momentum,
            optimizer=config.optimizer,
            nesterov=config.nesterov,
            dampening=config.dampening,
            weight_decay=config.weight_decay,
            zero_grad=config.zero_grad,
        )
        bound = self.landscape.bound()
        crit = bound.lr_critical if bound is not None else None
        if applies and crit and config.lr >= crit:  # a warning next to α, not a refusal
            self.lr_warning.emit(
                lambda: self.tr(
                    "past the stability bound {0:.4g} of {1}, {2}: full-batch steps diverge"
                ).format(crit, message_text(bound.variant), bound.formula)
            )
        if applies:
            self._draw_instant(config)
        if idle:
            self.landscape.set_available(applies)
            self.setCurrentWidget(self.landscape if applies else self.slice)

    def _draw_instant(self, config: TrainConfig) -> None:
        """The draft's full-batch path from the model's start, for the next few hundred steps
        (core.experiments.instant), or a line saying why there is none (Adam, RMSprop, Adagrad)."""
        surface = self.landscape.basins if self.landscape.basins is not None else self.landscape.quad
        if surface is None:
            self.landscape.set_instant_path(None)
            return
        key = (config.model, config.seed, config.hidden)
        if key not in self._starts:
            self._starts[key] = initial_point(config)
        path = instant_path(config, surface, self._starts[key])
        if path is None:
            name = config.optimizer
            self.landscape.set_instant_path(
                None,
                note=lambda: self.tr(
                    "No instant path for {0}: it is drawn for SGD only (momentum, dampening, Nesterov, "
                    "weight decay, the lr schedule), whose full-batch steps follow from the gradient alone."
                ).format(display("optimizer", name)),
            )
            return
        steps, lr, beta = len(path) - 1, config.lr, config.momentum
        diverged = steps < path_steps(config)  # it ended early: past core.experiments.instant.DIVERGED

        def label() -> str:
            if diverged:
                return self.tr(
                    "full-batch path of α\u00a0=\u00a0{0:g}, β\u00a0=\u00a0{1:g} from □: it diverges "
                    "within {2} steps"
                ).format(lr, beta, steps)
            return self.tr(
                "full-batch path of α\u00a0=\u00a0{0:g}, β\u00a0=\u00a0{1:g} from □: the next {2} steps, "
                "redrawn as you change α or β"
            ).format(lr, beta, steps)

        self.landscape.set_instant_path(path, label)

    def _load(self, config: TrainConfig) -> None:
        """The landscape's data: the two-parameter model's (small; generated once, then cached)."""
        self._loaded = _data_key(config)
        data = self.session.catalogue.load(config)
        if config.dataset == "two-basins":
            self.landscape.set_two_basins(data.x_train.numpy(), data.y_train.numpy(), TWO_BASINS_START)
            return
        self.landscape.set_data(data.x_train[:, 0].numpy(), data.y_train.numpy())

    def _on_run_begin(self, config: TrainConfig) -> None:
        if landscape_applies(config):
            self._load(config)
            if config.workers > 1:  # the workers' (w, b) stay in their processes: no path to draw
                return
            self.landscape.begin_run(
                lambda: self.tr("α = {0:g}, β = {1:g}, batch {2}").format(
                    config.lr, config.momentum, config.batch_size
                )
            )

    def _on_chunk(self, chunk) -> None:
        if landscape_applies(self.session.run_config) and chunk.watch is not None:
            w = watched_column(chunk, LANDSCAPE_ENTRIES[0])
            b = watched_column(chunk, LANDSCAPE_ENTRIES[1])
            self.landscape.append_path(w, b)

    def _on_finished(self, result) -> None:
        c = result.config
        if landscape_applies(c):
            self.landscape.end_run()
        elif result.model is not None:
            self.slice.set_source(
                result.model,
                self.session.catalogue.load(c),
                lambda: self.tr("{0} on {1}, after {2} steps").format(
                    display("model", c.model), display("dataset", c.dataset), f"{result.history.size:,}"
                ),
            )

    def shutdown(self) -> None:
        self.slice.shutdown()
