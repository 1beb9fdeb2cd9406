"""What the window remembers between launches (QSettings), and the presets menu.

Remembered: the last config (the JSON of :class:`TrainConfig`), the window's geometry and dock
layout, the language, the theme and the folder a file was last opened or saved in. Presets are the
JSON files in ``resources/presets/``, each in the ``--config`` format (``{"title": …, "description":
…, "config": {…}}``: ``--config`` reads the ``config`` object), so the command line can run any of
them too.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, QStandardPaths
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QMenuBar, QMessageBox

from core.io.resources import resource_path
from core.session.state import RunState
from core.training.config import PACE_LIMITS, WINDOW_PACE, ConfigError, TrainConfig
from gui import i18n, theme

PRESETS = resource_path("presets")
ORGANISATION = "SGD Lab"
APPLICATION = "SGD Lab"


class Preferences:
    """Typed access to the app's QSettings (``QSettings()`` by default: the user's own place; tests
    pass an INI file in a temporary folder)."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.settings = settings if settings is not None else QSettings()

    @classmethod
    def open(cls) -> Preferences:
        """The app's settings: the INI file named by ``SGD_LAB_SETTINGS`` if set, else the user's."""
        path = os.environ.get("SGD_LAB_SETTINGS")
        return cls(QSettings(path, QSettings.Format.IniFormat) if path else QSettings())

    def _text(self, key: str, default: str) -> str:
        value = self.settings.value(key, default)
        return value if isinstance(value, str) else default

    @property
    def language(self) -> str:
        """``system`` (follow the locale), ``en`` or ``zh_CN``."""
        value = self._text("language", i18n.SYSTEM)
        return value if value in (i18n.SYSTEM, *i18n.LANGUAGES) else i18n.SYSTEM

    @language.setter
    def language(self, value: str) -> None:
        self.settings.setValue("language", value)

    @property
    def theme(self) -> str:
        value = self._text("theme", theme.DEFAULT)
        return value if value in theme.THEMES else theme.DEFAULT

    @theme.setter
    def theme(self, value: str) -> None:
        self.settings.setValue("theme", value)

    @property
    def config(self) -> TrainConfig | None:
        """The last config, or None (never saved, or no longer valid: the defaults then)."""
        text = self._text("config", "")
        if not text:
            return None
        try:
            config = TrainConfig.from_dict(json.loads(text))
        except (ValueError, TypeError):  # JSONDecodeError and ConfigError are ValueErrors
            return None
        return None if config.errors() else config

    @config.setter
    def config(self, config: TrainConfig) -> None:
        self.settings.setValue("config", json.dumps(config.to_dict()))

    @property
    def pace(self) -> float | None:
        """The pace last chosen (optimizer steps a second; None: max), at first WINDOW_PACE."""
        value = self._text("pace", "")
        if value == "max":
            return None
        try:
            pace = float(value)
        except ValueError:
            return WINDOW_PACE
        lo, hi = PACE_LIMITS
        return pace if lo <= pace <= hi else WINDOW_PACE

    @pace.setter
    def pace(self, value: float | None) -> None:
        self.settings.setValue("pace", "max" if value is None else repr(float(value)))

    @property
    def last_folder(self) -> str:
        """The folder a file was last opened or saved in ("" when none yet)."""
        return self._text("files/lastFolder", "")

    @last_folder.setter
    def last_folder(self, folder: str) -> None:
        self.settings.setValue("files/lastFolder", folder)

    def layout(self) -> tuple[QByteArray | None, QByteArray | None]:
        """The saved (geometry, dock state), each None when absent."""
        out = []
        for key in ("window/geometry", "window/state"):
            value = self.settings.value(key)
            out.append(value if isinstance(value, QByteArray) and not value.isEmpty() else None)
        return out[0], out[1]

    def set_layout(self, geometry: QByteArray, state: QByteArray) -> None:
        self.settings.setValue("window/geometry", geometry)
        self.settings.setValue("window/state", state)

    def forget_layout(self) -> None:
        self.settings.remove("window")

    def sync(self) -> None:
        self.settings.sync()


def documents_folder() -> str:
    """The user's documents folder (QStandardPaths), else the home folder: where file dialogs open
    before any file was chosen (never the folder the app was started from)."""
    for location in (
        QStandardPaths.StandardLocation.DocumentsLocation,
        QStandardPaths.StandardLocation.HomeLocation,
    ):
        folder = QStandardPaths.writableLocation(location)
        if folder and Path(folder).is_dir():
            return folder
    return str(Path.home())


class RecentFolder:
    """Where the file dialogs open: the folder a file was last opened or saved in, else the user's
    documents folder. With preferences (``preferences()`` not None) it is remembered between
    launches; without (tests' windows), for this window only."""

    def __init__(self, preferences: Callable[[], Preferences | None] = lambda: None) -> None:
        self.preferences = preferences
        self._folder = ""

    def start(self) -> str:
        """The folder a dialog opens in now (one that exists)."""
        prefs = self.preferences()
        folder = prefs.last_folder if prefs is not None else self._folder
        return folder if folder and Path(folder).is_dir() else documents_folder()

    def suggest(self, name: str) -> str:
        """A file name for a Save dialog, in :meth:`start`'s folder."""
        return str(Path(self.start()) / name) if name else self.start()

    def remember(self, path: str | Path) -> None:
        """A file was chosen: its folder is where the next dialog opens."""
        if not path:
            return
        folder = str(Path(path).parent)
        self._folder = folder
        prefs = self.preferences()
        if prefs is not None:
            prefs.last_folder = folder


# -- presets ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Preset:
    """One file of ``resources/presets/``: titles and descriptions per language, and the config."""

    path: Path
    titles: dict[str, str]
    descriptions: dict[str, str]
    config: TrainConfig

    @property
    def name(self) -> str:
        return self.path.stem

    def title(self, language: str) -> str:
        return self.titles.get(language) or self.titles["en"]

    def description(self, language: str) -> str:
        return self.descriptions.get(language) or self.descriptions.get("en", "")


def load_preset(path: Path) -> Preset:
    """Read one preset; a ConfigError names the file and the problem."""
    config = TrainConfig.load(path)  # exactly what --config does
    problems = config.errors()
    if problems:
        raise ConfigError(problems[0].field, f"{path.name}: {problems[0].message}")
    data = json.loads(path.read_text(encoding="utf-8"))
    titles, descriptions = data.get("title"), data.get("description", {})
    if not (isinstance(titles, dict) and isinstance(titles.get("en"), str)):
        raise ConfigError("title", f"{path.name}: needs a title with an English text")
    if not isinstance(descriptions, dict):
        raise ConfigError("description", f"{path.name}: the description must map languages to texts")
    return Preset(path, dict(titles), dict(descriptions), config)


def load_presets(folder: Path = PRESETS) -> list[Preset]:
    """Every preset in ``folder``, in file-name order (files that do not load are left out)."""
    out = []
    for path in sorted(folder.glob("*.json")):
        try:
            out.append(load_preset(path))
        except (ConfigError, ValueError, OSError):
            continue
    return out


class WindowPreferences:
    """The main window's part that remembers (mixed into :class:`gui.main_window.MainWindow`): the
    Presets menu, View → Theme and Language, Restore defaults, and saving on close."""

    preferences: Preferences | None = None

    def init_preferences(self, preferences: Preferences | None) -> None:
        """Keep the default layout (for Restore defaults), then restore the saved one."""
        self._default_geometry = self.saveGeometry()
        self._default_state = self.saveState()
        self.preferences = preferences
        if preferences is None:
            return
        self.language_actions[preferences.language].setChecked(True)
        geometry, state = preferences.layout()
        if geometry is not None:
            self.restoreGeometry(geometry)
            self.fit_to_screen()  # saved on a bigger screen, say
        if state is not None:
            self.restoreState(state)

    def save_preferences(self) -> None:
        """Remember the config, geometry and dock layout (language and theme are saved when chosen)."""
        if self.preferences is None:
            return
        if not self.session.errors():
            self.preferences.config = self.session.draft
        self.preferences.pace = self.session.pace
        self.preferences.set_layout(self.saveGeometry(), self.saveState())
        self.preferences.sync()

    def restore_defaults(self) -> None:
        """The seed's example in the controls and the docks where they first were."""
        if self.state != RunState.IDLE:
            return
        self.session.set_draft(TrainConfig(), ())
        self.restoreState(self._default_state)
        for dock in self.findChildren(type(self.controls_dock)):
            if dock.isFloating():
                dock.setFloating(False)
        if self.preferences is not None:
            self.preferences.config = TrainConfig()
            self.preferences.forget_layout()
        self.set_status(
            lambda: QCoreApplication.translate(
                "WindowPreferences",
                "Defaults restored: the article's example, 60,000 samples / batch 64 → 938 iterations per epoch.",
            )
        )

    # -- menus ----------------------------------------------------------------------------------
    def build_presets_menu(self, bar: QMenuBar) -> None:
        self.presets_menu = QMenu(self)
        self.presets_menu.setObjectName("presetsMenu")
        bar.addMenu(self.presets_menu)
        self.presets = load_presets()
        self.preset_actions: list[QAction] = []
        for preset in self.presets:
            action = QAction(self)
            action.setObjectName(f"preset-{preset.name}")
            action.triggered.connect(lambda _=False, p=preset: self.apply_preset(p))
            self.presets_menu.addAction(action)
            self.preset_actions.append(action)
        self.presets_menu.addSeparator()
        self.restore_action = QAction(self, objectName="restoreDefaultsAction")
        self.restore_action.triggered.connect(self.restore_defaults)
        self.presets_menu.addAction(self.restore_action)

    def apply_preset(self, preset: Preset) -> None:
        """Show a preset's config in the controls (between runs) and say what it demonstrates."""
        if self.state != RunState.IDLE:
            return
        self.session.set_draft(preset.config)
        self.set_status(
            lambda: QCoreApplication.translate("WindowPreferences", "Preset “{0}”: {1}").format(
                preset.title(i18n.current_language()), preset.description(i18n.current_language())
            )
        )

    def build_preferences_menus(self, view_menu: QMenu) -> None:
        """View → Theme (light, dark) and View → Language (English, 简体中文, follow the system)."""
        self.theme_menu = view_menu.addMenu("")
        self.theme_menu.setObjectName("themeMenu")
        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for name in theme.THEMES:
            action = QAction(self, checkable=True, objectName=f"theme-{name}")
            action.triggered.connect(lambda _=False, n=name: self.set_theme(n))
            self.theme_group.addAction(action)
            self.theme_menu.addAction(action)
            self.theme_actions[name] = action
        self.theme_actions[theme.current()].setChecked(True)
        self.language_menu = view_menu.addMenu("")
        self.language_menu.setObjectName("languageMenu")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code in (*i18n.LANGUAGES, i18n.SYSTEM):
            action = QAction(self, checkable=True, objectName=f"language-{code}")
            action.triggered.connect(lambda _=False, c=code: self.set_language(c))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.language_actions[i18n.SYSTEM].setChecked(True)

    def retranslate_preferences(self) -> None:
        language = i18n.current_language()
        self.presets_menu.setTitle(QCoreApplication.translate("WindowPreferences", "&Presets"))
        for preset, action in zip(self.presets, self.preset_actions, strict=True):
            action.setText(preset.title(language))
            action.setStatusTip(preset.description(language))
            action.setToolTip(preset.description(language))
        self.presets_menu.setToolTipsVisible(True)
        self.restore_action.setText(QCoreApplication.translate("WindowPreferences", "&Restore defaults"))
        self.theme_menu.setTitle(QCoreApplication.translate("WindowPreferences", "&Theme"))
        self.theme_actions["light"].setText(QCoreApplication.translate("WindowPreferences", "&Light"))
        self.theme_actions["dark"].setText(QCoreApplication.translate("WindowPreferences", "&Dark"))
        self.language_menu.setTitle(QCoreApplication.translate("WindowPreferences", "&Language"))
        for code, name in i18n.LANGUAGES.items():
            self.language_actions[code].setText(name)  # each language in its own words
        self.language_actions[i18n.SYSTEM].setText(
            QCoreApplication.translate("WindowPreferences", "Follow the &system")
        )

    def set_language(self, choice: str) -> None:
        """Switch the window's language now (``en``, ``zh_CN`` or ``system``) and remember it."""
        code = i18n.set_language(choice)
        self.language_actions[choice].setChecked(True)
        if self.preferences is not None:
            self.preferences.language = choice
        if code != i18n.resolve(choice):
            QMessageBox.warning(
                self,
                QCoreApplication.translate("WindowPreferences", "Language"),
                QCoreApplication.translate(
                    "WindowPreferences",
                    "The compiled translations are missing; run “make translations”. Staying in English.",
                ),
            )

    def set_theme(self, name: str) -> None:
        """Switch to the light or dark theme now and remember it."""
        theme.apply(name)
        self.theme_actions[name].setChecked(True)
        theme.style_window(self)
        if self.preferences is not None:
            self.preferences.theme = name
