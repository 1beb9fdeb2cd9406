"""The step inspector: what one ``optimizer.step()`` did to one parameter entry, number by number,
in the seed article's form and in PyTorch's form side by side.

The numbers are the engine's own: it records, for the watched entries, the gradient the optimizer
used, its buffer before and after and the value before and after every step (``core.training.history``).
This panel reads them only from the chunks the worker sends (a ``ChunkStore``), never from the run's
live History, so any step received can be shown.
"""

from __future__ import annotations

import math
import time

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.session.catalogue import DataCatalogue
from core.training.chunks import Chunk, ChunkStore
from core.training.config import SGD_FAMILY, TrainConfig
from core.training.history import MAX_WATCH, WATCH_FIELDS, WatchEntry
from gui import theme
from gui.i18n import Retranslating, display
from gui.widgets import entry_text

LIVE_RATE = 4  # inspector redraws a second while a run goes on
G, B0, B1, T0, T1 = (
    WATCH_FIELDS.index(n) for n in ("grad", "buffer_before", "buffer_after", "before", "after")
)


def default_watch(shapes: dict[str, tuple[int, ...]]) -> list[WatchEntry]:
    """A first entry of each parameter tensor worth watching (the middle of the input for W), for
    a model's parameter ``shapes``."""
    out: list[WatchEntry] = []
    for name, shape in shapes.items():
        if len(shape) == 2:
            out.append((name, (shape[0] // 3, shape[1] // 2)))
        elif len(shape) == 1:
            out.append((name, (shape[0] // 3,)))
        else:
            out.append((name, ()))
    return out[:MAX_WATCH]


def num(x: float) -> str:
    """Six significant digits; negative numbers in parentheses where they are multiplied."""
    return f"{x:.6g}"


def par(x: float) -> str:
    return f"({num(x)})" if x < 0 else num(x)


class StepInspector(Retranslating, QWidget):
    """Pick a parameter entry; read what the last step (or a clicked one) did to it."""

    watch_changed = Signal(list)  # the entries the engine should record from now on

    def __init__(self, catalogue: DataCatalogue | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stepInspector")
        self.catalogue = catalogue or DataCatalogue()  # the session's: the model's parameter shapes
        self.config = TrainConfig()
        self.steps_per_epoch = 1
        self.store = ChunkStore()
        self.shown_step = 0
        self._last_render = 0.0
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)

        picker = QHBoxLayout()
        self.entry_label = QLabel()
        picker.addWidget(self.entry_label)
        self.param = QComboBox(objectName="inspectorParam")
        self.row = QSpinBox(objectName="inspectorRow")
        self.col = QSpinBox(objectName="inspectorCol")
        self.shape_label = QLabel()
        for w in (self.param, self.row, self.col, self.shape_label):
            picker.addWidget(w)
        picker.addStretch(1)
        self.follow = QCheckBox(objectName="inspectorFollow")
        self.follow.setChecked(True)
        picker.addWidget(self.follow)
        layout.addLayout(picker)

        self.body = QLabel(objectName="inspectorBody")
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setWordWrap(True)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.scroll = QScrollArea()  # held: the garbage collector must not take it (see MainWindow._dock)
        self.scroll.setWidget(self.body)
        self.scroll.setWidgetResizable(True)
        layout.addWidget(self.scroll, 1)

        self._updating = False
        self.param.currentIndexChanged.connect(self._on_param_changed)
        self.row.valueChanged.connect(self._on_index_changed)
        self.col.valueChanged.connect(self._on_index_changed)
        self.follow.toggled.connect(lambda on: on and self.show_step(self.store.size))
        self._waiting = False
        self.set_config(self.config)
        self.retranslate_ui()
        self.restyle()

    def retranslate_ui(self) -> None:
        self.intro.setText(
            self.tr(
                "Every <b>optimizer.step()</b> moves each parameter by a rule. Pick one entry of W or b and "
                "read what the last step did to it — the gradient g from <b>loss.backward()</b>, the momentum "
                "buffer, and the value before and after — in the article's form and in PyTorch's. Press Step "
                "(F10) to walk through a run update by update, or click a step on the loss plot."
            )
        )
        self.entry_label.setText(self.tr("Entry:"))
        self.follow.setText(self.tr("Follow the last step"))
        self.param.setAccessibleName(self.entry_label.text().rstrip(":："))  # for a screen reader
        self.row.setAccessibleName(self.tr("row"))
        self.col.setAccessibleName(self.tr("column"))
        self.findChild(QScrollArea).setAccessibleName(self.tr("What the step did"))
        shape = self.param.currentData()
        if shape is not None:
            self._show_shape(shape)
        if self._waiting:
            self.body.setText(self.tr("<i>Waiting for the first optimizer.step()…</i>"))
        elif self.store.size == 0:
            self.body.setText(self._empty_text())
        else:
            self.show_step(self.shown_step)

    def _empty_text(self) -> str:
        return self.tr(
            "<i>No step to show yet: press Start (F5), or Step (F10) for one optimizer.step().</i>"
        )

    def restyle(self) -> None:
        self.shape_label.setStyleSheet(theme.css("muted"))
        self.show_step(self.shown_step)

    # -- set-up --------------------------------------------------------------------------------
    def set_config(self, config: TrainConfig) -> None:
        """The model whose entries can be picked (call before a run, or when the settings change)."""
        self.config = config
        shapes = self.catalogue.parameter_shapes(config)
        current = self.entry()
        self._updating = True
        try:
            self.param.clear()
            for name, shape in shapes.items():
                self.param.addItem(name, shape)
            name = current[0] if current and current[0] in shapes else next(iter(shapes))
            self.param.setCurrentIndex(list(shapes).index(name))
            self._set_index_ranges(shapes[name], current[1] if current and current[0] == name else None)
        finally:
            self._updating = False

    def _set_index_ranges(self, shape: tuple[int, ...], index: tuple[int, ...] | None) -> None:
        default = dict(default_watch(self.catalogue.parameter_shapes(self.config))).get(
            self.param.currentText(), tuple(0 for _ in shape)
        )
        index = index if index is not None and len(index) == len(shape) else default
        for spin, dim in ((self.row, 0), (self.col, 1)):
            spin.setVisible(len(shape) > dim)
            if len(shape) > dim:
                spin.setRange(0, shape[dim] - 1)
                spin.setValue(index[dim])
        self._show_shape(shape)

    def _show_shape(self, shape: tuple[int, ...]) -> None:
        self.shape_label.setText(self.tr("shape {0}").format(tuple(shape)) if shape else self.tr("a scalar"))

    def entry(self) -> WatchEntry | None:
        if self.param.count() == 0:
            return None
        shape = self.param.currentData()
        index = tuple(spin.value() for spin, dim in ((self.row, 0), (self.col, 1)) if len(shape) > dim)
        return self.param.currentText(), index

    def watch_list(self, extra: list[WatchEntry] = ()) -> list[WatchEntry]:
        """The picked entry first, then ``extra`` (e.g. the landscape's w and b), at most MAX_WATCH."""
        out = [self.entry()] if self.entry() else []
        for e in extra:
            if e not in out:
                out.append(e)
        return out[:MAX_WATCH]

    def _on_param_changed(self) -> None:
        if self._updating:
            return
        self._updating = True
        try:
            self._set_index_ranges(self.param.currentData(), None)
        finally:
            self._updating = False
        self._on_index_changed()

    def _on_index_changed(self) -> None:
        if self._updating:
            return
        self.watch_changed.emit([self.entry()])
        self.show_step(self.shown_step)

    # -- data ----------------------------------------------------------------------------------
    def clear(self, config: TrainConfig | None = None) -> None:
        """No run to show (Reset, new settings): empty, with the entries of ``config``'s model."""
        if config is not None:
            self.set_config(config)
        self.store = ChunkStore()
        self.shown_step = 0
        self._waiting = False
        self.body.setText(self._empty_text())

    def begin_run(self, config: TrainConfig, steps_per_epoch: int) -> None:
        self.set_config(config)
        self.steps_per_epoch = max(1, steps_per_epoch)
        self.store = ChunkStore()
        self.shown_step = 0
        self.follow.setChecked(True)
        self._waiting = True
        self.body.setText(self._workers_text() or self.tr("<i>Waiting for the first optimizer.step()…</i>"))

    def _workers_text(self) -> str:
        """For a run of K > 1 data-parallel workers, why no step is shown ("" otherwise)."""
        k = self.config.workers
        if k <= 1:
            return ""
        return self.tr(
            "<p>{0} data-parallel workers train in their own processes, and the step inspector reads an "
            "optimizer.step() in this one: set <b>Data-parallel workers K</b> to 1 to read each step.</p>"
        ).format(k)

    def add_chunk(self, chunk: Chunk) -> None:
        """New steps; while following, the text is redrawn at most LIVE_RATE times a second (faster
        than anyone can read, and a rich-text layout is not free)."""
        self.store.append(chunk)
        now = time.monotonic()
        if self.follow.isChecked() and now - self._last_render >= 1.0 / LIVE_RATE:
            self._last_render = now
            self.show_step(self.store.size)

    def show_run(self, config: TrainConfig, steps_per_epoch: int, store: ChunkStore) -> None:
        """A finished run's steps (a loaded run, say): its chunks, already received, in ``store``."""
        self.begin_run(config, steps_per_epoch)
        self.store = store
        self.show_latest()

    def show_latest(self) -> None:
        """Show the last step now (at a pause or the end of a run)."""
        if not self.store.size:  # stopped (or failed) before its first step: not waiting any more
            self._waiting = False
            self.body.setText(self._empty_text())
        elif self.follow.isChecked():
            self.show_step(self.store.size)

    def show_clicked_step(self, step: int) -> None:
        """A step picked on the loss plot: stop following and show it."""
        self.follow.setChecked(False)
        self.show_step(step)

    # -- the formula ---------------------------------------------------------------------------
    def show_step(self, step: int) -> None:
        self.shown_step = step
        if not 1 <= step <= self.store.size:
            return
        self._waiting = False
        if self._workers_text():
            self.body.setText(self._workers_text())
            return
        entry = self.entry()
        watched = self.store.watched(step)  # None where nothing was recorded at that step
        entries = watched[0] if watched is not None else ()
        if entry not in entries:
            first = next((f for f, seg in self.store.segments if entry in seg), None)
            note = (
                self.tr("recorded from step {0} on").format(f"{first:,}")
                if first
                else self.tr("recorded from the next step on")
            )
            self.body.setText(
                self.tr("<p><b>{0}</b> was not watched at step {1} ({2}).</p>").format(
                    entry_text(entry), f"{step:,}", note
                )
            )
            return
        _, values, norms = watched
        self.body.setText(self.describe(step, entry, values[entries.index(entry)], norms))

    def describe(self, step: int, entry: WatchEntry, values: np.ndarray, norms: np.ndarray) -> str:
        """The rich-text account of one step for one entry."""
        c = self.config
        s = self.store
        i = step - 1
        lr, beta = s.value("lr", step), s.value("momentum", step)
        g, b0, b1, t0, t1 = (float(values[k]) for k in (G, B0, B1, T0, T1))
        epoch, iteration = divmod(i, self.steps_per_epoch)
        name = entry_text(entry)
        head = self.tr(
            "<p><b>Step {0:,}</b> — epoch {1}, iteration {2}/{3} · mini-batch loss {4} · α = {5} · β = {6}</p>"
        ).format(
            step,
            epoch + 1,
            iteration + 1,
            self.steps_per_epoch,
            num(s.value("loss", step)),
            num(lr),
            num(beta),
        )
        grad = self.tr("<p>g = ∂L/∂{0} = <b>{1}</b>{2}</p>").format(
            name, num(g), self.tr(" (with weight decay λ·θ added)") if c.weight_decay else ""
        )
        norms_text = self.tr("Whole model: ‖g‖ = {0} · ‖Δθ‖ = {1} · ‖{2}‖ = {3}").format(
            num(s.value("grad_norm", step)), num(float(norms[0])), self._buffer_symbol(), num(float(norms[1]))
        )
        norms_text = f"<p style='color:{theme.colours().muted}'>{norms_text}</p>"
        return head + grad + self._forms(name, lr, beta, g, b0, b1, t0, t1) + norms_text

    def _buffer_symbol(self) -> str:
        return {"sgd": "b", "sgd-manual": "v", "adam": "m", "rmsprop": "b", "adagrad": "G"}[
            self.config.optimizer
        ]

    def _forms(
        self, name: str, lr: float, beta: float, g: float, b0: float, b1: float, t0: float, t1: float
    ) -> str:
        c = self.config
        if c.optimizer not in SGD_FAMILY:
            return self.tr(
                "<p>{0} keeps its own running statistics, so its update is not the article's formula:</p>"
                "<p>{1}: {2} → {3}, a change Δθ = {4} (plain SGD would have moved by −α·g = {5}).</p>"
            ).format(display("optimizer", c.optimizer), name, num(t0), num(t1), num(t1 - t0), num(-lr * g))
        if beta == 0:
            return self.tr(
                "<p>Plain SGD (β = 0): both forms are the article's <b>W ← W − α·∂L/∂W</b>:</p>"
                "<p>{0} ← {1} − {2} × {3} = <b>{4}</b></p>"
            ).format(name, num(t0), num(lr), par(g), num(t1))
        # One form was recorded (the optimizer's own buffer); the other follows from v = −α·b.
        if c.optimizer == "sgd":
            b_before, b_after = b0, b1
            v_before, v_after = -lr * b0, -lr * b1
        elif lr:
            v_before, v_after = b0, b1
            b_before, b_after = -v_before / lr, -v_after / lr
        else:  # α = 0 (the cosine schedule's last step): v = −α·b says nothing of b
            v_before, v_after = b0, b1
            b_before = b_after = math.nan
        tau = c.dampening
        g_seed = f"{num(lr)} × {par(g)}" if not tau else f"{num(lr)} × {num(1 - tau)} × {par(g)}"
        g_torch = num(g) if not tau else f"{num(1 - tau)} × {par(g)}"
        v_rule = "v ← β·v − α·g" if not tau else "v ← β·v − α·(1 − τ)·g"
        b_rule = "b ← β·b + g" if not tau else "b ← β·b + (1 − τ)·g"
        v_line = f"{v_rule} = {num(beta)} × {par(v_before)} − {g_seed} = <b>{num(v_after)}</b>"
        b_line = f"{b_rule} = {num(beta)} × {par(b_before)} + {g_torch} = <b>{num(b_after)}</b>"
        if c.nesterov:
            seed = (
                f"{v_line}<br>θ ← θ + β·v − α·g = {num(t0)} + {num(beta)} × {par(v_after)} − "
                f"{num(lr)} × {par(g)} = <b>{num(t1)}</b>"
            )
            torch_form = (
                f"{b_line}<br>θ ← θ − α·(g + β·b) = {num(t0)} − {num(lr)} × ({num(g)} + {num(beta)} × "
                f"{par(b_after)}) = <b>{num(t1)}</b>"
            )
        else:
            seed = f"{v_line}<br>θ ← θ + v = {num(t0)} + {par(v_after)} = <b>{num(t1)}</b>"
            torch_form = (
                f"{b_line}<br>θ ← θ − α·b = {num(t0)} − {num(lr)} × {par(b_after)} = <b>{num(t1)}</b>"
            )
        if math.isnan(b_after):
            torch_form = "—"
        recorded = self.tr("PyTorch's b") if c.optimizer == "sgd" else self.tr("the article's v")
        if math.isnan(b_after):
            check = self.tr(
                "<p>α = 0 at this step, so θ does not move; PyTorch's b cannot be read back from the "
                "article's v through v = −α·b. The engine recorded {0}.</p>"
            ).format(recorded)
        else:
            check = self.tr(
                "<p>The same update: v = −α·b → {0} = −{1} × {2} ✓ (difference {3:.1e}). "
                "The engine recorded {4}; the other form follows from it.</p>"
            ).format(num(v_after), num(lr), par(b_after), abs(v_after + lr * b_after), recorded)
        article = self.tr("The article (v is the velocity)")
        pytorch = self.tr("PyTorch torch.optim.SGD (b is the momentum buffer)")
        colours = theme.colours()
        head = f"style='background:{colours.info_background}'"
        table = (
            f"<table cellspacing='0' cellpadding='6' style='border:1px solid {colours.info_border}'>"
            f"<tr><th align='left' {head}>{article}</th><th align='left' {head}>{pytorch}</th></tr>"
            f"<tr><td valign='top'>{seed}</td><td valign='top'>{torch_form}</td></tr></table>"
        )
        return table + check
