"""The import dialog: pick a table (CSV and its relatives, compressed or not) or an .npz file, see its
first rows and each column's role, choose the target column, the columns to use (click a column's
title), the task, what to do with missing values, the validation share and standardisation; problems
are shown in the dialog, which stays open. A file larger than SYNC_BYTES is imported on a job thread,
with a progress bar and Cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
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
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.io.importer import (
    MISSING_POLICIES,
    TASKS,
    Cancelled,
    ColumnRole,
    DataImportError,
    ImportedData,
    ImportOptions,
    Preview,
    import_file,
    preview_file,
    source_size,
)
from core.messages import Message
from core.training.config import LIMITS
from gui import theme
from gui.i18n import RetranslatableText, Retranslating, message_text
from gui.settings import RecentFolder
from gui.threads.lazy import LazyJobs

TARGET_COLOUR = QColor(255, 243, 205)
LEFT_OUT_COLOUR = QColor(230, 230, 230)
BAD_CELL_COLOUR = QColor(255, 190, 190)  # the cell a message names
CELL_TEXT_COLOUR = QColor(0, 0, 0)  # on the light colours above, in either theme
SYNC_BYTES = 1 * 2**20  # a file this small is imported at once (well under 0.1 s); larger: a job thread


def named_cell(text) -> tuple[int, int | None] | None:
    """The (file row, 1-based column) a message from core/ names, column None when it names a whole
    row (``row 5 has 3 columns``); None when it names no place in the file."""
    if not isinstance(text, Message):
        return None
    if text.code == "import.cell":
        args = text.arguments
        return int(args["row"]), int(args["column"])
    for _, value in text.args:
        found = named_cell(value)
        if found is not None:
            return found
    row = text.arguments.get("row")
    if text.code.startswith("import.") and isinstance(row, int):
        return row, None
    return None


def describe_preview(preview: Preview) -> str:
    separators = {
        None: QCoreApplication.translate("DataImport", "spaces"),
        ",": QCoreApplication.translate("DataImport", "commas"),
        ";": QCoreApplication.translate("DataImport", "semicolons"),
        "\t": QCoreApplication.translate("DataImport", "tabs"),
        "|": QCoreApplication.translate("DataImport", "vertical bars"),
    }
    if preview.image_shape is not None:  # MNIST: the four IDX files or Keras's mnist.npz
        train, test = preview.split or (0, 0)
        return QCoreApplication.translate(
            "DataImport", "{0} training and {1} test images of {2}×{3} pixels with their labels"
        ).format(f"{train:,}", f"{test:,}", *preview.image_shape)
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

    def __init__(
        self, parent: QWidget | None = None, seed: int = 0, folders: RecentFolder | None = None
    ) -> None:
        super().__init__(parent)
        self.folders = folders if folders is not None else RecentFolder()
        self.setObjectName("importDialog")
        self.resize(760, 560)
        self.preview: Preview | None = None
        self.result: ImportedData | None = None
        self.roles: tuple[ColumnRole, ...] = ()
        self._use: dict[int, bool] = {}  # column -> used (True) or left out (False), as clicked
        self.bad_cell: tuple[int, int | None] | None = None  # (file row, column) the message names
        self._jobs = LazyJobs(self, self._import_done, self._import_failed, self._import_progress)
        self._summary_text = RetranslatableText()
        self._message_text = RetranslatableText()
        layout = QVBoxLayout(self)

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        row = QHBoxLayout()
        self.path = QLineEdit(objectName="importPath")
        self.path.editingFinished.connect(self.refresh_preview)
        self.path.installEventFilter(self)  # Return loads the path typed (not the dialog's default button)
        self.browse = QPushButton(objectName="importBrowse")
        self.browse.setAutoDefault(False)  # Return never opens the file browser
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
        self.missing = QComboBox(objectName="importMissing")
        for value in MISSING_POLICIES:
            self.missing.addItem("", value)
        add_row("missing", self.missing)
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
        self.table.horizontalHeader().sectionClicked.connect(self.toggle_column)
        layout.addWidget(self.table, 1)
        self.roles_label = QLabel(objectName="importRoles")
        self.roles_label.setWordWrap(True)
        layout.addWidget(self.roles_label)
        self.progress = QProgressBar(objectName="importProgress")
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.message = QLabel(objectName="importMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setStyleSheet(f"color: {theme.colours().alert_text};")  # legible in either theme
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
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(self.buttons)
        # Return imports: the button box made Cancel the default (Return in a field closed the dialog)
        self.cancel_button.setAutoDefault(False)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Import data"))
        self.intro.setText(
            self.tr(
                "A table: CSV, tab-, semicolon- or space-separated, also compressed (.gz, .bz2, .xz, .zip), one row per sample, a header row optional; or a NumPy .npz file with arrays x (rows × features) and y (one target per row). Click a column's title to leave it out or to use it. MNIST or Fashion-MNIST from your disk: choose one of its four IDX files (train-images-idx3-ubyte and the others beside it, gzipped or not), type their folder, or choose Keras's mnist.npz; its test images become the validation set."
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
        missing = {
            "drop": self.tr("Drop the rows that have one (empty, NA, N/A, NaN, ?)"),
            "error": self.tr("Refuse the file"),
        }
        for i in range(self.missing.count()):
            self.missing.setItemText(i, missing[self.missing.itemData(i)])
        self.table.horizontalHeader().setToolTip(
            self.tr("Click a column's title to leave it out, or to use a column left out")
        )
        self.table.verticalHeader().setToolTip(self.tr("The file's row numbers, as a message names them"))
        labels = {
            "header": self.tr("&Header"),
            "target": self.tr("&Target column"),
            "task": self.tr("T&ask"),
            "missing": self.tr("&Missing values"),
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
        self._show_roles()

    def _target_text(self, name: str, column: int) -> str:
        return self.tr("{0} (column {1})").format(name, column)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.ok_button.setDefault(True)  # (the button box chooses its own default when it is shown)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            watched is self.path
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.refresh_preview()
            return True
        return super().eventFilter(watched, event)

    # -- the file --------------------------------------------------------------------------------
    def _browse(self) -> None:
        typed = Path(self.path.text().strip()).expanduser().parent if self.path.text().strip() else None
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import data"),
            str(typed)
            if typed is not None and typed.is_absolute() and typed.is_dir()
            else self.folders.start(),
            self.tr(
                "Tables (*.csv *.tsv *.txt *.dat *.gz *.bz2 *.xz *.zip *.npz);;"
                "MNIST, Fashion-MNIST (*-ubyte *-ubyte.gz *.npz);;All files (*)"
            ),
        )
        if name:
            self.folders.remember(name)
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
        self.roles = ()
        self.roles_label.clear()
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
        images = preview.image_shape is not None
        if old is None or (old.image_shape is not None) != images:
            self.standardize.setChecked(not images)  # pixels stay in [0, 1]; a table is standardised
        for field in (self.val_fraction, self.seed):
            field.setEnabled(preview.split is None)  # MNIST: its own test images are the validation set
        self.show_message("")
        self.target.blockSignals(True)
        self.target.clear()
        for j, name in enumerate(preview.columns):
            self.target.addItem(self._target_text(name, j + 1), j + 1)
        # the same target column (and choices of columns) when only the header changed
        if old is None or old.columns != preview.columns:
            self._use = {}
        index = preview.columns.index(previous) if previous in preview.columns else len(preview.columns) - 1
        self.target.setCurrentIndex(index)
        self.target.blockSignals(False)
        self.table.setColumnCount(len(preview.columns))
        self.table.setHorizontalHeaderLabels(list(preview.columns))
        self.table.setRowCount(len(preview.rows))
        # the rows numbered as the file numbers them (the header is row 1), as messages name them
        file_rows = self.file_rows()
        self.table.setVerticalHeaderLabels([str(r) for r in file_rows])
        for i, cells in enumerate(preview.rows):
            for j, cell in enumerate(cells[: len(preview.columns)]):
                self.table.setItem(i, j, QTableWidgetItem(cell))

        def summary() -> str:
            if preview.image_shape is not None:
                first = self.tr("{0}. The first {1} images:")
                return first.format(describe_preview(preview), len(preview.rows))
            header = self.tr("a header row") if preview.has_header else self.tr("no header row")
            return self.tr("{0}; {1}. The first {2} rows:").format(
                describe_preview(preview), header, len(preview.rows)
            )

        self._summary_text.set(summary)
        self.summary.setText(summary())
        self._mark_target()
        self.ok_button.setEnabled(True)

    def file_rows(self) -> list[int]:
        """The file row of each row of the preview (1-based; the header is row 1)."""
        if self.preview is None:
            return []
        n = len(self.preview.rows)
        table = self.preview.table
        if table is not None and len(table.rows) >= n:
            return [int(r) for r in table.rows[:n]]
        return list(range(1 + self.preview.has_header, n + 1 + self.preview.has_header))

    def _mark_target(self) -> None:
        t = self.target.currentIndex()
        self._update_roles()
        used = {j for j, r in enumerate(self.roles) if r.used}
        for i in range(self.table.rowCount()):
            for j in range(self.table.columnCount()):
                item = self.table.item(i, j)
                if item is not None:
                    colour = (
                        TARGET_COLOUR
                        if j == t
                        else (LEFT_OUT_COLOUR if self.roles and j not in used else None)
                    )
                    item.setBackground(QBrush(colour) if colour is not None else QBrush())
                    item.setForeground(QBrush(CELL_TEXT_COLOUR) if colour is not None else QBrush())
        self._mark_bad_cell()

    def _mark_bad_cell(self) -> None:
        """The cell (or row) the message names, in red and scrolled to, when the preview shows it."""
        if self.bad_cell is None or self.preview is None:
            return
        row, column = self.bad_cell
        rows = self.file_rows()
        if row not in rows:
            return
        i = rows.index(row)
        columns = range(self.table.columnCount()) if column is None else [column - 1]
        for j in columns:
            item = self.table.item(i, j)
            if item is not None:
                item.setBackground(QBrush(BAD_CELL_COLOUR))
                item.setForeground(QBrush(CELL_TEXT_COLOUR))
        # scrolled to, not selected: the selection's colour would hide the mark
        self.table.clearSelection()
        item = self.table.item(i, 0 if column is None else column - 1)
        if item is not None:
            self.table.scrollToItem(item, QAbstractItemView.ScrollHint.PositionAtCenter)

    def toggle_column(self, j: int) -> None:
        """Leave column ``j`` out, or use it when it is left out (a click on its title)."""
        if self.preview is None or j == self.target.currentIndex() or not 0 <= j < len(self.roles):
            return
        self._use[j] = not self.roles[j].used
        self._mark_target()

    def _column_options(self) -> dict:
        """``features`` and ``ignore`` for the columns clicked (1-based numbers)."""
        if self.preview is None:
            return {}
        t = self.target.currentIndex()
        try:
            auto = self.preview.roles_for(ImportOptions(target=t + 1))
        except DataImportError:  # the import says what is wrong
            return {}
        used = {j for j, r in enumerate(auto) if r.used and j != t}
        on = {j for j, use in self._use.items() if use and j not in used and j != t}
        off = {j for j, use in self._use.items() if not use and j != t}
        if on:
            return {"features": tuple(j + 1 for j in sorted((used | on) - off))}
        return {"ignore": tuple(j + 1 for j in sorted(off))} if off else {}

    def _update_roles(self) -> None:
        self.roles = ()
        if self.preview is None or self.preview.delimiter == "":
            self._show_roles()
            return
        try:
            self.roles = self.preview.roles_for(
                ImportOptions(target=self.target.currentIndex() + 1, **self._column_options())
            )
        except DataImportError as exc:
            self.show_message(exc.msg)
            self._use = {}
        self._show_roles()

    def role_text(self, role: ColumnRole) -> str:
        words = {
            "target": self.tr("target"),
            "number": self.tr("feature"),
            "one-hot": self.tr("one-hot, {0} values").format(role.values),
            "date": self.tr("date feature"),
            "id": self.tr("left out: an ID"),
            "date-left-out": self.tr("left out: a date"),
            "text": self.tr("left out: text of {0} values").format(role.values),
            "empty": self.tr("left out: empty"),
            "ignored": self.tr("left out"),
            "not-chosen": self.tr("left out"),
        }
        return words[role.role]

    def _show_roles(self) -> None:
        """Each column's role under its name in the table, and the columns left out in a line."""
        if self.preview is None:
            return
        for j, name in enumerate(self.preview.columns):
            text = name if j >= len(self.roles) else f"{name}\n{self.role_text(self.roles[j])}"
            item = self.table.horizontalHeaderItem(j)
            if item is not None:
                item.setText(text)
        left = [r for r in self.roles if not r.used]
        self.roles_label.setText(
            self.tr("Left out: {0}").format("; ".join(f"{r.name} ({message_text(r.reason())})" for r in left))
            if left
            else ""
        )

    def show_message(self, text: Message | str) -> None:
        """A problem from core/, in the dialog, in the current language (empty: none)."""
        self._message_text.set(
            lambda: self.tr("Cannot import: {0}").format(message_text(text)) if text else ""
        )
        self.message.setText(self._message_text())
        self.message.setVisible(bool(text))
        was, self.bad_cell = self.bad_cell, named_cell(text)
        if was != self.bad_cell:
            self._mark_target()  # the colours again: the old bad cell's go, the new one's come

    # -- the import ------------------------------------------------------------------------------
    def options(self) -> ImportOptions:
        return ImportOptions(
            target=self.target.currentData(),
            task=self.task.currentData(),
            header=self.header.currentData(),
            missing=self.missing.currentData(),
            delimiter=self.preview.delimiter if self.preview and self.preview.delimiter != "" else None,
            val_fraction=round(self.val_fraction.value(), 4),
            standardize=self.standardize.isChecked(),
            seed=self.seed.value(),
            **self._column_options(),
        )

    @property
    def busy(self) -> bool:
        """An import runs on the job thread."""
        return self._jobs.busy

    def accept(self) -> None:
        """Import (a file over SYNC_BYTES on the job thread); on a problem, say so and stay open."""
        if self.busy:
            return
        if self.preview is None:
            self.refresh_preview()
            if self.preview is None:
                return
        path, options = self.path.text().strip(), self.options()
        small = source_size(path) <= SYNC_BYTES  # MNIST: its four files together; 0: unreadable, said now
        if small:
            try:
                data = import_file(path, options)
            except DataImportError as exc:
                data = exc
            self._import_done(data)
            return
        runner = self._jobs.runner

        def job(stop):
            try:
                return import_file(path, options, progress=runner.report, stop=stop)
            except DataImportError as exc:  # returned: its message stays a Message
                return exc
            except Cancelled:
                return None

        self.show_message("")
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.ok_button.setEnabled(False)
        runner.start(job)

    def _import_progress(self, share: float) -> None:
        self.progress.setValue(round(100 * share))

    def _import_done(self, data) -> None:
        self.progress.setVisible(False)
        self.ok_button.setEnabled(self.preview is not None)
        if data is None:
            self.show_message(self.tr("the import was cancelled"))
            return
        if isinstance(data, DataImportError):
            self.show_message(data.msg)
            return
        self.result = data
        self.show_message("")
        self.folders.remember(Path(self.path.text().strip()).expanduser().absolute())
        self.imported.emit(data)
        super().accept()

    def _import_failed(self, text: str) -> None:
        self.progress.setVisible(False)
        self.ok_button.setEnabled(self.preview is not None)
        self.show_message(text)

    def reject(self) -> None:
        """Cancel a running import (the dialog stays); else close."""
        if self.busy:
            self._jobs.runner.cancel()
            return
        super().reject()

    def shutdown(self) -> None:
        """Stop a running import and wait for its thread (the window is closing)."""
        self._jobs.shutdown()

    def done(self, result: int) -> None:
        self.shutdown()
        super().done(result)
