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

from core.config import LIMITS
from core.importer import DataImportError, ImportedData, ImportOptions, Preview, import_file, preview_file

TARGET_COLOUR = QColor(255, 243, 205)


def tr(text: str) -> str:
    return QCoreApplication.translate("DataImport", text)


def describe_data(data: ImportedData) -> str:
    """One line for the learner: the file, its rows, features and target."""
    if data.task == "classification":
        kind = tr("{0} classes of {1}").format(data.num_classes, data.target)
    else:
        kind = tr("regression of {0}").format(data.target)
    text = tr("{0}: {1} training + {2} validation rows, {3} features, {4}").format(
        data.source, f"{data.train_rows:,}", f"{data.val_rows:,}", data.features, kind
    )
    return text + (tr(", standardised") if data.mean is not None else "")


def describe_preview(preview: Preview) -> str:
    separators = {
        None: tr("spaces"),
        ",": tr("commas"),
        ";": tr("semicolons"),
        "\t": tr("tabs"),
        "|": tr("vertical bars"),
    }
    if preview.delimiter == "":
        return tr("{0} columns from the arrays x and y").format(len(preview.columns))
    return tr("{0} columns separated by {1}").format(len(preview.columns), separators[preview.delimiter])


class ImportDialog(QDialog):
    """``imported`` fires with the :class:`core.importer.ImportedData` when the import succeeds."""

    imported = Signal(object)

    def __init__(self, parent: QWidget | None = None, seed: int = 0) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("Import data"))
        self.resize(760, 560)
        self.preview: Preview | None = None
        self.result: ImportedData | None = None
        layout = QVBoxLayout(self)

        intro = QLabel(
            self.tr(
                "A CSV table (one row per sample; a header row is optional) or a NumPy .npz file with arrays x (rows × features) and y (one target per row)."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.path = QLineEdit(objectName="importPath")
        self.path.setPlaceholderText(self.tr("File to import"))
        self.path.editingFinished.connect(self.refresh_preview)
        browse = QPushButton(self.tr("&Browse…"), objectName="importBrowse")
        browse.clicked.connect(self._browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout.addLayout(row)

        form = QFormLayout()
        self.header = QComboBox(objectName="importHeader")
        self.header.addItem(self.tr("Detect"), None)
        self.header.addItem(self.tr("First row is a header"), True)
        self.header.addItem(self.tr("No header"), False)
        self.header.currentIndexChanged.connect(self.refresh_preview)
        form.addRow(self.tr("&Header"), self.header)
        self.target = QComboBox(objectName="importTarget")
        self.target.currentIndexChanged.connect(self._mark_target)
        form.addRow(self.tr("&Target column"), self.target)
        self.task = QComboBox(objectName="importTask")
        self.task.addItem(self.tr("Detect (text or a few whole numbers: classes)"), "auto")
        self.task.addItem(self.tr("Classification (labels → classes 0 … K−1)"), "classification")
        self.task.addItem(self.tr("Regression (a number to predict)"), "regression")
        form.addRow(self.tr("T&ask"), self.task)
        self.val_fraction = QDoubleSpinBox(objectName="importValFraction")
        self.val_fraction.setRange(0.05, 0.5)
        self.val_fraction.setSingleStep(0.05)
        self.val_fraction.setValue(0.2)
        self.val_fraction.setToolTip(
            self.tr("The share of rows kept apart for validation, drawn with the seed")
        )
        form.addRow(self.tr("&Validation share"), self.val_fraction)
        self.seed = QSpinBox(objectName="importSeed")
        self.seed.setRange(int(LIMITS["seed"][0]), int(LIMITS["seed"][1]))
        self.seed.setValue(seed)
        form.addRow(self.tr("Split &seed"), self.seed)
        self.standardize = QCheckBox(
            self.tr("Standardise the features (mean 0, std 1, fitted on the training rows only)"),
            objectName="importStandardize",
        )
        self.standardize.setChecked(True)
        self.standardize.setToolTip(
            self.tr(
                "Features on very different scales make one learning rate too big for some and too small for others."
            )
        )
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
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Import"))
        self.ok_button.setObjectName("importOk")
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

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
        self.preview = None
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        self.summary.clear()
        self.ok_button.setEnabled(False)
        if not text:
            return
        try:
            preview = preview_file(text, header=self.header.currentData())
        except DataImportError as exc:
            self.show_message(str(exc))
            return
        self.preview = preview
        self.header.setEnabled(preview.delimiter != "")  # an .npz file has no header row
        self.show_message("")
        previous = self.target.currentText()
        self.target.blockSignals(True)
        self.target.clear()
        for j, name in enumerate(preview.columns):
            self.target.addItem(self.tr("{0} (column {1})").format(name, j + 1), j + 1)
        kept = previous.rsplit(" (column", 1)[0]  # the same target column when only the header changed
        index = preview.columns.index(kept) if kept in preview.columns else len(preview.columns) - 1
        self.target.setCurrentIndex(index)
        self.target.blockSignals(False)
        self.table.setColumnCount(len(preview.columns))
        self.table.setHorizontalHeaderLabels(list(preview.columns))
        self.table.setRowCount(len(preview.rows))
        for i, cells in enumerate(preview.rows):
            for j, cell in enumerate(cells[: len(preview.columns)]):
                self.table.setItem(i, j, QTableWidgetItem(cell))
        header = self.tr("a header row") if preview.has_header else self.tr("no header row")
        self.summary.setText(
            self.tr("{0}; {1}. The first {2} rows:").format(
                describe_preview(preview), header, len(preview.rows)
            )
        )
        self._mark_target()
        self.ok_button.setEnabled(True)

    def _mark_target(self) -> None:
        t = self.target.currentIndex()
        for i in range(self.table.rowCount()):
            for j in range(self.table.columnCount()):
                item = self.table.item(i, j)
                if item is not None:
                    item.setBackground(QBrush(TARGET_COLOUR) if j == t else QBrush())

    def show_message(self, text: str) -> None:
        """A problem, in the dialog (empty: none)."""
        self.message.setText(self.tr("Cannot import: {0}").format(text) if text else "")
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
            self.show_message(str(exc))
            return
        finally:
            self.unsetCursor()
        self.result = data
        self.show_message("")
        self.imported.emit(data)
        super().accept()
