"""The controls: hyperparameters, data and model, with the epoch arithmetic shown as you type.

Ranges come from ``core.config.LIMITS``; a combination the engine rejects is shown next to its
field (the engine's own message), and :meth:`ControlsPanel.errors` tells the window to keep Start
disabled.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.config import CUSTOM, DATASETS, LIMITS, ConfigError, TrainConfig, dataset_info, imported
from core.steps import last_batch_size, steps_per_epoch

LR_DECADES = (math.log10(LIMITS["lr"][0]), math.log10(LIMITS["lr"][1]))
LR_TICKS_PER_DECADE = 100

# Settings that may change during a run (applied from the next step, as a scheduler would).
LIVE_FIELDS = ("lr", "momentum")


class ControlsPanel(QWidget):
    """Every setting of a run. ``changed`` fires on any edit; ``live_changed(name, value)`` when the
    learner edits lr or β (the window applies it to a running engine)."""

    changed = Signal()
    live_changed = Signal(str, float)

    def __init__(self, config: TrainConfig | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("controlsPanel")
        self._updating = False
        self._errors: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self._data_group())
        layout.addWidget(self._batch_group())
        layout.addWidget(self._optimizer_group())
        layout.addStretch(1)
        self.set_config(config or TrainConfig())

    # -- building ------------------------------------------------------------------------------
    def _error_label(self, field: str) -> QLabel:
        label = QLabel()
        label.setObjectName(f"{field}Error")
        label.setWordWrap(True)
        label.setStyleSheet("color: #b00020; font-size: 11px;")
        label.setVisible(False)
        self._errors[field] = label
        return label

    def _add_row(self, form: QFormLayout, text: str, widget: QWidget, field: str, tip: str) -> None:
        label = QLabel(text)
        label.setToolTip(tip)
        widget.setToolTip(tip)
        label.setBuddy(widget.findChild(QAbstractSpinBox) or widget)
        form.addRow(label, widget)
        form.addRow(self._error_label(field))

    def _data_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("Data and model"))
        form = QFormLayout(box)
        self.dataset = QComboBox(objectName="datasetCombo")
        names = {
            "mnist-like": self.tr("MNIST-sized: 28×28 pixels, 10 classes"),
            "digits": self.tr("Handwritten digits 8×8 (real data)"),
            "moons": self.tr("Two moons (2-D, 2 classes)"),
            "spirals": self.tr("Spirals (2-D, 3 classes)"),
            "linear-1d": self.tr("Line y = 2x − 1 (regression: w, b)"),
        }
        for key in DATASETS:
            self.dataset.addItem(names[key], key)
        self._add_imported_item()
        self._add_row(form, self.tr("&Dataset"), self.dataset, "dataset", self.tr("The training data"))
        self.samples = QSpinBox(objectName="samplesSpin")
        self.samples.setRange(int(LIMITS["samples"][0]), int(LIMITS["samples"][1]))
        self.samples.setGroupSeparatorShown(True)
        self.samples.setSingleStep(1000)
        self._add_row(
            form, self.tr("Training &samples N"), self.samples, "samples",
            self.tr("Size of the training set; the validation set is separate (N/6; digits: 360)"),
        )  # fmt: skip
        self.model = QComboBox(objectName="modelCombo")
        self.model.addItem(self.tr("Softmax regression (W, b)"), "softmax")
        self.model.addItem(self.tr("Linear regression (w, b)"), "linear")
        self.model.addItem(self.tr("MLP, one hidden layer"), "mlp")
        self._add_row(form, self.tr("&Model"), self.model, "model", self.tr("What the optimizer trains"))
        self.hidden = QSpinBox(objectName="hiddenSpin")
        self.hidden.setRange(int(LIMITS["hidden"][0]), int(LIMITS["hidden"][1]))
        self._add_row(
            form,
            self.tr("&Hidden width"),
            self.hidden,
            "hidden",
            self.tr("Neurons in the MLP's hidden layer"),
        )
        self.seed = QSpinBox(objectName="seedSpin")
        self.seed.setRange(int(LIMITS["seed"][0]), int(LIMITS["seed"][1]))
        self._add_row(
            form, self.tr("S&eed"), self.seed, "seed",
            self.tr("Same seed and settings: the same data, initial weights, shuffling and loss curve"),
        )  # fmt: skip
        self.dataset.currentIndexChanged.connect(self._on_dataset_changed)
        for w in (self.samples, self.hidden, self.seed):
            w.valueChanged.connect(self._emit_changed)
        self.model.currentIndexChanged.connect(self._emit_changed)
        return box

    def _batch_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("Epochs and mini-batches"))
        form = QFormLayout(box)
        self.epochs = QSpinBox(objectName="epochsSpin")
        self.epochs.setRange(int(LIMITS["epochs"][0]), int(LIMITS["epochs"][1]))
        self._add_row(
            form, self.tr("&Epochs"), self.epochs, "epochs",
            self.tr("One epoch: the model has seen the whole training set once"),
        )  # fmt: skip
        self.batch = QSpinBox(objectName="batchSizeSpin")
        self.batch.setRange(int(LIMITS["batch_size"][0]), int(LIMITS["batch_size"][1]))
        self.batch.setGroupSeparatorShown(True)
        self.batch_slider = QSlider(Qt.Orientation.Horizontal, objectName="batchSizeSlider")
        self.batch_slider.setRange(0, 17)
        self.batch_slider.setToolTip(self.tr("Powers of two: 1, 2, 4, … (the spin box takes any size)"))
        row = QWidget()
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.batch, 1)
        h.addWidget(self.batch_slider, 2)
        self._add_row(
            form, self.tr("&Batch size B"), row, "batch_size",
            self.tr("Samples per optimizer.step(): the gradient is averaged over this many"),
        )  # fmt: skip
        self.shuffle = QCheckBox(self.tr("Shuffle every epoch"), objectName="shuffleCheck")
        self.drop_last = QCheckBox(self.tr("Drop the last partial batch"), objectName="dropLastCheck")
        form.addRow(self.shuffle)
        form.addRow(self.drop_last)
        self.arithmetic = QLabel(objectName="arithmeticLabel")
        self.arithmetic.setWordWrap(True)
        self.arithmetic.setTextFormat(Qt.TextFormat.RichText)
        self.arithmetic.setStyleSheet("background: #eef3fb; border: 1px solid #c9d7ee; padding: 6px;")
        form.addRow(self.arithmetic)
        self.epochs.valueChanged.connect(self._emit_changed)
        self.batch.valueChanged.connect(self._on_batch_spin)
        self.batch_slider.valueChanged.connect(self._on_batch_slider)
        self.shuffle.toggled.connect(self._emit_changed)
        self.drop_last.toggled.connect(self._emit_changed)
        return box

    def _optimizer_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("optimizer.step()"))
        form = QFormLayout(box)
        self.optimizer = QComboBox(objectName="optimizerCombo")
        self.optimizer.addItem(self.tr("torch.optim.SGD"), "sgd")
        self.optimizer.addItem(self.tr("Seed form: v ← β·v − α·g; θ ← θ + v"), "sgd-manual")
        self.optimizer.addItem(self.tr("Adam (β is its β₁), for comparison"), "adam")
        self.optimizer.addItem(self.tr("RMSprop (β is its momentum), for comparison"), "rmsprop")
        self.optimizer.addItem(self.tr("Adagrad (no momentum), for comparison"), "adagrad")
        self._add_row(
            form, self.tr("&Optimizer"), self.optimizer, "optimizer",
            self.tr("Both give the same iterates under a constant learning rate"),
        )  # fmt: skip
        self.lr = QDoubleSpinBox(objectName="lrSpin")
        self.lr.setDecimals(5)
        self.lr.setRange(*LIMITS["lr"])
        self.lr.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
        self.lr_slider = QSlider(Qt.Orientation.Horizontal, objectName="lrSlider")
        self.lr_slider.setRange(
            round(LR_DECADES[0] * LR_TICKS_PER_DECADE), round(LR_DECADES[1] * LR_TICKS_PER_DECADE)
        )
        self.lr_slider.setToolTip(self.tr("Log scale: 0.00001 … 10"))
        self._add_row(
            form, self.tr("&Learning rate α"), self._pair(self.lr, self.lr_slider), "lr",
            self.tr("Step size: W ← W − α·∂L/∂W"),
        )  # fmt: skip
        self.momentum = QDoubleSpinBox(objectName="momentumSpin")
        self.momentum.setDecimals(3)
        self.momentum.setRange(*LIMITS["momentum"])
        self.momentum.setSingleStep(0.01)
        self.momentum_slider = QSlider(Qt.Orientation.Horizontal, objectName="momentumSlider")
        self.momentum_slider.setRange(0, round(LIMITS["momentum"][1] * 1000))
        self._add_row(
            form, self.tr("Mo&mentum β"), self._pair(self.momentum, self.momentum_slider), "momentum",
            self.tr("v ← β·v − α·g; θ ← θ + v. β = 0 is plain SGD; 0.9 is usual"),
        )  # fmt: skip
        self.nesterov = QCheckBox(self.tr("Nesterov momentum"), objectName="nesterovCheck")
        form.addRow(self.nesterov)
        form.addRow(self._error_label("nesterov"))
        self.dampening = QDoubleSpinBox(objectName="dampeningSpin")
        self.dampening.setDecimals(3)
        self.dampening.setRange(*LIMITS["dampening"])
        self.dampening.setSingleStep(0.05)
        self._add_row(
            form, self.tr("Dampening τ"), self.dampening, "dampening", self.tr("b ← β·b + (1 − τ)·g")
        )
        self.weight_decay = QDoubleSpinBox(objectName="weightDecaySpin")
        self.weight_decay.setDecimals(5)
        self.weight_decay.setRange(*LIMITS["weight_decay"])
        self.weight_decay.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
        self._add_row(
            form, self.tr("Weight decay λ"), self.weight_decay, "weight_decay", self.tr("g ← ∂L/∂θ + λ·θ")
        )
        self.schedule = QComboBox(objectName="lrScheduleCombo")
        self.schedule.addItem(self.tr("Constant α"), "constant")
        self.schedule.addItem(self.tr("Step decay: ×0.1 at ½ and ¾ of the run"), "step")
        self.schedule.addItem(self.tr("Cosine: from α down to 0"), "cosine")
        self._add_row(
            form, self.tr("LR sc&hedule"), self.schedule, "lr_schedule",
            self.tr("How α changes during the run (torch.optim.lr_scheduler, stepped after every optimizer.step())"),
        )  # fmt: skip
        self.skip_zero_grad = QCheckBox(
            self.tr("Skip zero_grad() — a demonstration"), objectName="skipZeroGradCheck"
        )
        self.skip_zero_grad.setToolTip(
            self.tr(
                "Without optimizer.zero_grad(), loss.backward() adds each batch's gradient to all the earlier ones: the steps grow and training goes wrong, as the article warns."
            )
        )
        self.skip_zero_grad.setStyleSheet("QCheckBox { color: #8a1c13; }")
        form.addRow(self.skip_zero_grad)
        form.addRow(self._error_label("zero_grad"))
        self.device = QComboBox(objectName="deviceCombo")
        self.device.addItem(self.tr("CPU"), "cpu")
        self.device.addItem(self.tr("Auto (CUDA if available)"), "auto")
        self.device.addItem(self.tr("CUDA GPU"), "cuda")
        self._add_row(form, self.tr("De&vice"), self.device, "device", self.tr("Where the tensors live"))
        self.live_hint = QLabel(
            self.tr("During a run, α and β apply from the next step, the way a scheduler would; the other settings apply to the next run.")
        )  # fmt: skip
        self.live_hint.setObjectName("liveHint")
        self.live_hint.setWordWrap(True)
        self.live_hint.setStyleSheet("color: #555; font-size: 11px;")
        form.addRow(self.live_hint)
        self.lr.valueChanged.connect(self._on_lr_spin)
        self.lr_slider.valueChanged.connect(self._on_lr_slider)
        self.momentum.valueChanged.connect(self._on_momentum_spin)
        self.momentum_slider.valueChanged.connect(self._on_momentum_slider)
        for w in (self.dampening, self.weight_decay):
            w.valueChanged.connect(self._emit_changed)
        self.nesterov.toggled.connect(self._emit_changed)
        self.optimizer.currentIndexChanged.connect(self._emit_changed)
        self.schedule.currentIndexChanged.connect(self._emit_changed)
        self.skip_zero_grad.toggled.connect(self._emit_changed)
        self.device.currentIndexChanged.connect(self._emit_changed)
        return box

    @staticmethod
    def _pair(spin: QWidget, slider: QSlider) -> QWidget:
        row = QWidget()
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(spin, 1)
        h.addWidget(slider, 2)
        return row

    def _add_imported_item(self) -> None:
        data = imported()
        if data is None:
            return
        text = self.tr("{0} — imported, {1} rows").format(data.name, f"{data.train_rows:,}")
        self.dataset.addItem(text, CUSTOM)
        from gui.data_import import describe_data

        self.dataset.setItemData(self.dataset.count() - 1, describe_data(data), Qt.ItemDataRole.ToolTipRole)

    def set_imported_data(self) -> None:
        """Show the imported data (``core.config.imported()``) in the dataset list and select it;
        the training-set size is then the file's training rows."""
        index = self.dataset.findData(CUSTOM)
        self._updating = True
        try:
            if index >= 0:
                self.dataset.removeItem(index)
            self._add_imported_item()
        finally:
            self._updating = False
        if imported() is None:
            if self.dataset.currentData() is None:
                self.dataset.setCurrentIndex(0)
            return
        self.dataset.setCurrentIndex(self.dataset.findData(CUSTOM))
        self._on_dataset_changed()

    # -- config in and out ---------------------------------------------------------------------
    def config(self) -> TrainConfig:
        """The config the controls show (not validated: see :meth:`errors`)."""
        return TrainConfig(
            epochs=self.epochs.value(),
            batch_size=self.batch.value(),
            lr=round(self.lr.value(), 10),
            momentum=round(self.momentum.value(), 10),
            nesterov=self.nesterov.isChecked(),
            dampening=round(self.dampening.value(), 10),
            weight_decay=round(self.weight_decay.value(), 10),
            dataset=self.dataset.currentData(),
            samples=self.samples.value(),
            model=self.model.currentData(),
            hidden=self.hidden.value(),
            seed=self.seed.value(),
            shuffle=self.shuffle.isChecked(),
            drop_last=self.drop_last.isChecked(),
            optimizer=self.optimizer.currentData(),
            lr_schedule=self.schedule.currentData(),
            zero_grad=not self.skip_zero_grad.isChecked(),
            device=self.device.currentData(),
        )

    def set_config(self, config: TrainConfig) -> None:
        """Show ``config`` in the controls."""
        self._updating = True
        try:
            self.dataset.setCurrentIndex(self.dataset.findData(config.dataset))
            self.samples.setMaximum(dataset_info(config.dataset)[2])
            self.samples.setValue(config.samples)
            self.model.setCurrentIndex(self.model.findData(config.model))
            self.hidden.setValue(config.hidden)
            self.seed.setValue(config.seed)
            self.epochs.setValue(config.epochs)
            self.batch.setValue(config.batch_size)
            self.batch_slider.setValue(round(math.log2(config.batch_size)))
            self.shuffle.setChecked(config.shuffle)
            self.drop_last.setChecked(config.drop_last)
            self.optimizer.setCurrentIndex(self.optimizer.findData(config.optimizer))
            self.lr.setValue(config.lr)
            self.lr_slider.setValue(round(math.log10(config.lr) * LR_TICKS_PER_DECADE))
            self.momentum.setValue(config.momentum)
            self.momentum_slider.setValue(round(config.momentum * 1000))
            self.nesterov.setChecked(config.nesterov)
            self.dampening.setValue(config.dampening)
            self.weight_decay.setValue(config.weight_decay)
            self.schedule.setCurrentIndex(self.schedule.findData(config.lr_schedule))
            self.skip_zero_grad.setChecked(not config.zero_grad)
            self.device.setCurrentIndex(self.device.findData(config.device))
        finally:
            self._updating = False
        self._emit_changed()

    def errors(self) -> list[ConfigError]:
        return self.config().errors()

    def show_error(self, field: str, message: str) -> None:
        """Show one message next to a field (e.g. a run-time refusal such as no CUDA)."""
        label = self._errors.get(field)
        if label is not None:
            label.setText(message)
            label.setVisible(True)

    def set_running(self, running: bool) -> None:
        """During a run only lr and β stay editable."""
        for w in (
            self.dataset, self.samples, self.model, self.hidden, self.seed, self.epochs, self.batch,
            self.batch_slider, self.shuffle, self.drop_last, self.optimizer, self.nesterov, self.dampening,
            self.weight_decay, self.device, self.schedule, self.skip_zero_grad,
        ):  # fmt: skip
            w.setEnabled(not running)
        self.hidden.setEnabled(not running and self.model.currentData() == "mlp")
        self.samples.setEnabled(not running and self.dataset.currentData() != CUSTOM)
        scheduled = self.schedule.currentData() != "constant"
        self.lr.setEnabled(not (running and scheduled))  # a schedule drives α during the run
        self.lr_slider.setEnabled(not (running and scheduled))

    # -- reactions -----------------------------------------------------------------------------
    def _emit_changed(self, *_args) -> None:
        if self._updating:
            return
        self.hidden.setEnabled(self.model.currentData() == "mlp" and self.model.isEnabled())
        # imported data: the training-set size is the file's training rows
        self.samples.setEnabled(self.dataset.currentData() != CUSTOM and self.dataset.isEnabled())
        problems = {e.field: e.message for e in self.errors()}
        for field, label in self._errors.items():
            label.setText(problems.get(field, ""))
            label.setVisible(field in problems)
        self._update_arithmetic()
        self.changed.emit()

    def _on_dataset_changed(self) -> None:
        if self._updating:
            return
        key = self.dataset.currentData()
        task, default_samples, most = dataset_info(key)
        self._updating = True
        try:
            self.samples.setMaximum(most)
            self.samples.setValue(default_samples)
            model = self.model.currentData()
            if task == "regression" and model == "softmax":
                self.model.setCurrentIndex(self.model.findData("linear"))
            elif task == "classification" and model == "linear":
                self.model.setCurrentIndex(self.model.findData("softmax"))
        finally:
            self._updating = False
        self._emit_changed()

    def _on_batch_spin(self, value: int) -> None:
        self.batch_slider.blockSignals(True)
        self.batch_slider.setValue(round(math.log2(value)))
        self.batch_slider.blockSignals(False)
        self._emit_changed()

    def _on_batch_slider(self, power: int) -> None:
        self.batch.setValue(2**power)

    def _on_lr_spin(self, value: float) -> None:
        self.lr_slider.blockSignals(True)
        self.lr_slider.setValue(round(math.log10(value) * LR_TICKS_PER_DECADE))
        self.lr_slider.blockSignals(False)
        self._emit_changed()
        if not self._updating:
            self.live_changed.emit("lr", round(value, 10))

    def _on_lr_slider(self, tick: int) -> None:
        value = 10 ** (tick / LR_TICKS_PER_DECADE)
        self.lr.setValue(float(f"{value:.2g}") if value >= 1e-5 else 1e-5)

    def _on_momentum_spin(self, value: float) -> None:
        self.momentum_slider.blockSignals(True)
        self.momentum_slider.setValue(round(value * 1000))
        self.momentum_slider.blockSignals(False)
        self._emit_changed()
        if not self._updating:
            self.live_changed.emit("momentum", round(value, 10))

    def _on_momentum_slider(self, tick: int) -> None:
        self.momentum.setValue(tick / 1000)

    def _update_arithmetic(self) -> None:
        c = self.config()
        if not (1 <= c.batch_size <= c.samples):
            self.arithmetic.setText(self.tr("The batch size must not exceed the training-set size N."))
            return
        steps = steps_per_epoch(c.samples, c.batch_size, c.drop_last)
        if c.drop_last:
            first = self.tr("⌊{0} / {1}⌋ = <b>{2}</b> iterations per epoch").format(
                c.samples, c.batch_size, f"{steps:,}"
            )
            dropped = c.samples - steps * c.batch_size
            if dropped:
                first += " " + self.tr("({0} samples left out each epoch)").format(dropped)
        else:
            first = self.tr("⌈{0} / {1}⌉ = <b>{2}</b> iterations per epoch").format(
                c.samples, c.batch_size, f"{steps:,}"
            )
            last = last_batch_size(c.samples, c.batch_size)
            if last != c.batch_size:
                first += " " + self.tr("(last batch: {0} samples)").format(last)
            else:
                first += " " + self.tr("(all batches full)")
        epochs = self.tr("1 epoch") if c.epochs == 1 else self.tr("{0} epochs").format(c.epochs)
        second = self.tr("{0} × {1} = <b>{2}</b> optimizer.step() calls").format(
            epochs, f"{steps:,}", f"{c.epochs * steps:,}"
        )
        self.arithmetic.setText(f"{first}<br>{second}")
