"""Languages: English (the source text) and Simplified Chinese, through Qt's translation system.

Every user-visible string is written in English inside ``self.tr(...)`` (or
``QCoreApplication.translate``); ``resources/translations/sgd_lab_zh_CN.ts`` holds the Chinese, and
``make translations`` refreshes it (``pyside6-lupdate``) and compiles the ``.qm`` the app loads
(``pyside6-lrelease``). Widgets set their texts in ``retranslate_ui()``, which runs again on
``QEvent.LanguageChange``: switching the language needs no restart.

Messages made in ``core/`` (engine results, configuration errors) are data, a code and named
arguments (``core/messages.py``); :func:`message_text` translates them here by code, so that
``core/`` stays free of Qt.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QWidget

from core.io.resources import resource_path
from core.messages import NAMED, TEMPLATES, Message, display_name

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
# core/ says things as data (core/messages.py): a code and named arguments. Each code's English
# template is looked up in Qt's context CoreMessages (tools/core_messages.py lists them for lupdate), and
# the arguments are filled in after translation, nested messages and terms translated the same way.


def _core_template(msg: Message) -> str:
    return QCoreApplication.translate("CoreMessages", TEMPLATES[msg.code])


def _named(msg: Message) -> Message:
    """``msg`` with each dataset, model, optimizer or device named by its display name, not its code
    (core's English says ``mnist-like``, as the command line's options do; the window says what the
    controls say)."""
    args = {}
    for key, value in msg.args:
        if isinstance(value, Message):
            value = _named(value)
        elif key in NAMED and isinstance(value, str):
            value = display_name(key, value)
        args[key] = value
    return Message(msg.code, **args)


def display(kind: str, name: str) -> str:
    """A dataset's, model's, optimizer's or device's name (``kind``) as the window says it, in the
    current language (``mnist-like`` → "MNIST-sized digits")."""
    return message_text(display_name(kind, name))


def message_text(msg: Message | str) -> str:
    """A message from core/ in the current language, datasets, models, optimizers and devices called
    by their display names. Text is returned as it is: a run read back from a file keeps only the
    words it was saved with when they are not one of core/'s messages."""
    if not isinstance(msg, Message):
        return msg
    try:
        return _named(msg).render(_core_template)
    except (KeyError, ValueError, IndexError):  # a translation whose fields do not fit: the English
        return str(msg)


def sentence(msg: Message | str) -> str:
    """:func:`message_text` with a capital first letter (status-bar style)."""
    text = message_text(msg)
    return text[:1].upper() + text[1:]


class RetranslatableText:
    """A text that is shown now and made again when the language changes: give a string, or a
    function that makes it in the current language; calling the object makes the text."""

    def __init__(self, text: str | Callable[[], str] = "") -> None:
        self._make: Callable[[], str] = lambda: ""
        self.set(text)

    def set(self, text: str | Callable[[], str]) -> None:
        self._make = text if callable(text) else (lambda: text)

    def __call__(self) -> str:
        return self._make()
