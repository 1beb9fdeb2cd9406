"""The window names datasets, models, optimizers and devices as its controls do, never by their
codes, in English and in Chinese: the status line of a run, the lab's, a run's tooltip and core's
messages (the glossary's Qt-free checks are in tests/test_glossary.py)."""

from __future__ import annotations

import re

from core.messages import Message
from core.training.config import TrainConfig
from gui import i18n

TINY = TrainConfig(dataset="moons", model="mlp", samples=200, epochs=1, batch_size=100, lr=0.1)
CODES = re.compile(r"\b(moons|mnist-like|softmax|linear-1d|cpu|sgd-manual)\b")


def _status_at_start(qtbot, w) -> str:
    """The status line as the run starts (the end's message replaces it)."""
    said = []
    w.signals.run_started.connect(lambda _info: said.append(w.status_label.text()))
    with qtbot.waitSignal(w.run_finished, timeout=60_000):
        assert w.start()
    return said[-1]


def test_the_status_line_names_the_data_model_and_device(make_window, qtbot, translations):
    w = make_window(TINY)
    said = _status_at_start(qtbot, w)
    assert said == "Training MLP on two moons: 200 training samples, batch 100, on CPU"
    tip = w.runs.list.item(0).toolTip()
    assert "MLP on two moons, 200 training samples, 1 epochs, seed 0" in tip, tip
    i18n.set_language("zh_CN")
    said = _status_at_start(qtbot, w)
    assert said == "在 双月形 上训练 MLP：200 个训练样本，batch size 100，设备 CPU"
    assert not CODES.search(said) and not CODES.search(w.runs.list.item(1).toolTip())


def test_core_messages_name_the_dataset_in_chinese(qapp, translations):
    refusal = Message("config.samples_at_most", most=200_000, dataset="mnist-like", got=300_000)
    assert str(refusal) == "must be at most 200,000 for mnist-like (got 300,000)"  # the command line's
    assert i18n.message_text(refusal) == "must be at most 200,000 for MNIST-sized digits (got 300,000)"
    i18n.set_language("zh_CN")
    chinese = i18n.message_text(refusal)
    assert "MNIST 规模的数据" in chinese and not CODES.search(chinese), chinese
    assert i18n.display("device", "cuda:0") == "GPU（CUDA）"
    assert i18n.display("optimizer", "sgd-manual") == "文章的形式"


def test_the_labs_refusal_names_the_field_in_chinese(make_window, translations):
    from PySide6.QtWidgets import QLabel

    w = make_window(TrainConfig(samples=600, epochs=1))
    i18n.set_language("zh_CN")
    for sizes in ("16, 0", "16, 9000"):
        w.lab.batch_sizes.setText(sizes)
        assert not w.lab.start()
        text = w.findChild(QLabel, "labStatus").text()
        assert "batch size B" in text and "batch_size" not in text, text


def test_the_arithmetic_box_sets_no_space_before_a_chinese_bracket(make_window, qtbot, translations):
    w = make_window(TrainConfig(samples=60_000, batch_size=64))
    assert "938</b> iterations per epoch (last batch: 32 samples)" in w.controls.arithmetic.text()
    i18n.set_language("zh_CN")
    qtbot.waitUntil(lambda: "最后一批" in w.controls.arithmetic.text())
    text = w.controls.arithmetic.text()
    assert "（最后一批：32 个样本）" in text and " （" not in text, text
