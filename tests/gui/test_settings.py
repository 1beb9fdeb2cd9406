"""Settings that survive a restart, Restore defaults, the presets, the themes, the help and About."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QDockWidget, QToolButton

from core import __version__
from core.cli import EXIT_DIVERGED
from core.training.config import TrainConfig
from core.training.engine import Trainer
from gui import i18n, theme
from gui.app import build_window
from gui.panels import help as help_module
from gui.panels.help import TOPICS, about_text
from gui.settings import PRESETS, Preferences, load_preset, load_presets
from main import main
from tests.callbacks import StopAfter
from tests.conftest import ROOT


@pytest.fixture
def preferences(tmp_path):
    """Settings in an INI file of this test's own (never the user's)."""
    path = tmp_path / "settings.ini"
    return lambda: Preferences(QSettings(str(path), QSettings.Format.IniFormat))


@pytest.fixture
def open_window(qtbot):
    """build_window() as the app does it at start-up; closed after the test."""
    windows = []

    def make(prefs, config=None):
        w = build_window(config, prefs)
        qtbot.addWidget(w)
        w.show()
        windows.append(w)
        return w

    yield make
    for w in windows:
        w.close()


def test_config_layout_language_and_theme_survive_a_restart(open_window, preferences, translations, qtbot):
    w = open_window(preferences())
    assert w.controls.config() == TrainConfig()  # nothing saved yet: the seed's example
    w.controls.batch.setValue(128)
    w.controls.lr.setValue(0.05)
    w.help_dock.close()
    w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, w.controls_dock)
    w.language_actions["zh_CN"].trigger()
    w.theme_actions["dark"].trigger()
    w.close()
    i18n.set_language("en")
    theme.apply("light")

    prefs = preferences()
    assert prefs.language == "zh_CN" and prefs.theme == "dark"
    assert prefs.config == TrainConfig(batch_size=128, lr=0.05)
    geometry, state = prefs.layout()
    assert geometry is not None and state is not None
    again = open_window(prefs)
    assert again.controls.config() == TrainConfig(batch_size=128, lr=0.05)
    assert i18n.current_language() == "zh_CN" and again.language_actions["zh_CN"].isChecked()
    assert again.start_button.text() == "开始"
    assert theme.current() == "dark" and again.theme_actions["dark"].isChecked()
    assert again.dockWidgetArea(again.controls_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert not again.help_dock.isVisible()


def test_options_on_the_command_line_win_over_the_saved_config(open_window, preferences):
    prefs = preferences()
    prefs.config = TrainConfig(batch_size=256)
    w = open_window(prefs, TrainConfig(epochs=2))
    assert w.controls.config() == TrainConfig(epochs=2)


def test_a_broken_saved_config_falls_back_to_the_seed_example(open_window, preferences):
    prefs = preferences()
    prefs.settings.setValue("config", "{not json")
    assert prefs.config is None
    prefs.settings.setValue("config", json.dumps({"batch_size": 10**9}))
    assert prefs.config is None
    prefs.settings.setValue("language", "klingon")
    prefs.settings.setValue("theme", "neon")
    assert prefs.language == "system" and prefs.theme == "light"
    assert open_window(prefs).controls.config() == TrainConfig()


def test_restore_defaults_brings_back_the_seed_example_and_the_docks(open_window, preferences):
    prefs = preferences()
    w = open_window(prefs)
    w.controls.set_config(TrainConfig(dataset="moons", samples=2000, batch_size=16, model="mlp"))
    w.help_dock.close()
    w.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, w.inspector_dock)
    w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, w.controls_dock)
    w.restore_action.trigger()
    assert w.controls.config() == TrainConfig()
    assert "938" in w.controls.arithmetic.text()
    assert w.dockWidgetArea(w.controls_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert w.dockWidgetArea(w.inspector_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    tabbed = {w.landscape_dock, w.forms_dock, w.runs_dock, w.lab_dock, w.help_dock, w.epoch_map_dock}
    tabbed |= {w.batch_dock, w.weights_dock}
    assert set(w.tabifiedDockWidgets(w.inspector_dock)) == tabbed
    assert not w.help_dock.isHidden()
    assert prefs.config == TrainConfig()
    assert prefs.layout() == (None, None)


# -- presets -----------------------------------------------------------------------------------------
PRESET_FILES = sorted(PRESETS.glob("*.json"))


def test_the_presets_are_the_ones_the_lesson_needs():
    presets = {p.name: p for p in load_presets()}
    assert len(presets) == len(PRESET_FILES) >= 8
    seed = presets["01-seed-example"].config
    assert seed == TrainConfig()  # 60,000 / 64 → 938
    plain, heavy = presets["02-landscape-plain-sgd"].config, presets["03-landscape-momentum"].config
    assert (plain.momentum, heavy.momentum) == (0.0, 0.9) and plain.replace(momentum=0.9) == heavy
    assert plain.dataset == "linear-1d" and plain.model == "linear"
    small, large = presets["04-small-batch"].config, presets["05-large-batch"].config
    assert small.batch_size < large.batch_size and small.replace(batch_size=large.batch_size) == large
    assert not presets["07-skip-zero-grad"].config.zero_grad
    assert presets["08-real-digits"].config.dataset == "digits"
    for preset in presets.values():
        assert preset.title("en") and CJK(preset.title("zh_CN")) and CJK(preset.description("zh_CN"))
        assert preset.description("en")


def CJK(text: str) -> bool:  # noqa: N802 - reads like the script's name
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize("path", PRESET_FILES, ids=lambda p: p.stem)
def test_every_preset_is_a_config_file_that_trains(path):
    """Each preset reads as --config does and runs a few steps headless."""
    preset = load_preset(path)
    assert TrainConfig.load(path) == preset.config
    assert not preset.config.errors()
    stopper = StopAfter(3)
    result = Trainer(preset.config, [] if path.stem == "06-diverging-lr" else [stopper]).run()
    if path.stem == "06-diverging-lr":
        assert result.status == "diverged" and result.diverged_step < 100
    else:
        assert result.status == "stopped" and result.history.size == 3, result.message


def test_the_command_line_runs_a_preset(capsys):
    code = main(["--headless", "--config", str(PRESETS / "06-diverging-lr.json"), "--quiet"])
    assert code == EXIT_DIVERGED
    assert "diverged at step" in capsys.readouterr().out


def test_a_preset_from_the_menu_fills_the_controls(make_window, translations):
    w = make_window()
    titles = [a.text() for a in w.preset_actions]
    assert titles[0].startswith("The article's example")
    action = next(a for a in w.preset_actions if a.objectName() == "preset-03-landscape-momentum")
    action.trigger()
    config = w.controls.config()
    assert (config.dataset, config.model, config.momentum, config.lr) == ("linear-1d", "linear", 0.9, 0.2)
    assert "momentum" in w.status_label.text().lower()
    assert w.landscape.available
    i18n.set_language("zh_CN")
    QApplication.processEvents()
    assert w.preset_actions[0].text().startswith("文章的例子")


def test_a_broken_preset_file_is_left_out_of_the_menu(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"title": {"en": "A"}, "config": {"epochs": 2}}))
    (tmp_path / "b.json").write_text(json.dumps({"title": {"en": "B"}, "config": {"epochs": 0}}))
    (tmp_path / "c.json").write_text("{")
    (tmp_path / "d.json").write_text(json.dumps({"config": {"epochs": 2}}))  # no title
    assert [p.title("zh_CN") for p in load_presets(tmp_path)] == ["A"]


# -- themes --------------------------------------------------------------------------------------------
def test_the_dark_theme_darkens_the_window_and_every_plot(make_window):
    w = make_window()
    light_bg = w.loss_plot.backgroundBrush().color()
    assert light_bg.lightness() > 240
    w.theme_actions["dark"].trigger()
    assert theme.current() == "dark"
    palette = QApplication.instance().palette()
    assert palette.color(QPalette.ColorRole.Window).lightness() < 80
    for plot in (w.loss_plot, w.epoch_plot, w.accuracy_plot, w.landscape.plot_widget, w.slice.view):
        assert plot.backgroundBrush().color().lightness() < 40, plot.objectName()
    axis = w.loss_plot.getPlotItem().getAxis("left")
    assert axis.textPen().color().lightness() > 150
    assert w.loss_plot.getPlotItem().titleLabel.opts["color"] == theme.THEMES["dark"].foreground
    assert theme.THEMES["dark"].info_background in w.controls.arithmetic.styleSheet()
    w.theme_actions["light"].trigger()
    assert w.loss_plot.backgroundBrush().color() == light_bg
    assert theme.THEMES["light"].info_background in w.controls.arithmetic.styleSheet()


# -- help and about ------------------------------------------------------------------------------------
def test_help_pages_explain_every_topic_with_the_formulas_in_both_languages():
    for language in ("en", "zh_CN"):
        page = help_module.help_file(language)
        assert page.name == f"{language}.html"
        text = page.read_text(encoding="utf-8")
        for topic in TOPICS:
            assert f'name="{topic}"' in text, (language, topic)
        for formula in ("⌈N / B⌉", "W ← W − α · ∂L/∂W", "θ ← θ + v", "θ ← θ − α · b", "zero_grad()", "938"):
            assert formula in text, (language, formula)
    zh = help_module.help_file("zh_CN").read_text(encoding="utf-8")
    for term in ("轮次（epoch）", "batch size", "学习率", "动量", "迭代"):
        assert term in zh


def test_question_mark_and_f1_open_the_right_help_section(make_window, qtbot):
    w = make_window()
    w.inspector_dock.raise_()
    button = w.findChild(QToolButton, "help-momentum")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert w.help.topic == "momentum"
    assert w.help_dock.isVisible() and not w.help_dock.visibleRegion().isEmpty()
    w.activateWindow()
    w.controls.batch.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is w.controls.batch, timeout=5000)
    w.menus.help_action.trigger()  # F1: the help on what has the focus
    assert w.help.topic == "batch"
    assert "Batch size" in w.help.text()
    assert w.menus.help_action.shortcut().toString() == "F1"


def test_about_names_the_version_the_licences_and_the_data():
    text = about_text(__version__)
    parts = (__version__, "MIT", "LGPLv3", "pyqtgraph", "PyTorch", "NumPy", "BSD 3-Clause", "CC BY 4.0")
    for part in parts:
        assert part in text, part
    assert (ROOT / "resources" / "data" / "README.md").exists()


def test_every_dock_can_be_shown_from_the_view_menu(make_window):
    w = make_window()
    docks = w.findChildren(QDockWidget)
    toggles = {a.text() for a in w.menus.view_menu.actions()}
    assert {d.windowTitle() for d in docks} <= toggles
