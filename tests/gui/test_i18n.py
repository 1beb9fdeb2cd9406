"""Two languages: every string of gui/ has its Chinese, the window in Chinese shows no English left,
the language switches at run time, and core/'s messages are translated in the window."""

from __future__ import annotations

import gzip
import html
import io
import json
import re
import subprocess
import warnings
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import numpy as np
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

from core.messages import TEMPLATES, Message, joined
from core.training.config import BUILT_IN, CUSTOM, MODELS, OPTIMIZERS, ConfigError, TrainConfig
from core.training.engine import Trainer
from gui import i18n
from gui.panels.runs import SweepDialog
from tests.callbacks import StopAfter
from tests.conftest import ROOT
from tests.gui.conftest import SMALL, qt_tool
from tools.core_messages import lupdate_source

TS = ROOT / "resources" / "translations" / "sgd_lab_zh_CN.ts"
GUI_FILES = sorted((ROOT / "gui").rglob("*.py"))
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
    ".npz", ".gz", ".bz2", ".xz", ".zip", "backward()", "autograd", "RSS",
    "NA", "N/A", "NaN",  # a table's markers of missing values
    "batch size", "McCandlish", "B_simple", "B_crit", "S_min", "E_min", "tr(Σ)",  # the lab's critical batch
    "epoch",  # 轮次（epoch）: the glossary's first mention keeps the article's word
    "Fashion-MNIST", "IDX", "train-images-idx3-ubyte", "gzip", "Keras", "mnist.npz",  # files to import
    "torch.distributed", "gloo", "DistributedDataParallel", "DistributedSampler",  # data-parallel workers
    *BUILT_IN, *MODELS, *OPTIMIZERS,
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
    core_messages = tmp_path / "core_messages.py"  # core's templates, as `make translations` gives them
    core_messages.write_text(lupdate_source(), encoding="utf-8")
    sources = [*map(str, GUI_FILES), str(core_messages)]
    subprocess.run(
        [qt_tool("lupdate"), "-silent", "-locations", "none", *sources, "-ts", str(fresh)],
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
    return html.unescape(text).replace("&", "").replace("\xa0", " ")  # no-break spaces in formulas


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
    assert "已完成" in status and "轮次" in status, status
    assert w.controls.arithmetic.text() == "batch size 不能超过训练集大小 N。"
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
    assert "每个轮次 <b>938</b> 次迭代" in w.controls.arithmetic.text()
    assert "轮次 0/5" in w.counter.label.text() and "迭代 0/938" in w.counter.label.text()
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


def _engine_messages(tmp_path: Path) -> list[Message]:
    out = []
    small = TrainConfig(dataset="moons", samples=200, epochs=1, batch_size=50, momentum=0.0)
    out.append(Trainer(small).run().msg)  # completed
    stopper = StopAfter(2)
    out.append(Trainer(small, [stopper]).run().msg)  # stopped
    diverging = TrainConfig(
        dataset="linear-1d", samples=1000, model="linear", lr=10.0, epochs=3, batch_size=100
    )
    out.append(Trainer(diverging).run().msg)  # diverged
    for change in ({"lr": 0.1}, {"momentum": 0.5}):
        trainer = Trainer(small.replace(lr_schedule="cosine", optimizer="adam"))
        with pytest.raises(ConfigError) as refused:
            trainer.set_hyperparameters(**change)
        out.append(refused.value.msg)
    for text in ("[1, 2]", "{", "\xff"):
        bad = tmp_path / "bad.json"
        bad.write_bytes(text.encode("latin-1"))
        with pytest.raises(ConfigError) as refused:
            TrainConfig.load(bad)
        out.append(refused.value.msg)
    with pytest.raises(ConfigError) as refused:
        TrainConfig.load(tmp_path / "absent.json")
    out.append(refused.value.msg)
    with pytest.raises(ConfigError) as refused:
        TrainConfig.from_dict({"epochz": 1})
    out.append(refused.value.msg)
    out.append(Message("run.diverged", step=7, quantity=Message("term.gradient_norm"), value=float("nan")))
    out.append(Message("run.no_cuda"))
    return out


READ_THE_SAME = [  # names that stay Latin in Chinese too
    "model.mlp", "optimizer.sgd", "optimizer.adam", "optimizer.rmsprop", "optimizer.adagrad", "device.cpu",
]  # fmt: skip


def _names_in(msg: Message):
    """(kind, code) of each dataset, model, optimizer or device a message names, nested ones too."""
    for key, value in msg.args:
        if isinstance(value, Message):
            yield from _names_in(value)
        elif key in ("dataset", "model", "optimizer", "device") and isinstance(value, str):
            yield key, value


def assert_english_with_display_names(messages: list[Message]) -> None:
    """The English window says what core says, but names datasets, models, optimizers and devices by
    their display names (core's TEMPLATES "dataset.digits" and the like), not by their codes."""
    for m in messages:
        names = list(_names_in(m))
        text = i18n.message_text(m)
        if not names:
            assert text == str(m)
        for kind, code in names:
            shown = TEMPLATES[f"{kind}.{code}"]
            assert shown in text and shown not in str(m), (m, text)


def test_every_message_from_core_is_translated_in_the_window(qapp, translations, tmp_path):
    messages = [e.msg for config in BAD_CONFIGS for e in config.errors()]
    assert len(messages) >= len(BAD_CONFIGS)
    messages += _engine_messages(tmp_path)
    assert all(isinstance(m, Message) for m in messages)
    assert_english_with_display_names(messages)  # English: core's, names aside
    i18n.set_language("zh_CN")
    untranslated = [m for m in messages if not CJK.search(i18n.message_text(m))]
    assert not untranslated, untranslated
    assert i18n.message_text(Message("run.completed", steps=1876, epochs=2)) == "已完成：2 个轮次共 1,876 步"
    quantity = Message("term.validation_loss")
    diverged = Message("run.diverged", step=22, quantity=quantity, value=float("inf"))
    assert i18n.message_text(diverged) == "在第 22 步发散（验证损失\xa0=\xa0inf）"
    assert i18n.sentence(diverged) == "在第 22 步发散（验证损失\xa0=\xa0inf）"
    assert i18n.message_text("something new") == "something new"  # text, not a message: as it is


def test_every_code_of_core_is_translated_by_the_compiled_catalogue(qapp, translations):
    """The .qm the window loads has a Chinese template for each of core/'s codes."""
    i18n.set_language("zh_CN")
    missing = [c for c, t in TEMPLATES.items() if QCoreApplication.translate("CoreMessages", t) == t]
    assert sorted(missing) == sorted(["size.mb", *READ_THE_SAME])  # "{mb:,.0f} MB" reads the same too


def test_a_refused_setting_is_explained_in_chinese_next_to_its_field(make_window, translations):
    i18n.set_language("zh_CN")
    w = make_window()
    w.controls.dataset.setCurrentIndex(w.controls.dataset.findData("linear-1d"))
    w.controls.model.setCurrentIndex(w.controls.model.findData("softmax"))
    label = w.controls._errors["model"]
    assert label.isVisible() or not w.isVisible()
    assert label.text() == "softmax 需要分类数据集；直线 y\xa0=\xa02x − 1 是回归数据"  # its display name
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
    from core.experiments.lab import check_claims
    from core.experiments.sweep import parse_sweep, sweep_configs

    messages = []
    for text in BAD_SWEEPS:
        with pytest.raises(ConfigError) as refused:
            parse_sweep(text)
        messages.append(refused.value.msg)
    by_config = ((TrainConfig(), "lr=0.1", True), (TrainConfig(samples=2000), "batch_size=9000", False))
    for base, text, scaling in by_config:
        with pytest.raises(ConfigError) as refused:
            sweep_configs(base, parse_sweep(text), scaling)
        messages.append(refused.value.msg)
    row = dict(status="completed", memory_bytes=1e6, steps_per_epoch=625, epoch_time_s=0.5, grad_noise=0.3)
    rows = [
        {**row, "batch_size": 16, "loss_jitter": 0.1, "gap": 0.01, "val_loss": 0.3},
        {**row, "batch_size": 256, "memory_bytes": 1e7, "steps_per_epoch": 40, "epoch_time_s": 0.1,
         "grad_noise": 0.02, "loss_jitter": 0.01, "gap": 0.02, "val_loss": 0.35},
    ]  # fmt: skip
    claims = check_claims(rows)
    measured = [c["measured_msg"] for c in claims]
    assert_english_with_display_names(measured)
    assert_english_with_display_names(messages)
    i18n.set_language("zh_CN")
    untranslated = [m for m in messages + measured if not CJK.search(i18n.message_text(m))]
    assert not untranslated, untranslated
    too_big = "batch size B\xa0=\xa09000：batch size B 必须在 1 和训练集大小 2,000 之间（当前为 9,000）"
    assert i18n.message_text(messages[-1]) == too_big
    parts = [
        Message("lab.jitter", small=0.1, large=0.01),
        Message("lab.validation_loss", small=0.3, large=0.35),
    ]
    assert i18n.message_text(joined(parts)) == "损失抖动 0.1 对 0.01；验证损失 0.3 对 0.35"


# -- the importer's, the workspace's and the zip reader's refusals ------------------------------------
# Besides ALLOWED, these stay in the Chinese text of a file's refusal: the format's own names (the
# workspace's JSON keys, dtype, NumPy's NaN and inf), and the learner's file names, kept as they are.
FILE_WORDS = ["NaN", "nan", "inf", "zip", "npy", "dtype", "pickle", "Python", "UTF-8", "CRC-32", "MB"]
FILE_WORDS += ["ID", "shuf", "missing", "drop", "error"]  # a table's ID column; a command; an option's values
FILE_NAME = re.compile(r"[\w.-]+\.(?:csv|npz|sgdlab|json|txt)\b|\b(?:run\d+|data)\.\w+")  # and arrays


def _refusal(error: type[Exception], call, *args, **kwargs) -> Message:
    with pytest.raises(error) as refused:
        call(*args, **kwargs)
    return refused.value.msg


def _npz(path: Path, **arrays) -> Path:
    with path.open("wb") as f:
        np.savez(f, **arrays)
    return path


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of a name given twice: that is the point
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, content in members:
                zf.writestr(name, content)
    return out.getvalue()


def _importer_messages(tmp_path: Path, monkeypatch) -> list[Message]:
    """Every kind of DataImportError (and the zip reader's refusals of an .npz), made by core/."""
    from core.io import importer, safezip, tables
    from core.io.importer import DataImportError, ImportOptions, from_arrays, import_file

    out: list[str] = []
    rows = "\n".join(f"{i % 7},{i % 3},{i % 2}" for i in range(40))

    def csv_refused(text: str | bytes, options: ImportOptions | None = None, name: str = "t.csv") -> None:
        path = tmp_path / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        out.append(_refusal(DataImportError, import_file, path, options))

    def npz_refused(path: Path, options: ImportOptions | None = None) -> None:
        out.append(_refusal(DataImportError, import_file, path, options))

    csv_refused("x1,x2,y\n" + "\n".join(f"{i},{i},{i % 2}" for i in range(5)))  # too few rows to train
    with monkeypatch.context() as m:
        m.setattr(importer, "MAX_TRAIN", 20)
        csv_refused("x1,x2,y\n" + rows)  # too many
    csv_refused("x1,x2,y\n1,2,0\n3,4\n" + rows)  # a row short, with a header
    csv_refused("1,2,0\n3,4,1\n5\n" + rows, ImportOptions(header=False))  # one column, without
    with monkeypatch.context() as m:
        m.setattr(tables, "MAX_VALUES", 10)
        csv_refused("x1,x2,y\n" + rows)
    csv_refused("x1,x2,y\n1,2,\n" + rows, ImportOptions(features=("x3",)))  # no such column
    csv_refused("x1,x2,y\n" + rows, ImportOptions(features=("y",)))  # the target as a feature
    csv_refused("x1,x2,y\n" + rows, ImportOptions(ignore=("y",)))  # the target left out
    csv_refused("x1,x2,y\n" + rows, ImportOptions(missing="sometimes"))
    csv_refused("n,y\n" + "\n".join(f"{i},{i % 2}" for i in range(40)))  # an ID only: no features
    csv_refused(
        "x1,x2,y\n" + "\n".join(f"{i},NA,{i % 2}" for i in range(40)), ImportOptions(features=("x2",))
    )
    csv_refused("x1,x2,y\n1,NA,0\n" + rows, ImportOptions(missing="error"))
    csv_refused(gzip.compress(("x1,x2,y\n" + rows).encode())[:-20], name="t.csv.gz")
    csv_refused(_zip([("a.csv", b"1"), ("b.csv", b"2")]), name="t.zip")
    with monkeypatch.context() as m:
        m.setattr(tables, "MAX_FILE_BYTES", 100)
        csv_refused(gzip.compress(("x1,x2,y\n" + rows).encode()), name="t.csv.gz")
    words = "x1,x2,y\n" + "\n".join(f"{i},w{i % 150},{i % 2}" for i in range(300))
    csv_refused(words, ImportOptions(features=("x2",)))  # text of too many values to one-hot encode
    csv_refused("x1,x2,y\n1,2," + "a" * 101 + "\n" + rows)  # a long label
    csv_refused("x1,x2,y\n")  # a header only
    csv_refused("\n  \n\n")
    csv_refused("1\n2\n3\n")
    csv_refused("x1,x2,y\n1,2,0\n" + "1,2," + "7" * 200_000 + "\n")  # the csv module's own limit
    csv_refused("x1,x2,y\n" + rows, ImportOptions(target="q9"))
    csv_refused("x1,x2,y\n" + rows, ImportOptions(target=7))
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as f:
        f.truncate(tables.MAX_FILE_BYTES + 2**20)  # sparse: nothing is written or read
    npz_refused(huge)
    csv_refused(b"")
    npz_refused(tmp_path / "absent.csv")
    (tmp_path / "folder.csv").mkdir()
    npz_refused(tmp_path / "folder.csv")
    csv_refused(b"x1,x2,y\n1,2\x00,0\n")
    csv_refused(b"x1,x2,y\n1,2,\xff\x01\n")
    with monkeypatch.context() as m:
        m.setattr(tables, "MAX_LINE_CHARS", 100_000)
        csv_refused("1," * 100_000)
    csv_refused("x1,x2,y\n1,,0\n" + rows, ImportOptions(missing="error"))
    csv_refused("x1,x2,y\n1,1.2.3,0\n" + rows)
    csv_refused("x1,x2,y\n1,nan,0\n" + rows, ImportOptions(missing="error"))
    csv_refused("x1,x2,y\n1,-inf,0\n" + rows)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # NumPy's "overflow in cast", which core/ then names
        csv_refused("x1,x2,y\n1,1e300,0\n" + rows, ImportOptions(standardize=False))
        csv_refused("x1,x2,y\n1,2,1e300\n" + rows + ".5", ImportOptions(task="regression"))
    csv_refused("x1,x2,y\n1,2,inf\n" + rows)
    csv_refused("x1,x2,y\n1,2,a\n" + rows, ImportOptions(task="regression"))
    csv_refused("x1,x2,y\n" + "\n".join(f"{i},{i}, 1" for i in range(40)))  # one class
    many = "x1,x2,y\n" + "\n".join(f"{i},{i},{i}" for i in range(120))
    csv_refused(many, ImportOptions(task="classification"))  # too many classes
    csv_refused("x1,x2,y\n" + rows, ImportOptions(task="42"))
    csv_refused("x1,x2,y\n" + rows, ImportOptions(val_fraction=0.95))
    x = np.zeros((40, 2))
    out.append(_refusal(DataImportError, from_arrays, x, np.array([b"a", b"b"] * 20), "t"))  # bytes
    # .npz files
    big = tmp_path / "big.npz"
    with big.open("wb") as f:
        f.truncate(tables.MAX_NPZ_BYTES + 2**20)
    npz_refused(big)
    (tmp_path / "empty.npz").write_bytes(b"")
    npz_refused(tmp_path / "empty.npz")
    npz_refused(tmp_path / "absent.npz")
    (tmp_path / "text.npz").write_bytes(b"not a zip archive")
    npz_refused(tmp_path / "text.npz")
    y = np.arange(40) % 2
    npz_refused(_npz(tmp_path / "a.npz", x=x))
    npz_refused(_npz(tmp_path / "a.npz", q=x))
    npz_refused(_npz(tmp_path / "a.npz", x=y, y=y))
    npz_refused(_npz(tmp_path / "a.npz", x=x, y=x))
    npz_refused(_npz(tmp_path / "a.npz", x=x, y=y[:30]))
    npz_refused(_npz(tmp_path / "a.npz", x=np.zeros((0, 2)), y=np.zeros(0)))
    npz_refused(_npz(tmp_path / "a.npz", x=np.full((40, 2), "a"), y=y))
    with monkeypatch.context() as m:
        m.setattr(tables, "MAX_VALUES", 10)
        npz_refused(_npz(tmp_path / "a.npz", x=x, y=y))
    npz_refused(_npz(tmp_path / "a.npz", x=np.where(np.eye(40, 2) > 0, np.nan, 0.0), y=y))
    with monkeypatch.context() as m:
        m.setattr(safezip, "MAX_MEMBERS", 1)
        npz_refused(_npz(tmp_path / "a.npz", x=x, y=y))
    with monkeypatch.context() as m:
        m.setattr(tables, "MAX_NPZ_BYTES", 10_000)
        zeros = tmp_path / "zeros.npz"
        with zeros.open("wb") as f:
            np.savez_compressed(f, x=np.zeros((50_000, 2)), y=np.zeros(50_000))
        npz_refused(zeros)
    buffer = io.BytesIO()
    np.save(buffer, x)
    npy = buffer.getvalue()
    encrypted = bytearray(_zip([("x.npy", npy)]))
    central = encrypted.find(b"PK\x01\x02")
    encrypted[central + 8] |= 1
    (tmp_path / "locked.npz").write_bytes(bytes(encrypted))
    npz_refused(tmp_path / "locked.npz")
    for members in (
        [("x.npy", npy), ("readme.txt", b"hi")],
        [("x.npy", npy), ("x.npy", npy)],
        [("x.npy", b"\x93NUMPY\x04\x00" + bytes(100))],
        [("x.npy", npy[:128] + bytes(10))],  # a header that promises more than follows
        [("x.npy", b"\x93NUMPY\x01\x00\x10\x00" + b"{not a header }\n")],
    ):
        (tmp_path / "m.npz").write_bytes(_zip(members))
        npz_refused(tmp_path / "m.npz")
    npz_refused(_npz(tmp_path / "a.npz", x=np.zeros(40, dtype=[("a", "<i4"), ("b", "<i4")]), y=y))
    npz_refused(_npz(tmp_path / "a.npz", x=np.array([object()] * 3, dtype=object), y=y))
    return out


def _workspace_messages(tmp_path: Path, monkeypatch) -> tuple[list[Message], list[str]]:
    """Every kind of WorkspaceError, made by core/; and the workspace's JSON keys."""
    from core.experiments.runs import RunRecord
    from core.io import workspace
    from core.io.importer import ImportOptions, from_arrays
    from core.io.workspace import (
        ARRAYS_NAME,
        JSON_NAME,
        Workspace,
        WorkspaceError,
        load_workspace,
        workspace_bytes,
    )
    from core.training.engine import train

    small = TrainConfig(dataset="moons", samples=200, epochs=1, batch_size=50, model="mlp", hidden=4)
    runs = [RunRecord(1, "a", train(small), True), RunRecord(2, "b", train(small.replace(lr=0.2)), True)]
    rng = np.random.default_rng(1)
    x = rng.normal(size=(50, 2))
    data = from_arrays(x, np.where(x[:, 0] > 0, "p", "q"), "t", ImportOptions(seed=2), ("x1", "x2"), "y")
    raw = workspace_bytes(Workspace(small, runs, data))
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        doc, npz = json.loads(zf.read(JSON_NAME)), zf.read(ARRAYS_NAME)
    arrays = dict(np.load(io.BytesIO(npz), allow_pickle=False))
    keys: set[str] = set()

    def collect(value) -> None:
        if isinstance(value, dict):
            keys.update(value)
            for v in value.values():
                collect(v)
        elif isinstance(value, list):
            for v in value:
                collect(v)

    collect(doc)
    out: list[Message] = []
    path = tmp_path / "w.sgdlab"

    def refused(content: bytes) -> None:
        path.write_bytes(content)
        out.append(_refusal(WorkspaceError, load_workspace, path))

    def changed(change, new_arrays: dict | None = None) -> None:
        d = json.loads(json.dumps(doc))
        change(d)
        a = dict(arrays) if new_arrays is None else new_arrays
        buffer = io.BytesIO()
        np.savez(buffer, **a)
        refused(_zip([(JSON_NAME, json.dumps(d).encode()), (ARRAYS_NAME, buffer.getvalue())]))

    def with_arrays(**replace) -> None:
        a = {k: v for k, v in arrays.items() if k not in replace}
        changed(lambda d: None, a | {k: v for k, v in replace.items() if v is not None})

    huge = tmp_path / "huge.sgdlab"
    with huge.open("wb") as f:
        f.truncate(workspace.MAX_FILE_BYTES + 2**20)
    out.append(_refusal(WorkspaceError, load_workspace, huge))
    out.append(_refusal(WorkspaceError, load_workspace, tmp_path / "absent.sgdlab"))
    (tmp_path / "folder.sgdlab").mkdir()
    out.append(_refusal(WorkspaceError, load_workspace, tmp_path / "folder.sgdlab"))
    refused(b"")
    refused(b"1, 2, 3")
    refused(b"PK\x03\x04 and then nothing")
    refused(_zip([(JSON_NAME, b"{}"), (JSON_NAME, b"{}")]))
    refused(_zip([(JSON_NAME, b"{}"), ("readme.txt", b"hi")]))
    refused(_zip([(ARRAYS_NAME, npz)]))
    refused(_zip([(JSON_NAME, b"\xff\xfe{}")]))
    refused(_zip([(JSON_NAME, b"{not json")]))
    refused(_zip([(JSON_NAME, b"[" * 100_000 + b"]" * 100_000)]))
    refused(_zip([(JSON_NAME, b'{"format": "sgd-lab-workspace", "version": NaN}')]))
    refused(_zip([(JSON_NAME, b"[1, 2]")]))
    refused(_zip([(JSON_NAME, b'{"format": "x9"}')]))
    for version in (0, 7):
        changed(lambda d, v=version: d.update(version=v))
    with monkeypatch.context() as m:
        m.setattr(workspace, "MAX_JSON_BYTES", 100)
        refused(raw)
    with monkeypatch.context() as m:
        m.setattr(workspace, "MAX_RUNS", 1)
        refused(raw)
    flipped = bytearray(raw)
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        info = zf.getinfo(ARRAYS_NAME)
    flipped[info.header_offset + 30 + len(ARRAYS_NAME) + 500] ^= 0xFF
    refused(bytes(flipped))
    buffer = io.BytesIO()
    np.savez(buffer, **{"run0.loss": np.array([object()] * 3, dtype=object)})
    refused(_zip([(JSON_NAME, json.dumps(doc).encode()), (ARRAYS_NAME, buffer.getvalue())]))
    refused(_zip([(JSON_NAME, json.dumps(doc).encode()), (ARRAYS_NAME, _zip([("a.txt", b"")]))]))
    changes = [
        lambda d: d.update(data=None) or d["config"].update(dataset=CUSTOM),
        lambda d: d.pop("runs"),
        lambda d: d.update(runs={}),
        lambda d: d.update(runs=[5]),
        lambda d: d["config"].update(epochs="9"),
        lambda d: d["config"].update(lr="9"),
        lambda d: d["config"].update(dataset="q9"),
        lambda d: d["config"].update(q9=1),
        lambda d: d["config"].update(lr=-1.0),
        lambda d: d["config"].update(batch_size=0),
        lambda d: d["runs"][0].update(name=3),
        lambda d: d["runs"][0].update(visible=2),
        lambda d: d["runs"][0].update(status="x9"),
        lambda d: d["runs"][0].update(steps=5),
        lambda d: d["runs"][0].update(steps_per_epoch=0),
        lambda d: d["runs"][0].update(changes=[5]),
        lambda d: d["runs"][0].update(stability={"a": "9"}),
        lambda d: d["runs"][0].update(watch_segments=[5]),
        lambda d: d["runs"][0].update(watch_segments=[[0, [5]]]),
        lambda d: d["runs"][1].update(id=1),
        lambda d: d["runs"][0]["epochs"][0].update(val_loss="9"),
        lambda d: d["runs"][0]["config"].update(model="q9"),
        lambda d: d["runs"].append(d["runs"][0] | {"id": 99}),
        lambda d: d["data"].update(task="q9"),
        lambda d: d["data"].update(feature_names=["x1"]),
        lambda d: d["data"].update(classes=[1, 2]),
        lambda d: d["data"].update(classes=[]),
        lambda d: d["data"].update(train_rows=d["data"]["train_rows"] + 1),
    ]
    for change in changes:
        changed(change)
    steps = len(arrays["run0.loss"])
    with_arrays(**{"run0.loss": np.full(steps, "a")})
    with_arrays(**{"run0.loss": np.zeros((steps, 2))})
    with_arrays(**{"run0.watch_values": np.zeros((steps, 1, 3))})
    with_arrays(**{"run0.watch_values": np.zeros((steps, 1, 1)), "run0.watch_norms": np.zeros((steps, 2))})
    with_arrays(**{"data.mean": None})
    with_arrays(**{"data.x_val": np.full(arrays["data.x_val"].shape, "a")})
    with_arrays(**{"data.x_train": np.full(arrays["data.x_train"].shape, np.nan)})
    with_arrays(**{"data.y_val": arrays["data.y_val"] + 5})
    with_arrays(**{"data.std": np.ones(3)})
    return out, sorted(keys | {k.split(".", 1)[-1] for k in arrays})


def _text_arguments(message: Message) -> list[str]:
    """The plain text a message carries, nested messages included: the learner's file and column
    names, a library's own words, values as written."""
    out = []
    for value in message.arguments.values():
        if isinstance(value, Message):
            out += _text_arguments(value)
        elif isinstance(value, str):
            out.append(value)
    return out


def _english_left_in_refusal(message: Message, tmp_path: Path, allowed: list[str]) -> list[str]:
    """English words left in a refusal's translation, besides the text it carries as data."""
    text = i18n.message_text(message).replace(str(tmp_path), " ")
    for value in sorted(_text_arguments(message), key=len, reverse=True):
        text = text.replace(value, " ")
    text = FILE_NAME.sub(" ", text)
    for token in sorted(allowed, key=len, reverse=True):
        text = text.replace(token, " ")
    return english_left(text)


def test_the_refusals_of_files_are_translated(qapp, translations, tmp_path, monkeypatch):
    """The importer's, the workspace's and the zip reader's refusals, made by core/ from bad files,
    are each matched and come out in Chinese with no English left."""
    (tmp_path / "i").mkdir()
    (tmp_path / "w").mkdir()
    imports = _importer_messages(tmp_path / "i", monkeypatch)
    workspaces, keys = _workspace_messages(tmp_path / "w", monkeypatch)
    messages = imports + workspaces
    assert len(imports) >= 56 and len(workspaces) >= 59
    assert all(isinstance(m, Message) for m in messages)
    assert_english_with_display_names(messages)  # English: core's, names aside
    i18n.set_language("zh_CN")
    allowed = [*FILE_WORDS, *keys]
    leftovers = []
    for m in messages:
        words = _english_left_in_refusal(m, tmp_path, allowed)
        if words or not CJK.search(i18n.message_text(m)):
            leftovers.append(f"{m!s} -> {i18n.message_text(m)!r} ({words})")
    assert not leftovers, "English left:\n" + "\n".join(leftovers)
    cell = Message("import.cell", row=57, column=2, name="beta")
    assert i18n.message_text(Message("import.not_number_cell", cell=cell, text="two")) == (
        "第 57 行第 2 列（'beta'）：'two' 不是数字"
    )
    # a key of the workspace's JSON is kept as written there, though "lr" is a word the window translates
    kept = Message("workspace.range", where="config", key="lr", low=1e-5, high=10.0, value=-1.0)
    assert i18n.message_text(kept) == "config.lr：必须在 [1e-05, 10] 之内（当前为 -1）"
    short = Message("import.row_columns", row=3, columns=2, reference=Message("import.the_header"), count=3)
    assert i18n.message_text(short) == "第 3 行有 2 列，但表头（第 1 行）有 3 列（每行的列数必须相同）"


def test_the_import_dialog_and_workspace_refusal_in_chinese(make_window, qtbot, translations, tmp_path):
    i18n.set_language("zh_CN")
    w = make_window()
    table = tmp_path / "t.csv"
    table.write_text("x1,beta,y\n" + "\n".join(f"{i},{i % 3},{i % 2}" for i in range(40)) + "\n1,two,0\n")
    dialog = w.files.import_data()
    dialog.set_path(table)
    dialog.accept()  # refused: the dialog stays open and says why
    assert dialog.message.text() == "无法导入：第 42 行第 2 列（'beta'）：'two' 不是数字"
    i18n.set_language("en")
    english = "Cannot import: row 42, column 2 ('beta'): 'two' is not a number"
    qtbot.waitUntil(lambda: dialog.message.text() == english, timeout=5000)
    i18n.set_language("zh_CN")
    (tmp_path / "w.sgdlab").write_bytes(b"hello")
    assert not w.files.open_workspace_from(tmp_path / "w.sgdlab")
    assert "不是 SGD Lab 工作区（不是 zip 压缩包）" in w.files.message_box.text()


def test_a_diverged_run_and_a_nested_sweep_refusal_are_shown_in_chinese(make_window, qtbot, translations):
    """Through QCoreApplication.translate: the status line after a run that diverged, and the sweep
    dialog refusing a batch size larger than the training set, with their numbers filled in."""
    i18n.set_language("zh_CN")
    w = make_window()
    w.controls.set_config(
        TrainConfig(dataset="linear-1d", samples=1000, model="linear", lr=10.0, epochs=3, batch_size=100)
    )
    with qtbot.waitSignal(w.run_finished, timeout=60_000) as finished:
        w.start()
    result = finished.args[0]
    assert result.status == "diverged"
    args = result.msg.arguments
    quantity = {"term.loss": "损失", "term.gradient_norm": "梯度范数", "term.validation_loss": "验证损失"}
    said = f"在第 {args['step']:,} 步发散（{quantity[args['quantity'].code]}\xa0=\xa0{args['value']}）"
    qtbot.waitUntil(lambda: w.status_label.text() == said, timeout=5000)
    sweep = SweepDialog(TrainConfig(samples=2000), w)
    sweep.field.setCurrentIndex(sweep.field.findData("batch_size"))
    sweep.values.setText("9000")
    sweep.accept()  # refused: the config's own refusal inside the sweep's
    too_big = "batch size B\xa0=\xa09000：batch size B 必须在 1 和训练集大小 2,000 之间（当前为 9,000）"
    assert sweep.error.text() == too_big
