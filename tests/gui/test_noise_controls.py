"""The Settings panel's noise and validation-share controls: ranges from LIMITS, the draft they make,
the exact default share kept, the field's message, and their state on real data."""

from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QLabel

from core.training.config import DEFAULT_VAL_FRACTION, LIMITS, TrainConfig


def test_the_two_controls_edit_the_draft_within_their_limits(make_window):
    w = make_window(TrainConfig(dataset="moons", samples=2000))
    noise = w.findChild(QDoubleSpinBox, "noiseSpin")
    share = w.findChild(QDoubleSpinBox, "valFractionSpin")
    assert (noise.minimum(), noise.maximum()) == LIMITS["noise"]
    assert (share.minimum() / 100, share.maximum() / 100) == LIMITS["val_fraction"]
    assert w.controls.config().val_fraction == DEFAULT_VAL_FRACTION  # 14.3 % shown, 1/7 kept
    assert share.text() == "14.3 %"
    noise.setValue(2.5)
    share.setValue(20.0)
    draft = w.session.draft
    assert (draft.noise, draft.val_fraction) == (2.5, 0.2)
    assert {"noise", "val_fraction"} <= w.session.user_set
    assert w.session.errors() == []
    assert noise.toolTip() and share.toolTip()


def test_real_data_disables_them_and_a_refused_value_shows_its_message(make_window):
    w = make_window(TrainConfig(dataset="moons", samples=2000, noise=2.0, val_fraction=0.3))
    noise = w.findChild(QDoubleSpinBox, "noiseSpin")
    assert noise.isEnabled() and noise.value() == 2.0
    w.controls.dataset.setCurrentIndex(w.controls.dataset.findData("digits"))
    share = w.findChild(QDoubleSpinBox, "valFractionSpin")
    assert not noise.isEnabled() and not share.isEnabled()
    assert (w.session.draft.noise, w.session.draft.val_fraction) == (1.0, DEFAULT_VAL_FRACTION)
    assert w.session.errors() == []
    w.controls.set_config(TrainConfig(dataset="digits", samples=1437, noise=2.0))  # e.g. from a file
    label = w.findChild(QLabel, "noiseError")
    assert label.isVisibleTo(w.controls) and "generated datasets only" in label.text()
