"""Two languages: every string of gui/ has its Chinese, the window in Chinese shows no English left,
the language switches at run time, and core/'s messages are translated in the window."""

from __future__ import annotations

import html
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QProgressBar,
    QTabBar,
    QTableWidget,
    QWidget,
)

from core.config import DATASETS, MODELS, OPTIMIZERS, ConfigError, TrainConfig
from core.engine import Callback, Trainer
from gui import i18n
from gui.runs import SweepDialog
from tests.conftest import ROOT
from tests.gui.conftest import SMALL, qt_tool

TS = ROOT / "resources" / "translations" / "sgd_lab_zh_CN.ts"
GUI_FILES = sorted((ROOT / "gui").glob("*.py"))
CJK = re.compile(r"[\u4e00-\u9fff]")
FIELD = re.compile(r"\{[^{}]*\}")

# What may stay in Latin letters in the Chinese window: code the learner types or reads in PyTorch,
# proper names, units and the program's own identifiers (the names the command line takes).
ALLOWED = [
    "optimizer.step()", "optimizer.zero_grad()", "zero_grad()", "loss.backward()",
    "torch.optim.SGD", "torch.optim.lr_scheduler", "PyTorch", "TensorBoard", "SGD Lab", "SGD",
    "Softmax", "MNIST", "MLP", "Adam", "RMSprop", "Adagrad", "Nesterov", "Hessian", "CPU", "CUDA", "GPU",
    "English", "Qt", "UCI", "Li", "Goyal", "λ_max", "λ_min", "log₁₀", "Ctrl", "Shift", "Return", "Enter",
    "Delete", "CSV", "JSON", "PNG", "SVG", "NumPy", "KiB", "MiB", "GiB",
    ".npz", "backward()", "autograd", "RSS",
    *DATASETS, *MODELS, *OPTIMIZERS,
]  # fmt: skip


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    out = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out[(name, message.findtext("source") or "")] = message.find("translation")
    return out


def test_every_string_in_gui_has_a_finished_chinese_translation(tmp_path):
    """lupdate over every file in gui/ (new panels included): each string it finds must be in the
    checked-in .ts, translated, with the same {} fields and an accelerator where the source has one."""
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [qt_tool("lupdate"), "-silent", "-locations", "none", *map(str, GUI_FILES), "-ts", str(fresh)],
        check=True, timeout=120,
    )  # fmt: skip
    found = _messages(fresh)
    assert len(found) > 200
    ours = _messages(TS)
    problems = []
    for (context, source), _ in found.items():
        translation = ours.get((context, source))
        if translation is None:
            problems.append(f"not in the .ts (run `make translations`): [{context}] {source!r}")
            continue
        text = translation.text or ""
        if translation.get("type") in ("unfinished", "vanished", "obsolete") or not text:
            problems.append(f"no Chinese yet: [{context}] {source!r}")
        elif sorted(FIELD.findall(source)) != sorted(FIELD.findall(text)):
            problems.append(f"format fields differ: [{context}] {source!r} -> {text!r}")
        elif ("&" in source.replace("&nbsp;", "")) != ("&" in text.replace("&nbsp;", "")):
            problems.append(f"accelerator lost or added: [{context}] {source!r} -> {text!r}")
    stale = [key for key, m in ours.items() if key not in found or m.get("type") in ("vanished", "obsolete")]
    assert not problems, "\n".join(problems)
    assert not stale, f"entries no longer in gui/ (run `make translations`): {stale}"


def _contexts_of_gui() -> set[str]:
    """Translation contexts used by gui/: its class names and explicit translate("…") contexts."""
    names = set()
    for path in GUI_FILES:
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r"^class (\w+)", text, re.M))
        names |= set(re.findall(r'translate\(\s*"(\w+)"', text))
        names |= set(re.findall(r'QT_TRANSLATE_NOOP\(\s*"(\w+)"', text))
    return names


class RecordingTranslator(QTranslator):
    """Wraps the app's catalogue and remembers every lookup from gui/ that found no translation."""

    def __init__(self, inner: QTranslator, contexts: set[str]) -> None:
        super().__init__()
        self.inner, self.contexts = inner, contexts
        self.missed: set[tuple[str, str]] = set()
        self.found: set[str] = set()

    def translate(self, context, source, disambiguation=None, n=-1):
        text = self.inner.translate(context, source, disambiguation, n)
        if text:
            self.found.add(source)
            return text
        if context in self.contexts and source.strip():
            self.missed.add((context, source))
        return None  # Qt goes on (PySide tries the base classes' contexts next)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False

    @property
    def misses(self) -> set[tuple[str, str]]:
        return {(c, s) for c, s in self.missed if s not in self.found}


def _strip(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(text).replace("&", "")


def visible_texts(window) -> list[tuple[str, str]]:
    """(where, text) for every text the window can show: titles, labels, buttons, items, menus,
    actions, tooltips, tabs, progress bars and the plots' titles, axes and legends."""
    out: list[tuple[str, str]] = [("window title", window.windowTitle())]
    widgets = window.findChildren(QWidget)
    for w in widgets:
        where = f"{type(w).__name__} {w.objectName()}"
        if w.toolTip():
            out.append((f"{where} tooltip", w.toolTip()))
        if isinstance(w, (QLabel, QAbstractButton)):
            out.append((where, w.text()))
        elif isinstance(w, QGroupBox):
            out.append((where, w.title()))
        elif isinstance(w, QComboBox):
            out += [(f"{where} item", w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, QDockWidget):
            out.append((where, w.windowTitle()))
        elif isinstance(w, QTabBar):
            out += [(f"{where} tab", w.tabText(i)) for i in range(w.count())]
        elif isinstance(w, QProgressBar):
            out.append((where, w.text()))
        elif isinstance(w, QMenu):
            out.append((where, w.title()))
        elif isinstance(w, QLineEdit):
            out.append((f"{where} placeholder", w.placeholderText()))
        elif isinstance(w, QListWidget):
            out += [(f"{where} item", w.item(i).text()) for i in range(w.count())]
            out += [(f"{where} item tooltip", w.item(i).toolTip()) for i in range(w.count())]
        elif isinstance(w, QTableWidget) and w.objectName() != "importPreview":  # not the learner's data
            for c in range(w.columnCount()):
                heading = w.horizontalHeaderItem(c)
                if heading is not None:
                    out += [(f"{where} heading", heading.text()), (f"{where} heading tip", heading.toolTip())]
            cells = (w.item(r, c) for r in range(w.rowCount()) for c in range(w.columnCount()))
            out += [(f"{where} cell", item.text()) for item in cells if item is not None]
    for action in window.findChildren(type(window.start_action)):
        for kind in ("text", "toolTip", "statusTip"):
            out.append((f"action {action.objectName()} {kind}", getattr(action, kind)()))
    for view in window.findChildren(pg.GraphicsView):
        for item in view.scene().items():
            if isinstance(item, pg.PlotItem):
                out.append(("plot title", item.titleLabel.text))
                for side in ("left", "bottom", "right"):
                    out.append((f"plot axis {side}", item.getAxis(side).labelText))
                if item.legend is not None:
                    out += [("legend", label.text) for _, label in item.legend.items]
            elif isinstance(item, pg.TextItem):
                out.append(("plot text", item.toPlainText()))
    return [(where, text) for where, text in out if text and text.strip()]


def english_left(text: str) -> list[str]:
    """Latin words of two letters or more that are not allowed tokens."""
    rest = _strip(text)
    for token in sorted(ALLOWED, key=len, reverse=True):
        rest = rest.replace(token, " ")
    return re.findall(r"[A-Za-z]{2,}", rest)


def show_every_panel(w, qtbot, tmp_path) -> None:
    """What the window can show besides its main view: a run in the runs list, the batch-size lab
    with its results, the sweep dialog refusing a value and the import dialog with a file's preview."""
    w.lab.batch_sizes.setText("16, 64")
    with qtbot.waitSignal(w.lab.finished, timeout=60_000):
        assert w.lab.start()
    sweep = SweepDialog(w.controls.config(), w)
    sweep.values.setText("0.1, 0.1")
    sweep.accept()  # refused: a value twice, said in the dialog
    assert sweep.error.text()
    table = tmp_path / "t.csv"
    table.write_text("x1,x2,y\n" + "\n".join(f"{i % 7},{i % 3},{i % 2}" for i in range(40)) + "\n")
    dialog = w.files.import_data()
    dialog.set_path(table)
    assert dialog.preview is not None
    for dock in (w.landscape_dock, w.forms_dock, w.runs_dock, w.lab_dock, w.help_dock):
        dock.raise_()


def test_the_window_in_chinese_has_no_english_left(make_window, qtbot, translations, tmp_path):
    contexts = _contexts_of_gui()
    catalogue = QTranslator()
    assert catalogue.load(str(translations / "sgd_lab_zh_CN.qm"))
    recorder = RecordingTranslator(catalogue, contexts)
    plots = QTranslator()
    assert plots.load(str(translations / "pyqtgraph_zh_CN.qm"))
    qt = QTranslator()  # Qt's own texts (standard buttons), as set_language installs them
    qt.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    app = QApplication.instance()
    i18n.set_language("en")
    app.installTranslator(qt)
    app.installTranslator(plots)
    app.installTranslator(recorder)
    i18n._current = "zh_CN"  # the recorder stands in for set_language's translator
    try:
        w = make_window(SMALL)
        with qtbot.waitSignal(w.run_finished, timeout=60_000):
            w.start()  # the counter, the status line, the inspector and the plots after a run
        w.inspector.show_step(3)
        show_every_panel(w, qtbot, tmp_path)
        w.controls.batch.setValue(5000)  # a message next to a field, from core/
        texts = visible_texts(w)
        for menu in w.menuBar().findChildren(QMenu):
            texts.append(("menu", menu.title()))
            texts += [("menu action", a.text()) for a in menu.actions() if a.text()]
    finally:
        app.removeTranslator(recorder)
        app.removeTranslator(plots)
        app.removeTranslator(qt)
        i18n._current = "en"
    assert len(texts) > 150
    leftovers = {f"{where}: {text!r} ({words})" for where, text in texts if (words := english_left(text))}
    assert not leftovers, "English left in the Chinese window:\n" + "\n".join(sorted(leftovers))
    assert not recorder.misses, f"looked up without a translation: {sorted(recorder.misses)}"
    status = w.status_label.text()
    assert "已完成" in status and "周期" in status, status
    assert w.controls.arithmetic.text() == "批大小不能超过训练集大小 N。"
    assert w.controls._errors["batch_size"].text() == "必须在 1 和训练集大小 2,000 之间（当前为 5,000）"


def test_the_language_switches_at_run_time_and_back(make_window, qtbot, translations):
    w = make_window()
    assert w.start_button.text() == "Start"
    assert "iterations per epoch" in w.controls.arithmetic.text()
    w.language_actions["zh_CN"].trigger()
    qtbot.waitUntil(lambda: w.start_button.text() == "开始", timeout=5000)
    assert i18n.current_language() == "zh_CN"
    assert w.controls_dock.windowTitle() == "设置"
    assert w.help_dock.windowTitle() == "帮助"
    assert "每个周期 <b>938</b> 次迭代" in w.controls.arithmetic.text()
    assert "周期 0/5" in w.counter.label.text() and "迭代 0/938" in w.counter.label.text()
    assert w.loss_plot.getPlotItem().titleLabel.text == "每次 optimizer.step() 的小批量损失"
    assert w.presets_menu.title() == "预设(&P)"
    assert "小批量梯度下降" in w.help.text()
    assert "就绪" in w.status_label.text()
    w.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: w.start_button.text() == "Start", timeout=5000)
    assert "Mini-batch loss" in w.loss_plot.getPlotItem().titleLabel.text
    assert "Mini-batch gradient descent" in w.help.text()
    assert w.language_actions["en"].isChecked()


def test_switching_to_chinese_after_a_run_leaves_no_english(make_window, qtbot, translations, tmp_path):
    """Every panel retranslates itself on QEvent.LanguageChange: switched mid-session, the window
    shows what it shows when built in Chinese."""
    w = make_window(SMALL)
    with qtbot.waitSignal(w.run_finished, timeout=60_000):
        w.start()  # a slice to map (softmax)
    w.controls.set_config(TrainConfig.load(ROOT / "resources" / "presets" / "02-landscape-plain-sgd.json"))
    with qtbot.waitSignal(w.run_finished, timeout=60_000):
        w.start()  # a path on the landscape
    w.inspector.show_step(3)
    show_every_panel(w, qtbot, tmp_path)
    w.language_actions["zh_CN"].trigger()
    qtbot.waitUntil(lambda: w.start_button.text() == "开始", timeout=5000)
    names = {r.name for r in w.runs.records}  # the learner's to rename: made in English, kept
    texts = [(where, text) for where, text in visible_texts(w) if text not in names]
    for menu in w.menuBar().findChildren(QMenu):
        texts.append(("menu", menu.title()))
        texts += [("menu action", a.text()) for a in menu.actions() if a.text()]
    leftovers = {f"{where}: {text!r} ({words})" for where, text in texts if (words := english_left(text))}
    assert not leftovers, "English left after switching to Chinese:\n" + "\n".join(sorted(leftovers))


def test_follow_the_system_picks_chinese_on_a_chinese_system(monkeypatch):
    monkeypatch.setattr(i18n.QLocale, "system", staticmethod(lambda: QLocale(QLocale.Language.Chinese)))
    assert i18n.resolve("system") == "zh_CN"
    monkeypatch.setattr(i18n.QLocale, "system", staticmethod(lambda: QLocale(QLocale.Language.German)))
    assert i18n.resolve("system") == "en"
    assert i18n.resolve("zh_CN") == "zh_CN" and i18n.resolve("en") == "en"


def test_missing_catalogue_leaves_english(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "TRANSLATIONS", tmp_path)  # nothing compiled there
    assert i18n.set_language("zh_CN") == "en"
    assert QCoreApplication.translate("MainWindow", "&Start") == "&Start"


# -- core/'s messages --------------------------------------------------------------------------------
BAD_CONFIGS = [
    TrainConfig(epochs=0), TrainConfig(epochs=1.5), TrainConfig(lr=float("inf")), TrainConfig(shuffle=1),
    TrainConfig(dataset=3), TrainConfig(momentum=1.0), TrainConfig(momentum=0.9995), TrainConfig(lr=0.0),
    TrainConfig(dataset="cifar"), TrainConfig(model="cnn"), TrainConfig(optimizer="lbfgs"),
    TrainConfig(lr_schedule="linear"), TrainConfig(device="tpu"), TrainConfig(dataset="digits", samples=5000),
    TrainConfig(dataset="linear-1d", samples=1000, model="softmax"), TrainConfig(model="linear"),
    TrainConfig(batch_size=70_000), TrainConfig(nesterov=True, optimizer="adam"),
    TrainConfig(nesterov=True, momentum=0.0), TrainConfig(nesterov=True, dampening=0.5),
]  # fmt: skip


class _StopAfter(Callback):
    def __init__(self, steps: int) -> None:
        self.steps, self.trainer = steps, None

    def on_step_end(self, step) -> None:
        if step.step >= self.steps:
            self.trainer.request_stop()


def _engine_messages(tmp_path: Path) -> list[str]:
    out = []
    small = TrainConfig(dataset="moons", samples=200, epochs=1, batch_size=50, momentum=0.0)
    out.append(Trainer(small).run().message)  # completed
    stopper = _StopAfter(2)
    stopper.trainer = Trainer(small, [stopper])
    out.append(stopper.trainer.run().message)  # stopped
    diverging = TrainConfig.load(ROOT / "resources" / "presets" / "06-diverging-lr.json")
    out.append(Trainer(diverging).run().message)  # diverged
    for change in ({"lr": 0.1}, {"momentum": 0.5}):
        trainer = Trainer(small.replace(lr_schedule="cosine", optimizer="adam"))
        with pytest.raises(ConfigError) as refused:
            trainer.set_hyperparameters(**change)
        out.append(refused.value.message)
    for text in ("[1, 2]", "{", "\xff"):
        bad = tmp_path / "bad.json"
        bad.write_bytes(text.encode("latin-1"))
        with pytest.raises(ConfigError) as refused:
            TrainConfig.load(bad)
        out.append(refused.value.message)
    with pytest.raises(ConfigError) as refused:
        TrainConfig.load(tmp_path / "absent.json")
    out.append(refused.value.message)
    with pytest.raises(ConfigError) as refused:
        TrainConfig.from_dict({"epochz": 1})
    out.append(refused.value.message)
    out.append("diverged at step 7 (gradient norm = nan)")
    out.append("cuda was asked for, but no CUDA GPU is available; use cpu or auto")
    return out


def test_every_message_from_core_is_translated_in_the_window(qapp, translations, tmp_path):
    messages = [e.message for config in BAD_CONFIGS for e in config.errors()]
    assert len(messages) >= len(BAD_CONFIGS)
    messages += _engine_messages(tmp_path)
    unknown = [m for m in messages if i18n.core_match(m) is None]
    assert not unknown, f"core/ says something gui/i18n.py does not know: {unknown}"
    assert i18n.core_text(messages[0]) == messages[0]  # English: unchanged
    i18n.set_language("zh_CN")
    untranslated = [m for m in messages if not CJK.search(i18n.core_text(m))]
    assert not untranslated, untranslated
    assert i18n.core_text("completed 1,876 steps in 2 epochs") == "已完成：2 个周期共 1,876 步"
    assert i18n.core_text("diverged at step 22 (validation loss = inf)") == "在第 22 步发散（验证损失 = inf）"
    assert i18n.core_text("something new") == "something new"


def test_a_refused_setting_is_explained_in_chinese_next_to_its_field(make_window, translations):
    i18n.set_language("zh_CN")
    w = make_window()
    w.controls.dataset.setCurrentIndex(w.controls.dataset.findData("linear-1d"))
    w.controls.model.setCurrentIndex(w.controls.model.findData("softmax"))
    label = w.controls._errors["model"]
    assert label.isVisible() or not w.isVisible()
    assert label.text() == "softmax 需要分类数据集；linear-1d 是回归数据"
    assert not w.start_button.isEnabled()


def test_shortcut_help_hint_is_in_the_tooltips(make_window):
    w = make_window()
    tip = w.controls.epochs.toolTip()
    assert "Help: epoch" in tip and "F1" in tip
    assert w.findChild(QAbstractButton, "help-momentum").toolTip().startswith("Help: momentum")


def plot_menu_texts(plot: pg.PlotWidget) -> list[str]:
    """The texts of a plot's right-click menus (pyqtgraph's own)."""
    vb = plot.getPlotItem().vb
    menu = vb.menu
    texts = [menu.title(), menu.viewAll.text(), *(a.text() for a in menu.mouseModes)]
    texts += [a.menu().title() for a in menu.actions() if a.menu() is not None]
    ctrl = plot.getPlotItem().ctrl
    texts += [ctrl.logXCheck.text(), ctrl.clipToViewCheck.text(), plot.getPlotItem().ctrlMenu.title()]
    texts += [a.text() for a in plot.scene().contextMenu]
    return texts


def test_the_plots_right_click_menus_follow_the_language(make_window, qtbot, translations):
    w = make_window()
    english = plot_menu_texts(w.loss_plot)
    assert "View All" in english and "Plot Options" in english and "Export..." in english
    w.language_actions["zh_CN"].trigger()
    qtbot.waitUntil(lambda: w.loss_plot.getPlotItem().vb.menu.viewAll.text() == "显示全部", timeout=5000)
    for plot in (w.loss_plot, w.epoch_plot, w.accuracy_plot):
        chinese = plot_menu_texts(plot)
        assert all(CJK.search(t) for t in chinese), chinese
    assert "X 轴" in plot_menu_texts(w.loss_plot)
    w.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: w.loss_plot.getPlotItem().vb.menu.viewAll.text() == "View All", timeout=5000)
    assert plot_menu_texts(w.loss_plot) == english


BAD_SWEEPS = [
    "batch_size", "foo=1", "batch_size=", "lr=" + ",".join(str(i / 100) for i in range(1, 23)),
    "batch_size=a", "lr=a", "lr=inf", "momentum=1.5", "lr=100", "lr=0.1,0.1",
]  # fmt: skip


def test_the_sweeps_refusals_and_the_labs_measurements_are_translated(qapp, translations):
    from core.lab import check_claims
    from core.sweep import parse_sweep, sweep_configs

    messages = []
    for text in BAD_SWEEPS:
        with pytest.raises(ConfigError) as refused:
            parse_sweep(text)
        messages.append(refused.value.message)
    by_config = ((TrainConfig(), "lr=0.1", True), (TrainConfig(samples=2000), "batch_size=9000", False))
    for base, text, scaling in by_config:
        with pytest.raises(ConfigError) as refused:
            sweep_configs(base, parse_sweep(text), scaling)
        messages.append(refused.value.message)
    row = dict(status="completed", memory_bytes=1e6, steps_per_epoch=625, epoch_time_s=0.5, grad_noise=0.3)
    rows = [
        {**row, "batch_size": 16, "loss_jitter": 0.1, "gap": 0.01, "val_loss": 0.3},
        {**row, "batch_size": 256, "memory_bytes": 1e7, "steps_per_epoch": 40, "epoch_time_s": 0.1,
         "grad_noise": 0.02, "loss_jitter": 0.01, "gap": 0.02, "val_loss": 0.35},
    ]  # fmt: skip
    measured = [c["measured"] for c in check_claims(rows)]
    parts = [part for text in measured for part in text.split("; ")]
    assert len(parts) > len(measured)
    unknown = [m for m in messages + parts if i18n.core_match(m) is None]
    assert not unknown, f"core/ says something gui/i18n.py does not know: {unknown}"
    assert [i18n.measured_text(m) for m in measured] == measured  # English: unchanged
    i18n.set_language("zh_CN")
    untranslated = [m for m in messages + parts if not CJK.search(i18n.core_text(m))]
    untranslated += [m for m in measured if not CJK.search(i18n.measured_text(m))]
    assert not untranslated, untranslated
    too_big = "批大小 B = 9000：批大小 B 必须在 1 和训练集大小 2,000 之间（当前为 9,000）"
    assert i18n.core_text(messages[-1]) == too_big
    assert i18n.measured_text("loss jitter 0.1 vs 0.01; validation loss 0.3 vs 0.35") == (
        "损失抖动 0.1 对 0.01；验证损失 0.3 对 0.35"
    )
