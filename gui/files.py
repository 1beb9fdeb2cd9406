"""The File menu's work: import data, open and save a config or a workspace, export a run's history
and a plot. Every write is atomic (temporary file, fsync, rename); every problem is one message and
leaves what is open, and what is on disk, as it was.

The file choosers and the message box go through :meth:`FileActions.ask_open_path`,
:meth:`~FileActions.ask_save_path` and :meth:`~FileActions.show_error`, so that tests can answer
them without a native dialog.
"""

from __future__ import annotations

import sys
import weakref
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pyqtgraph as pg
from pyqtgraph.exporters import ImageExporter, SVGExporter
from PySide6.QtCore import QBuffer, QIODevice, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QInputDialog, QMenu, QMessageBox

from core.io.export import atomic_write_bytes, write_config, write_result
from core.messages import Message, MessageError
from core.session.state import RunState
from core.training.config import DEFAULT_MOMENTUM, ConfigError, TrainConfig
from gui.i18n import message_text
from gui.settings import RecentFolder

if TYPE_CHECKING:
    from core.experiments.runs import RunRecord
    from core.io.workspace import Workspace
    from gui.panels.data_import import ImportDialog

SUFFIX = ".sgdlab"  # core.io.workspace.SUFFIX (that module imports torch: loaded on first use)


class FileActions(QObject):
    """The File menu's actions for one :class:`gui.main_window.MainWindow`."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.import_dialog: ImportDialog | None = None
        self.message_box: QMessageBox | None = None
        # dialogs open in the last folder used, else the documents folder (never the app's own)
        # (through a weak reference: a cycle through the window would leave its fate to the collector)
        window_ref = weakref.ref(window)
        self.folders = RecentFolder(lambda: getattr(window_ref(), "preferences", None))

        def action(slot, name: str, keys: QKeySequence | None = None) -> QAction:
            a = QAction(window)
            a.setObjectName(name)
            if keys is not None:
                a.setShortcut(keys)
            a.triggered.connect(slot)
            window.addAction(a)
            return a

        self.import_action = action(self.import_data, "importDataAction", QKeySequence("Ctrl+I"))
        self.open_workspace_action = action(
            self.open_workspace, "openWorkspaceAction", QKeySequence.StandardKey.Open
        )
        self.save_workspace_action = action(
            self.save_workspace, "saveWorkspaceAction", QKeySequence.StandardKey.Save
        )
        self.open_config_action = action(self.open_config, "openConfigAction")
        self.save_config_action = action(self.save_config, "saveConfigAction")
        self.export_history_action = action(self.export_history, "exportHistoryAction")
        self.export_plot_action = action(self.export_plot, "exportPlotAction")
        self.export_script_action = action(self.export_script, "exportScriptAction")
        window.state_changed.connect(self._on_state)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """The actions' texts in the current language (the window calls this on a language change:
        a QObject gets no LanguageChange event of its own)."""
        self.import_action.setText(self.tr("&Import data…"))
        self.open_workspace_action.setText(self.tr("&Open workspace…"))
        self.save_workspace_action.setText(self.tr("&Save workspace…"))
        self.open_config_action.setText(self.tr("Open &config…"))
        self.save_config_action.setText(self.tr("Save co&nfig…"))
        self.export_history_action.setText(self.tr("Export run &history (CSV, JSON)…"))
        self.export_plot_action.setText(self.tr("Export &plot (PNG, SVG)…"))
        self.export_script_action.setText(self.tr("Export PyTorch scrip&t…"))

    def add_to(self, menu: QMenu) -> None:
        """Put the actions at the top of the File menu."""
        first = menu.actions()[0] if menu.actions() else None
        groups = (
            (self.import_action,),
            (self.open_workspace_action, self.save_workspace_action),
            (self.open_config_action, self.save_config_action),
            (self.export_history_action, self.export_plot_action, self.export_script_action),
        )
        for group in groups:
            for a in group:
                menu.insertAction(first, a)
            menu.insertSeparator(first)

    def _on_state(self, state: str) -> None:
        idle = state == RunState.IDLE
        for a in (self.import_action, self.open_workspace_action, self.open_config_action):
            a.setEnabled(idle)  # what changes the data or the settings waits for the run to end

    # -- dialogs (tests replace these) -----------------------------------------------------------
    def ask_open_path(self, title: str, filters: str) -> str:
        name, _ = QFileDialog.getOpenFileName(self.window, title, self.folders.start(), filters)
        self.folders.remember(name)
        return name

    def ask_save_path(self, title: str, filters: str, suggested: str = "") -> str:
        name, _ = QFileDialog.getSaveFileName(self.window, title, self.folders.suggest(suggested), filters)
        self.folders.remember(name)
        return name

    def confirm_overwrite(self, title: str, paths: list[Path]) -> bool:
        """Whether to replace these existing files (asked before anything is written)."""
        names = "\n".join(str(p) for p in paths)
        text = self.tr("These files exist already:\n{0}\n\nReplace them?").format(names)
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel
        answer = QMessageBox.question(self.window, title, text, buttons, QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def choose(self, title: str, label: str, items: list[str]) -> int | None:
        """The index of the item the learner picks (None: cancelled); one item needs no question."""
        if len(items) == 1:
            return 0
        text, ok = QInputDialog.getItem(self.window, title, label, items, 0, False)
        return items.index(text) if ok else None

    def show_error(self, title: str, text: str) -> None:
        """A message box that does not block (the window stays usable), plus the status line."""
        if self.message_box is not None:
            self.message_box.close()
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("fileMessage")
        box.open()
        self.message_box = box
        self.window.set_status(text)

    def _status(self, text) -> None:
        """The window's status line: a text, or a function making it in the current language."""
        self.window.set_status(text)

    # -- importing data --------------------------------------------------------------------------
    def import_data(self) -> ImportDialog | None:
        """Open the import dialog (window-modal, not blocking)."""
        if self.window.state != RunState.IDLE:
            return None
        if self.import_dialog is not None:
            self.import_dialog.shutdown()
            self.import_dialog.close()
        from gui.panels.data_import import ImportDialog

        dialog = ImportDialog(self.window, seed=self.window.controls.seed.value(), folders=self.folders)
        dialog.imported.connect(self.apply_imported)
        dialog.open()
        self.import_dialog = dialog
        return dialog

    def apply_imported(self, data) -> None:
        """Make ``data`` the window's data: the dataset list shows it, the sample count is its rows."""
        from gui.widgets import describe_data

        self.window.session.set_imported(data)
        batch = self.window.controls.batch
        notes = list(data.notes)
        if batch.value() > data.train_rows:  # a small table: the whole training set in one batch
            notes.append(Message("import.batch_reduced", batch=batch.value(), train=data.train_rows))
            batch.setValue(data.train_rows)

        def status() -> str:
            text = self.tr("Imported {0}").format(describe_data(data))
            return " — ".join([text, *(message_text(n) for n in notes)])

        self._status(status)

    def shutdown(self) -> None:
        """Stop an import that runs on its job thread (the window is closing)."""
        if self.import_dialog is not None:
            self.import_dialog.shutdown()

    # -- configs ---------------------------------------------------------------------------------
    def open_config(self) -> bool:
        path = self.ask_open_path(self.tr("Open config"), self.tr("SGD Lab config (*.json);;All files (*)"))
        return bool(path) and self.open_config_from(path)

    def open_config_from(self, path: str | Path) -> bool:
        """Load a config JSON (the one ``--config`` reads) into the controls; a bad one is refused."""
        try:
            keys: set[str] = set()
            config = TrainConfig.load(path, keys)
            if "momentum" not in keys:  # β not in the file: the optimizer's default, as on the command line
                config = config.replace(momentum=DEFAULT_MOMENTUM.get(config.optimizer, config.momentum))
            config = self.window.session.catalogue.validate(config)
        except ConfigError as exc:
            self.show_error(
                self.tr("Cannot open the config"),
                self.tr("{0}: {1}").format(Path(path).name, f"{exc.field}: {message_text(exc.msg)}"),
            )
            return False
        self.window.session.set_draft(config)
        self._status(lambda: self.tr("Opened the config {0}").format(Path(path).name))
        return True

    def save_config(self) -> bool:
        path = self.ask_save_path(self.tr("Save config"), self.tr("SGD Lab config (*.json)"), "config.json")
        return bool(path) and self.save_config_to(_with_suffix(path, ".json"))

    def save_config_to(self, path: str | Path) -> bool:
        config = self.window.session.draft
        problems = self.window.session.errors()
        if problems:
            self.show_error(
                self.tr("Cannot save the config"),
                self.tr("The settings are not valid yet: {0}").format(
                    f"{problems[0].field}: {message_text(problems[0].msg)}"
                ),
            )
            return False
        return self._write(
            path,
            lambda p: write_config(config, p),
            lambda name: self.tr("Saved the config to {0}").format(name),
        )

    # -- the workspace ---------------------------------------------------------------------------
    def save_workspace(self) -> bool:
        path = self.ask_save_path(
            self.tr("Save workspace"),
            self.tr("SGD Lab workspace (*{0})").format(SUFFIX),
            f"workspace{SUFFIX}",
        )
        return bool(path) and self.save_workspace_to(_with_suffix(path, SUFFIX))

    def workspace(self) -> Workspace:
        """What the window holds now."""
        from core.io.workspace import Workspace

        session = self.window.session
        return Workspace(session.draft, list(session.runs.records), session.catalogue.imported)

    def save_workspace_to(self, path: str | Path) -> bool:
        from core.io.workspace import save_workspace

        ws = self.workspace()
        return self._write(
            path,
            lambda p: save_workspace(ws, p),
            lambda name: self.tr("Saved the workspace to {0}").format(name),
        )

    def open_workspace(self) -> bool:
        path = self.ask_open_path(
            self.tr("Open workspace"), self.tr("SGD Lab workspace (*{0});;All files (*)").format(SUFFIX)
        )
        return bool(path) and self.open_workspace_from(path)

    def open_workspace_from(self, path: str | Path) -> bool:
        """Replace the settings and the runs with a workspace file's; a bad file changes nothing."""
        if self.window.state != RunState.IDLE:
            return False
        from core.io.workspace import WorkspaceError, load_workspace

        try:
            ws = load_workspace(path)
        except WorkspaceError as exc:
            self.show_error(
                self.tr("Cannot open the workspace"),
                self.tr("{0}: {1}. Nothing was changed.").format(Path(path).name, message_text(exc.msg)),
            )
            return False
        if ws.data is not None:
            self.window.session.set_imported(ws.data)
        self.window.session.set_draft(ws.config)
        self.window.set_run_records(ws.runs)
        if ws.runs:
            self.window.show_result(ws.runs[-1].result)
        runs = len(ws.runs)
        self._status(lambda: self.tr("Opened the workspace {0}: {1} runs").format(Path(path).name, runs))
        return True

    # -- exports ---------------------------------------------------------------------------------
    def _pick_run(self, title: str):
        records: list[RunRecord] = list(self.window.run_records)
        if not records:
            last = self.window.session.last_result
            if last is None:
                self.show_error(title, self.tr("There is no run to export yet: train one first."))
            return last
        names = [r.name for r in reversed(records)]
        index = self.choose(title, self.tr("Run:"), names)
        return None if index is None else records[len(records) - 1 - index].result

    def export_history(self) -> bool:
        title = self.tr("Export run history")
        result = self._pick_run(title)
        if result is None:
            return False
        path = self.ask_save_path(title, self.tr("CSV, one row per step (*.csv);;JSON, as the command line writes (*.json)"), "run.csv")  # fmt: skip
        return bool(path) and self.export_history_to(result, _with_suffix(path, ".csv", (".csv", ".json")))

    def export_history_to(self, result, path: str | Path) -> bool:
        """The result as CSV or JSON (by the suffix), the command line's schema."""
        return self._write(
            path,
            lambda p: write_result(result, p),
            lambda name: self.tr("Exported the run's history to {0}").format(name),
        )

    def plots(self) -> list[tuple[str, pg.PlotWidget]]:
        """The window's plots, named for the learner."""
        w = self.window
        named = [
            (self.tr("Mini-batch loss"), w.loss_plot),
            (self.tr("Loss per epoch"), w.epoch_plot),
            (self.tr("Validation accuracy"), w.accuracy_plot),
        ]
        known = {id(p) for _, p in named}
        for plot in w.findChildren(pg.PlotWidget):
            if id(plot) not in known:
                named.append(
                    (plot.getPlotItem().titleLabel.text or _dock_title(plot) or self.tr("Plot"), plot)
                )
        return named

    def export_plot(self) -> bool:
        title = self.tr("Export plot")
        plots = self.plots()
        index = self.choose(title, self.tr("Plot:"), [name for name, _ in plots])
        if index is None:
            return False
        path = self.ask_save_path(title, self.tr("PNG image (*.png);;SVG drawing (*.svg)"), "plot.png")
        return bool(path) and self.export_plot_to(
            plots[index][1], _with_suffix(path, ".png", (".png", ".svg"))
        )

    def export_plot_to(self, plot: pg.PlotWidget, path: str | Path) -> bool:
        """A plot as PNG or SVG (by the suffix), with pyqtgraph's exporters."""
        return self._write(path, lambda p: atomic_write_bytes(p, plot_bytes(plot, Path(p).suffix)), lambda name: self.tr("Exported the plot to {0}").format(name))  # fmt: skip

    def export_script(self) -> bool:
        """File → Export PyTorch script…: the draft's settings as a standalone script."""
        title = self.tr("Export PyTorch script")
        if not self._settings_valid(title):
            return False
        path = self.ask_save_path(title, self.tr("Python script (*.py)"), "run.py")
        # the file dialog has asked about the name chosen; an added suffix or the .npz beside it not yet
        return bool(path) and self.export_script_to(_with_suffix(path, ".py"), asked=Path(path))

    def export_script_to(self, path: str | Path, asked: Path | None = None) -> bool:
        """The script of the draft's settings (with its data in an .npz beside it for the shipped
        digits or an imported table); existing files are replaced only when the learner agrees."""
        from core.io.script import export_script, script_outputs

        title = self.tr("Export PyTorch script")
        if not self._settings_valid(title):
            return False
        session = self.window.session
        config = session.draft
        path = Path(path)
        existing = [p for p in script_outputs(path, config) if (p.exists() or p.is_symlink()) and p != asked]
        if existing and not self.confirm_overwrite(title, existing):
            return False
        dataset = session.catalogue.dataset_for_run(config)
        return self._write(
            path,
            lambda p: export_script(config, p, dataset),
            lambda name: self.tr("Exported the PyTorch script to {0}").format(name),
        )

    def _settings_valid(self, title: str) -> bool:
        """True when the draft is valid; else one message saying what is not."""
        problems = self.window.session.errors()
        if problems:
            self.show_error(
                title,
                self.tr("The settings are not valid yet: {0}").format(
                    f"{problems[0].field}: {message_text(problems[0].msg)}"
                ),
            )
        return not problems

    def _write(self, path: str | Path, write, done) -> bool:
        """Write with ``write(path)``; ``done(name)`` makes the status text once it is written."""
        path = Path(path)
        try:
            write(path)
        except (OSError, ValueError) as exc:  # ValueError: what cannot be written (a MessageError says why)
            if isinstance(exc, OSError):
                reason = exc.strerror or str(exc)
            else:
                reason = message_text(exc.msg) if isinstance(exc, MessageError) else str(exc)
            self.show_error(
                self.tr("Cannot write the file"),
                self.tr("Cannot write {0}: {1}. Any earlier file of that name is unchanged.").format(
                    path, reason
                ),
            )
            return False
        self._status(lambda: done(path.name))
        return True


def plot_bytes(plot: pg.PlotWidget, suffix: str) -> bytes:
    """The plot drawn as an SVG document (``.svg``) or a PNG image (anything else)."""
    item = plot.getPlotItem()
    if suffix.lower() == ".svg":
        with _closed_paths_readable():
            return SVGExporter(item).export(toBytes=True)
    image = ImageExporter(item).export(toBytes=True)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError("the plot could not be drawn as PNG")
    return bytes(buffer.data())


@contextmanager
def _closed_paths_readable():
    """pyqtgraph's SVG exporter (0.14) reads a path's data as "x,y" pairs only, but Qt 6 ends a
    closed path with a "Z" command, which stops the export with a ValueError. While it runs, take
    each Z out before the coordinates are transformed and put it back at its place after."""
    module = sys.modules[SVGExporter.__module__]
    original = module.correctCoordinates

    def tolerant(node, defs, item, options):
        closed = []
        for path in node.getElementsByTagName("path"):
            tokens = path.getAttribute("d").split()
            if "Z" in tokens or "z" in tokens:
                at = [i - k for k, i in enumerate(j for j, t in enumerate(tokens) if t in ("Z", "z"))]
                path.setAttribute("d", " ".join(t for t in tokens if t not in ("Z", "z")))
                closed.append((path, at))
        original(node, defs, item, options)
        for path, at in closed:
            tokens = path.getAttribute("d").split()
            for offset, i in enumerate(at):
                tokens.insert(i + offset, "Z")
            path.setAttribute("d", " ".join(tokens))

    module.correctCoordinates = tolerant
    try:
        yield
    finally:
        module.correctCoordinates = original


def _dock_title(widget) -> str:
    """The title of the dock a widget sits in ("" if none)."""
    while widget is not None and not isinstance(widget, QDockWidget):
        widget = widget.parentWidget()
    return widget.windowTitle() if widget is not None else ""


def _with_suffix(path: str, default: str, allowed: tuple[str, ...] | None = None) -> Path:
    p = Path(path)
    if p.suffix.lower() in (allowed or (default,)):
        return p
    return p.with_name(p.name + default)
