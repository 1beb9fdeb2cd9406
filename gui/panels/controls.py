"""The controls: hyperparameters, data and model, with the epoch arithmetic shown as you type.

Ranges come from ``core.training.config.LIMITS``; a combination the engine rejects is shown next to its
field (the engine's own message), and :meth:`ControlsPanel.errors` tells the window to keep Start
disabled.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.session.catalogue import DataCatalogue
from core.training.config import (
    BUILT_IN,
    CUSTOM,
    DEFAULT_MOMENTUM,
    DEFAULT_VAL_FRACTION,
    DEVICES,
    LIMITS,
    LR_SCHEDULES,
    MODELS,
    OPTIMIZERS,
    ConfigError,
    TrainConfig,
)
from core.training.steps import (
    last_batch_size,
    run_steps_per_epoch,
    short_last_window,
    steps_per_epoch,
    worker_share,
)
from gui import theme
from gui.i18n import Retranslating, message_text, plain

LR_DECADES = (math.log10(LIMITS["lr"][0]), math.log10(LIMITS["lr"][1]))
LR_TICKS_PER_DECADE = 100

# Settings that may change during a run (applied from the next step, as a scheduler would).
LIVE_FIELDS = ("lr", "momentum")
# A combo box is at least this many characters wide; wider when the dock is (its text elided below
# that, its list always whole), so that no item's length decides the window's minimum width.
COMBO_MIN_CHARACTERS = 14


class ControlsPanel(Retranslating, QWidget):
    """Every setting of a run. ``changed`` fires on any edit; ``live_changed(name, value)`` when the
    learner edits lr or β (the window applies it to a running engine)."""

    changed = Signal()
    live_changed = Signal(str, float)
    help_requested = Signal(str)  # a help topic (gui.panels.help.TOPICS)

    def __init__(
        self,
        config: TrainConfig | None = None,
        catalogue: DataCatalogue | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("controlsPanel")
        self.catalogue = catalogue or DataCatalogue()  # the session's: which datasets there are
        self._updating = False
        self._errors: dict[str, QLabel] = {}
        self._rows: dict[str, tuple[QLabel, QWidget]] = {}
        self._help_buttons: dict[str, QToolButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self._data_group())
        layout.addWidget(self._batch_group())
        layout.addWidget(self._optimizer_group())
        layout.addStretch(1)
        self._typed: dict[str, str] = {}  # fields whose typed text the spin box cannot take
        for field, spin in self._spins().items():
            spin.lineEdit().textEdited.connect(lambda text, f=field: self._on_typed(f, text))
            spin.editingFinished.connect(lambda f=field: self._on_typing_done(f))
        self.retranslate_ui()
        self.restyle()
        self.set_config(config or TrainConfig())

    # -- building ------------------------------------------------------------------------------
    def _error_label(self, field: str) -> QLabel:
        label = QLabel()
        label.setObjectName(f"{field}Error")
        label.setWordWrap(True)
        label.setVisible(False)
        self._errors[field] = label
        return label

    def _add_row(self, form: QFormLayout, widget: QWidget, field: str, topic: str = "") -> None:
        """A labelled row; ``topic`` (a help section) adds a "?" button that opens it."""
        label = QLabel()
        label.setBuddy(widget.findChild(QAbstractSpinBox) or widget)
        if isinstance(widget, QComboBox):  # as narrow as a small screen needs; its list shows all
            widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            widget.setMinimumContentsLength(COMBO_MIN_CHARACTERS)
        self._rows[field] = (label, widget)
        if topic:
            widget = self._with_help(widget, topic)
        form.addRow(label, widget)
        form.addRow(self._error_label(field))

    def _with_help(self, widget: QWidget, topic: str) -> QWidget:
        widget.setProperty("helpTopic", topic)
        for child in widget.findChildren(QWidget):
            child.setProperty("helpTopic", topic)
        button = QToolButton(objectName=f"help-{topic}")
        button.setText("?")
        button.setAutoRaise(True)
        button.setProperty("helpTopic", topic)
        button.clicked.connect(lambda: self.help_requested.emit(topic))
        self._help_buttons[topic] = button
        row = QWidget()
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(widget, 1)
        h.addWidget(button)
        return row

    def _data_group(self) -> QGroupBox:
        box = self._data_box = QGroupBox()
        form = QFormLayout(box)
        self.dataset = QComboBox(objectName="datasetCombo")
        for key in BUILT_IN:
            self.dataset.addItem("", key)
        self._add_imported_item()
        self._add_row(form, self.dataset, "dataset")
        self.samples = QSpinBox(objectName="samplesSpin")
        self.samples.setRange(int(LIMITS["samples"][0]), int(LIMITS["samples"][1]))
        self.samples.setGroupSeparatorShown(True)
        self.samples.setSingleStep(1000)
        self._add_row(form, self.samples, "samples")
        self.model = QComboBox(objectName="modelCombo")
        for key in MODELS:
            self.model.addItem("", key)
        self._add_row(form, self.model, "model")
        self.hidden = QSpinBox(objectName="hiddenSpin")
        self.hidden.setRange(int(LIMITS["hidden"][0]), int(LIMITS["hidden"][1]))
        self._add_row(form, self.hidden, "hidden")
        self.seed = QSpinBox(objectName="seedSpin")
        self.seed.setRange(int(LIMITS["seed"][0]), int(LIMITS["seed"][1]))
        self._add_row(form, self.seed, "seed")
        # the generated datasets' noise (× each one's own) and validation share (of all samples made)
        self.noise = QDoubleSpinBox(objectName="noiseSpin")
        self.noise.setDecimals(2)
        self.noise.setRange(*LIMITS["noise"])
        self.noise.setSingleStep(0.25)
        self.noise.setPrefix("× ")
        self._add_row(form, self.noise, "noise")
        self.val_fraction = QDoubleSpinBox(objectName="valFractionSpin")
        self.val_fraction.setDecimals(1)
        self.val_fraction.setRange(LIMITS["val_fraction"][0] * 100, LIMITS["val_fraction"][1] * 100)
        self.val_fraction.setSingleStep(5.0)
        self.val_fraction.setSuffix(" %")
        self._val_fraction = DEFAULT_VAL_FRACTION  # the exact share shown (the box shows it rounded)
        self._add_row(form, self.val_fraction, "val_fraction")
        self.noise.valueChanged.connect(self._emit_changed)
        self.val_fraction.valueChanged.connect(self._emit_changed)
        self.dataset.currentIndexChanged.connect(self._on_dataset_changed)
        for w in (self.samples, self.hidden, self.seed):
            w.valueChanged.connect(self._emit_changed)
        self.model.currentIndexChanged.connect(self._emit_changed)
        return box

    def _batch_group(self) -> QGroupBox:
        box = self._batch_box = QGroupBox()
        form = QFormLayout(box)
        self.epochs = QSpinBox(objectName="epochsSpin")
        self.epochs.setRange(int(LIMITS["epochs"][0]), int(LIMITS["epochs"][1]))
        self._add_row(form, self.epochs, "epochs", "epoch")
        self.batch = QSpinBox(objectName="batchSizeSpin")
        self.batch.setRange(int(LIMITS["batch_size"][0]), int(LIMITS["batch_size"][1]))
        self.batch.setGroupSeparatorShown(True)
        self.batch_slider = QSlider(Qt.Orientation.Horizontal, objectName="batchSizeSlider")
        self.batch_slider.setRange(0, 17)
        row = QWidget()
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.batch, 1)
        h.addWidget(self.batch_slider, 2)
        self._add_row(form, row, "batch_size", "batch")
        self.accumulate = QSpinBox(objectName="accumulateSpin")
        self.accumulate.setRange(int(LIMITS["accumulate"][0]), int(LIMITS["accumulate"][1]))
        self._add_row(form, self.accumulate, "accumulate")
        self.workers = QSpinBox(objectName="workersSpin")
        self.workers.setRange(int(LIMITS["workers"][0]), int(LIMITS["workers"][1]))
        self._add_row(form, self.workers, "workers")
        self.accumulate.valueChanged.connect(self._emit_changed)
        self.workers.valueChanged.connect(self._emit_changed)
        self.shuffle = QCheckBox(objectName="shuffleCheck")
        self.drop_last = QCheckBox(objectName="dropLastCheck")
        form.addRow(self.shuffle)
        form.addRow(self.drop_last)
        self.arithmetic = QLabel(objectName="arithmeticLabel")
        self.arithmetic.setWordWrap(True)
        self.arithmetic.setTextFormat(Qt.TextFormat.RichText)
        form.addRow(self._with_help(self.arithmetic, "iteration"))
        self.epochs.valueChanged.connect(self._emit_changed)
        self.batch.valueChanged.connect(self._on_batch_spin)
        self.batch_slider.valueChanged.connect(self._on_batch_slider)
        self.shuffle.toggled.connect(self._emit_changed)
        self.drop_last.toggled.connect(self._emit_changed)
        return box

    def _optimizer_group(self) -> QGroupBox:
        box = self._optimizer_box = QGroupBox()
        form = QFormLayout(box)
        self.optimizer = QComboBox(objectName="optimizerCombo")
        for key in OPTIMIZERS:
            self.optimizer.addItem("", key)
        self._add_row(form, self.optimizer, "optimizer", "step")
        self.lr = QDoubleSpinBox(objectName="lrSpin")
        self.lr.setDecimals(5)
        self.lr.setRange(*LIMITS["lr"])
        self.lr.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
        self.lr_slider = QSlider(Qt.Orientation.Horizontal, objectName="lrSlider")
        self.lr_slider.setRange(
            round(LR_DECADES[0] * LR_TICKS_PER_DECADE), round(LR_DECADES[1] * LR_TICKS_PER_DECADE)
        )
        self._add_row(form, self._pair(self.lr, self.lr_slider), "lr", "lr")
        self.momentum = QDoubleSpinBox(objectName="momentumSpin")
        self.momentum.setDecimals(3)
        self.momentum.setRange(*LIMITS["momentum"])
        self.momentum.setSingleStep(0.01)
        self.momentum_slider = QSlider(Qt.Orientation.Horizontal, objectName="momentumSlider")
        self.momentum_slider.setRange(0, round(LIMITS["momentum"][1] * 1000))
        self._add_row(form, self._pair(self.momentum, self.momentum_slider), "momentum", "momentum")
        self.nesterov = QCheckBox(objectName="nesterovCheck")
        form.addRow(self.nesterov)
        form.addRow(self._error_label("nesterov"))
        self.dampening = QDoubleSpinBox(objectName="dampeningSpin")
        self.dampening.setDecimals(3)
        self.dampening.setRange(*LIMITS["dampening"])
        self.dampening.setSingleStep(0.05)
        self._add_row(form, self.dampening, "dampening")
        self.weight_decay = QDoubleSpinBox(objectName="weightDecaySpin")
        self.weight_decay.setDecimals(5)
        self.weight_decay.setRange(*LIMITS["weight_decay"])
        self.weight_decay.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
        self._add_row(form, self.weight_decay, "weight_decay")
        self.schedule = QComboBox(objectName="lrScheduleCombo")
        for key in LR_SCHEDULES:
            self.schedule.addItem("", key)
        self._add_row(form, self.schedule, "lr_schedule")
        self.skip_zero_grad = QCheckBox(objectName="skipZeroGradCheck")
        form.addRow(self._with_help(self.skip_zero_grad, "zero_grad"))
        form.addRow(self._error_label("zero_grad"))
        self.device = QComboBox(objectName="deviceCombo")
        for key in DEVICES:
            self.device.addItem("", key)
        self._add_row(form, self.device, "device")
        self.live_hint = QLabel()
        self.live_hint.setObjectName("liveHint")
        self.live_hint.setWordWrap(True)
        form.addRow(self.live_hint)
        self.lr.valueChanged.connect(self._on_lr_spin)
        self.lr_slider.valueChanged.connect(self._on_lr_slider)
        self.momentum.valueChanged.connect(self._on_momentum_spin)
        self.momentum_slider.valueChanged.connect(self._on_momentum_slider)
        for w in (self.dampening, self.weight_decay):
            w.valueChanged.connect(self._emit_changed)
        self.nesterov.toggled.connect(self._emit_changed)
        self._optimizer_key = self.optimizer.currentData()
        self.optimizer.currentIndexChanged.connect(self._on_optimizer_changed)
        self.schedule.currentIndexChanged.connect(self._emit_changed)
        self.skip_zero_grad.toggled.connect(self._emit_changed)
        self.device.currentIndexChanged.connect(self._emit_changed)
        return box

    def retranslate_ui(self) -> None:
        """Every text of the controls in the current language."""
        self._data_box.setTitle(self.tr("Data and model"))
        self._batch_box.setTitle(self.tr("Epochs and mini-batches"))
        self._optimizer_box.setTitle(self.tr("optimizer.step()"))
        items = {
            self.dataset: {
                "mnist-like": self.tr("MNIST-sized: 28×28 pixels, 10 classes"),
                "digits": self.tr("Handwritten digits 8×8 (real data)"),
                "moons": self.tr("Two moons (2-D, 2 classes)"),
                "spirals": self.tr("Spirals (2-D, 3 classes)"),
                "linear-1d": self.tr("Line y = 2x − 1 (regression: w, b)"),
                "two-basins": self.tr("Two basins (not convex: w, b)"),
            },
            self.model: {
                "softmax": self.tr("Softmax regression (W, b)"),
                "linear": self.tr("Linear regression (w, b)"),
                "mlp": self.tr("MLP, one hidden layer"),
                "two-basins": self.tr("Two-basins model ŷ = w·x₁ + w²·x₂ + b"),
            },
            self.optimizer: {
                "sgd": self.tr("torch.optim.SGD"),
                "sgd-manual": self.tr("The article's form: v ← β·v − α·g; θ ← θ + v"),
                "adam": self.tr("Adam (β is its β₁), for comparison"),
                "rmsprop": self.tr("RMSprop (β is its momentum), for comparison"),
                "adagrad": self.tr("Adagrad (no momentum), for comparison"),
            },
            self.schedule: {
                "constant": self.tr("Constant α"),
                "step": self.tr("Step decay: ×0.1 at ½ and ¾ of the run"),
                "cosine": self.tr("Cosine: from α down to 0"),
            },
            self.device: {
                "cpu": self.tr("CPU"),
                "auto": self.tr("Auto (CUDA if available)"),
                "cuda": self.tr("CUDA GPU"),
            },
        }
        for combo, names in items.items():
            for i in range(combo.count()):
                if combo.itemData(i) in names:
                    combo.setItemText(i, names[combo.itemData(i)])
        custom = self.dataset.findData(CUSTOM)
        if custom >= 0 and self.catalogue.imported is not None:
            self.dataset.setItemText(custom, self._imported_text(self.catalogue.imported))
        rows = {
            "dataset": (self.tr("&Dataset"), self.tr("The training data")),
            "samples": (
                self.tr("Trainin&g samples N"),
                self.tr(
                    "Size of the training set; the validation set is separate (N/6 at the default validation share; digits: 360)"
                ),
            ),
            "model": (self.tr("&Model"), self.tr("What the optimizer trains")),
            "hidden": (self.tr("Hidden &width"), self.tr("Neurons in the MLP's hidden layer")),
            "seed": (
                self.tr("&Seed"),
                self.tr("Same seed and settings: the same data, initial weights, shuffling and loss curve"),
            ),
            "epochs": (
                self.tr("&Epochs"),
                self.tr("One epoch: the model has seen the whole training set once"),
            ),
            "batch_size": (
                self.tr("&Batch size B"),
                self.tr("Samples per optimizer.step(): the gradient is averaged over this many"),
            ),
            "accumulate": (
                self.tr("Accumulate &k batches"),
                self.tr(
                    "Gradient accumulation: loss.backward() after every mini-batch, optimizer.step() and "
                    "zero_grad() after every k. Each batch's loss is scaled by its share of the window's "
                    "samples, so one step uses the mean gradient of k·B samples; a shorter last window of "
                    "an epoch steps too. 1: a step after every batch"
                ),
            ),
            "workers": (
                self.tr("Data-parallel workers K"),
                self.tr(
                    "K worker processes train together (torch.distributed, gloo, DistributedDataParallel): "
                    "each takes ⌈N/K⌉ samples of every epoch from DistributedSampler (padded by repeating "
                    "samples), and their gradients are averaged at every optimizer.step(), so one step "
                    "uses K·B samples. They run as fast as they can: no pause, no step, α and β fixed. "
                    "1: this process"
                ),
            ),
            "optimizer": (
                self.tr("&Optimizer"),
                self.tr("Both give the same iterates under a constant learning rate"),
            ),
            "lr": (self.tr("&Learning rate α"), self.tr("Step size: W ← W − α·∂L/∂W")),
            "momentum": (
                self.tr("Momen&tum β"),
                self.tr(
                    "SGD: v ← β·v − α·g; θ ← θ + v (β = 0 is plain SGD; 0.9 is usual). Adam: β is β₁ = "
                    "betas[0] (default 0.9). RMSprop: β is its momentum (default 0, torch's). Adagrad: no β. "
                    "Choosing an optimizer sets β to its default"
                ),
            ),
            "dampening": (self.tr("Dampening τ"), self.tr("b ← β·b + (1 − τ)·g")),
            "weight_decay": (self.tr("Weight deca&y λ"), self.tr("g ← ∂L/∂θ + λ·θ")),
            "lr_schedule": (
                self.tr("LR s&chedule"),
                self.tr(
                    "How α changes during the run (torch.optim.lr_scheduler, stepped after every optimizer.step())"
                ),
            ),
            "device": (self.tr("Dev&ice"), self.tr("Where the tensors live")),
            "noise": (
                self.tr("&Noise"),
                self.tr(
                    "The generated data's noise, × its own: 0 none, 1 as made by default. More noise: "
                    "noisier gradients and classes that overlap. Real data (digits, imported) has its own"
                ),
            ),
            "val_fraction": (
                self.tr("V&alidation share"),
                self.tr(
                    "The share of the generated samples kept apart for validation, next to the N training "
                    "samples (default 1/7: 10,000 beside 60,000). Real data keeps its own validation set"
                ),
            ),
        }
        for field, (text, tip) in rows.items():
            label, widget = self._rows[field]
            topic = widget.property("helpTopic")
            if topic:
                tip = f"{tip}\n{self._help_hint(topic)}"
            label.setText(text)
            label.setToolTip(tip)
            widget.setToolTip(tip)
            label.buddy().setAccessibleDescription(tip)  # what a screen reader says: the label, the tip
            for box in (label.buddy(), *widget.findChildren(QSlider)):
                box.setAccessibleName(plain(text))
        self.batch_slider.setToolTip(self.tr("Powers of two: 1, 2, 4, … (the spin box takes any size)"))
        self.lr_slider.setToolTip(self.tr("Log scale: 0.00001 … 10"))
        self.shuffle.setText(self.tr("Shuffle every epoch"))
        self.drop_last.setText(self.tr("Drop the last partial batch"))
        self.nesterov.setText(self.tr("Nesterov momentum"))
        self.skip_zero_grad.setText(self.tr("Skip zero_grad() — a demonstration"))
        self.skip_zero_grad.setToolTip(
            self.tr(
                "Without optimizer.zero_grad(), loss.backward() adds each batch's gradient to all the earlier ones: the steps grow and training goes wrong, as the article warns."
            )
            + "\n"
            + self._help_hint("zero_grad")
        )
        self.arithmetic.setToolTip(self._help_hint("iteration"))
        self.live_hint.setText(
            self.tr("During a run, α and β apply from the next step, the way a scheduler would; the other settings apply to the next run.")
        )  # fmt: skip
        for topic, button in self._help_buttons.items():
            button.setToolTip(self._help_hint(topic))
            button.setAccessibleName(self._help_hint(topic))  # not "?"
        self._emit_changed()  # the arithmetic and the messages next to the fields

    def _help_hint(self, topic: str) -> str:
        names = {
            "epoch": self.tr("epoch"),
            "batch": self.tr("batch size"),
            "iteration": self.tr("iterations per epoch"),
            "step": self.tr("optimizer.step()"),
            "lr": self.tr("learning rate"),
            "momentum": self.tr("momentum"),
            "zero_grad": self.tr("zero_grad()"),
        }
        return self.tr("Help: {0} (press F1 here, or click ?)").format(names[topic])

    def restyle(self) -> None:
        """Colours that follow the theme."""
        for label in self._errors.values():
            label.setStyleSheet(theme.css("error"))
        self.arithmetic.setStyleSheet(theme.css("info"))
        self.live_hint.setStyleSheet(theme.css("muted") + " font-size: 11px;")
        self.skip_zero_grad.setStyleSheet(f"QCheckBox {{ {theme.css('alert')} }}")

    @staticmethod
    def _pair(spin: QWidget, slider: QSlider) -> QWidget:
        row = QWidget()
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(spin, 1)
        h.addWidget(slider, 2)
        return row

    def _imported_text(self, data) -> str:
        return self.tr("{0} — imported, {1} rows").format(data.name, f"{data.train_rows:,}")

    def _add_imported_item(self) -> None:
        data = self.catalogue.imported
        if data is None:
            return
        self.dataset.addItem(self._imported_text(data), CUSTOM)
        from gui.widgets import describe_data

        self.dataset.setItemData(self.dataset.count() - 1, describe_data(data), Qt.ItemDataRole.ToolTipRole)

    def set_imported_data(self) -> None:
        """Show the catalogue's imported data in the dataset list and select it;
        the training-set size is then the file's training rows."""
        index = self.dataset.findData(CUSTOM)
        self._updating = True
        try:
            if index >= 0:
                self.dataset.removeItem(index)
            self._add_imported_item()
        finally:
            self._updating = False
        if self.catalogue.imported is None:
            if self.dataset.currentData() is None:
                self.dataset.setCurrentIndex(0)
            return
        self.dataset.setCurrentIndex(self.dataset.findData(CUSTOM))
        self._on_dataset_changed()

    def scroll_area(self) -> QScrollArea:
        """The panel in a scroll area as wide as it needs (for a dock)."""
        scroll = QScrollArea()
        scroll.setWidget(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(
            self.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width() + 4
        )
        return scroll

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
            noise=round(self.noise.value(), 10),
            val_fraction=self._val_fraction_value(),
            accumulate=self.accumulate.value(),
            workers=self.workers.value(),
        )

    def _val_fraction_value(self) -> float:
        """The validation share: the exact one last set while the box still shows it (1/7 shows as
        14.3 %), else what the box shows."""
        shown = self.val_fraction.value()
        if shown == round(self._val_fraction * 100, self.val_fraction.decimals()):
            return self._val_fraction
        return round(shown / 100, 10)

    def set_config(self, config: TrainConfig) -> None:
        """Show ``config`` in the controls."""
        self._updating = True
        try:
            self.dataset.setCurrentIndex(self.dataset.findData(config.dataset))
            info = self.catalogue.info(config.dataset)
            self.samples.setMaximum(info.max_samples if info is not None else int(LIMITS["samples"][1]))
            self.samples.setValue(config.samples)
            self.model.setCurrentIndex(self.model.findData(config.model))
            self.hidden.setValue(config.hidden)
            self.seed.setValue(config.seed)
            self.epochs.setValue(config.epochs)
            self.batch.setValue(config.batch_size)
            self.batch_slider.setValue(round(math.log2(config.batch_size)))
            self.accumulate.setValue(config.accumulate)
            self.workers.setValue(config.workers)
            self.shuffle.setChecked(config.shuffle)
            self.drop_last.setChecked(config.drop_last)
            self.optimizer.setCurrentIndex(self.optimizer.findData(config.optimizer))
            self._optimizer_key = config.optimizer
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
            self.noise.setValue(config.noise)
            self._val_fraction = config.val_fraction
            self.val_fraction.setValue(config.val_fraction * 100)
        finally:
            self._updating = False
        self._emit_changed()

    def errors(self) -> list[ConfigError]:
        config = self.config()
        return self.catalogue.errors(config)  # as the session judges it

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
            self.batch_slider, self.accumulate, self.workers, self.shuffle, self.drop_last, self.optimizer, self.nesterov, self.dampening,
            self.weight_decay, self.device, self.schedule, self.skip_zero_grad,
        ):  # fmt: skip
            w.setEnabled(not running)
        self.hidden.setEnabled(not running and self.model.currentData() == "mlp")
        self.samples.setEnabled(not running and self.dataset.currentData() != CUSTOM)
        for w in (self.noise, self.val_fraction):
            w.setEnabled(not running and self._generated())
        scheduled = self.schedule.currentData() != "constant"
        # A schedule drives α during the run; K worker processes take α and β at start only.
        fixed = running and (scheduled or self.workers.value() > 1)
        self.lr.setEnabled(not fixed)
        self.lr_slider.setEnabled(not fixed)
        for w in (self.momentum, self.momentum_slider):
            w.setEnabled(not (running and self.workers.value() > 1))

    # -- reactions -----------------------------------------------------------------------------
    def _spins(self) -> dict[str, QAbstractSpinBox]:
        return {
            "samples": self.samples, "hidden": self.hidden, "seed": self.seed, "epochs": self.epochs,
            "batch_size": self.batch, "accumulate": self.accumulate, "workers": self.workers, "lr": self.lr, "momentum": self.momentum,
            "dampening": self.dampening, "weight_decay": self.weight_decay,
        }  # fmt: skip

    def _range_text(self, spin: QAbstractSpinBox) -> tuple[str, str]:
        return spin.textFromValue(spin.minimum()), spin.textFromValue(spin.maximum())

    def _on_typed(self, field: str, text: str) -> None:
        """Text the spin box cannot take as it stands (0 for the batch size, nothing at all): said at
        the field at once, instead of the message of the value the box still holds."""
        spin = self._spins()[field]
        state = spin.validate(text, len(text))[0]
        if state == QValidator.State.Acceptable:
            self._typed.pop(field, None)
            return  # the value changes and the messages follow
        self._typed[field] = text
        low, high = self._range_text(spin)
        self.show_error(
            field,
            self.tr("“{0}” is not a value here: from {1} to {2}").format(text, low, high)
            if text.strip()
            else self.tr("Type a value from {0} to {1}").format(low, high),
        )

    def _on_typing_done(self, field: str) -> None:
        """Enter or Tab after text the box could not take: the box keeps its value, and says so."""
        text = self._typed.pop(field, None)
        if text is None:
            return
        self._emit_changed()  # the messages of the value kept
        spin = self._spins()[field]
        low, high = self._range_text(spin)
        kept = self.tr("“{0}” is not a value here (from {1} to {2}): kept {3}").format(
            text, low, high, spin.text()
        )
        label = self._errors[field]
        if label.isVisible() and label.text():
            kept = f"{kept}; {label.text()}"
        self.show_error(field, kept)

    def _emit_changed(self, *_args) -> None:
        if self._updating:
            return
        self.hidden.setEnabled(self.model.currentData() == "mlp" and self.model.isEnabled())
        # imported data: the training-set size is the file's training rows
        self.samples.setEnabled(self.dataset.currentData() != CUSTOM and self.dataset.isEnabled())
        for w in (self.noise, self.val_fraction):  # real data has its own noise and validation set
            w.setEnabled(self._generated() and self.dataset.isEnabled())
        problems = {e.field: message_text(e.msg) for e in self.errors()}
        for field, label in self._errors.items():
            label.setText(problems.get(field, ""))
            label.setVisible(field in problems)
        self._update_arithmetic()
        self.changed.emit()

    def _generated(self) -> bool:
        info = self.catalogue.info(self.dataset.currentData())
        return info is not None and info.generated

    def _on_dataset_changed(self) -> None:
        if self._updating:
            return
        key = self.dataset.currentData()
        info = self.catalogue.info(key)
        task = info.task
        self._updating = True
        try:
            self.samples.setMaximum(info.max_samples)
            self.samples.setValue(info.default_samples)
            if not info.generated:  # real data: its own noise and split (the defaults stand for them)
                self.noise.setValue(1.0)
                self._val_fraction = DEFAULT_VAL_FRACTION
                self.val_fraction.setValue(DEFAULT_VAL_FRACTION * 100)
            model = self.model.currentData()
            if key == "two-basins":  # the dataset's own model
                self.model.setCurrentIndex(self.model.findData("two-basins"))
            elif model == "two-basins":
                self.model.setCurrentIndex(
                    self.model.findData("linear" if task == "regression" else "softmax")
                )
            elif task == "regression" and model == "softmax":
                self.model.setCurrentIndex(self.model.findData("linear"))
            elif task == "classification" and model == "linear":
                self.model.setCurrentIndex(self.model.findData("softmax"))
        finally:
            self._updating = False
        self._emit_changed()

    def _on_optimizer_changed(self) -> None:
        """Choosing an optimizer whose β means something else resets β to that optimizer's default
        (RMSprop's and Adagrad's 0, torch's; Adam's β₁ 0.9; SGD's 0.9); the learner may change it."""
        if self._updating:
            return
        before, key = self._optimizer_key, self.optimizer.currentData()
        self._optimizer_key = key
        default = DEFAULT_MOMENTUM.get(key)
        if default is not None and default != DEFAULT_MOMENTUM.get(before):
            self._updating = True
            try:
                self.momentum.setValue(default)
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
        if c.workers > 1:
            self._update_worker_arithmetic(c)
            return
        steps = steps_per_epoch(c.samples, c.batch_size, c.drop_last)
        if c.drop_last:
            first = self.tr("⌊{0} / {1}⌋ = <b>{2}</b> iterations per epoch").format(
                f"{c.samples:,}", f"{c.batch_size:,}", f"{steps:,}"
            )
            dropped = c.samples - steps * c.batch_size
            if dropped:
                first += _aside(self.tr("({0} samples left out each epoch)").format(f"{dropped:,}"))
        else:
            first = self.tr("⌈{0} / {1}⌉ = <b>{2}</b> iterations per epoch").format(
                f"{c.samples:,}", f"{c.batch_size:,}", f"{steps:,}"
            )
            last = last_batch_size(c.samples, c.batch_size)
            if last != c.batch_size:
                first += _aside(self.tr("(last batch: {0} samples)").format(f"{last:,}"))
            else:
                first += _aside(self.tr("(all batches full)"))
        lines = [first]
        if c.accumulate > 1:
            optimizer_steps = run_steps_per_epoch(c)
            accumulated = self.tr("⌈{0} / {1}⌉ = <b>{2}</b> optimizer steps per epoch of {3} samples").format(
                f"{steps:,}", f"{c.accumulate:,}", f"{optimizer_steps:,}", f"{c.accumulate * c.batch_size:,}"
            )
            last = short_last_window(c.samples, c.batch_size, c.drop_last, c.accumulate)
            if last is not None:
                accumulated += _aside(
                    self.tr("(the last: {0} iterations, {1} samples, a step too)").format(
                        f"{last[0]:,}", f"{last[1]:,}"
                    )
                )
            lines.append(accumulated)
            steps = optimizer_steps
        epochs = self.tr("1 epoch") if c.epochs == 1 else self.tr("{0} epochs").format(f"{c.epochs:,}")
        lines.append(
            self.tr("{0} × {1} = <b>{2}</b> optimizer.step() calls").format(
                epochs, f"{steps:,}", f"{c.epochs * steps:,}"
            )
        )
        self.arithmetic.setText("<br>".join(lines))

    def _update_worker_arithmetic(self, c: TrainConfig) -> None:
        """K data-parallel workers: each worker's ⌈N/K⌉ samples and the padding DistributedSampler
        repeats, each worker's iterations (and what drop_last drops), the global batch K·B (K·k·B
        with accumulation) and the optimizer steps (core.training.steps)."""
        k, n, b, acc = c.workers, c.samples, c.batch_size, c.accumulate
        share, padding = worker_share(n, k)
        first = self.tr("{0} workers: ⌈{1} / {0}⌉ = <b>{2}</b> samples per worker").format(
            k, f"{n:,}", f"{share:,}"
        )
        if padding == 1:
            first += _aside(self.tr("(1 sample repeated as padding)"))
        elif padding:
            first += _aside(self.tr("({0} samples repeated as padding)").format(f"{padding:,}"))
        else:
            first += _aside(self.tr("(no padding: K divides N)"))
        iterations = steps_per_epoch(share, b, c.drop_last)
        if c.drop_last:
            second = self.tr("⌊{0} / {1}⌋ = <b>{2}</b> iterations per epoch on each worker").format(
                f"{share:,}", f"{b:,}", f"{iterations:,}"
            )
            dropped = share - iterations * b
            if dropped:
                second += _aside(
                    self.tr("({0} samples dropped by each worker, {1} in all)").format(
                        f"{dropped:,}", f"{dropped * k:,}"
                    )
                )
        else:
            second = self.tr("⌈{0} / {1}⌉ = <b>{2}</b> iterations per epoch on each worker").format(
                f"{share:,}", f"{b:,}", f"{iterations:,}"
            )
        if acc > 1:
            batch = self.tr("global batch {0} × {1} × {2} = <b>{3}</b> samples a step").format(
                k, acc, f"{b:,}", f"{k * acc * b:,}"
            )
        else:
            batch = self.tr("global batch {0} × {1} = <b>{2}</b> samples a step").format(
                k, f"{b:,}", f"{k * b:,}"
            )
        lines = [first, second, batch]
        steps = run_steps_per_epoch(c)
        if acc > 1:
            lines.append(
                self.tr("⌈{0} / {1}⌉ = <b>{2}</b> optimizer steps per epoch").format(
                    f"{iterations:,}", f"{acc:,}", f"{steps:,}"
                )
            )
        epochs = self.tr("1 epoch") if c.epochs == 1 else self.tr("{0} epochs").format(f"{c.epochs:,}")
        lines.append(
            self.tr("{0} × {1} = <b>{2}</b> optimizer.step() calls").format(
                epochs, f"{steps:,}", f"{c.epochs * steps:,}"
            )
        )
        self.arithmetic.setText("<br>".join(lines))


def _aside(note: str) -> str:
    """A note in brackets after a sentence: after a space in English, none before a full-width
    bracket (Chinese sets no space before "（")."""
    return note if note.startswith("（") else " " + note
