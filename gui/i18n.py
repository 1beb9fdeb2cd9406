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

from core.resources import resource_path

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
    # sweeps (core/sweep.py)
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
    # the batch-size lab's measurements (core/lab.py: check_claims), one part at a time
    (rf"B=(\d+): {_ANY}, B=(\d+): {_ANY} per step \(tensor bytes\)", QT_TRANSLATE_NOOP("CoreMessages", "B={0}: {1}, B={2}: {3} per step (tensor bytes)")),
    (rf"B=(\d+): {_N} steps per epoch, B=(\d+): {_N}", QT_TRANSLATE_NOOP("CoreMessages", "B={0}: {1} steps per epoch, B={2}: {3}")),
    (rf"B=(\d+): {_N} s per epoch, B=(\d+): {_N} s \({_N}×\)", QT_TRANSLATE_NOOP("CoreMessages", "B={0}: {1} s per epoch, B={2}: {3} s ({4}×)")),
    (rf"gradient noise B=(\d+): {_N}, B=(\d+): {_N} \({_N}×\)", QT_TRANSLATE_NOOP("CoreMessages", "gradient noise B={0}: {1}, B={2}: {3} ({4}×)")),
    (rf"loss jitter {_N} vs {_N}", QT_TRANSLATE_NOOP("CoreMessages", "loss jitter {0} vs {1}")),
    (rf"a {_ANY} model's loss is convex: it has no local minima to escape", QT_TRANSLATE_NOOP("CoreMessages", "a {0} model's loss is convex: it has no local minima to escape")),
    (rf"gap B=(\d+): {_N}, B=(\d+): {_N}", QT_TRANSLATE_NOOP("CoreMessages", "gap B={0}: {1}, B={2}: {3}")),
    (rf"validation loss {_N} vs {_N}", QT_TRANSLATE_NOOP("CoreMessages", "validation loss {0} vs {1}")),
    (rf"lowest validation loss at B=(\d+) \({_N}\)", QT_TRANSLATE_NOOP("CoreMessages", "lowest validation loss at B={0} ({1})")),
    # last: a value of a sweep refused by the config's own checks, e.g. "lr=20: lr must be in …"
    (rf"(\w+)=([^:\s]+): (\w+) {_ANY}", QT_TRANSLATE_NOOP("CoreMessages", "{0}={1}: {2} {3}")),
]  # fmt: skip
_NESTED = {"{0}={1}: {2} {3}"}
_PARTS = QT_TRANSLATE_NOOP(
    "CoreMessages", "; "
)  # what joins the parts of a measurement  # templates whose last argument is itself a message from core/
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
}
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
    words = [term(a) if a in _TERMS else a for a in args]
    if template in _NESTED:
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
