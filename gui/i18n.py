"""Languages: English (the source text) and Simplified Chinese, through Qt's translation system.

Every user-visible string is written in English inside ``self.tr(...)`` (or
``QCoreApplication.translate``); ``resources/translations/sgd_lab_zh_CN.ts`` holds the Chinese, and
``make translations`` refreshes it (``pyside6-lupdate``) and compiles the ``.qm`` the app loads
(``pyside6-lrelease``). Widgets set their texts in ``retranslate_ui()``, which runs again on
``QEvent.LanguageChange``: switching the language needs no restart.

Messages made in ``core/`` (engine results, configuration errors) are English sentences with
numbers in them; :func:`core_text` translates them here, so that ``core/`` stays free of Qt.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QWidget

from core.io.resources import resource_path

TRANSLATIONS = resource_path("translations")
SYSTEM = "system"
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}  # each named in its own language, never translated
APP_CATALOGUE = "sgd_lab"  # resources/translations/sgd_lab_<code>.qm, from gui/ by lupdate
PLOT_CATALOGUE = "pyqtgraph"  # pyqtgraph's plot menus and export dialog, kept by hand

_installed: list[QTranslator] = []
_current = "en"


def system_language() -> str:
    """``zh_CN`` when the system's locale is Chinese, else ``en``."""
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def resolve(choice: str) -> str:
    """The language code for a choice: ``en``, ``zh_CN``, or ``system`` (the locale's)."""
    return choice if choice in LANGUAGES else system_language()


def current_language() -> str:
    """The language the window speaks now (``en`` or ``zh_CN``)."""
    return _current


def set_language(choice: str, directory: Path | None = None) -> str:
    """Install the translators for ``choice`` (``en``, ``zh_CN`` or ``system``) on the application;
    every widget then gets ``QEvent.LanguageChange``. Returns the language in use: ``en`` when the
    compiled catalogue is missing (run ``make translations``)."""
    global _current
    app = QCoreApplication.instance()
    code = resolve(choice)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if code != "en":
        ours = QTranslator(app)
        if not ours.load(f"{APP_CATALOGUE}_{code}", str(directory or TRANSLATIONS)):
            code = "en"
        else:
            qt = QTranslator(app)  # Qt's own texts: standard buttons, About Qt
            if qt.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                _installed.append(qt)
            plots = QTranslator(app)
            if plots.load(f"{PLOT_CATALOGUE}_{code}", str(directory or TRANSLATIONS)):
                _installed.append(plots)
            _installed.append(ours)
    for translator in _installed:
        app.installTranslator(translator)
    _current = code
    return code


def plain(text: str) -> str:
    """An action's text for a button: without its accelerator (``&Start`` → ``Start``,
    ``开始(&S)`` → ``开始``)."""
    return re.sub(r"\(&\w\)", "", text).replace("&", "")


class Retranslating:
    """Mixin for widgets (put it before the Qt class): ``retranslate_ui()`` runs again whenever the
    language changes."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        raise NotImplementedError


def retranslate_plot_menus(view: QWidget) -> None:
    """pyqtgraph sets the texts of its context menus once; set them again in the current language
    for every plot in ``view`` (a pyqtgraph GraphicsView). The texts are pyqtgraph's own, so they
    are looked up in its contexts (resources/translations/pyqtgraph_*.ts), not written here."""
    import pyqtgraph as pg

    def text(context: str, source: str) -> str:  # a variable, so lupdate leaves it to pyqtgraph's .ts
        return QCoreApplication.translate(context, source)

    scene = view.scene()
    for action in getattr(scene, "contextMenu", []):
        action.setText(text("GraphicsScene", "Export..."))
    form = QWidget()  # the templates' retranslateUi titles a form; ours is a throwaway
    for item in scene.items():
        menu = getattr(item, "menu", None) if isinstance(item, pg.ViewBox) else None
        if menu is not None and hasattr(menu, "mouseModes"):
            menu.setTitle(text("ViewBox", "ViewBox options"))
            menu.viewAll.setText(text("ViewBox", "View All"))
            submenus = [a.menu() for a in menu.actions() if a.menu() is not None]
            for axis, submenu in zip("XY", submenus[:2], strict=False):
                submenu.setTitle(f"{axis} {text('ViewBox', 'axis')}")
            if len(submenus) > 2:
                submenus[2].setTitle(text("ViewBox", "Mouse Mode"))
            for ui in menu.ctrl:
                ui.retranslateUi(form)
            for action, name in zip(menu.mouseModes, ("3 button", "1 button"), strict=True):
                action.setText(text("ViewBox", name))
        elif isinstance(item, pg.PlotItem) and getattr(item, "ctrlMenu", None) is not None:
            item.ctrlMenu.setTitle(text("PlotItem", "Plot Options"))
            names = ("Transforms", "Downsample", "Average", "Alpha", "Grid", "Points")
            submenus = [a.menu() for a in item.ctrlMenu.actions() if a.menu() is not None]
            for name, submenu in zip(names, submenus, strict=False):
                submenu.setTitle(text("PlotItem", name))
            item.ctrl.retranslateUi(form)
    form.deleteLater()


# -- messages from core/ ----------------------------------------------------------------------------
# core/ writes English sentences (also the command line's and the result JSON's); the window shows
# them through these patterns. tests/gui/test_i18n.py makes every one of them in core/ and checks
# that each is matched, so a changed sentence in core/ cannot slip through untranslated.
_ANY, _N = r"(.+?)", r"([\d,.e+\-]+|inf|-inf|nan)"
_CELL = r"row (\d+), column (\d+) \((.+?)\)"  # a cell of an imported table
_W = r"(the \.npz file|the workspace|the workspace's arrays\.npz)"  # a zip or .npz file being read
_SIZE = r"([\d,]+) (MB|bytes)"
_KIND = r"(a number|a whole number|text|true or false|an object|a list)"  # what a workspace's JSON holds
_CORE: list[tuple[str, str]] = [
    (rf"completed {_N} steps in {_N} epochs", QT_TRANSLATE_NOOP("CoreMessages", "completed {0} steps in {1} epochs")),
    (rf"stopped after {_N} of {_N} steps", QT_TRANSLATE_NOOP("CoreMessages", "stopped after {0} of {1} steps")),
    (rf"diverged at step {_N} \((loss|gradient norm|validation loss) = {_ANY}\)", QT_TRANSLATE_NOOP("CoreMessages", "diverged at step {0} ({1} = {2})")),
    (r"cuda was asked for, but no CUDA GPU is available; use cpu or auto", QT_TRANSLATE_NOOP("CoreMessages", "cuda was asked for, but no CUDA GPU is available; use cpu or auto")),
    (rf"follows the {_ANY} schedule; only a constant α can change", QT_TRANSLATE_NOOP("CoreMessages", "follows the {0} schedule; only a constant α can change")),
    (rf"{_ANY}'s β cannot change mid-run", QT_TRANSLATE_NOOP("CoreMessages", "{0}'s β cannot change mid-run")),
    (rf"must be a whole number \(got {_ANY}\)", QT_TRANSLATE_NOOP("CoreMessages", "must be a whole number (got {0})")),
    (rf"must be a number \(got {_ANY}\)", QT_TRANSLATE_NOOP("CoreMessages", "must be a number (got {0})")),
    (rf"must be a finite number \(got {_ANY}\)", QT_TRANSLATE_NOOP("CoreMessages", "must be a finite number (got {0})")),
    (rf"must be true or false \(got {_ANY}\)", QT_TRANSLATE_NOOP("CoreMessages", "must be true or false (got {0})")),
    (rf"must be text \(got {_ANY}\)", QT_TRANSLATE_NOOP("CoreMessages", "must be text (got {0})")),
    (rf"must be in ([\[(]{_ANY}, {_ANY}\]) \(got {_ANY}\)", QT_TRANSLATE_NOOP("CoreMessages", "must be in {0} (got {3})")),
    (rf"must be in \[0, 1\) \(got {_ANY}\)", QT_TRANSLATE_NOOP("CoreMessages", "must be in [0, 1) (got {0})")),
    (rf"must be at most {_N} for {_ANY} \(got {_N}\)", QT_TRANSLATE_NOOP("CoreMessages", "must be at most {0} for {1} (got {2})")),
    (rf"must be at most {_N} \(got {_ANY}\)", QT_TRANSLATE_NOOP("CoreMessages", "must be at most {0} (got {1})")),
    (rf"must be one of {_ANY} \(got {_ANY}\)", QT_TRANSLATE_NOOP("CoreMessages", "must be one of {0} (got {1})")),
    (rf"softmax needs a classification dataset; {_ANY} is regression", QT_TRANSLATE_NOOP("CoreMessages", "softmax needs a classification dataset; {0} is regression")),
    (rf"linear regression needs a regression dataset; {_ANY} is classification", QT_TRANSLATE_NOOP("CoreMessages", "linear regression needs a regression dataset; {0} is classification")),
    (rf"must be between 1 and the training-set size {_N} \(got {_N}\)", QT_TRANSLATE_NOOP("CoreMessages", "must be between 1 and the training-set size {0} (got {1})")),
    (rf"is an option of SGD, not of {_ANY}", QT_TRANSLATE_NOOP("CoreMessages", "is an option of SGD, not of {0}")),
    (r"needs momentum > 0", QT_TRANSLATE_NOOP("CoreMessages", "needs momentum > 0")),
    (r"needs dampening = 0", QT_TRANSLATE_NOOP("CoreMessages", "needs dampening = 0")),
    (r"must be a JSON object of option names to values", QT_TRANSLATE_NOOP("CoreMessages", "must be a JSON object of option names to values")),
    (rf"is not a known option \(known: {_ANY}\)", QT_TRANSLATE_NOOP("CoreMessages", "is not a known option (known: {0})")),
    (rf"{_ANY} is larger than 1 MB; not a config file", QT_TRANSLATE_NOOP("CoreMessages", "{0} is larger than 1 MB; not a config file")),
    (rf"{_ANY} does not exist", QT_TRANSLATE_NOOP("CoreMessages", "{0} does not exist")),
    (rf"cannot read {_ANY}: {_ANY}", QT_TRANSLATE_NOOP("CoreMessages", "cannot read {0}: {1}")),
    (rf"{_ANY} is not valid JSON \(line (\d+), column (\d+): {_ANY}\)", QT_TRANSLATE_NOOP("CoreMessages", "{0} is not valid JSON (line {1}, column {2}: {3})")),
    # sweeps (core/experiments/sweep.py)
    (rf"expected FIELD=v1,v2,… such as batch_size=16,32,64 \(got {_ANY}\)", QT_TRANSLATE_NOOP("CoreMessages", "expected FIELD=v1,v2,… such as batch_size=16,32,64 (got {0})")),
    (rf"cannot sweep {_ANY}; choose one of {_ANY}", QT_TRANSLATE_NOOP("CoreMessages", "cannot sweep {0}; choose one of {1}")),
    (rf"(\w+): give comma-separated values, none empty \(got {_ANY}\)", QT_TRANSLATE_NOOP("CoreMessages", "{0}: give comma-separated values, none empty (got {1})")),
    (rf"(\w+): at most {_N} values \(got {_N}\)", QT_TRANSLATE_NOOP("CoreMessages", "{0}: at most {1} values (got {2})")),
    (rf"(\w+): {_ANY} is not a whole number", QT_TRANSLATE_NOOP("CoreMessages", "{0}: {1} is not a whole number")),
    (rf"(\w+): {_ANY} is not a finite number", QT_TRANSLATE_NOOP("CoreMessages", "{0}: {1} is not a finite number")),
    (rf"(\w+): {_ANY} is not a number", QT_TRANSLATE_NOOP("CoreMessages", "{0}: {1} is not a number")),
    (rf"momentum: {_ANY} must be in \[0, 1\), at most {_N}", QT_TRANSLATE_NOOP("CoreMessages", "momentum: {0} must be in [0, 1), at most {1}")),
    (rf"(\w+): {_ANY} must be in (\[{_ANY}, {_ANY}\])", QT_TRANSLATE_NOOP("CoreMessages", "{0}: {1} must be in {2}")),
    (rf"(\w+): {_ANY} is given twice", QT_TRANSLATE_NOOP("CoreMessages", "{0}: {1} is given twice")),
    (r"the linear-scaling rule applies to a batch_size sweep only", QT_TRANSLATE_NOOP("CoreMessages", "the linear-scaling rule applies to a batch_size sweep only")),
    # the batch-size lab's measurements (core/experiments/lab.py: check_claims), one part at a time
    (rf"B=(\d+): {_ANY}, B=(\d+): {_ANY} per step \(tensor bytes\)", QT_TRANSLATE_NOOP("CoreMessages", "B={0}: {1}, B={2}: {3} per step (tensor bytes)")),
    (rf"B=(\d+): {_N} steps per epoch, B=(\d+): {_N}", QT_TRANSLATE_NOOP("CoreMessages", "B={0}: {1} steps per epoch, B={2}: {3}")),
    (rf"B=(\d+): {_N} s per epoch, B=(\d+): {_N} s \({_N}×\)", QT_TRANSLATE_NOOP("CoreMessages", "B={0}: {1} s per epoch, B={2}: {3} s ({4}×)")),
    (rf"gradient noise B=(\d+): {_N}, B=(\d+): {_N} \({_N}×\)", QT_TRANSLATE_NOOP("CoreMessages", "gradient noise B={0}: {1}, B={2}: {3} ({4}×)")),
    (rf"loss jitter {_N} vs {_N}", QT_TRANSLATE_NOOP("CoreMessages", "loss jitter {0} vs {1}")),
    (rf"a {_ANY} model's loss is convex: it has no local minima to escape", QT_TRANSLATE_NOOP("CoreMessages", "a {0} model's loss is convex: it has no local minima to escape")),
    (rf"gap B=(\d+): {_N}, B=(\d+): {_N}", QT_TRANSLATE_NOOP("CoreMessages", "gap B={0}: {1}, B={2}: {3}")),
    (rf"validation loss {_N} vs {_N}", QT_TRANSLATE_NOOP("CoreMessages", "validation loss {0} vs {1}")),
    (rf"lowest validation loss at B=(\d+) \({_N}\)", QT_TRANSLATE_NOOP("CoreMessages", "lowest validation loss at B={0} ({1})")),
    # importing a table (core/io/importer.py); a cell is named "row 57, column 2 ('beta')"
    (rf"{_N} data rows leave {_N} for training after the validation part; at least {_N} are needed", QT_TRANSLATE_NOOP("CoreMessages", "{0} data rows leave {1} for training after the validation part; at least {2} are needed")),
    (rf"{_N} data rows leave {_N} for training; SGD Lab trains on at most {_N} \(use fewer rows or a larger validation fraction\)", QT_TRANSLATE_NOOP("CoreMessages", "{0} data rows leave {1} for training; SGD Lab trains on at most {2} (use fewer rows or a larger validation fraction)")),
    (rf"row {_N} has 1 column, but (the header \(row 1\)|the first row) has {_N} \(every row needs the same columns\)", QT_TRANSLATE_NOOP("CoreMessages", "row {0} has 1 column, but {1} has {2} (every row needs the same columns)")),
    (rf"row {_N} has {_N} columns, but (the header \(row 1\)|the first row) has {_N} \(every row needs the same columns\)", QT_TRANSLATE_NOOP("CoreMessages", "row {0} has {1} columns, but {2} has {3} (every row needs the same columns)")),
    (rf"row {_N}: the table has more than {_N} values \(rows × columns\), more than SGD Lab holds in memory; use a smaller sample of the rows", QT_TRANSLATE_NOOP("CoreMessages", "row {0}: the table has more than {1} values (rows × columns), more than SGD Lab holds in memory; use a smaller sample of the rows")),
    (rf"{_CELL}: empty target cell", QT_TRANSLATE_NOOP("CoreMessages", "row {0}, column {1} ({2}): empty target cell")),
    (rf"{_CELL}: a target longer than {_N} characters", QT_TRANSLATE_NOOP("CoreMessages", "row {0}, column {1} ({2}): a target longer than {3} characters")),
    (rf"{_CELL}: empty cell \(a missing value\); fill or remove the row", QT_TRANSLATE_NOOP("CoreMessages", "row {0}, column {1} ({2}): empty cell (a missing value); fill or remove the row")),
    (rf"{_CELL}: {_ANY} is (NaN \(a missing value\)|an infinite value); SGD Lab needs finite numbers", QT_TRANSLATE_NOOP("CoreMessages", "row {0}, column {1} ({2}): {3} is {4}; SGD Lab needs finite numbers")),
    (rf"{_CELL}: {_ANY} is not a number", QT_TRANSLATE_NOOP("CoreMessages", "row {0}, column {1} ({2}): {3} is not a number")),
    (rf"{_CELL} is too large for 32-bit floats", QT_TRANSLATE_NOOP("CoreMessages", "row {0}, column {1} ({2}) is too large for 32-bit floats")),
    (rf"x: {_CELL} is NaN or infinite", QT_TRANSLATE_NOOP("CoreMessages", "x: row {0}, column {1} ({2}) is NaN or infinite")),
    (r"no data rows below the header \(row 1\): the file holds a header only", QT_TRANSLATE_NOOP("CoreMessages", "no data rows below the header (row 1): the file holds a header only")),
    (r"no data rows: the file holds a header only", QT_TRANSLATE_NOOP("CoreMessages", "no data rows: the file holds a header only")),
    (r"the file is empty \(only blank lines\)", QT_TRANSLATE_NOOP("CoreMessages", "the file is empty (only blank lines)")),
    (r"the file is empty", QT_TRANSLATE_NOOP("CoreMessages", "the file is empty")),
    (r"row 1 has one column only: a table needs feature columns and a target column, separated by commas, semicolons, tabs or spaces", QT_TRANSLATE_NOOP("CoreMessages", "row 1 has one column only: a table needs feature columns and a target column, separated by commas, semicolons, tabs or spaces")),
    (rf"target column {_ANY} is not in the table \(columns: {_ANY}\)", QT_TRANSLATE_NOOP("CoreMessages", "target column {0} is not in the table (columns: {1})")),
    (rf"target column {_N} does not exist: the table has columns 1 to {_N}", QT_TRANSLATE_NOOP("CoreMessages", "target column {0} does not exist: the table has columns 1 to {1}")),
    (rf"the file is {_N} MB, larger than the {_N} MB that SGD Lab reads into memory; use a smaller sample of the rows", QT_TRANSLATE_NOOP("CoreMessages", "the file is {0} MB, larger than the {1} MB that SGD Lab reads into memory; use a smaller sample of the rows")),
    (rf"the file is {_N} MB, larger than the {_N} MB read", QT_TRANSLATE_NOOP("CoreMessages", "the file is {0} MB, larger than the {1} MB read")),
    (rf"{_ANY} is a folder, not a file", QT_TRANSLATE_NOOP("CoreMessages", "{0} is a folder, not a file")),
    (rf"not a text table: the file holds binary data \(byte {_N}\); save it as CSV, or use an \.npz file", QT_TRANSLATE_NOOP("CoreMessages", "not a text table: the file holds binary data (byte {0}); save it as CSV, or use an .npz file")),
    (rf"not a text table: the file holds binary data \(byte {_N} is not text\)", QT_TRANSLATE_NOOP("CoreMessages", "not a text table: the file holds binary data (byte {0} is not text)")),
    (rf"row 1 is longer than {_N} characters: not a table", QT_TRANSLATE_NOOP("CoreMessages", "row 1 is longer than {0} characters: not a table")),
    (r"the \.npz file needs arrays named x \(rows × features\) and y \(one target per row\); (x and y|x|y) missing", QT_TRANSLATE_NOOP("CoreMessages", "the .npz file needs arrays named x (rows × features) and y (one target per row); {0} missing")),
    (rf"x must be 2-D \(rows × features\); it has shape {_ANY}", QT_TRANSLATE_NOOP("CoreMessages", "x must be 2-D (rows × features); it has shape {0}")),
    (rf"y must be 1-D \(one target per row\); it has shape {_ANY}", QT_TRANSLATE_NOOP("CoreMessages", "y must be 1-D (one target per row); it has shape {0}")),
    (rf"x has {_N} rows but y has {_N}", QT_TRANSLATE_NOOP("CoreMessages", "x has {0} rows but y has {1}")),
    (rf"x has shape {_ANY}: no data", QT_TRANSLATE_NOOP("CoreMessages", "x has shape {0}: no data")),
    (rf"x must hold numbers; it holds {_ANY}", QT_TRANSLATE_NOOP("CoreMessages", "x must hold numbers; it holds {0}")),
    (rf"x holds {_N} values, more than the {_N} SGD Lab holds in memory", QT_TRANSLATE_NOOP("CoreMessages", "x holds {0} values, more than the {1} SGD Lab holds in memory")),
    (rf"task must be one of {_ANY} \(got {_ANY}\)", QT_TRANSLATE_NOOP("CoreMessages", "task must be one of {0} (got {1})")),
    (rf"the validation fraction must be in \[0\.01, 0\.9\] \(got {_ANY}\)", QT_TRANSLATE_NOOP("CoreMessages", "the validation fraction must be in [0.01, 0.9] (got {0})")),
    (rf"the target {_ANY} must hold numbers or labels; it holds {_ANY}", QT_TRANSLATE_NOOP("CoreMessages", "the target {0} must hold numbers or labels; it holds {1}")),
    (rf"row {_N}, target {_ANY}: {_ANY} is NaN or infinite; SGD Lab needs finite numbers", QT_TRANSLATE_NOOP("CoreMessages", "row {0}, target {1}: {2} is NaN or infinite; SGD Lab needs finite numbers")),
    (rf"row {_N}, target {_ANY}: {_ANY} is not a number; regression needs numbers \(import it as classification for labels\)", QT_TRANSLATE_NOOP("CoreMessages", "row {0}, target {1}: {2} is not a number; regression needs numbers (import it as classification for labels)")),
    (rf"one class only: every row's target {_ANY} is {_ANY}; classification needs at least two classes", QT_TRANSLATE_NOOP("CoreMessages", "one class only: every row's target {0} is {1}; classification needs at least two classes")),
    (rf"the target {_ANY} has {_N} different values, too many classes \(at most {_N}\); import it as regression", QT_TRANSLATE_NOOP("CoreMessages", "the target {0} has {1} different values, too many classes (at most {2}); import it as regression")),
    (rf"field larger than field limit \({_N}\)", QT_TRANSLATE_NOOP("CoreMessages", "field larger than field limit ({0})")),
    (rf"row {_N}: {_ANY}", QT_TRANSLATE_NOOP("CoreMessages", "row {0}: {1}")),  # the csv module's own words last
    # zip and .npz files (core/io/safezip.py); "{0}" is the file, "{1}" a member or array in it
    (rf"{_W} is not a valid zip archive \(damaged or truncated\?\): {_ANY}", QT_TRANSLATE_NOOP("CoreMessages", "{0} is not a valid zip archive (damaged or truncated?): {1}")),
    (rf"{_W} holds {_N} files; at most {_N} are read", QT_TRANSLATE_NOOP("CoreMessages", "{0} holds {1} files; at most {2} are read")),
    (rf"{_W}: {_ANY} is encrypted", QT_TRANSLATE_NOOP("CoreMessages", "{0}: {1} is encrypted")),
    (rf"{_W} would unpack to more than {_SIZE} \(a zip bomb, or too large to read into memory\)", QT_TRANSLATE_NOOP("CoreMessages", "{0} would unpack to more than {1} {2} (a zip bomb, or too large to read into memory)")),
    (rf"{_W}: {_ANY} would unpack to {_SIZE}; at most {_SIZE}", QT_TRANSLATE_NOOP("CoreMessages", "{0}: {1} would unpack to {2} {3}; at most {4} {5}")),
    (rf"{_W}: {_ANY} cannot be unpacked \(damaged or truncated\?\): {_ANY}", QT_TRANSLATE_NOOP("CoreMessages", "{0}: {1} cannot be unpacked (damaged or truncated?): {2}")),
    (rf"{_W}: {_ANY} unpacks to more than {_SIZE}", QT_TRANSLATE_NOOP("CoreMessages", "{0}: {1} unpacks to more than {2} {3}")),
    (rf"{_W}: {_ANY} is not a NumPy array \(\.npy\)", QT_TRANSLATE_NOOP("CoreMessages", "{0}: {1} is not a NumPy array (.npy)")),
    (rf"{_W}: the array {_ANY} appears twice", QT_TRANSLATE_NOOP("CoreMessages", "{0}: the array {1} appears twice")),
    (rf"{_W}: {_ANY}: unknown \.npy version {_ANY}", QT_TRANSLATE_NOOP("CoreMessages", "{0}: {1}: unknown .npy version {2}")),
    (rf"{_W}: {_ANY} holds Python objects \(a pickle, never loaded\); only numbers or text labels are read", QT_TRANSLATE_NOOP("CoreMessages", "{0}: {1} holds Python objects (a pickle, never loaded); only numbers or text labels are read")),
    (rf"{_W}: {_ANY} holds dtype {_ANY}; only numbers or text labels are read", QT_TRANSLATE_NOOP("CoreMessages", "{0}: {1} holds dtype {2}; only numbers or text labels are read")),
    (rf"{_W}: {_ANY} is damaged: its header promises more data than it holds", QT_TRANSLATE_NOOP("CoreMessages", "{0}: {1} is damaged: its header promises more data than it holds")),
    (rf"{_W}: {_ANY} cannot be read \(damaged or truncated\?\): {_ANY}", QT_TRANSLATE_NOOP("CoreMessages", "{0}: {1} cannot be read (damaged or truncated?): {2}")),
    (rf"{_W}: {_ANY} is damaged: shape {_ANY}, header {_ANY}", QT_TRANSLATE_NOOP("CoreMessages", "{0}: {1} is damaged: shape {2}, header {3}")),
    (rf"Bad CRC-32 for file {_ANY}", QT_TRANSLATE_NOOP("CoreMessages", "Bad CRC-32 for file {0}")),
    # the workspace file (core/io/workspace.py); places in its JSON are named as written there
    (rf"{_ANY} is {_N} MB; a workspace is at most {_N} MB", QT_TRANSLATE_NOOP("CoreMessages", "{0} is {1} MB; a workspace is at most {2} MB")),
    (rf"{_ANY} is a folder", QT_TRANSLATE_NOOP("CoreMessages", "{0} is a folder")),
    (r"not an SGD Lab workspace \(not a zip archive\)", QT_TRANSLATE_NOOP("CoreMessages", "not an SGD Lab workspace (not a zip archive)")),
    (r"not an SGD Lab workspace \(its format name is missing or different\)", QT_TRANSLATE_NOOP("CoreMessages", "not an SGD Lab workspace (its format name is missing or different)")),
    (rf"not an SGD Lab workspace \(no {_ANY}\)", QT_TRANSLATE_NOOP("CoreMessages", "not an SGD Lab workspace (no {0})")),
    (r"the workspace holds a file twice \(damaged or tampered with\)", QT_TRANSLATE_NOOP("CoreMessages", "the workspace holds a file twice (damaged or tampered with)")),
    (rf"the workspace holds an unexpected file {_ANY}", QT_TRANSLATE_NOOP("CoreMessages", "the workspace holds an unexpected file {0}")),
    (rf"the workspace holds {_N} runs; at most {_N} are read", QT_TRANSLATE_NOOP("CoreMessages", "the workspace holds {0} runs; at most {1} are read")),
    (rf"{_ANY} is not UTF-8 text", QT_TRANSLATE_NOOP("CoreMessages", "{0} is not UTF-8 text")),
    (r"(NaN|Infinity|-Infinity) is not allowed in strict JSON", QT_TRANSLATE_NOOP("CoreMessages", "{0} is not allowed in strict JSON")),
    (rf"{_ANY} cannot be read: {_ANY}", QT_TRANSLATE_NOOP("CoreMessages", "{0} cannot be read: {1}")),
    (rf"{_ANY} must hold a JSON object", QT_TRANSLATE_NOOP("CoreMessages", "{0} must hold a JSON object")),
    (rf"unknown workspace format version {_ANY}", QT_TRANSLATE_NOOP("CoreMessages", "unknown workspace format version {0}")),
    (rf"made by a newer SGD Lab \(format {_N}\); this version reads format {_N}: update SGD Lab to open it", QT_TRANSLATE_NOOP("CoreMessages", "made by a newer SGD Lab (format {0}); this version reads format {1}: update SGD Lab to open it")),
    (r"config: trains on imported data, but the workspace holds none", QT_TRANSLATE_NOOP("CoreMessages", "config: trains on imported data, but the workspace holds none")),
    (rf"{_ANY}\.id {_N} is used twice", QT_TRANSLATE_NOOP("CoreMessages", "{0}.id {1} is used twice")),
    (r"workspace\.(\w+) is missing", QT_TRANSLATE_NOOP("CoreMessages", "workspace.{0} is missing")),
    (rf"workspace\.(\w+) must be {_KIND} \(got {_ANY}\)", QT_TRANSLATE_NOOP("CoreMessages", "workspace.{0} must be {1} (got {2})")),
    (rf"{_ANY} must be a JSON object", QT_TRANSLATE_NOOP("CoreMessages", "{0} must be a JSON object")),
    (rf"{_ANY}\.(\w+) is missing", QT_TRANSLATE_NOOP("CoreMessages", "{0}.{1} is missing")),
    (rf"{_ANY}\.(\w+) must be {_KIND} \(got {_ANY}\)", QT_TRANSLATE_NOOP("CoreMessages", "{0}.{1} must be {2} (got {3})")),
    (rf"{_ANY}\.dataset: unknown dataset {_ANY}", QT_TRANSLATE_NOOP("CoreMessages", "{0}.dataset: unknown dataset {1}")),
    (rf"{_ANY}\.status: unknown status {_ANY}", QT_TRANSLATE_NOOP("CoreMessages", "{0}.status: unknown status {1}")),
    (rf"{_ANY}\.(\w+): unknown value {_ANY}", QT_TRANSLATE_NOOP("CoreMessages", "{0}.{1}: unknown value {2}")),
    (rf"{_ANY}: steps_per_epoch, last_batch_size and steps must not be negative", QT_TRANSLATE_NOOP("CoreMessages", "{0}: steps_per_epoch, last_batch_size and steps must not be negative")),
    (rf"{_ANY}\.changes\[(\d+)\] must be an object of plain values", QT_TRANSLATE_NOOP("CoreMessages", "{0}.changes[{1}] must be an object of plain values")),
    (rf"{_ANY}\.stability must hold numbers", QT_TRANSLATE_NOOP("CoreMessages", "{0}.stability must hold numbers")),
    (rf"{_ANY}: the array {_ANY} is missing from {_ANY}", QT_TRANSLATE_NOOP("CoreMessages", "{0}: the array {1} is missing from {2}")),
    (rf"{_ANY}: the array {_ANY} holds {_ANY}, not numbers", QT_TRANSLATE_NOOP("CoreMessages", "{0}: the array {1} holds {2}, not numbers")),
    (rf"{_ANY}: watched values without their norms", QT_TRANSLATE_NOOP("CoreMessages", "{0}: watched values without their norms")),
    (rf"{_ANY}: its arrays do not hold {_N} steps each", QT_TRANSLATE_NOOP("CoreMessages", "{0}: its arrays do not hold {1} steps each")),
    (rf"{_ANY} must be \[first step, \[\[name, index\], …\]\]", QT_TRANSLATE_NOOP("CoreMessages", "{0} must be [first step, [[name, index], …]]")),
    (rf"{_ANY}: a watched entry must be \[name, \[index, …\]\]", QT_TRANSLATE_NOOP("CoreMessages", "{0}: a watched entry must be [name, [index, …]]")),
    (rf"data\.task: unknown task {_ANY}", QT_TRANSLATE_NOOP("CoreMessages", "data.task: unknown task {0}")),
    (r"data\.feature_names must name every feature", QT_TRANSLATE_NOOP("CoreMessages", "data.feature_names must name every feature")),
    (r"data\.classes must be text labels", QT_TRANSLATE_NOOP("CoreMessages", "data.classes must be text labels")),
    (r"data\.classes must list two or more labels for classification, none for regression", QT_TRANSLATE_NOOP("CoreMessages", "data.classes must list two or more labels for classification, none for regression")),
    (rf"data: the (train|val) arrays do not have {_N} rows of {_N} features", QT_TRANSLATE_NOOP("CoreMessages", "data: the {0} arrays do not have {1} rows of {2} features")),
    (r"data: the (train|val) arrays hold NaN or infinite values", QT_TRANSLATE_NOOP("CoreMessages", "data: the {0} arrays hold NaN or infinite values")),
    (rf"data: the (train|val) targets are not class numbers 0 … {_N}", QT_TRANSLATE_NOOP("CoreMessages", "data: the {0} targets are not class numbers 0 … {1}")),
    (r"data: the standardisation does not match the features", QT_TRANSLATE_NOOP("CoreMessages", "data: the standardisation does not match the features")),
    (rf"step column (\w+) has shape {_ANY}; expected {_ANY}", QT_TRANSLATE_NOOP("CoreMessages", "step column {0} has shape {1}; expected {2}")),
    (r"watched entries do not match the steps", QT_TRANSLATE_NOOP("CoreMessages", "watched entries do not match the steps")),
    (rf"((?:runs\[\d+\]\.)?config)\.(\w+) {_ANY}", QT_TRANSLATE_NOOP("CoreMessages", "{0}.{1} {2}")),  # a config's own refusal
    (rf"(runs\[\d+\]): {_ANY}", QT_TRANSLATE_NOOP("CoreMessages", "{0}: {1}")),  # the history's own refusal
    # last: a value of a sweep refused by the config's own checks, e.g. "lr=20: lr must be in …"
    (rf"(\w+)=([^:\s]+): (\w+) {_ANY}", QT_TRANSLATE_NOOP("CoreMessages", "{0}={1}: {2} {3}")),
]  # fmt: skip
_NESTED = {  # templates whose last argument is itself a message from core/ (or a library's words)
    "{0}={1}: {2} {3}", "row {0}: {1}", "{0} cannot be read: {1}", "{0}.{1} {2}", "{0}: {1}",
    "{0} is not a valid zip archive (damaged or truncated?): {1}",
    "{0}: {1} cannot be unpacked (damaged or truncated?): {2}", "{0}: {1} cannot be read (damaged or truncated?): {2}",
}  # fmt: skip
_AS_WRITTEN = {  # templates naming a key or an array of a file in an argument: kept as the file has it
    "{0}.{1} {2}": 1, "{0}.{1} must be {2} (got {3})": 1, "{0}.{1} is missing": 1,
    "{0}.{1}: unknown value {2}": 1, "workspace.{0} is missing": 0, "workspace.{0} must be {1} (got {2})": 0,
    "step column {0} has shape {1}; expected {2}": 0,
}  # fmt: skip
_PARTS = QT_TRANSLATE_NOOP("CoreMessages", "; ")  # what joins the parts of a measurement
_TERMS = {
    "loss": QT_TRANSLATE_NOOP("CoreMessages", "loss"),
    "gradient norm": QT_TRANSLATE_NOOP("CoreMessages", "gradient norm"),
    "validation loss": QT_TRANSLATE_NOOP("CoreMessages", "validation loss"),
    "constant": QT_TRANSLATE_NOOP("CoreMessages", "constant"),
    "step": QT_TRANSLATE_NOOP("CoreMessages", "step"),
    "cosine": QT_TRANSLATE_NOOP("CoreMessages", "cosine"),
    "batch_size": QT_TRANSLATE_NOOP("CoreMessages", "batch_size"),  # the fields a sweep takes
    "lr": QT_TRANSLATE_NOOP("CoreMessages", "lr"),
    "momentum": QT_TRANSLATE_NOOP("CoreMessages", "momentum"),
    # importing a table
    "the header (row 1)": QT_TRANSLATE_NOOP("CoreMessages", "the header (row 1)"),
    "the first row": QT_TRANSLATE_NOOP("CoreMessages", "the first row"),
    "NaN (a missing value)": QT_TRANSLATE_NOOP("CoreMessages", "NaN (a missing value)"),
    "an infinite value": QT_TRANSLATE_NOOP("CoreMessages", "an infinite value"),
    "x and y": QT_TRANSLATE_NOOP("CoreMessages", "x and y"),
    "auto, classification, regression": QT_TRANSLATE_NOOP("CoreMessages", "auto, classification, regression"),
    "unexpected end of data": QT_TRANSLATE_NOOP("CoreMessages", "unexpected end of data"),
    # zip, .npz and workspace files
    "the .npz file": QT_TRANSLATE_NOOP("CoreMessages", "the .npz file"),
    "the workspace": QT_TRANSLATE_NOOP("CoreMessages", "the workspace"),
    "the workspace's arrays.npz": QT_TRANSLATE_NOOP("CoreMessages", "the workspace's arrays.npz"),
    "bytes": QT_TRANSLATE_NOOP("CoreMessages", "bytes"),
    "File is not a zip file": QT_TRANSLATE_NOOP("CoreMessages", "File is not a zip file"),
    "a number": QT_TRANSLATE_NOOP("CoreMessages", "a number"),
    "a whole number": QT_TRANSLATE_NOOP("CoreMessages", "a whole number"),
    "text": QT_TRANSLATE_NOOP("CoreMessages", "text"),
    "true or false": QT_TRANSLATE_NOOP("CoreMessages", "true or false"),
    "an object": QT_TRANSLATE_NOOP("CoreMessages", "an object"),
    "a list": QT_TRANSLATE_NOOP("CoreMessages", "a list"),
    "train": QT_TRANSLATE_NOOP("CoreMessages", "train"),
    "val": QT_TRANSLATE_NOOP("CoreMessages", "val"),
    # the operating system's and the json module's words most often seen
    "Permission denied": QT_TRANSLATE_NOOP("CoreMessages", "Permission denied"),
    "Expecting value": QT_TRANSLATE_NOOP("CoreMessages", "Expecting value"),
    "Expecting property name enclosed in double quotes": QT_TRANSLATE_NOOP("CoreMessages", "Expecting property name enclosed in double quotes"),
    "Expecting ',' delimiter": QT_TRANSLATE_NOOP("CoreMessages", "Expecting ',' delimiter"),
    "Expecting ':' delimiter": QT_TRANSLATE_NOOP("CoreMessages", "Expecting ':' delimiter"),
    "Extra data": QT_TRANSLATE_NOOP("CoreMessages", "Extra data"),
    "Unterminated string starting at": QT_TRANSLATE_NOOP("CoreMessages", "Unterminated string starting at"),
    "Invalid control character at": QT_TRANSLATE_NOOP("CoreMessages", "Invalid control character at"),
}  # fmt: skip
_COMPILED = [(re.compile(pattern), template) for pattern, template in _CORE]


def _translate(text: str) -> str:
    return QCoreApplication.translate("CoreMessages", text)


def term(word: str) -> str:
    """A word core/ uses inside its messages (``loss``, a schedule's name), in the current language."""
    return _translate(_TERMS[word]) if word in _TERMS else word


def core_match(message: str) -> tuple[str, tuple[str, ...]] | None:
    """The (English template, arguments) of a core/ message, or None when none matches."""
    for pattern, template in _COMPILED:
        found = pattern.fullmatch(message)
        if found:
            return template, found.groups()
    return None


def core_text(message: str) -> str:
    """A message made by core/ in the current language (unchanged when it is not one we know)."""
    found = core_match(message)
    if found is None:
        return message
    template, args = found
    kept = _AS_WRITTEN.get(template)
    words = [term(a) if a in _TERMS and i != kept else a for i, a in enumerate(args)]
    if template in _NESTED and args[-1] not in _TERMS:
        words[-1] = core_text(words[-1])
    return _translate(template).format(*words)


def measured_text(text: str) -> str:
    """A measurement from core/ made of parts joined by ``; `` (the lab's claims table), each part
    translated by :func:`core_text`."""
    if not text:
        return text
    parts = [core_text(part) for part in text.split("; ")]
    return _translate(_PARTS).join(parts) if len(parts) > 1 else parts[0]


def sentence(message: str) -> str:
    """``core_text`` with a capital first letter (status-bar style)."""
    text = core_text(message)
    return text[:1].upper() + text[1:]
