"""The import dialog: pick a CSV or .npz file, see its first rows, choose the target column, the task,
the validation share and standardisation; problems are shown in the dialog, which stays open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.io.importer import (
    TASKS,
    DataImportError,
    ImportedData,
    ImportOptions,
    Preview,
    import_file,
    preview_file,
)
from core.messages import Message
from core.training.config import LIMITS
from gui.i18n import RetranslatableText, Retranslating, message_text

TARGET_COLOUR = QColor(255, 243, 205)


def describe_preview(preview: Preview) -> str:
    separators = {
        None: QCoreApplication.translate("DataImport", "spaces"),
        ",": QCoreApplication.translate("DataImport", "commas"),
        ";": QCoreApplication.translate("DataImport", "semicolons"),
        "\t": QCoreApplication.translate("DataImport", "tabs"),
        "|": QCoreApplication.translate("DataImport", "vertical bars"),
    }
    if preview.delimiter == "":
        return QCoreApplication.translate("DataImport", "{0} columns from the arrays x and y").format(
            len(preview.columns)
        )
    return QCoreApplication.translate("DataImport", "{0} columns separated by {1}").format(
        len(preview.columns), separators[preview.delimiter]
    )


class ImportDialog(Retranslating, QDialog):
    """``imported`` fires with the :class:`core.io.importer.ImportedData` when the import succeeds."""

    imported = Signal(object)

    def __init__(self, parent: QWidget | None = None, seed: int = 0) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.resize(760, 560)
        self.preview: Preview | None = None
        self.result: ImportedData | None = None
        self._summary_text = RetranslatableText()
        self._message_text = RetranslatableText()
        layout = QVBoxLayout(self)

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        row = QHBoxLayout()
        self.path = QLineEdit(objectName="importPath")
        self.path.editingFinished.connect(self.refresh_preview)
        self.browse = QPushButton(objectName="importBrowse")
        self.browse.clicked.connect(self._browse)
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        layout.addLayout(row)

        form = QFormLayout()
        self.form_labels: dict[str, QLabel] = {}

        def add_row(key: str, field: QWidget) -> None:
            label = QLabel()
            label.setBuddy(field)
            self.form_labels[key] = label
            form.addRow(label, field)

        self.header = QComboBox(objectName="importHeader")
        for value in (None, True, False):
            self.header.addItem("", value)
        self.header.currentIndexChanged.connect(self.refresh_preview)
        add_row("header", self.header)
        self.target = QComboBox(objectName="importTarget")
        self.target.currentIndexChanged.connect(self._mark_target)
        add_row("target", self.target)
        self.task = QComboBox(objectName="importTask")
        for value in TASKS:
            self.task.addItem("", value)
        add_row("task", self.task)
        self.val_fraction = QDoubleSpinBox(objectName="importValFraction")
        self.val_fraction.setRange(0.05, 0.5)
        self.val_fraction.setSingleStep(0.05)
        self.val_fraction.setValue(0.2)
        add_row("val_fraction", self.val_fraction)
        self.seed = QSpinBox(objectName="importSeed")
        self.seed.setRange(int(LIMITS["seed"][0]), int(LIMITS["seed"][1]))
        self.seed.setValue(seed)
        add_row("seed", self.seed)
        self.standardize = QCheckBox(objectName="importStandardize")
        self.standardize.setChecked(True)
        form.addRow(self.standardize)
        layout.addLayout(form)

        self.summary = QLabel(objectName="importSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(objectName="importPreview")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table, 1)
        self.message = QLabel(objectName="importMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setStyleSheet("color: #8a1c13;")
        self.message.setVisible(False)
        layout.addWidget(self.message)
        # not the standard Ok button: the button box would set that one back to "OK" on a language change
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.ok_button.setObjectName("importOk")
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Import data"))
        self.intro.setText(
            self.tr(
                "A CSV table (one row per sample; a header row is optional) or a NumPy .npz file with arrays x (rows × features) and y (one target per row)."
            )
        )
        self.path.setPlaceholderText(self.tr("File to import"))
        self.browse.setText(self.tr("&Browse…"))
        headers = {
            None: self.tr("Detect"),
            True: self.tr("First row is a header"),
            False: self.tr("No header"),
        }
        for i in range(self.header.count()):
            self.header.setItemText(i, headers[self.header.itemData(i)])
        tasks = {
            "auto": self.tr("Detect (text or a few whole numbers: classes)"),
            "classification": self.tr("Classification (labels → classes 0 … K−1)"),
            "regression": self.tr("Regression (a number to predict)"),
        }
        for i in range(self.task.count()):
            self.task.setItemText(i, tasks[self.task.itemData(i)])
        labels = {
            "header": self.tr("&Header"),
            "target": self.tr("&Target column"),
            "task": self.tr("T&ask"),
            "val_fraction": self.tr("&Validation share"),
            "seed": self.tr("Split &seed"),
        }
        for key, label in self.form_labels.items():
            label.setText(labels[key])
        self.val_fraction.setToolTip(
            self.tr("The share of rows kept apart for validation, drawn with the seed")
        )
        self.standardize.setText(
            self.tr("Standardise the features (mean 0, std 1, fitted on the training rows only)")
        )
        self.standardize.setToolTip(
            self.tr(
                "Features on very different scales make one learning rate too big for some and too small for others."
            )
        )
        self.ok_button.setText(self.tr("&Import"))
        if self.preview is not None:
            for i, name in enumerate(self.preview.columns):
                self.target.setItemText(i, self._target_text(name, i + 1))
        self.summary.setText(self._summary_text())
        self.message.setText(self._message_text())

    def _target_text(self, name: str, column: int) -> str:
        return self.tr("{0} (column {1})").format(name, column)

    # -- the file --------------------------------------------------------------------------------
    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import data"),
            str(Path(self.path.text()).parent) if self.path.text() else "",
            self.tr("Tables (*.csv *.tsv *.txt *.npz);;All files (*)"),
        )
        if name:
            self.set_path(name)

    def set_path(self, path: str | Path) -> None:
        """Choose a file and show its first rows."""
        self.path.setText(str(path))
        self.refresh_preview()

    def refresh_preview(self) -> None:
        """Read the first rows again (after the file or the header choice changed)."""
        text = self.path.text().strip()
        old = self.preview
        previous = (
            old.columns[self.target.currentIndex()]
            if old and 0 <= self.target.currentIndex() < len(old.columns)
            else None
        )
        self.preview = None
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        self._summary_text.set("")
        self.summary.clear()
        self.ok_button.setEnabled(False)
        if not text:
            return
        try:
            preview = preview_file(text, header=self.header.currentData())
        except DataImportError as exc:
            self.show_message(exc.msg)
            return
        self.preview = preview
        self.header.setEnabled(preview.delimiter != "")  # an .npz file has no header row
        self.show_message("")
        self.target.blockSignals(True)
        self.target.clear()
        for j, name in enumerate(preview.columns):
            self.target.addItem(self._target_text(name, j + 1), j + 1)
        # the same target column when only the header changed
        index = preview.columns.index(previous) if previous in preview.columns else len(preview.columns) - 1
        self.target.setCurrentIndex(index)
        self.target.blockSignals(False)
        self.table.setColumnCount(len(preview.columns))
        self.table.setHorizontalHeaderLabels(list(preview.columns))
        self.table.setRowCount(len(preview.rows))
        for i, cells in enumerate(preview.rows):
            for j, cell in enumerate(cells[: len(preview.columns)]):
                self.table.setItem(i, j, QTableWidgetItem(cell))

        def summary() -> str:
            header = self.tr("a header row") if preview.has_header else self.tr("no header row")
            return self.tr("{0}; {1}. The first {2} rows:").format(
                describe_preview(preview), header, len(preview.rows)
            )

        self._summary_text.set(summary)
        self.summary.setText(summary())
        self._mark_target()
        self.ok_button.setEnabled(True)

    def _mark_target(self) -> None:
        t = self.target.currentIndex()
        for i in range(self.table.rowCount()):
            for j in range(self.table.columnCount()):
                item = self.table.item(i, j)
                if item is not None:
                    item.setBackground(QBrush(TARGET_COLOUR) if j == t else QBrush())

    def show_message(self, text: Message | str) -> None:
        """A problem from core/, in the dialog, in the current language (empty: none)."""
        self._message_text.set(
            lambda: self.tr("Cannot import: {0}").format(message_text(text)) if text else ""
        )
        self.message.setText(self._message_text())
        self.message.setVisible(bool(text))

    # -- the import ------------------------------------------------------------------------------
    def options(self) -> ImportOptions:
        return ImportOptions(
            target=self.target.currentData(),
            task=self.task.currentData(),
            header=self.header.currentData(),
            delimiter=self.preview.delimiter if self.preview and self.preview.delimiter != "" else None,
            val_fraction=round(self.val_fraction.value(), 4),
            standardize=self.standardize.isChecked(),
            seed=self.seed.value(),
        )

    def accept(self) -> None:
        """Import; on a problem, say so and stay open."""
        if self.preview is None:
            self.refresh_preview()
            if self.preview is None:
                return
        self.setCursor(Qt.CursorShape.WaitCursor)
        try:
            data = import_file(self.path.text().strip(), self.options())
        except DataImportError as exc:
            self.show_message(exc.msg)
            return
        finally:
            self.unsetCursor()
        self.result = data
        self.show_message("")
        self.imported.emit(data)
        super().accept()
